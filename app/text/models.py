"""The text index: one row per indexed text, one per term of it, and the words seen (for "did you mean")."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, utcnow
from app.extensions import db


class TextDocument(db.Model):
    """One indexed text (a request, a session, an offering, a need, a researcher...) and its length in terms."""

    __tablename__ = "text_documents"

    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(sa.String(2))
    length: Mapped[int] = mapped_column(default=0)
    weight: Mapped[float] = mapped_column(sa.Float, default=0.0)  # ranking.self_weight of its terms
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Covering index: a search counts a kind's texts and their mean length without reading the table.
    __table_args__ = (sa.Index("ix_text_documents_kind_length", "kind", "length"),)


class TextTerm(db.Model):
    """One analysed term of an indexed text: how often it occurs (title words count double), and a word for it."""

    __tablename__ = "text_terms"

    kind: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    term: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    frequency: Mapped[int] = mapped_column(default=1)
    # The text's length in terms, repeated on each posting so that ranking reads postings alone.
    text_length: Mapped[int] = mapped_column(default=0)
    text_weight: Mapped[float] = mapped_column(sa.Float, default=0.0)
    word: Mapped[str] = mapped_column(sa.String(80))

    # Covering index: ranking reads (object, frequency, length) for a few terms without touching the table.
    # On PostgreSQL with text_pattern_ops, so that a word typed in part (term LIKE 'gard%') uses it too.
    __table_args__ = (sa.Index("ix_text_terms_kind_term", "kind", "term", "object_id", "frequency", "text_length",
                               "text_weight", postgresql_ops={"term": "text_pattern_ops"}),)


class TextWord(db.Model):
    """A word as written in some indexed text, with its term: what "did you mean" may propose."""

    __tablename__ = "text_words"

    word: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(60))
