"""Time site-wide search over 100 000 requests, 10 000 co-lab sessions and 10 000 offerings; write bench/RESULTS.md.

Run: .venv/bin/python -m bench.search
PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) if set, else samverka_search_bench on 127.0.0.1,
created if missing. Every table in the target database is dropped and rebuilt by the migrations.
"""
import gc
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import insert

from app.accounts.constants import MUNICIPALITIES, OrganisationKind, Role, Sector
from app.accounts.models import Organisation, User, UserRole
from app.colabs.constants import SessionFormat, SessionState
from app.colabs.models import ColabSession
from app.db_types import utcnow
from app.extensions import db
from app.matching.constants import Capacity, Category
from app.matching.models import Offering
from app.matching.services import OFFERING
from app.requests.constants import RequestLanguage, RequestState
from app.requests.models import Request
from app.requests.search import REQUEST
from app.colabs.search import SESSION
from app.search.sources import sources_for
from app.text import search as text_search
from app.text.index import index_rows, remember_words
from app.text.models import TextDocument, TextTerm
from bench import rebuild_schema, write_section
from bench.common import REPEATS, bench_app, bulk_insert, finish_seed, machine, median_ms, postgres_version
from bench.common import postgres_url as postgres_database

REQUESTS, SESSIONS, OFFERINGS = 100_000, 10_000, 10_000
SUBJECTS = ("klimatet ungdomarna barnen cyklar föreningsidrotten eftermiddagsfika ensamheten pensionärerna "
            "nyanlända hyresgästerna trapphusen läxhjälpen biblioteket återbruket möblerna matsvinnet skolköken "
            "stadsodlingen grannarna demenssjukdom anhöriga skärmtiden sömnen fritidsgården landsbygden bussarna "
            "vårdcentralen solcellerna utsläppen hemlösheten våldet fotbollen brottsligheten hälsan studenterna "
            "badplatsen kläderna återvinningen ängarna bina översvämningarna skolfrånvaron volontärerna "
            "hemtjänsten kooperativet arbetslösa datorerna internet teatern mobbningen skulderna körsången "
            "integrationen rasismen diskrimineringen ridskolan flickornas arbetsmarknadskonferensen").split()
VERBS = "påverkar minskar stärker hjälper förändrar lockar når stödjer".split()
FILLER = ("hur kan vi i vår förening stadsdel kommun få veta om det finns forskning som visar vad som "
          "fungerar bäst för dem som bor här och varför").split()
ENGLISH = ("climate youth children bicycles loneliness older tenants homework library recycling furniture "
           "food waste gardening neighbours dementia sleep transport housing violence football health "
           "students swimming clothes bees flooding volunteers employment computers theatre bullying").split()
QUERIES = ["klimat", "ungdomar idrott", "ensamhet äldre", "cykel", "fika", "läxhjälp bibliotek", "climate",
           "loneliness", "klimatt", "återvinning möbler", "psykisk hälsa studenter", "matsvinn skolkök"]


def swedish(rng):
    words = rng.sample(SUBJECTS, 3)
    title = f"{words[0].capitalize()} och {words[1]}"
    body = (f"{' '.join(rng.sample(FILLER, 8))} {words[0]} {rng.choice(VERBS)} {words[1]} och {words[2]}. "
            f"{' '.join(rng.sample(FILLER, 6))}.")
    return title, body, "sv"


def english(rng):
    words = rng.sample(ENGLISH, 4)
    return (f"{words[0].capitalize()} and {words[1]}",
            f"How do {words[0]} and {words[1]} affect {words[2]} in our neighbourhood, and what helps {words[3]}?",
            "en")


def text(rng):
    return english(rng) if rng.random() < 0.2 else swedish(rng)


