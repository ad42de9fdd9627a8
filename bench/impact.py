"""Benchmark: the alliance's impact snapshot with 500 organisations × 8 commitments × 10 periods.

Run:  .venv/bin/python -m bench.impact
Seeds a throwaway SQLite file and (BENCH_DATABASE_URL or TEST_DATABASE_URL, else a database made with
createdb) PostgreSQL with bulk inserts (40 000 approved reports, a tenth with co-deliverers), then times
computing one period's snapshot (median of 5 runs; target at most 1 s) and the public snapshot page with
the Flask test client (median of 30 requests after 3 warm-up requests; target at most 50 ms).
Writes the section "## impact" of bench/RESULTS.md.
"""
import random
import statistics
import subprocess
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from bench import rebuild_schema, write_section
from bench.certification import machine, make_app, postgres_url

ORGANISATIONS = 500
COMMITMENTS = 8
PERIODS = [f"{year}H{half}" for year in range(2021, 2026) for half in (1, 2)]
CODES = ["VOL-HOURS", "VOL-PEOPLE", "FOOD-MEALS", "WORK-IN-6M", "WORK-PARTICIPANTS", "ENV-CO2-AVOIDED",
         "WELL-LONELINESS", "ECON-REVENUE-TRADE"]
REQUESTS, WARM_UP, RUNS = 30, 3, 5


def seed(app):
    from app.accounts.constants import OrganisationKind, Sector
    from app.accounts.models import Organisation, User
    from app.extensions import db
    from app.impact import services
    from app.impact.catalogue import DEFAULT_FILE, load_file
    from app.impact.constants import EvidenceLevel, Frequency, ReportState
    from app.impact.models import Commitment, Report, report_co_deliverers

    rebuild_schema(app)
    rng = random.Random(5)
    now = datetime(2026, 2, 1, tzinfo=timezone.utc)
    with app.test_request_context():
        services.load_catalogue(load_file(DEFAULT_FILE))
        versions = services.indicators_by_code(CODES)
        coordinator = User(name="Bench Coordinator", email="bench@example.org", password_hash="x", locale="en")
        db.session.add(coordinator)
        db.session.execute(sa.insert(Organisation), [
            {"name": f"Organisation {i}", "kind": OrganisationKind.social_business, "sector": Sector.social_economy,
             "municipality": "1280", "description": "", "member_since": date(2020, 1, 1)}
            for i in range(ORGANISATIONS)])
        org_ids = list(db.session.scalars(sa.select(Organisation.id).order_by(Organisation.id)))
        db.session.execute(sa.insert(Commitment), [
            {"organisation_id": o, "indicator_version_id": versions[code].id, "frequency": Frequency.half_yearly,
             "baseline_value": 10, "baseline_on": date(2020, 12, 31), "baseline_source": "bench",
             "first_period": PERIODS[0], "created_at": now, "custom_name": "", "custom_unit": ""}
            for o in org_ids for code in CODES])
        commitments = db.session.execute(sa.select(Commitment.id, Commitment.organisation_id,
                                                   Commitment.indicator_version_id)).all()
        ratio_versions = {versions[c].id for c in ("WORK-IN-6M", "WELL-LONELINESS")}
        levels = list(EvidenceLevel)
        rows = []
        for commitment_id, _org, version_id in commitments:
            for period in PERIODS:
                ratio = version_id in ratio_versions
                denominator = rng.randint(5, 60)
                rows.append({"commitment_id": commitment_id, "period": period, "state": ReportState.approved,
                             "value": None if ratio else rng.randint(1, 500),
                             "numerator": rng.randint(0, denominator) if ratio else None,
                             "denominator": denominator if ratio else None, "disaggregated": {},
                             "narrative": "", "evidence_level": rng.choice(levels),
                             "people_covered": rng.randint(1, 80),
                             "deadweight_pct": rng.choice([None, 10, 20]), "attribution_pct": rng.choice([None, 25]),
                             "return_comment": "", "created_at": now, "updated_at": now})
        for start in range(0, len(rows), 5000):
            db.session.execute(sa.insert(Report), rows[start:start + 5000])
        report_ids = list(db.session.scalars(sa.select(Report.id).where(Report.period == PERIODS[-1])))
        partners = [{"report_id": r, "organisation_id": rng.choice(org_ids)} for r in report_ids[::10]]
        db.session.execute(sa.insert(report_co_deliverers), partners)
        db.session.commit()
        return coordinator.id, len(rows)


def measure(app, coordinator_id):
    from app.accounts.models import User
    from app.extensions import db
    from app.impact import services

    with app.test_request_context():
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            figures = services.compute_snapshot(PERIODS[-1])
            times.append((time.perf_counter() - start) * 1000)
        services.publish_snapshot(PERIODS[-1], db.session.get(User, coordinator_id))
        db.session.commit()
        indicators = len(figures["indicators"])
    client = app.test_client()
    path = f"/impact/snapshots/{PERIODS[-1]}"
    for _ in range(WARM_UP):
        assert client.get(path).status_code == 200
    page = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        page.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.median(page), indicators


def main():
    results = []
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        coordinator_id, reports = seed(app)
        results.append(("SQLite", reports, *measure(app, coordinator_id)))
    url, made = postgres_url()
    try:
        app = make_app(url)
        coordinator_id, reports = seed(app)
        results.append(("PostgreSQL", reports, *measure(app, coordinator_id)))
        from app.extensions import db

        with app.app_context():
            db.engine.dispose()
    finally:
        if made:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", made], check=False)
    lines = [f"{ORGANISATIONS} organisations × {COMMITMENTS} commitments × {len(PERIODS)} half-year periods "
             f"(all reports approved; a tenth of the last period's with a co-deliverer). Snapshot: computing one "
             f"period's figures in the service, median of {RUNS} runs (target at most 1 s). Page: the public snapshot "
             f"page with the Flask test client, median of {REQUESTS} requests after {WARM_UP} warm-up requests "
             f"(target at most 50 ms).", "", f"Machine: {machine()}.", "",
             "| database | reports | indicators | snapshot ms | page ms | targets met |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for database, reports, snapshot, page, indicators in results:
        ok = "yes" if snapshot <= 1000 and page <= 50 else "NO"
        lines.append(f"| {database} | {reports:,} | {indicators} | {snapshot:.1f} | {page:.1f} | {ok} |")
        print(lines[-1], flush=True)
    write_section("impact", "\n".join(lines))


if __name__ == "__main__":
    main()
