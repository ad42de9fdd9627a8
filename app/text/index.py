"""The text index: analysed term counts per text, kept current as the session flushes the texts.

Every area that wants its texts found or matched registers a kind (`register`): the model, how
to read its text, and which fields change it. The kind then listens to its model's own inserts,
updates and deletes and (re)indexes or drops the object in the same flush, so no service has to
remember to. Ranking reads only the
postings of the query's terms and the index's statistics, never the texts themselves, with the
same SQL on SQLite and PostgreSQL.
"""
import threading
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import delete, event, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from app import pagecache
from app.db_types import utcnow
from app.extensions import db
from app.text.analysis import analyse
from app.text.models import TextDocument, TextTerm, TextWord
from app.text.ranking import TextStats, self_weight

AREA = pagecache.area_of(TextTerm)  # "text"
TERMS = TextTerm.__table__
DOCUMENTS = TextDocument.__table__
WORDS = TextWord.__table__


@dataclass(frozen=True)
class Kind:
    """One kind of indexed text: its model, the fields that make its text, and how to read it."""

    name: str
    model: type
    fields: tuple  # attributes whose change reindexes the object (all read by `text`)
    text: Callable  # text(obj) -> (title, body)
    key: str = "id"  # the attribute that is the object id in the index
    language: Callable | None = None  # language(obj) -> "sv" / "en" / None (detected)


KINDS: dict[str, Kind] = {}


def register(name, model, fields, text, key="id", language=None):
    """Index a model's texts under a kind name from now on (call once, at import of the area).

    The kind subscribes to its own model's flushes (mapper events): a flush of other models never
    looks at the index.
    """
    if name in KINDS:
        return KINDS[name]
    kind = KINDS[name] = Kind(name, model, tuple(fields), text, key, language)
    event.listen(model, "after_insert", lambda _mapper, connection, obj: _index(connection, kind, obj),
                 propagate=True)
    event.listen(model, "after_update", lambda _mapper, connection, obj: _changed(obj, kind.fields)
                 and _index(connection, kind, obj), propagate=True)
    event.listen(model, "after_delete", lambda _mapper, connection, obj: _erase(connection, kind, obj),
                 propagate=True)
    return kind


def _changed(obj, fields):
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _index(connection, kind, obj):
    index_object(connection, kind, obj)
    _note_change(obj)


def _erase(connection, kind, obj):
    erase_index(connection, kind.name, getattr(obj, kind.key))
    _note_change(obj)


def _note_change(obj):
    """The index's own data version, under which its statistics are kept (app.text.search)."""
    session = sa.orm.object_session(obj)
    if session is not None:
        pagecache.mark_changed(session, AREA)


def index_object(connection, kind: Kind, obj):
    language = kind.language(obj) if kind.language else None
    return write_index(connection, kind.name, getattr(obj, kind.key), *kind.text(obj), language=language)


def index_rows(kind: str, object_id: int, title: str, description: str, language: str | None = None):
    """Return the rows that index one text: its document row, its term rows and its words (for bulk loads)."""
    analysis = analyse(title, description, language)
    weight = self_weight(analysis.terms)
    document = {"kind": kind, "object_id": object_id, "language": analysis.language, "length": analysis.length,
                "weight": weight, "indexed_at": utcnow()}
    terms = [{"kind": kind, "object_id": object_id, "term": term[:60], "frequency": count,
              "text_length": analysis.length, "text_weight": weight, "word": analysis.words[term][:80]}
             for term, count in analysis.terms.items()]
    words = {analysis.words[term][:80]: term[:60] for term in analysis.terms}
    return document, terms, words


def write_index(connection, kind: str, object_id: int, title: str, description: str, language: str | None = None):
    """Replace one text's document row and terms through a connection (usable inside a flush)."""
    document, terms, words = index_rows(kind, object_id, title, description, language)
    erase_index(connection, kind, object_id)  # marks the index changed
    connection.execute(insert(DOCUMENTS).values(**document))
    if terms:
        connection.execute(insert(TERMS), terms)
        remember_words(connection, words)


def remember_words(connection, words: dict[str, str]):
    """Add words never seen before to the list "did you mean" proposes from."""
    if not words:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(WORDS).on_conflict_do_nothing(index_elements=["word"]),
                       [{"word": w, "term": t} for w, t in words.items()])


def erase_index(connection, kind: str, object_id: int):
    pagecache.mark_changed(db.session, AREA)  # the index's statistics are kept under its data version
    connection.execute(delete(TERMS).where(TERMS.c.kind == kind, TERMS.c.object_id == object_id))
    connection.execute(delete(DOCUMENTS).where(DOCUMENTS.c.kind == kind, DOCUMENTS.c.object_id == object_id))


