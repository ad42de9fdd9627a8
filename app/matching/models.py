"""Offerings, needs and tracked matches with their events (their texts are in the shared text index)."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.enums import Language
from app.accounts.constants import municipality_label
from app.accounts.models import Organisation, User
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.lifecycle import LifecycleEventMixin
from app.matching.constants import (
    BUDGET_REQUIRES,
    CAPACITY_RANK,
    MatchAction,
    BudgetBand,
    Capacity,
    Category,
    MatchState,
    NeedState,
    NoFitReason,
    Theme,
    Timeframe,
    ValueBand,
)


def _signed_in(user):
    return bool(user and getattr(user, "is_authenticated", False))


def _coordinator(user):
    return _signed_in(user) and user.is_coordinator


class _Described:
    """Labels shared by offerings and needs."""


    @property
    def theme_labels(self):
        return [Theme(t).label for t in self.themes or []]

    def can_view(self, user):
        """Signed-in people see open needs and available offerings; members and coordinators see all of theirs."""
        if not _signed_in(user):
            return False
        return self.is_listed or self.can_edit(user)

    def can_edit(self, user):
        """Members of the organisation and coordinators edit it."""
        return _coordinator(user) or (_signed_in(user) and user.is_member_of(self.organisation))

    def can_view_matches(self, user):
        """Only the organisation's own members (and coordinators) see its match list."""
        return self.can_edit(user)


class Offering(_Described, db.Model):
    """What a social business sells, where and how much of it."""

    __tablename__ = "offerings"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text)
    category: Mapped[Category] = mapped_column(enum_type(Category, "match_category"), index=True)
    themes: Mapped[list] = mapped_column(sa.JSON, default=list)
    capacity: Mapped[Capacity] = mapped_column(enum_type(Capacity, "offering_capacity"))
    available: Mapped[bool] = mapped_column(default=True)
    whole_region: Mapped[bool] = mapped_column(default=False)
    works_in_swedish: Mapped[bool] = mapped_column(default=True)
    works_in_english: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    areas: Mapped[list["OfferingArea"]] = relationship(
        back_populates="offering", cascade="all, delete-orphan", lazy="selectin", order_by="OfferingArea.municipality"
    )

    __table_args__ = (
        sa.Index("ix_offerings_category_available", "category", "available"),
        sa.CheckConstraint("works_in_swedish OR works_in_english", name="some_language"),
    )

    @property
    def is_listed(self):
        return self.available

    @property
    def municipalities(self):
        return [a.municipality for a in self.areas]


    @property
    def capacity_rank(self):
        return CAPACITY_RANK[self.capacity]

    @property
    def languages(self):
        return [code for code, on in (("sv", self.works_in_swedish), ("en", self.works_in_english)) if on]

    @property
    def language_labels(self):
        return [Language(code).label for code in self.languages]

    @property
    def area_labels(self):
        return [municipality_label(code) for code in self.municipalities]


class OfferingArea(db.Model):
    """One municipality an offering is delivered in."""

    __tablename__ = "offering_areas"

    offering_id: Mapped[int] = mapped_column(sa.ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True)
    municipality: Mapped[str] = mapped_column(sa.String(16), primary_key=True, index=True)

    offering: Mapped[Offering] = relationship(back_populates="areas")