def seed(app):
    """Build the schema, then bulk-insert the requests, sessions and offerings with their index rows."""
    rng = random.Random(15)
    rebuild_schema(app)
    with app.app_context():
        coordinator = User(name="Bench Coordinator", email="bench@example.org", password_hash="x", locale="en")
        coordinator.roles = [UserRole(role=Role.coordinator)]
        group = Organisation(name="Bench Group", kind=OrganisationKind.community_group,
                             sector=Sector.civil_society, municipality="1280")
        db.session.add_all([coordinator, group])
        db.session.flush()
        db.session.execute(insert(Organisation), [
            {"name": f"Business {i}", "kind": OrganisationKind.social_business, "sector": Sector.social_economy,
             "municipality": rng.choice(list(MUNICIPALITIES)), "description": ""} for i in range(1000)])
        businesses = db.session.scalars(sa.select(Organisation.id).where(
            Organisation.kind == OrganisationKind.social_business)).all()
        documents, terms, words = [], [], {}

        def index(kind, object_id, title, body, language):
            document, rows, found = index_rows(kind, object_id, title, body, language)
            documents.append(document)
            terms.extend(rows)
            words.update(found)

        requests, sessions, offerings = [], [], []
        states = [RequestState.completed] * 4 + [RequestState.open, RequestState.submitted, RequestState.accepted,
                                                 RequestState.in_progress, RequestState.claimed, RequestState.draft]
        now = utcnow()
        for i in range(1, REQUESTS + 1):
            title, body, language = text(rng)
            state = rng.choice(states)
            requests.append({"id": i, "organisation_id": group.id, "title": title, "question": body,
                             "state": state, "language": RequestLanguage(language),
                             "consent_to_publish": state == RequestState.completed,
                             "public_summary": "", "submitted_at": now, "completed_at": now})
            index(REQUEST, i, title, body, language)
        for i in range(1, SESSIONS + 1):
            title, body, language = text(rng)
            start = now + timedelta(days=rng.randint(-300, 300))
            sessions.append({"id": i, "uid": f"bench-{i}", "title": title, "description": body,
                             "format": SessionFormat.colab_workshop, "starts_at": start,
                             "ends_at": start + timedelta(hours=2), "capacity": 30, "language": language,
                             "state": SessionState.published, "questions": []})
            index(SESSION, i, title, body, language)
        for i in range(1, OFFERINGS + 1):
            title, body, language = text(rng)
            offerings.append({"id": i, "organisation_id": rng.choice(businesses), "title": title, "description": body,
                              "category": rng.choice(list(Category)), "themes": [], "capacity": Capacity.medium,
                              "available": True, "whole_region": True, "works_in_swedish": True,
                              "works_in_english": language == "en"})
            index(OFFERING, i, title, body, language)
        bulk_insert(((Request, requests), (ColabSession, sessions), (Offering, offerings),
                     (TextDocument, documents), (TextTerm, terms)))
        remember_words(db.session.connection(), words)
        finish_seed()
        return coordinator.id, len(terms)


def run(url):
    app = bench_app(url)
    started = time.perf_counter()
    user_id, term_rows = seed(app)
    seeded = time.perf_counter() - started
    gc.collect()
    gc.freeze()
    per_query = {}
    with app.app_context():
        user = db.session.get(User, user_id)
        sources = {source.name: (source.kind, ids) for source, ids in sources_for(user)}
        client = app.test_client(user=user)
        for query in QUERIES:
            def find(query=query):
                db.session.expire_all()
                return text_search.find(query, sources)

            hits = find().total
            service_ms = median_ms(find)

            def page(query=query):
                response = client.get("/search", query_string={"q": query})
                assert response.status_code == 200

            per_query[query] = (hits, service_ms, median_ms(page))
        db.session.remove()
        db.engine.dispose()
    return {"queries": per_query, "terms": term_rows, "seeded_s": seeded,
            "find_ms": statistics.median(v[1] for v in per_query.values()),
            "page_ms": statistics.median(v[2] for v in per_query.values())}


def main():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite ...", flush=True)
        results.append(("SQLite", run(f"sqlite:///{tmp}/bench-search.sqlite3")))
    pg = postgres_database("samverka_search_bench")
    pg_version = "not run"
    if pg:
        pg_version = postgres_version(pg)
        print("PostgreSQL ...", flush=True)
        results.append(("PostgreSQL", run(pg)))
    cpu, ram = machine()
    lines = [
        f"Site-wide search as a coordinator (every source: published results and all requests, sessions, the "
        f"registry, offerings, needs) over {REQUESTS:,} requests, {SESSIONS:,} co-lab sessions and "
        f"{OFFERINGS:,} offerings, with Swedish and English texts of inflected and compound words. For each of "
        f"{len(QUERIES)} queries (one misspelled, corrected on the way) the median of {REPEATS} runs after 3 "
        "warm-up runs; the table gives the median over the queries. *Find* is `app.text.search.find` (every "
        "source ranked in full); *page* is the whole `GET /search?q=...` through the Flask test client. "
        "Target: 50 ms.",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {ram} RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version}. Shared with other work while measured.",
        "",
        "| database | index rows | find (ms) | page (ms) |",
        "| --- | --- | --- | --- |",
    ]
    for name, r in results:
        lines.append(f"| {name} | {r['terms']:,} | {r['find_ms']:.1f} | {r['page_ms']:.1f} |")
    lines += ["", "| query | " + " | ".join(f"{name} hits, find, page (ms)" for name, _r in results) + " |",
              "| --- |" + " --- |" * len(results)]
    for query in QUERIES:
        cells = [f"{r['queries'][query][0]:,}, {r['queries'][query][1]:.1f}, {r['queries'][query][2]:.1f}"
                 for _name, r in results]
        lines.append(f"| {query} | " + " | ".join(cells) + " |")
    if not pg:
        lines.append("\nPostgreSQL was not reachable: only SQLite was measured.")
    body = "\n".join(lines)
    write_section("search", body)
    print(body)


if __name__ == "__main__":
    main()
