"""Time ranking one need against 10 000 offerings on SQLite and PostgreSQL; write bench/RESULTS.md.

Run: .venv/bin/python -m bench.matching
PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) if set, else the database
samverka_matching_bench on 127.0.0.1, created if missing. Every table in the target database is
dropped and rebuilt by the migrations.
"""
import gc
import os
import platform
import random
import sqlite3
import tempfile
from datetime import date

import sqlalchemy as sa
from sqlalchemy import insert

from app.accounts.constants import MUNICIPALITIES, MembershipState, OrganisationKind, Role, Sector
from app.accounts.models import Membership, Organisation, User, UserRole
from app.extensions import db
from app.matching import services
from app.matching.constants import BudgetBand, Capacity, Category, MatchState, Timeframe, ValueBand
from app.matching.services import OFFERING
from app.matching.models import Match, Need, Offering, OfferingArea
from app.text.index import index_rows, remember_words
from app.text.models import TextDocument, TextTerm
from bench import rebuild_schema, write_section
from bench.common import REPEATS, bench_app, machine, median_ms, postgres_version
from bench.common import postgres_url as postgres_database

OFFERINGS = 10_000
BUSINESSES = 2_000
PG_NAME = "samverka_matching_bench"

SV_WORDS = {
    Category.cleaning: "städning kontor trapphus tvättstugor fönsterputs lokalvård storstädning flyttstädning "
                       "hygienstädning entréer bostadsområden svanenmärkta kontorsstädning vecka kvällar".split(),
    Category.catering: "lunch fika catering konferens vegetarisk ekologisk buffé matlådor frukost bakverk "
                       "personalmöten leverans kök husmanskost".split(),
    Category.recycling: "återvinning återbruk kontorsmöbler textilier elektronik cyklar byggmaterial renovering "
                        "insamling sortering skrivbord stolar".split(),
}
EN_WORDS = {
    Category.cleaning: "cleaning offices stairwells laundry windows facades deep hygiene clinics daily "
                       "evening weekly housing".split(),
    Category.catering: "lunch coffee catering conference vegetarian organic buffet breakfast cakes staff "
                       "delivery kitchen".split(),
    Category.recycling: "recycling reuse office furniture textiles electronics bicycles materials refurbish "
                        "collection sorting desks chairs".split(),
}
FILLER_SV = "vi erbjuder med arbetsträning för personer långt från arbetsmarknaden i hela regionen".split()
FILLER_EN = "we offer with work training for people far from the labour market across the region".split()


def text_for(rng, category):
    words = SV_WORDS.get(category, SV_WORDS[Category.cleaning])
    filler = FILLER_SV
    if rng.random() < 0.3:
        words, filler = EN_WORDS.get(category, EN_WORDS[Category.cleaning]), FILLER_EN
    title = " ".join(rng.sample(words, 2)).capitalize()
    body = " ".join(rng.sample(words, 6) + rng.sample(filler, 6))
    return title, body.capitalize() + "."


def seed(app, worst_case):
    """Build the schema, then bulk-insert businesses, 10 000 offerings with their index rows, and one need."""
    rng = random.Random(10_000)
    codes = list(MUNICIPALITIES)
    categories = list(Category)
    rebuild_schema(app)
    with app.app_context():
        coordinator = User(name="Bench Coordinator", email="bench@example.org", password_hash="x", locale="en")
        coordinator.roles = [UserRole(role=Role.coordinator)]
        buyer = Organisation(name="Bench Buyer", kind=OrganisationKind.established, sector=Sector.public,
                             municipality="1280")
        db.session.add_all([coordinator, buyer])
        db.session.flush()
        db.session.add(Membership(user_id=coordinator.id, organisation_id=buyer.id, state=MembershipState.approved))
        db.session.execute(insert(Organisation), [
            {"name": f"Business {i}", "kind": OrganisationKind.social_business, "sector": Sector.social_economy,
             "municipality": rng.choice(codes), "description": ""} for i in range(BUSINESSES)])
        org_ids = db.session.scalars(sa.select(Organisation.id).where(
            Organisation.kind == OrganisationKind.social_business)).all()
        offerings, areas, documents, terms, words = [], [], [], [], {}
        for i in range(1, OFFERINGS + 1):
            category = Category.cleaning if worst_case else rng.choice(categories)
            title, body = text_for(rng, category)
            whole = worst_case or rng.random() < 0.2
            offerings.append({
                "id": i, "organisation_id": rng.choice(org_ids), "title": title, "description": body,
                "category": category, "themes": rng.sample(["environment", "youth", "newcomers",
                                                             "long_term_unemployed", "local_community"], 2),
                "capacity": rng.choice(list(Capacity)) if not worst_case else Capacity.large, "available": True,
                "whole_region": whole, "works_in_swedish": True, "works_in_english": rng.random() < 0.5,
            })
            for code in rng.sample(codes, 3):
                areas.append({"offering_id": i, "municipality": code})
            document, rows, found = index_rows(OFFERING, i, title, body)
            documents.append(document)
            terms.extend(rows)
            words.update(found)
        for table, rows in ((Offering, offerings), (OfferingArea, areas), (TextDocument, documents),
                            (TextTerm, terms)):
            for start in range(0, len(rows), 5000):
                db.session.execute(insert(table), rows[start:start + 5000])
        remember_words(db.session.connection(), words)
        need = services.create_need(
            buyer, coordinator, title="Städning av trapphus och kontor",
            description="Vi behöver städning av trapphus, tvättstugor och kontor i våra bostadsområden varje vecka, "
                        "gärna med arbetsträning för personer långt från arbetsmarknaden.",
            category=Category.cleaning, themes=["local_community", "long_term_unemployed"], municipality="1280",
            language="sv", budget_band=BudgetBand.up_to_250k, timeframe=Timeframe.ongoing, is_procurement=False,
            deadline=None)
        # Some earlier customers, so that past success has something to count.
        winners = rng.sample(range(1, OFFERINGS + 1), 200)
        past_need = services.create_need(buyer, coordinator, title="Tidigare behov", description="Tidigare städning.",
                                          category=Category.cleaning, themes=[], municipality="1280", language="sv",
                                          budget_band=BudgetBand.up_to_250k, timeframe=Timeframe.ongoing,
                                          is_procurement=False, deadline=None)
        db.session.execute(insert(Match), [
            {"need_id": past_need.id, "offering_id": o, "state": MatchState.became_customer,
             "value_band": ValueBand.up_to_250k, "customer_since": date.today()} for o in winners])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        return need.id, coordinator.id, len(terms)


