"""Time the co-lab calendar and a session page with 10 000 sessions and 200 000 registrations.

Run: .venv/bin/python -m bench.colabs
SQLite: a throwaway file. PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) if set, else the
database samverka_colabs_bench on 127.0.0.1, created if missing. Every table in the target database is
dropped and rebuilt by the migrations. The figures go into the "## colabs" section of bench/RESULTS.md.
"""
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa
from flask_login import FlaskLoginClient
from sqlalchemy import insert

from app import create_app
from app.accounts.constants import Role
from app.accounts.models import User, UserRole
from app.colabs.constants import RegistrationState, SessionFormat, SessionState, Theme
from app.colabs.models import ColabRegistration, ColabSession, ColabSessionTheme, colab_session_facilitators
from app.colabs.timezones import utc_to_local
from app.extensions import db
from bench import rebuild_schema
from config import TestConfig

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SESSIONS = 10_000
REGISTRATIONS = 200_000
USERS = 5_000
FACILITATORS = 50
REPEATS = 30
WARM_UP = 5
TARGET_MS = 50
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/samverka_colabs_bench"
TITLES = ["Co-lab: Greener courtyards", "Science café: Loneliness", "Challenge workshop: Jobs for young people",
          "Training: Impact measurement", "Vetenskapskafé: Digital utestängning", "Co-lab: Safe housing"]


def make_app(url):
    config = type("BenchConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": url, "TESTING": False, "MAIL_BACKEND": "log", "RATELIMIT_ENABLED": False,
    })
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    return app




def seed(app):
    """Bulk-insert users, sessions (three years back, two ahead), themes, facilitators, registrations."""
    rng = random.Random(2026)
    now = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    with app.app_context():
        db.session.execute(insert(User), [
            {"id": i, "email": f"bench{i}@example.org", "name": f"Bench Person {i}", "password_hash": "x",
             "locale": "sv", "login_token": f"token{i}", "created_at": now} for i in range(1, USERS + 1)])
        db.session.execute(insert(UserRole), [
            {"user_id": i, "role": Role.facilitator, "granted_at": now} for i in range(1, FACILITATORS + 1)])
        sessions, themes, facilitators = [], [], []
        for i in range(1, SESSIONS + 1):
            starts_at = now + timedelta(days=-3 * 365 + (5 * 365) * i / SESSIONS, hours=rng.choice([0, 3, 6]))
            past = starts_at < now
            state = rng.choice([SessionState.completed] * 9 + [SessionState.cancelled]) if past else \
                rng.choice([SessionState.published] * 8 + [SessionState.draft, SessionState.cancelled])
            sessions.append({
                "id": i, "uid": f"bench-{i}@samverka", "title": f"{rng.choice(TITLES)} {i}",
                "format": rng.choice(list(SessionFormat)), "description": "Bench session.", "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=2), "venue": "Stadsbiblioteket, Malmö", "language": "sv",
                "capacity": 20, "questions": ["Diet?"], "state": state, "sequence": 0, "arrivals": 20,
                "created_at": now, "updated_at": now, "cancellation_note": "", "outcome_notes": "", "decisions": "",
            })
            for theme in rng.sample(list(Theme), 2):
                themes.append({"session_id": i, "theme": theme})
            facilitators.append({"session_id": i, "user_id": 1 + i % FACILITATORS})
        db.session.execute(insert(ColabSession), sessions)
        db.session.execute(insert(ColabSessionTheme), themes)
        db.session.execute(insert(colab_session_facilitators), facilitators)
        per_session = REGISTRATIONS // SESSIONS
        batch = []
        for i in range(1, SESSIONS + 1):
            first_user = (i * 37) % (USERS - per_session - FACILITATORS) + FACILITATORS + 1
            for arrival in range(1, per_session + 1):
                state = RegistrationState.registered if arrival <= 17 else RegistrationState.waitlisted
                batch.append({
                    "session_id": i, "user_id": first_user + arrival - 1, "state": state, "arrival": arrival,
                    "organisation_name": "", "answers": {"Diet?": "Vegetarian"} if arrival % 4 == 0 else None,
                    "created_at": now, "registered_at": now if state == RegistrationState.registered else None,
                    "waitlisted_at": now if state == RegistrationState.waitlisted else None,
                })
            if len(batch) >= 20_000:
                db.session.execute(insert(ColabRegistration), batch)
                batch = []
        if batch:
            db.session.execute(insert(ColabRegistration), batch)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        upcoming = db.session.scalar(
            sa.select(ColabSession.id).where(ColabSession.state == SessionState.published,
                                             ColabSession.starts_at > now + timedelta(days=14))
            .order_by(ColabSession.starts_at).limit(1))
        registrant = db.session.scalar(sa.select(ColabRegistration.user_id).where(
            ColabRegistration.session_id == upcoming, ColabRegistration.arrival == 19))
        facilitator = db.session.scalar(sa.select(colab_session_facilitators.c.user_id).where(
            colab_session_facilitators.c.session_id == upcoming))
        month = utc_to_local(db.session.get(ColabSession, upcoming).starts_at)
    return upcoming, registrant, facilitator, month