def rebuild(connection, kinds=None):
    """Index every stored text of the registered kinds again (after the analysis changed)."""
    from sqlalchemy.orm import Session, load_only

    session = Session(bind=connection)
    try:
        tables = set(sa.inspect(connection).get_table_names())
        for kind in (kinds or KINDS.values()):
            if kind.model.__table__.name not in tables:  # an area whose table a later migration makes
                continue
            connection.execute(delete(TERMS).where(TERMS.c.kind == kind.name))
            connection.execute(delete(DOCUMENTS).where(DOCUMENTS.c.kind == kind.name))
            # Load only the columns the text is made of: a migration run later may have added others.
            mapper = sa.inspect(kind.model)
            columns = [getattr(kind.model, name) for name in {kind.key, *kind.fields} if name in mapper.column_attrs]
            for obj in session.scalars(select(kind.model).options(load_only(*columns))):
                index_object(connection, kind, obj)
        if sa.inspect(connection).has_table(pagecache.data_versions.name):  # not yet while migrating up to it
            pagecache.bump(connection, {AREA})
    finally:
        session.close()


def terms_of(kind: str, object_id: int) -> tuple[dict[str, int], dict[str, str]]:
    """Return one indexed text's term counts and readable words."""
    rows = db.session.execute(
        select(TextTerm.term, TextTerm.frequency, TextTerm.word)
        .where(TextTerm.kind == kind, TextTerm.object_id == object_id)
    ).all()
    return {r.term: r.frequency for r in rows}, {r.term: r.word for r in rows}


_stats_lock = threading.Lock()
_stats_cache: dict = {}  # kinds -> [the index's data version, documents, mean length, {term: texts holding it}]


def load_stats(kinds, terms) -> TextStats:
    """Return the number and mean length of indexed texts of a kind (or kinds), and the document frequency of `terms`.

    Kept per process under the index's data version (bumped by every commit that writes the index):
    counting a hundred thousand rows, and each term's postings, took much of a match list's time.
    Each term is counted once per version, so the figures are exactly those counted afresh.
    """
    kinds = tuple(sorted([kinds] if isinstance(kinds, str) else kinds))
    # A transaction that wrote the index itself counts afresh (and keeps nothing): it sees texts no other one does.
    stamp = None if pagecache.pending(db.session, AREA) else pagecache.versions({AREA})[0]
    with _stats_lock:
        entry = _stats_cache.get(kinds)
        entry = list(entry) if entry is not None and stamp is not None and entry[0] == stamp else None
    if entry is None:
        count, average = db.session.execute(
            select(sa.func.count(), sa.func.avg(TextDocument.length)).where(TextDocument.kind.in_(kinds))
        ).one()
        entry = [stamp, count or 0, float(average or 0.0), {}]
    known = entry[3]
    missing = sorted(set(terms) - known.keys())
    if missing:
        counted = dict(db.session.execute(
            select(TextTerm.term, sa.func.count())
            .where(TextTerm.kind.in_(kinds), TextTerm.term.in_(missing))
            .group_by(TextTerm.term)
        ).all())
        known = entry[3] = {**known, **{t: counted.get(t, 0) for t in missing}}
    if stamp is not None:
        with _stats_lock:
            _stats_cache[kinds] = entry
    return TextStats(entry[1], entry[2], {t: known[t] for t in terms if known.get(t)})


def plain_rows(statement) -> list[tuple]:
    """Run a SELECT on the session's connection and return the driver's plain tuples.

    Ranking reads tens of thousands of postings; building SQLAlchemy Row objects for them cost
    about three times as much as SQLite's own work, so these few hot queries fetch from the driver's
    cursor. SQLAlchemy still binds the parameters (enums, dates), but the values come back as the
    driver gives them (0/1 for booleans on SQLite, parsed JSON on PostgreSQL).
    """
    result = db.session.connection().execute(statement)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def load_postings(kind: str, terms, among=None, weights=False) -> list[tuple]:
    """Return the postings (object id, term, frequency, text length) of `terms` in texts of a kind.

    `among`, object ids (or a SELECT of them), limits the answer to those texts. With `weights`
    the last value is the text's own weight (for a pair's text fit) instead of its length.
    """
    terms = list(terms)
    if not terms:
        return []
    query = (
        select(TextTerm.object_id, TextTerm.term, TextTerm.frequency,
               TextTerm.text_weight if weights else TextTerm.text_length)
        .where(TextTerm.kind == kind, TextTerm.term.in_(terms))
    )
    if among is not None:
        query = query.where(TextTerm.object_id.in_(among))
    return plain_rows(query)


def load_texts(kind: str, terms, among=None, weights=False) -> dict[int, tuple[dict[str, int], int]]:
    """Return {object id: (counts of the given terms, text length or weight)} for texts holding any of the terms."""
    texts: dict[int, tuple[dict, int]] = {}
    for object_id, term, frequency, length in load_postings(kind, terms, among, weights):
        entry = texts.get(object_id)
        if entry is None:
            entry = texts[object_id] = ({}, length)
        entry[0][term] = frequency
    return texts
