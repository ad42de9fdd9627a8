"""What every bench shares: the app on a bench database, timing, the machine, PostgreSQL, bulk inserts."""
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path

import sqlalchemy as sa
from flask_login import FlaskLoginClient
from sqlalchemy import insert

from app import create_app
from app.extensions import db
from config import TestConfig

REPEATS = 30
WARM_UP = 3


def bench_app(url, **settings):
    """Return the app on a bench database (test settings: mail and tasks in process, no rate limits)."""
    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, "TESTING": False,
                                                 "RATELIMIT_ENABLED": False, **settings})
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    return app


def median_ms(function, repeats=REPEATS, warm_up=WARM_UP):
    """Return the median wall time of `function` in milliseconds, after `warm_up` calls."""
    for _ in range(warm_up):
        function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bulk_insert(rows_by_model, chunk=5000):
    """Insert [(model, rows)] in chunks of `chunk` rows through the session."""
    for model, rows in rows_by_model:
        for start in range(0, len(rows), chunk):
            db.session.execute(insert(model), rows[start:start + chunk])


def finish_seed():
    """Commit, and on PostgreSQL move each id sequence past the ids inserted by hand and ANALYZE."""
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in db.metadata.sorted_tables:
            if "id" in table.c and table.c.id.autoincrement is True and isinstance(table.c.id.type, sa.Integer):
                db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def postgres_url(name):
    """Return BENCH_DATABASE_URL (or TEST_DATABASE_URL), else database `name` on 127.0.0.1, created if missing;
    None when PostgreSQL is not reachable."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
                             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True)
    if exists.returncode != 0:
        return None
    if exists.stdout.strip() != "1":
        if subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name]).returncode != 0:
            return None
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def postgres_version(url):
    engine_ = sa.create_engine(url)
    with engine_.connect() as connection:
        version = connection.execute(sa.text("SHOW server_version")).scalar()
    engine_.dispose()
    return version


def machine():
    """Return (CPU model, RAM) of this machine."""
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, AttributeError):
        ram = "unknown"
    return cpu, ram


def load_average():
    """Return the one-minute load average (the machine is shared: every figure is stated beside it)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine_line(pg_version="not run"):
    cpu, ram = machine()
    return (f"Machine: {os.cpu_count()} CPUs ({cpu}), {ram} RAM, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version}.")
