"""Time ranking one request against 10 000 researchers on SQLite and PostgreSQL; write bench/RESULTS.md.

Run: .venv/bin/python -m bench.research (PostgreSQL as for bench.matching).
"""
import gc
import os
import platform
import random
import sqlite3
import tempfile


from app.accounts.constants import MembershipState, OrganisationKind, Role, Sector
from app.accounts.models import Membership, Organisation, ResearcherProfile, User, UserRole
from app.extensions import db
from app.matching import research
from app.text.index import index_rows, remember_words
from app.text.models import TextDocument, TextTerm
from app.requests.constants import AssignmentRole, RequestLanguage, RequestState, Theme
from app.requests.models import Assignment, Request, RequestTheme
from bench.common import REPEATS, bench_app, bulk_insert, finish_seed, machine, median_ms, postgres_version
from bench.common import postgres_url as postgres_database
from bench import rebuild_schema, write_section

RESEARCHERS = 10_000
COMPLETED = 5_000
SECTION = "## matching: requests and researchers"

FIELDS = [
    "housing segregation tenants neighbourhood renewal planning",
    "public health loneliness older people social isolation",
    "migration integration labour market newcomers language",
    "recycling circular economy waste reuse environment",
    "education youth school results homework",
    "social entrepreneurship business models impact measurement",
    "gender violence social work support",
    "digital inclusion accessibility e-services seniors",
    "urban gardening food systems biodiversity",
    "sport physical activity children health",
]


def seed(app):
    """Build the schema, then bulk-insert researchers with index rows, completed requests and one open request."""
    rng = random.Random(2_000)
    themes = list(Theme)
    rebuild_schema(app)
    with app.app_context():
        coordinator = User(name="Bench Coordinator", email="bench@example.org", password_hash="x", locale="en")
        coordinator.roles = [UserRole(role=Role.coordinator)]
        group = Organisation(name="Bench Group", kind=OrganisationKind.community_group, sector=Sector.civil_society,
                             municipality="1280")
        db.session.add_all([coordinator, group])
        db.session.flush()
        db.session.add(Membership(user_id=coordinator.id, organisation_id=group.id, state=MembershipState.approved))
        first_id = coordinator.id + 1
        users, roles, profiles, documents, terms, words = [], [], [], [], [], {}
        for i in range(RESEARCHERS):
            user_id = first_id + i
            expertise = ", ".join(rng.sample(rng.choice(FIELDS).split(), 3) + rng.sample(rng.choice(FIELDS).split(), 2))
            users.append({"id": user_id, "name": f"Researcher {i}", "email": f"r{i}@bench.example",
                          "password_hash": "x", "locale": "en", "login_token": f"t{i}"})
            roles.append({"user_id": user_id, "role": Role.researcher})
            profiles.append({"user_id": user_id, "department": "Bench", "expertise": expertise, "bio": "",
                             "capacity": rng.randint(1, 4), "available": rng.random() > 0.1})
            document, rows, found = index_rows(research.RESEARCHER, user_id, expertise, "Bench", "en")
            documents.append(document)
            terms.extend(rows)
            words.update(found)
        requests, assignments, request_themes = [], [], []
        for i in range(COMPLETED):
            requests.append({"id": i + 1, "organisation_id": group.id, "title": f"Earlier question {i}",
                             "question": "", "state": RequestState.completed, "rating": rng.randint(2, 5),
                             "language": RequestLanguage.en})
            assignments.append({"request_id": i + 1, "user_id": first_id + rng.randrange(RESEARCHERS),
                                "role": AssignmentRole.lead})
            request_themes.append({"request_id": i + 1, "theme": rng.choice(themes)})
        for model, rows in ((User, users), (UserRole, roles), (ResearcherProfile, profiles),
                            (TextDocument, documents), (TextTerm, terms), (Request, requests),
                            (Assignment, assignments), (RequestTheme, request_themes)):
            bulk_insert(((model, rows),))
        remember_words(db.session.connection(), words)
        finish_seed()  # the id sequences past the ids given by hand
        question = Request(organisation_id=group.id, state=RequestState.open, language=RequestLanguage.en,
                           title="Loneliness among older tenants in Rosengård",
                           question="How can we reach older people who live alone and feel isolated, and what "
                                    "helps them take part in the neighbourhood?")
        question.theme_rows = [RequestTheme(theme=themes[0])]
        db.session.add(question)
        finish_seed()
        return question.id, coordinator.id


def run(url):
    app = bench_app(url)
    request_id, user_id = seed(app)
    gc.collect()
    gc.freeze()  # as wsgi.py does in production: start-up objects leave the collector's way
    with app.app_context():
        question = db.session.get(Request, request_id)
        passing = research.rank_researchers_for_request(question).total

        def rank():
            db.session.expire_all()
            research.rank_researchers_for_request(question)

        rank_ms = median_ms(rank)
        client = app.test_client(user=db.session.get(User, user_id))

        def page():
            assert client.get(f"/matches/requests/{request_id}/researchers").status_code == 200

        page_ms = median_ms(page)
        db.session.remove()
        db.engine.dispose()
    return {"passing": passing, "rank_ms": rank_ms, "page_ms": page_ms}


def main():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite ...", flush=True)
        results.append(("SQLite", run(f"sqlite:///{tmp}/bench-research.sqlite3")))
    pg = postgres_database("samverka_research_bench")
    pg_version = "not run"
    if pg:
        pg_version = postgres_version(pg)
        print("PostgreSQL ...", flush=True)
        results.append(("PostgreSQL", run(pg)))
    cpu, ram = machine()
    lines = [
        f"Rank one request against {RESEARCHERS:,} researchers ({COMPLETED:,} earlier completed requests give "
        f"experience and themes), median of {REPEATS} runs after 3 warm-up runs, with the start-up objects frozen "
        "(`gc.freeze()`, as `wsgi.py` does in production). *Rank* is "
        "`research.rank_researchers_for_request` (profiles and loads in four queries, postings of the request's "
        "terms from the index, scoring everyone who passes the filters, explanations for the 20 rows shown); "
        "*page* is the whole `GET /matches/requests/<id>/researchers`. Target: 100 ms.",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {ram} RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version}.",
        "",
        "| database | researchers passing the filters | rank (ms) | page (ms) |",
        "| --- | --- | --- | --- |",
    ]
    for name, r in results:
        lines.append(f"| {name} | {r['passing']:,} | {r['rank_ms']:.1f} | {r['page_ms']:.1f} |")
    if not pg:
        lines.append("\nPostgreSQL was not reachable: only SQLite was measured.")
    body = "\n".join(lines)
    write_section(SECTION.removeprefix("## "), body)
    print(body)


if __name__ == "__main__":
    main()
