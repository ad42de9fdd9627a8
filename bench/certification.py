"""Benchmark: the certification insights page with 10 000 submitted assessments.

Run:  .venv/bin/python -m bench.certification
Seeds a throwaway SQLite file and (BENCH_DATABASE_URL or TEST_DATABASE_URL, else a database made
with createdb) PostgreSQL with bulk inserts, then times the coordinators' insights page and the
public summary with the Flask test client: the median of 30 requests after 3 warm-up requests.
Writes the section "## certification" of bench/RESULTS.md.
"""
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask_login import FlaskLoginClient

from bench import rebuild_schema

ASSESSMENTS = 10_000
REQUESTS = 30
WARM_UP = 3
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PAGES = [("/certification/insights", True), ("/certification/insights/summary", False)]


def make_app(url):
    from app import create_app
    from config import TestConfig

    config = type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, "MAIL_BACKEND": "log",
                                                  "RATELIMIT_ENABLED": False})
    application = create_app(config)
    application.test_client_class = FlaskLoginClient
    return application


def seed(app):
    """Build the schema with the migrations and bulk-insert 10 000 submitted assessments."""
    from app.accounts.constants import MUNICIPALITIES, MembershipState, OrganisationKind, Role, Sector
    from app.accounts.models import Membership, Organisation, User, UserRole
    from app.certification.definition import iter_questions, load_file
    from app.certification.demo import DEFINITION_FILE, plausible_answers
    from app.certification.models import (
        Assessment, AssessmentState, Band, ResponseItem, SectionScoreRow,
    )
    from app.certification.scoring import score
    from app.certification.services import load_definition, research_items
    from app.db_types import utcnow
    from app.extensions import db

    rebuild_schema(app)
    with app.app_context():
        version, _ = load_definition(load_file(DEFINITION_FILE), publish=True)
        coordinator = User(email="coordinator@example.org", name="Bench Coordinator", locale="en", password_hash="x")
        coordinator.roles = [UserRole(role=Role.coordinator)]
        db.session.add(coordinator)
        db.session.commit()
        definition = version.definition
        research = [q for s, q in iter_questions(definition) if not s["scored"]]
        rng = random.Random(10_000)
        codes = list(MUNICIPALITIES)
        sectors = [Sector.social_economy] * 7 + [Sector.civil_society] * 2 + [Sector.private]
        now = utcnow()
        organisations = [
            {"id": i + 1, "name": f"Bench business {i + 1}", "kind": OrganisationKind.social_business,
             "sector": rng.choice(sectors), "municipality": rng.choice(codes), "description": "Bench", "created_at": now}
            for i in range(ASSESSMENTS)
        ]
        db.session.execute(sa.insert(Organisation), organisations)
        db.session.execute(sa.insert(Membership), [
            {"user_id": coordinator.id, "organisation_id": 1, "state": MembershipState.approved, "is_admin": False,
             "requested_at": now}
        ])
        # A few hundred distinct answer sets, reused, keep seeding quick while varying the aggregates.
        templates = []
        for _ in range(400):
            answers = plausible_answers(definition, rng, rng.uniform(0.4, 0.98))
            result = score(definition, answers)
            items = [(q["key"], o, n) for q in research for o, n in research_items(q, answers.get(q["key"]))]
            templates.append((result, items))
        states = [AssessmentState.submitted, AssessmentState.changes_requested, AssessmentState.approved]
        assessments, sections, items = [], [], []
        for i in range(ASSESSMENTS):
            result, research_rows = templates[i % len(templates)]
            where = {"sector": organisations[i]["sector"], "municipality": organisations[i]["municipality"]}
            assessments.append({
                "id": i + 1, "organisation_id": i + 1, "version_id": version.id, "state": rng.choice(states),
                "created_at": now, "updated_at": now, "submitted_at": now, "total_percent": result.total,
                "band": Band(result.band), "in_insights": True,
                "insight_sector": where["sector"], "insight_municipality": where["municipality"],
            })
            sections += [{"assessment_id": i + 1, "section_key": s.key, "percent": s.percent, **where}
                         for s in result.sections if s.percent is not None]
            items += [{"assessment_id": i + 1, "question_key": q, "option_key": o, "number": n, **where}
                      for q, o, n in research_rows]
        for table, rows in ((Assessment, assessments), (SectionScoreRow, sections), (ResponseItem, items)):
            for start in range(0, len(rows), 5000):
                db.session.execute(sa.insert(table), rows[start:start + 5000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("ANALYZE"))
        else:
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        return coordinator.id, len(sections), len(items)


def time_pages(app, coordinator_id):
    from app.accounts.models import User
    from app.extensions import db

    with app.app_context():
        user = db.session.get(User, coordinator_id)
        db.session.expunge(user)
    timings = {}
    for path, signed_in in PAGES:
        client = app.test_client(user=user) if signed_in else app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        samples = []
        for index in range(WARM_UP + REQUESTS):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code)
            assert b"Respondents so far: 10000." in response.data or b"10\xc2\xa0000" in response.data \
                or b"10,000" in response.data or b"Respondents so far: 10" in response.data
            if index >= WARM_UP:
                samples.append(elapsed)
        timings[path] = (statistics.median(samples), min(samples), max(samples))
    return timings


def postgres_url():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url, None
    name = f"samverka_bench_certification_{os.getpid()}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", name


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    try:
        pg = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "show server_version"],
                            capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pg = "unknown"
    return (f"{os.cpu_count()} CPUs ({cpu}), {int(memory) // 1024 // 1024} GB RAM, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg}")


def write_results(rows, counts):
    lines = [
        "## certification", "",
        f"Insights page with {ASSESSMENTS:,} submitted assessments ({counts[0]:,} section scores, "
        f"{counts[1]:,} research answer items), Flask test client, median of {REQUESTS} requests after "
        f"{WARM_UP} warm-up requests. Target: at most 200 ms median.", "",
        f"Machine: {machine()}.", "",
        "| database | page | median ms | min ms | max ms | target met |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for database, path, (median, low, high) in rows:
        lines.append(f"| {database} | `{path}` | {median:.1f} | {low:.1f} | {high:.1f} | "
                     f"{'yes' if median <= 200 else 'NO'} |")
    lines += ["", "Run: `.venv/bin/python -m bench.certification`", ""]
    section = "\n".join(lines)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n\n"
    start = text.find("## certification")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1:] if end != -1 else "")
    RESULTS.write_text(text, encoding="utf-8")


def main():
    rows = []
    counts = (0, 0)
    with tempfile.TemporaryDirectory() as folder:
        targets = [("SQLite", f"sqlite:///{folder}/bench.sqlite3", None)]
        try:
            url, created = postgres_url()
            targets.append(("PostgreSQL", url, created))
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"PostgreSQL skipped: {error}")
        for database, url, created in targets:
            app = make_app(url)
            started = time.perf_counter()
            coordinator_id, *counts = seed(app)
            print(f"{database}: seeded in {time.perf_counter() - started:.1f} s")
            for path, timing in time_pages(app, coordinator_id).items():
                print(f"{database} {path}: median {timing[0]:.1f} ms")
                rows.append((database, path, timing))
            with app.app_context():
                from app.extensions import db

                db.engine.dispose()
            if created:
                subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", created], check=False)
    write_results(rows, counts)


if __name__ == "__main__":
    main()
