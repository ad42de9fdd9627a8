"""Samverka for `bench.http` under gunicorn: the bench database from BENCH_HTTP_DATABASE_URL, no rate limits."""
import gc
import os

from app import create_app
from config import Config

Bench = type("HttpBenchConfig", (Config,), {
    "SQLALCHEMY_DATABASE_URI": os.environ["BENCH_HTTP_DATABASE_URL"], "SECRET_KEY": "bench-http",
    "RATELIMIT_ENABLED": False, "MAIL_BACKEND": "log", "TASK_QUEUE_IMMEDIATE": True})
app = create_app(Bench)
gc.collect()
gc.freeze()  # as wsgi.py does
