"""The text index: stemmed term counts per text, kept up to date by the services that write texts.

Ranking reads only the postings of the query's terms and the index's statistics, never the
texts themselves. Any area can index its own kind of text (for example "request" or
"researcher") with `index_text` and rank with `load_texts`/`load_stats`.
"""
import sqlalchemy as sa
from sqlalchemy import delete, insert, select

from app.db_types import utcnow
from app.extensions import db
from app.matching import engine
from app.matching.models import IndexedDocument, IndexedTerm

NEED, OFFERING = "need", "offering"


def index_text(kind: str, object_id: int, title: str, description: str, language: str | None = None):
    """(Re)index one text: replace its stored terms with those of the new title and description."""
    return write_index(db.session.connection(), kind, object_id, title, description, language)


def write_index(connection, kind: str, object_id: int, title: str, description: str, language: str | None = None):
    """Replace one text's document row and terms through a connection (usable inside a flush)."""
    analysis = engine.analyse(title, description, language)
    erase_index(connection, kind, object_id)
    connection.execute(insert(IndexedDocument.__table__).values(
        kind=kind, object_id=object_id, language=analysis.language, length=analysis.length, indexed_at=utcnow()))
    if analysis.terms:
        connection.execute(insert(IndexedTerm.__table__), [
            {"kind": kind, "object_id": object_id, "term": term[:60], "frequency": count,
             "text_length": analysis.length, "word": analysis.words[term][:80]}
            for term, count in analysis.terms.items()
        ])
    return analysis


def remove_text(kind: str, object_id: int):
    """Drop one text from the index."""
    erase_index(db.session.connection(), kind, object_id)


def erase_index(connection, kind: str, object_id: int):
    connection.execute(delete(IndexedTerm.__table__).where(
        IndexedTerm.__table__.c.kind == kind, IndexedTerm.__table__.c.object_id == object_id))
    connection.execute(delete(IndexedDocument.__table__).where(
        IndexedDocument.__table__.c.kind == kind, IndexedDocument.__table__.c.object_id == object_id))


def terms_of(kind: str, object_id: int) -> tuple[dict[str, int], dict[str, str]]:
    """Return one indexed text's term counts and readable words."""
    rows = db.session.execute(
        select(IndexedTerm.term, IndexedTerm.frequency, IndexedTerm.word)
        .where(IndexedTerm.kind == kind, IndexedTerm.object_id == object_id)
    ).all()
    return {r.term: r.frequency for r in rows}, {r.term: r.word for r in rows}


def load_stats(kind: str, terms) -> engine.TextStats:
    """Return the number and mean length of indexed texts of a kind, and the document frequency of `terms`."""
    count, average = db.session.execute(
        select(sa.func.count(), sa.func.avg(IndexedDocument.length)).where(IndexedDocument.kind == kind)
    ).one()
    terms = list(terms)
    frequencies = {}
    if terms:
        frequencies = dict(db.session.execute(
            select(IndexedTerm.term, sa.func.count())
            .where(IndexedTerm.kind == kind, IndexedTerm.term.in_(terms))
            .group_by(IndexedTerm.term)
        ).all())
    return engine.TextStats(count or 0, float(average or 0.0), frequencies)


def plain_rows(statement) -> list[tuple]:
    """Run a SELECT on the session's connection and return the driver's plain tuples.

    Ranking reads tens of thousands of postings; building SQLAlchemy Row objects for them cost
    about three times as much as SQLite's own work, so these few hot queries skip that layer.
    The values come back as the driver gives them (0/1 for booleans on SQLite, parsed JSON on PostgreSQL).
    """
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def load_postings(kind: str, terms, among=None) -> list[tuple]:
    """Return the postings (object id, term, frequency, text length) of `terms` in texts of a kind.

    `among`, object ids (or a SELECT of them), limits the answer to those texts.
    """
    terms = list(terms)
    if not terms:
        return []
    query = (
        select(IndexedTerm.object_id, IndexedTerm.term, IndexedTerm.frequency, IndexedTerm.text_length)
        .where(IndexedTerm.kind == kind, IndexedTerm.term.in_(terms))
    )
    if among is not None:
        query = query.where(IndexedTerm.object_id.in_(among))
    return plain_rows(query)


def load_texts(kind: str, terms, among=None) -> dict[int, tuple[dict[str, int], int]]:
    """Return {object id: (counts of the given terms, text length)} for texts holding any of the terms."""
    texts: dict[int, tuple[dict, int]] = {}
    for object_id, term, frequency, length in load_postings(kind, terms, among):
        entry = texts.get(object_id)
        if entry is None:
            entry = texts[object_id] = ({}, length)
        entry[0][term] = frequency
    return texts
