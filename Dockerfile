# Samverka: one image for the web server, the worker and the scheduled jobs.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    SAMVERKA_ENV=production FLASK_APP=wsgi.py
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 samverka
WORKDIR /srv/samverka

COPY pyproject.toml ./
COPY app ./app
COPY config.py wsgi.py ./
COPY migrations ./migrations
RUN pip install -e . && SAMVERKA_ENV=development flask translate compile
RUN mkdir -p instance/uploads && chown -R samverka:samverka instance

USER samverka
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
# Migrate, then serve; TRUSTED_PROXIES=1 behind the proxy in front of the container.
CMD ["sh", "-c", "flask db upgrade && exec gunicorn --workers ${WEB_WORKERS:-3} --bind 0.0.0.0:8000 --access-logfile - wsgi:app"]
