"""Bench the science shop: seed 100 000 requests, 5 000 organisations, 2 000 researchers; time four pages.

Run: .venv/bin/python -m bench.requests
It seeds a throwaway SQLite file and (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else a database it
creates with createdb) PostgreSQL, times each page with the Flask test client (median of 30 requests
after warm-up) and writes the section "## requests" of bench/RESULTS.md. Not a test: no assertions.
"""
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_login import FlaskLoginClient
from werkzeug.security import generate_password_hash

from app import create_app
from app.accounts.constants import MembershipState, OrganisationKind, Role, Sector
from app.accounts.models import Membership, Organisation, ResearcherProfile, User, UserRole
from app.db_types import utcnow
from app.extensions import db
from app.requests.constants import AssignmentRole, HelpKind, RequestLanguage, RequestState, Theme
from app.requests.models import Assignment, Request, RequestTheme
from bench import rebuild_schema
from config import TestConfig

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
N_REQUESTS, N_ORGS, N_RESEARCHERS = 100_000, 5_000, 2_000
RUNS, WARMUP, TARGET_MS = 30, 3, 50

WORDS = ("bostad trygghet grönområde ensamhet äldre unga skola integration arbete hälsa cykel buss "
         "återbruk matsvinn odling klimat energi vatten föreningsliv idrott kultur bibliotek digital "
         "housing safety loneliness youth school employment health cycling recycling food waste "
         "gardening climate energy water volunteering sport culture library inclusion segregation").split()
STATES = [RequestState.submitted] * 12 + [RequestState.accepted] * 4 + [RequestState.open] * 10 + [
    RequestState.completed] * 40 + [RequestState.claimed] * 5 + [RequestState.in_progress] * 8 + [
    RequestState.declined] * 6 + [RequestState.referred] * 4 + [RequestState.advised] * 4 + [
    RequestState.needs_info] * 3 + [RequestState.draft] * 3 + [RequestState.withdrawn]
THEMES = list(Theme)
SYLLABLES = "ka la mi no ru se ti vo be da fe gu hi jo ke lu ma ne po ra si tu va".split()


