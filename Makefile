# Two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
# The suite runs in parallel, one pytest-xdist worker per CPU core (TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal
export FLASK_APP := wsgi.py

.PHONY: run test lint install migrate demo translations messages bench bench-http clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/flask translate compile

migrate: install
	mkdir -p instance
	$(BIN)/flask db upgrade

demo: migrate
	@if $(BIN)/flask is-empty; then $(BIN)/flask demo-data; else echo "The database already has data: demo data not loaded."; fi

run: demo
	@echo ""
	@echo "Samverka runs on http://127.0.0.1:$(PORT)"
	@echo "Demo sign-ins, all with the password samverka-demo:"
	@echo "  coordinator@example.org  researcher@example.org  facilitator@example.org"
	@echo "  group@example.org  business@example.org  stakeholder@example.org"
	@echo ""
	@echo "The web server and one task worker (mail, reminders, digests) run together; Ctrl-C stops both."
	@echo ""
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask worker --workers 1 & worker=$$!; \
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

test: install lint
	@echo "== Test suite on SQLite =="
	env -u TEST_DATABASE_URL $(PYTEST)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== Test suite on PostgreSQL ($$TEST_DATABASE_URL) =="; \
		$(PYTEST) -m "not browser"; \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL run is skipped (SQLite only)."; \
	fi

messages: $(STAMP)
	$(BIN)/flask translate update

bench: install
	$(BIN)/python -m bench.run

# Requests per second of each key page beside a Flask hello-world, under gunicorn and wrk (bench/http.py).
bench-http: install
	$(BIN)/python -m bench.http

clean:
	rm -rf $(VENV) .pytest_cache
