"""Time the challenge's results computation and the chair's page: 10 cycles x 50 challenges x 40 proposals x 3 reviews.

Run: .venv/bin/python -m bench.challenges  (BENCH_SKIP_POSTGRES=1 for SQLite alone)
SQLite: a throwaway file. PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) if set, else the
database samverka_challenges_bench on 127.0.0.1, created if missing; every table in it is dropped and
rebuilt by the migrations. The figures go into the "## challenges" section of bench/RESULTS.md.
"""
import os
import random
import statistics
import subprocess
import tempfile
import time
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from flask_login import FlaskLoginClient
from sqlalchemy import insert

from app import create_app
from app.accounts.constants import MembershipState, OrganisationKind, Role, Sector
from app.accounts.models import Membership, Organisation, User, UserRole
from app.challenges import queries
from app.challenges.constants import ChallengeState, ProcurementRoute, ProposalState, Recommendation, ReviewState, Stage
from app.challenges.models import (
    Challenge,
    ChallengeCycle,
    Criterion,
    JuryAssignment,
    Juror,
    Proposal,
    Review,
    ReviewScore,
    stockholm_today,
)
from app.challenges.scoring import weighted_score
from app.extensions import db
from bench import rebuild_schema, write_section
from config import TestConfig

CYCLES, CHALLENGES, PROPOSALS, REVIEWS = 10, 50, 40, 3
JURORS_PER_CYCLE = 30
CRITERIA = 4
REPEATS, WARM_UP = 15, 3
TARGET_MS = 100
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/samverka_challenges_bench"


def make_app(url):
    config = type("BenchConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": url, "TESTING": False, "MAIL_BACKEND": "log", "RATELIMIT_ENABLED": False})
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    return app


def seed(app):
    """Bulk-insert the cycles (the newest in jury review), challenges, proposals, jurors and submitted reviews."""
    rng = random.Random(2027)
    now = datetime.now(timezone.utc)
    today = stockholm_today()
    with app.app_context():
        users = 1 + CYCLES * JURORS_PER_CYCLE + 1
        db.session.execute(insert(User), [{"id": i, "email": f"bench{i}@example.org", "name": f"Bench {i}",
                                           "password_hash": "x", "locale": "sv", "login_token": f"t{i}",
                                           "created_at": now} for i in range(1, users + 1)])
        db.session.execute(insert(UserRole), [{"user_id": 1, "role": Role.coordinator, "granted_at": now}])
        organisations = 400
        db.session.execute(insert(Organisation), [
            {"id": i, "name": f"Organisation {i}", "kind": OrganisationKind.established if i <= 50 else
             OrganisationKind.social_business, "sector": Sector.public if i <= 50 else Sector.social_economy,
             "municipality": "1280", "description": "", "created_at": now} for i in range(1, organisations + 1)])
        db.session.execute(insert(Membership), [
            {"user_id": users, "organisation_id": 51, "state": MembershipState.approved, "is_admin": True,
             "requested_at": now}])
        cycle_rows, criteria, challenges, proposals, jurors, assignments, reviews, scores = ([] for _ in range(8))
        criterion_id = challenge_id = proposal_id = juror_id = assignment_id = 0
        for c in range(1, CYCLES + 1):
            start = today - timedelta(days=150) if c == CYCLES else date(2015 + c, 1, 10)
            steps = [0, 30, 90, 100, 200, 220, 240, 260] if c == CYCLES else [0, 30, 90, 100, 130, 160, 190, 220]
            columns = ["challenges_open_on", "proposals_open_on", "proposals_close_on", "review_opens_on",
                       "shortlist_on", "final_on", "announcement_on", "follow_up_on"]
            cycle_rows.append({"id": c, "year": 2015 + c, "theme": f"Theme {c}", "rules": "", "prizes": "",
                               "peoples_choice": False, "created_at": now,
                               **{col: start + timedelta(days=d) for col, d in zip(columns, steps)}})
            cycle_criteria = []
            for position in range(CRITERIA):
                criterion_id += 1
                cycle_criteria.append(criterion_id)
                criteria.append({"id": criterion_id, "cycle_id": c, "stage": Stage.review, "position": position,
                                 "name": f"Criterion {position}", "question": "", "description": "", "levels": "",
                                 "weight": 1 + position % 2, "scale_max": 5, "is_gate": False})
            cycle_jurors = []
            for _ in range(JURORS_PER_CYCLE):
                juror_id += 1
                cycle_jurors.append(juror_id)
                jurors.append({"id": juror_id, "cycle_id": c, "user_id": 1 + juror_id, "invited_at": now,
                               "conflicts_declared_at": now})
            for _ in range(CHALLENGES):
                challenge_id += 1
                challenges.append({"id": challenge_id, "cycle_id": c, "organisation_id": 1 + challenge_id % 50,
                                   "title": f"Challenge {challenge_id}", "problem": "A problem.", "affected": "",
                                   "pilot_plan": "", "budget_min": 0, "budget_max": 100000, "pilot_months": 12,
                                   "municipalities": ["1280"], "sdg_targets": [], "success_indicators": "",
                                   "indicator_refs": [], "procurement_route": ProcurementRoute.prize_only,
                                   "procurement_note": "", "language": "sv", "state": ChallengeState.published,
                                   "review_note": "", "created_at": now, "updated_at": now})
                for _ in range(PROPOSALS):
                    proposal_id += 1
                    proposals.append({"id": proposal_id, "challenge_id": challenge_id,
                                      "organisation_id": 51 + proposal_id % 349, "title": f"Proposal {proposal_id}",
                                      "summary": "A summary.", "problem": "", "solution": "", "beneficiaries": "",
                                      "beneficiary_count": 10, "activities": "", "outputs": "", "outcomes": "",
                                      "team": "", "budget": "", "budget_total": 1000, "ask": "",
                                      "criterion_answers": {}, "state": ProposalState.eligible, "created_at": now,
                                      "updated_at": now})
                    quality = rng.uniform(1, 4.5)
                    for k in rng.sample(cycle_jurors, REVIEWS):
                        assignment_id += 1
                        assignments.append({"id": assignment_id, "juror_id": k, "proposal_id": proposal_id,
                                            "stage": Stage.review, "created_at": now})
                        strict = (k % 5 - 2) * 0.3
                        given = []
                        for position, crit in enumerate(cycle_criteria):
                            score = max(0, min(5, round(quality + strict + rng.uniform(-1, 1))))
                            given.append((score, 1 + position % 2, 5))
                            scores.append({"review_id": assignment_id, "criterion_id": crit, "comment": "",
                                           "score": score})
                        reviews.append({"id": assignment_id, "assignment_id": assignment_id,
                                        "state": ReviewState.submitted, "recommendation": Recommendation.maybe,
                                        "note_to_chair": "", "updated_at": now, "submitted_at": now,
                                        "weighted_score": weighted_score(given, 5)})
        for model, rows in [(ChallengeCycle, cycle_rows), (Criterion, criteria), (Juror, jurors),
                            (Challenge, challenges), (Proposal, proposals), (JuryAssignment, assignments),
                            (Review, reviews), (ReviewScore, scores)]:
            for start in range(0, len(rows), 20_000):
                db.session.execute(insert(model), rows[start:start + 20_000])
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        return len(proposals), len(reviews), len(scores)