def vocabulary(rng, size=4000):
    """Return filler words, so that texts have a realistic spread of word frequencies."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def text(rng, n, filler=None):
    """Return n words: about one in eight a topic word, the rest filler words with a Zipf-like spread."""
    if filler is None:
        return " ".join(rng.choice(WORDS) for _ in range(n))
    words = []
    for _ in range(n):
        if rng.random() < 0.125:
            words.append(rng.choice(WORDS))
        else:
            words.append(filler[min(int(rng.paretovariate(1.1)) - 1, len(filler) - 1)])
    return " ".join(words)


def seed(app):
    """Bulk-insert the data set; return the ids the timing needs."""
    rng = random.Random(42)
    filler = vocabulary(rng)
    rng.shuffle(filler)
    now = utcnow()
    with app.app_context():
        password = generate_password_hash("bench-password-not-secret")
        db.session.execute(sa.insert(User), [
            {"id": i, "email": f"user{i}@bench.example.org", "name": f"Bench Person {i}", "password_hash": password,
             "locale": "sv", "login_token": f"token{i}", "created_at": now} for i in range(1, N_RESEARCHERS + 3)])
        coordinator_id, group_user_id = N_RESEARCHERS + 1, N_RESEARCHERS + 2
        db.session.execute(sa.insert(UserRole), [
            {"user_id": i, "role": Role.researcher, "granted_at": now} for i in range(1, N_RESEARCHERS + 1)
        ] + [{"user_id": coordinator_id, "role": Role.coordinator, "granted_at": now}])
        db.session.execute(sa.insert(ResearcherProfile), [
            {"user_id": i, "department": "Bench", "expertise": ", ".join(rng.sample(WORDS, 3)), "bio": "",
             "capacity": 50, "available": True, "updated_at": now} for i in range(1, N_RESEARCHERS + 1)])
        db.session.execute(sa.insert(Organisation), [
            {"id": i, "name": f"Bench förening {i}", "kind": OrganisationKind.community_group,
             "sector": Sector.civil_society, "municipality": "1280", "description": "", "created_at": now}
            for i in range(1, N_ORGS + 1)])
        db.session.execute(sa.insert(Membership), [
            {"user_id": group_user_id, "organisation_id": 1, "state": MembershipState.approved, "is_admin": True,
             "requested_at": now}])
        batch = []
        themes = []
        assignments = []
        for i in range(1, N_REQUESTS + 1):
            state = rng.choice(STATES)
            submitted = now - timedelta(days=rng.randint(1, 900), minutes=rng.randint(0, 1440))
            row = {
                "id": i, "organisation_id": rng.randint(1, N_ORGS), "state": state, "title": text(rng, 6, filler).capitalize(),
                "question": text(rng, 40, filler), "background": "", "intended_use": "", "beneficiaries": "",
                "help_kind": HelpKind.research_project, "timeframe": "", "language": RequestLanguage.sv,
                "consent_to_publish": rng.random() < 0.8, "created_at": submitted, "updated_at": submitted,
                "submitted_at": None if state == RequestState.draft else submitted,
                "decline_text": "", "referred_to": "", "advice": "", "result_text": "", "result_link": "",
                "result_file_name": "", "result_file_key": "", "recommendations": "", "rating_comment": "",
                "public_summary": text(rng, 25, filler) if state == RequestState.completed else "",
                "completed_at": submitted + timedelta(days=rng.randint(20, 200))
                if state == RequestState.completed else None,
            }
            batch.append(row)
            for theme in rng.sample(THEMES, rng.randint(1, 3)):
                themes.append({"request_id": i, "theme": theme})
            if state in (RequestState.claimed, RequestState.in_progress, RequestState.completed):
                assignments.append({"request_id": i, "user_id": rng.randint(1, N_RESEARCHERS),
                                    "role": AssignmentRole.lead, "added_at": submitted})
            if len(batch) == 5000:
                db.session.execute(sa.insert(Request), batch)
                batch = []
        if batch:
            db.session.execute(sa.insert(Request), batch)
        for start in range(0, len(themes), 20000):
            db.session.execute(sa.insert(RequestTheme), themes[start:start + 20000])
        for start in range(0, len(assignments), 20000):
            db.session.execute(sa.insert(Assignment), assignments[start:start + 20000])
        if db.engine.dialect.name != "postgresql":
            db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does in production after a bulk load: statistics and the visibility map.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                for table in ("requests", "request_themes", "request_assignments", "organisations", "users"):
                    connection.execute(sa.text(f"VACUUM ANALYZE {table}"))
        return coordinator_id, 1


def median_ms(client, path):
    for _ in range(WARMUP):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return statistics.median(times)


PAGES = [
    ("Coordinators' queue (waiting, oldest first, 50 rows, counts per state)", "coordinator", "/requests/queue"),
    ("Researchers' list (open requests, 50 rows)", "researcher", "/requests/open"),
    ("Full-text search (researchers' list, q=\"klimat\")", "researcher", "/requests/open?q=klimat"),
    ("Full-text search (library, two words, q=\"återbruk skola\")", "anonymous", "/requests/library?q=%C3%A5terbruk+skola"),
    ("Results library (published, 50 rows)", "anonymous", "/requests/library"),
    ("Results library, page 100", "anonymous", "/requests/library?page=100"),
]


def run(url, label):
    config = type("BenchConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "log", "RATELIMIT_ENABLED": False,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}})
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    import logging

    app.logger.setLevel(logging.WARNING)
    rebuild_schema(app)
    started = time.perf_counter()
    coordinator_id, researcher_id = seed(app)
    seeded = time.perf_counter() - started
    print(f"{label}: seeded in {seeded:.0f} s", flush=True)
    results = []
    with app.app_context():
        coordinator = db.session.get(User, coordinator_id)
        researcher = db.session.get(User, researcher_id)
        clients = {"coordinator": app.test_client(user=coordinator), "researcher": app.test_client(user=researcher),
                   "anonymous": app.test_client()}
    for name, role, path in PAGES:
        ms = median_ms(clients[role], path)
        print(f"  {name}: {ms:.1f} ms", flush=True)
        results.append((name, path, ms))
    with app.app_context():
        db.engine.dispose()
    return seeded, results


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, AttributeError):
        pass
    return cpu, ram


def postgres_url():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    name = "samverka_bench_requests"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def write_section(lines):
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    section = "\n".join(lines).rstrip() + "\n"
    pattern = re.compile(r"^## requests\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text)


def main():
    sqlite_path = ROOT / "bench" / "requests-bench.sqlite3"
    if sqlite_path.exists():
        sqlite_path.unlink()
    runs = [("SQLite", f"sqlite:///{sqlite_path}")]
    if "--sqlite-only" not in sys.argv:
        runs.append(("PostgreSQL", postgres_url()))
    outcomes = []
    versions = {"SQLite": sqlite3.sqlite_version}
    for label, url in runs:
        seeded, results = run(url, label)
        outcomes.append((label, seeded, results))
        if label == "PostgreSQL":
            engine = sa.create_engine(url)
            with engine.connect() as connection:
                versions["PostgreSQL"] = connection.execute(sa.text("SHOW server_version")).scalar()
            engine.dispose()
    cpu, ram = machine()
    lines = [
        "## requests",
        "",
        f"Science shop, `python -m bench.requests`, run {utcnow():%Y-%m-%d %H:%M} UTC. Data: {N_REQUESTS:,} requests "
        f"(about 40 % completed, 10 % open), {N_ORGS:,} organisations, {N_RESEARCHERS:,} researchers, 1-3 themes each; "
        "texts of 6 to 40 words, one in eight from 60 topic words (so a topic word such as \"klimat\" occurs in "
        "roughly a tenth of all requests) and the rest from 4,000 filler words with a Zipf-like spread. "
        f"Median server time of {RUNS} requests through the Flask test client after {WARMUP} warm-up requests "
        f"(rendering included, network excluded). Target: at most {TARGET_MS} ms each.",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {ram} RAM, Python {platform.python_version()}, "
        f"SQLite {versions.get('SQLite')}, PostgreSQL {versions.get('PostgreSQL', 'not run')}. "
        "The machine is shared with other work, so figures vary by a few milliseconds.",
        "",
        "| page | " + " | ".join(label for label, _, _ in outcomes) + " |",
        "| --- | " + " | ".join("---" for _ in outcomes) + " |",
    ]
    for index, (name, path, _) in enumerate(outcomes[0][2]):
        cells = []
        for _label, _seeded, results in outcomes:
            ms = results[index][2]
            cells.append(f"{ms:.1f} ms" + ("" if ms <= TARGET_MS else " (misses target)"))
        lines.append(f"| {name} `{path}` | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Seeding took " + ", ".join(f"{label} {seeded:.0f} s" for label, seeded, _ in outcomes) + ".")
    missed = [(label, name, ms) for label, _, results in outcomes for name, _, ms in results if ms > TARGET_MS]
    lines.append("")
    if missed:
        lines.append("Pages that miss the target: " + "; ".join(f"{name} on {label} ({ms:.0f} ms)"
                                                               for label, name, ms in missed) + ".")
    else:
        lines.append("Every page meets the 50 ms target on both databases.")
    write_section(lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
