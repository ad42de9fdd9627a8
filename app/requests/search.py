"""Ranked full-text search over title, question and public summary, on SQLite (FTS5) and PostgreSQL.

The search structures live outside SQLAlchemy's metadata (they are built by the migration with
dialect-specific SQL): on SQLite an external-content FTS5 table kept current by triggers, on
PostgreSQL a weighted tsvector column kept current by a trigger, with a GIN index.
`app.requests.alembic_plugin` tells autogenerate to leave them alone.
"""
import re

import sqlalchemy as sa

from app.extensions import db

FTS_TABLE = "requests_fts"
PG_COLUMN = "search_vector"
PG_INDEX = "ix_requests_search_vector"
PG_FUNCTION = "requests_search_vector_update"
PG_TRIGGER = "trg_requests_search_vector"
SQLITE_TRIGGERS = ("trg_requests_fts_insert", "trg_requests_fts_delete", "trg_requests_fts_update")
# Names the migration creates outside the metadata, for the autogenerate filter.
UNMANAGED_TABLES = {FTS_TABLE, f"{FTS_TABLE}_data", f"{FTS_TABLE}_idx", f"{FTS_TABLE}_docsize", f"{FTS_TABLE}_config"}
UNMANAGED_INDEXES = {PG_INDEX}
UNMANAGED_COLUMNS = {("requests", PG_COLUMN)}

STOP_WORDS = {
    "och", "att", "det", "som", "en", "ett", "är", "på", "för", "med", "av", "till", "den", "hur", "vad", "vi",
    "kan", "om", "de", "i", "har", "inte", "eller", "så", "vår", "våra", "man", "sig", "ska", "mer", "vilka",
    "the", "and", "of", "to", "a", "an", "in", "is", "for", "on", "with", "how", "what", "we", "our", "can",
    "do", "does", "are", "be", "by", "it", "that", "this", "as", "at", "or", "from", "which", "who", "why",
}
WORD = re.compile(r"\w+", re.UNICODE)


def terms(text, limit=12):
    """Return the distinct search words of a text, without stop words."""
    seen = []
    for word in WORD.findall((text or "").lower()):
        if len(word) < 2 or word in STOP_WORDS or word.isdigit() and len(word) < 4 or word in seen:
            continue
        seen.append(word)
        if len(seen) >= limit:
            break
    return seen


def restrict(query, text, *, any_word=False):
    """Restrict a select over requests to the matches of a text; return (query, rank expression or None).

    PostgreSQL filters and ranks on the requests table itself (GIN index); SQLite joins the FTS5 table.
    """
    words = terms(text)
    if not words:
        return query, None
    if db.engine.dialect.name == "postgresql":
        tsquery = _tsquery(words, any_word)
        vector = sa.literal_column(f"requests.{PG_COLUMN}")
        return query.where(vector.op("@@")(tsquery)), sa.func.ts_rank_cd(vector, tsquery)
    found = ranked(text, any_word=any_word)
    from app.requests.models import Request

    return query.join(found, found.c.id == Request.id), found.c.rank


def _tsquery(words, any_word):
    joiner = " | " if any_word else " & "
    return sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), joiner.join(f"{word}:*" for word in words))


def ranked(text, *, any_word=False):
    """Return a selectable of (id, rank) for requests matching the text, best first; None if no words.

    With `any_word` a request matching any of the words counts (for "similar questions");
    otherwise every word must match (as a prefix).
    """
    words = terms(text)
    if not words:
        return None
    if db.engine.dialect.name == "postgresql":
        tsquery = _tsquery(words, any_word)
        vector = sa.literal_column(f"requests.{PG_COLUMN}")
        return (
            sa.select(sa.literal_column("requests.id").label("id"),
                      sa.func.ts_rank_cd(vector, tsquery).label("rank"))
            .select_from(sa.table("requests"))
            .where(vector.op("@@")(tsquery))
            .subquery("search")
        )
    joiner = " OR " if any_word else " "
    query = joiner.join('"' + word.replace('"', "") + '"*' for word in words)
    fts = sa.table(FTS_TABLE)
    # bm25 is smaller for better matches; negate so that a larger rank is better on both databases.
    return (
        sa.select(sa.literal_column(f"{FTS_TABLE}.rowid").label("id"),
                  (-sa.func.bm25(sa.literal_column(FTS_TABLE), 10.0, 4.0, 6.0)).label("rank"))
        .select_from(fts)
        .where(sa.literal_column(FTS_TABLE).op("MATCH")(query))
        .subquery("search")
    )


# -- DDL used by the migration ------------------------------------------------------
SQLITE_UP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title, question, public_summary, content='requests', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS trg_requests_fts_insert AFTER INSERT ON requests BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, question, public_summary) "
    "VALUES (new.id, new.title, new.question, new.public_summary); END",
    f"CREATE TRIGGER IF NOT EXISTS trg_requests_fts_delete AFTER DELETE ON requests BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, question, public_summary) "
    "VALUES ('delete', old.id, old.title, old.question, old.public_summary); END",
    f"CREATE TRIGGER IF NOT EXISTS trg_requests_fts_update AFTER UPDATE OF title, question, public_summary ON requests BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, question, public_summary) "
    "VALUES ('delete', old.id, old.title, old.question, old.public_summary); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, question, public_summary) "
    "VALUES (new.id, new.title, new.question, new.public_summary); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS] + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

PG_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(NEW.public_summary, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(NEW.question, '')), 'C')"
)
PG_UP = [
    f"ALTER TABLE requests ADD COLUMN {PG_COLUMN} tsvector",
    f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.{PG_COLUMN} := {PG_VECTOR}; RETURN NEW; END $$",
    f"CREATE TRIGGER {PG_TRIGGER} BEFORE INSERT OR UPDATE OF title, question, public_summary ON requests "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
    f"CREATE INDEX {PG_INDEX} ON requests USING gin ({PG_COLUMN})",
]
PG_DOWN = [
    f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON requests",
    f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()",
    f"DROP INDEX IF EXISTS {PG_INDEX}",
    f"ALTER TABLE requests DROP COLUMN IF EXISTS {PG_COLUMN}",
]


def create_search_structures(execute, dialect_name):
    """Build the search structures (called by the migration)."""
    for statement in PG_UP if dialect_name == "postgresql" else SQLITE_UP:
        execute(statement)


def drop_search_structures(execute, dialect_name):
    for statement in PG_DOWN if dialect_name == "postgresql" else SQLITE_DOWN:
        execute(statement)