class Need(_Described, db.Model):
    """What an established organisation wants to buy."""

    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text)
    category: Mapped[Category] = mapped_column(enum_type(Category, "match_category"), index=True)
    themes: Mapped[list] = mapped_column(sa.JSON, default=list)
    municipality: Mapped[str] = mapped_column(sa.String(16))
    language: Mapped[str] = mapped_column(sa.String(2), default="sv")
    budget_band: Mapped[BudgetBand] = mapped_column(enum_type(BudgetBand, "budget_band"))
    timeframe: Mapped[Timeframe] = mapped_column(enum_type(Timeframe, "timeframe"))
    is_procurement: Mapped[bool] = mapped_column(default=False)
    deadline: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[NeedState] = mapped_column(enum_type(NeedState, "need_state"), default=NeedState.open, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (sa.CheckConstraint("language IN ('sv', 'en')", name="language"),)

    @property
    def is_open(self):
        """Return whether the need is open and its deadline (if any) has not passed."""
        return self.state == NeedState.open and (self.deadline is None or self.deadline >= date.today())

    @property
    def is_listed(self):
        return self.is_open

    @property
    def municipality_label(self):
        return municipality_label(self.municipality)


    @property
    def required_capacity(self):
        return BUDGET_REQUIRES[self.budget_band]


    @property
    def language_label(self):
        return Language(self.language).label


# -- tracked matches ----------------------------------------------------------------------------------
class Match(db.Model):
    """A suggested pair of a need and an offering, followed until it became a customer or did not fit."""

    __tablename__ = "matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    offering_id: Mapped[int] = mapped_column(sa.ForeignKey("offerings.id", ondelete="CASCADE"), index=True)
    state: Mapped[MatchState] = mapped_column(enum_type(MatchState, "match_state"), default=MatchState.suggested,
                                              index=True)
    score: Mapped[float | None] = mapped_column(sa.Float)
    need_interested: Mapped[bool] = mapped_column(default=False)
    offering_interested: Mapped[bool] = mapped_column(default=False)
    # The person on each side who agreed to share their contact details with the other side.
    need_contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    offering_contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    meeting_on: Mapped[date | None] = mapped_column(sa.Date)
    value_band: Mapped[ValueBand | None] = mapped_column(enum_type(ValueBand, "value_band"))
    customer_since: Mapped[date | None] = mapped_column(sa.Date)
    no_fit_reason: Mapped[NoFitReason | None] = mapped_column(enum_type(NoFitReason, "no_fit_reason"))
    no_fit_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    need: Mapped[Need] = relationship()
    offering: Mapped[Offering] = relationship()
    need_contact: Mapped[User | None] = relationship(foreign_keys=[need_contact_id])
    offering_contact: Mapped[User | None] = relationship(foreign_keys=[offering_contact_id])
    events: Mapped[list["MatchEvent"]] = relationship(
        back_populates="match", cascade="all, delete-orphan", order_by="MatchEvent.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("need_id", "offering_id", name="uq_matches_need_id_offering_id"),
        sa.CheckConstraint(
            "state != 'became_customer' OR (value_band IS NOT NULL AND customer_since IS NOT NULL)",
            name="customer_has_value",
        ),
        sa.CheckConstraint("state != 'no_fit' OR no_fit_reason IS NOT NULL", name="no_fit_has_reason"),
    )


    @property
    def is_closed(self):
        return self.state in (MatchState.became_customer, MatchState.no_fit)

    def sides_of(self, user):
        """Return the sides ("need", "offering") the person belongs to through their organisations."""
        if not _signed_in(user):
            return []
        sides = []
        if user.is_member_of(self.need.organisation):
            sides.append("need")
        if user.is_member_of(self.offering.organisation):
            sides.append("offering")
        return sides

    def can_view(self, user):
        """Coordinators and members of either organisation follow the match."""
        return _coordinator(user) or bool(self.sides_of(user))

    def can_mark_interest(self, user):
        return not self.is_closed and bool(self.sides_of(user))

    def can_introduce(self, user):
        return _coordinator(user) and self.state == MatchState.suggested

    def can_record_meeting(self, user):
        return self.state == MatchState.introduced and self.can_view(user)

    def can_record_customer(self, user):
        """The customer's side or a coordinator says it became a customer, after a meeting."""
        return self.state == MatchState.meeting_held and (_coordinator(user) or "need" in self.sides_of(user))

    def can_record_no_fit(self, user):
        return not self.is_closed and self.can_view(user)

    # The permissions the transition table names (app/matching/lifecycle.py).
    def can_coordinate(self, user):
        return _coordinator(user)

    def can_answer_for_customer(self, user):
        """The customer's side or a coordinator."""
        return _coordinator(user) or "need" in self.sides_of(user)

    def contact_for(self, side):
        """Return the person on a side who agreed to share contact details, if any."""
        return self.need_contact if side == "need" else self.offering_contact

    def visible_contacts(self, user):
        """Return {side: person} whose contact details this person may see.

        Nobody's details show before an introduction, and only those of a person who agreed to share
        them. The person sees the other side's (and their own side's) details; coordinators see both.
        """
        if self.state in (MatchState.suggested,) or not self.can_view(user):
            return {}
        if self.state == MatchState.no_fit and not self.events_include_introduction:
            return {}
        visible = {}
        for side in ("need", "offering"):
            contact = self.contact_for(side)
            if contact is not None and contact.deleted_at is None:
                visible[side] = contact
        return visible

    @property
    def events_include_introduction(self):
        return any(e.to_state == MatchState.introduced for e in self.events)


class MatchEvent(LifecycleEventMixin, db.Model):
    """One step in a match's history: who moved it, from which stage to which, when, and why."""

    __tablename__ = "match_events"
    __action_enum__ = MatchAction
    __state_enum__ = MatchState

    match_id: Mapped[int] = mapped_column(sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True)

    match: Mapped[Match] = relationship(back_populates="events")

    @property
    def label(self):
        return self.action.label