def run(url, worst_case):
    app = bench_app(url)
    need_id, user_id, term_rows = seed(app, worst_case)
    gc.collect()
    gc.freeze()  # as wsgi.py does in production: start-up objects leave the collector's way
    with app.app_context():
        need = db.session.get(Need, need_id)
        passing = services.rank_offerings_for_need(need, per_page=20).total

        def rank():
            db.session.expire_all()
            services.rank_offerings_for_need(need, per_page=20)

        rank_ms = median_ms(rank)
        user = db.session.get(User, user_id)
        client = app.test_client(user=user)

        def page():
            response = client.get(f"/matches/needs/{need_id}/matches")
            assert response.status_code == 200

        page_ms = median_ms(page)
        db.session.remove()
        db.engine.dispose()
    return {"passing": passing, "rank_ms": rank_ms, "page_ms": page_ms, "terms": term_rows}


def main():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{tmp}/bench-matching.sqlite3"
        for worst in (False, True):
            print(f"SQLite, {'worst case' if worst else 'mixed categories'} ...", flush=True)
            results.append(("SQLite", worst, run(sqlite_url, worst)))
    pg = postgres_database(PG_NAME)
    pg_version = "not run"
    if pg:
        pg_version = postgres_version(pg)
        for worst in (False, True):
            print(f"PostgreSQL, {'worst case' if worst else 'mixed categories'} ...", flush=True)
            results.append(("PostgreSQL", worst, run(pg, worst)))
    cpu, ram = machine()
    lines = [
        f"Rank one need against {OFFERINGS:,} offerings ({BUSINESSES:,} businesses), median of {REPEATS} runs "
        "after 3 warm-up runs, with the start-up objects frozen (`gc.freeze()`, as `wsgi.py` does in "
        "production). *Rank* is `services.rank_offerings_for_need` (hard filters in SQL, postings "
        "of the need's terms from the index, scoring every offering that passes, explanations for the 20 rows "
        "shown); *page* is the whole `GET /matches/needs/<id>/matches` through the Flask test client. "
        "*Mixed*: offerings spread over 12 categories and random municipalities (those that pass the filters "
        "are ranked). *Worst case*: all 10 000 offerings in the need's category, serving all of Skåne, so every "
        "one passes the filters and is scored. Target: 100 ms.",
        "",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {ram} RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, PostgreSQL {pg_version}.",
        "",
        "| database | offerings | passing the filters | rank (ms) | page (ms) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, worst, r in results:
        lines.append(f"| {name} | {'worst case' if worst else 'mixed'} | {r['passing']:,} | "
                     f"{r['rank_ms']:.1f} | {r['page_ms']:.1f} |")
    lines.append("")
    lines.append(f"Index rows (text_terms) for the offerings: {results[0][2]['terms']:,}.")
    if not pg:
        lines.append("PostgreSQL was not reachable: only SQLite was measured.")
    body = "\n".join(lines)
    write_section("matching", body)
    print(body)


if __name__ == "__main__":
    main()