def timed(function):
    for _ in range(WARM_UP):
        function()
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(url, label):
    app = make_app(url)
    rebuild_schema(app)
    started = time.perf_counter()
    counts = seed(app)
    seeded = time.perf_counter() - started
    with app.app_context():
        coordinator = db.session.get(User, 1)
        juror_user = db.session.scalar(sa.select(User).join(Juror, Juror.user_id == User.id)
                                       .where(Juror.cycle_id == CYCLES))
        challenge = db.session.scalar(sa.select(Challenge.id).where(Challenge.cycle_id == CYCLES))
        db.session.expunge_all()
    chair, juror = app.test_client(user=coordinator), app.test_client(user=juror_user)

    def results():
        with app.app_context():
            cycle = db.session.get(ChallengeCycle, CYCLES)
            assert len(queries.stage_results(cycle, Stage.review)) == CHALLENGES * PROPOSALS

    def page(client, path):
        def get():
            assert client.get(path).status_code == 200, path
        return get

    rows = [
        (f"Results of one cycle ({CHALLENGES * PROPOSALS:,} proposals, {CHALLENGES * PROPOSALS * REVIEWS:,} reviews)",
         timed(results)),
        (f"Chair's page, one challenge ({PROPOSALS} proposals, z-scores over the whole cycle)",
         timed(page(chair, f"/challenges/cycles/{CYCLES}/chair?challenge={challenge}"))),
        ("A juror's list of assigned proposals", timed(page(juror, f"/challenges/cycles/{CYCLES}/jury"))),
        ("Public cycle page (50 challenges)", timed(page(app.test_client(), f"/challenges/cycles/{CYCLES}"))),
    ]
    with app.app_context():
        db.engine.dispose()
    return label, counts, seeded, rows


def postgres_url():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "samverka_challenges_bench"],
                   check=False, capture_output=True)
    return PG_DEFAULT


def write_results(results):
    lines = [f"Median time over {REPEATS} runs (after {WARM_UP} warm-up runs), with {CYCLES} cycles x {CHALLENGES} "
             f"challenges x {PROPOSALS} proposals x {REVIEWS} reviews ({CRITERIA} criteria each) "
             f"(`.venv/bin/python -m bench.challenges`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, on a "
             f"machine shared with other jobs). Target: at most {TARGET_MS} ms.", ""]
    lines += ["| Measured | " + " | ".join(label for label, *_ in results) + " |",
              "| --- | " + " | ".join("---:" for _ in results) + " |"]
    for index, (name, _) in enumerate(results[0][3]):
        lines.append(f"| {name} | " + " | ".join(f"{r[3][index][1]:.1f} ms" for r in results) + " |")
    lines.append("")
    for label, counts, seeded, rows in results:
        worst = max(ms for _, ms in rows)
        verdict = "all within the target" if worst <= TARGET_MS else f"target MISSED (worst {worst:.1f} ms)"
        lines.append(f"- {label}: {counts[0]:,} proposals, {counts[1]:,} reviews and {counts[2]:,} scores seeded in "
                     f"{seeded:.0f} s; {verdict}.")
    write_section("challenges", "\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{tmp}/challenges-bench.sqlite3", "SQLite"))
    if not os.environ.get("BENCH_SKIP_POSTGRES"):
        results.append(run(postgres_url(), "PostgreSQL"))
    write_results(results)


if __name__ == "__main__":
    main()