def median_ms(client, path):
    for _ in range(WARM_UP):
        assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return statistics.median(timings)


def run(url, label):
    app = make_app(url)
    rebuild_schema(app)
    started = time.perf_counter()
    session_id, registrant, facilitator, month = seed(app)
    seeded = time.perf_counter() - started
    with app.app_context():
        counts = (db.session.scalar(sa.select(sa.func.count()).select_from(ColabSession)),
                  db.session.scalar(sa.select(sa.func.count()).select_from(ColabRegistration)))
        registrant_user = db.session.get(User, registrant)
        facilitator_user = db.session.get(User, facilitator)
        db.session.expunge_all()
    anonymous = app.test_client()
    signed_in = app.test_client(user=registrant_user)
    facilitating = app.test_client(user=facilitator_user)
    rows = [
        ("Calendar, upcoming list (50 per page), visitor", median_ms(anonymous, "/colabs/")),
        ("Calendar filtered by theme, visitor", median_ms(anonymous, "/colabs/?theme=housing")),
        ("Month view, visitor", median_ms(anonymous, f"/colabs/month?year={month.year}&month={month.month}")),
        ("Session page, visitor", median_ms(anonymous, f"/colabs/{session_id}")),
        ("Session page, signed-in person on the waitlist", median_ms(signed_in, f"/colabs/{session_id}")),
        ("Participant list (20 people), facilitator", median_ms(facilitating, f"/colabs/{session_id}/participants")),
    ]
    with app.app_context():
        db.engine.dispose()
    return label, counts, seeded, rows


def postgres_url():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "samverka_colabs_bench"],
                   check=False, capture_output=True)
    return PG_DEFAULT


def machine(pg_version):
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GB RAM, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {pg_version}")


def write_results(results, pg_version):
    lines = ["## colabs", "",
             f"Median server time over {REPEATS} requests (after {WARM_UP} warm-up requests) through the Flask "
             f"test client, with {SESSIONS:,} sessions and {REGISTRATIONS:,} registrations "
             f"(`.venv/bin/python -m bench.colabs`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC). "
             f"Target: at most {TARGET_MS} ms.", "", f"Machine: {machine(pg_version)}.", ""]
    lines += ["| Page | " + " | ".join(label for label, *_ in results) + " |",
              "| --- | " + " | ".join("---:" for _ in results) + " |"]
    for index, (page, _) in enumerate(results[0][3]):
        lines.append(f"| {page} | " + " | ".join(f"{r[3][index][1]:.1f} ms" for r in results) + " |")
    lines.append("")
    for label, counts, seeded, rows in results:
        worst = max(ms for _, ms in rows)
        verdict = "all within the target" if worst <= TARGET_MS else f"target MISSED (worst {worst:.1f} ms)"
        lines.append(f"- {label}: {counts[0]:,} sessions and {counts[1]:,} registrations seeded in {seeded:.0f} s; "
                     f"{verdict}.")
    section = "\n".join(lines) + "\n"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## colabs\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)
    print(section)


def main():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{tmp}/colabs-bench.sqlite3", "SQLite"))
    url = postgres_url()
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        pg_version = "PostgreSQL " + connection.execute(sa.text("SHOW server_version")).scalar()
    engine.dispose()
    results.append(run(url, "PostgreSQL"))
    write_results(results, pg_version)


if __name__ == "__main__":
    main()
