"""Co-lab sessions, their facilitators, themes, reserved seats, registrations and outcomes."""
import secrets
import uuid
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.colabs.constants import session_language_label
from app.enums import COLAB_THEMES
from app.accounts.constants import Sector
from app.accounts.models import User
from app.requests.models import Request
from app.colabs.constants import (
    ANSWERS_KEPT_DAYS,
    ATTENDANCE_OPENS_HOURS,
    FAR_DATE_DAYS,
    KEPT_SEATS_RELEASE_DAYS,
    ActionAction,
    ActionState,
    RegistrationAction,
    RegistrationState,
    SessionAction,
    SessionFormat,
    SessionState,
    Theme,
)
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.lifecycle import LifecycleEventMixin


def new_session_uid():
    return f"{uuid.uuid4()}@samverka"


def new_feed_token():
    return secrets.token_urlsafe(32)


def _signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


colab_session_facilitators = sa.Table(
    "colab_session_facilitators",
    db.metadata,
    sa.Column("session_id", sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# Science-shop requests routed to a session: its outcomes complete them.
colab_session_requests = sa.Table(
    "colab_session_requests",
    db.metadata,
    sa.Column("session_id", sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("request_id", sa.ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ColabSession(db.Model):
    """A scheduled co-creation session."""

    __tablename__ = "colab_sessions"
    __table_args__ = (
        sa.CheckConstraint("capacity >= 1 AND capacity <= 10000", name="capacity_range"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint("kept_seats_release_days >= 0 AND kept_seats_release_days <= 365",
                           name="kept_seats_release_days_range"),
        sa.Index("ix_colab_sessions_state_starts_at", "state", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(80), unique=True, default=new_session_uid)
    title: Mapped[str] = mapped_column(sa.String(200))
    format: Mapped[SessionFormat] = mapped_column(enum_type(SessionFormat, "colab_session_format"))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str | None] = mapped_column(sa.String(300))
    language: Mapped[str] = mapped_column(sa.String(5), default="sv")
    capacity: Mapped[int]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Seats kept for a sector go to everyone this many days before the start; stamped when done.
    kept_seats_release_days: Mapped[int] = mapped_column(default=KEPT_SEATS_RELEASE_DAYS,
                                                         server_default=str(KEPT_SEATS_RELEASE_DAYS))
    kept_seats_released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    questions: Mapped[list] = mapped_column(sa.JSON, default=list)
    state: Mapped[SessionState] = mapped_column(enum_type(SessionState, "colab_session_state"),
                                                default=SessionState.draft)
    sequence: Mapped[int] = mapped_column(default=0)
    # Raised under a row lock by every sign-up: it serialises sign-ups and numbers them in arrival order.
    arrivals: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancellation_note: Mapped[str] = mapped_column(sa.Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    outcome_notes: Mapped[str] = mapped_column(sa.Text, default="")
    decisions: Mapped[str] = mapped_column(sa.Text, default="")

    facilitators: Mapped[list[User]] = relationship(secondary=colab_session_facilitators, order_by=User.name)
    linked_requests: Mapped[list[Request]] = relationship(
        secondary=colab_session_requests, order_by=Request.id, backref="colab_sessions")
    theme_links: Mapped[list["ColabSessionTheme"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="ColabSessionTheme.theme")
    reserved_seats: Mapped[list["ColabReservedSeats"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="ColabReservedSeats.sector")
    registrations: Mapped[list["ColabRegistration"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True)
    actions: Mapped[list["ColabAction"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="(ColabAction.position, ColabAction.id)")
    outcome_revisions: Mapped[list["ColabOutcomeRevision"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ColabOutcomeRevision.id")
    events: Mapped[list["ColabSessionEvent"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True, order_by="ColabSessionEvent.id")

    def __repr__(self):
        return f"<ColabSession {self.id} {self.title!r} {self.state.value}>"

    # -- labels -----------------------------------------------------------
    @property
    def themes(self) -> list[Theme]:
        return [link.theme for link in self.theme_links]

    @property
    def theme_labels(self):
        return [t.label for t in self.themes]


    @property
    def language_label(self):
        return session_language_label(self.language)

    @property
    def reserved_total(self):
        return sum(r.seats for r in self.reserved_seats)

    @property
    def general_seats(self):
        """Return the seats that anyone may take (capacity less the reserved seats)."""
        return max(self.capacity - self.reserved_total, 0)

    def reserved_for(self, sector):
        return next((r.seats for r in self.reserved_seats if r.sector == sector), 0)

    @property
    def kept_seats_release_at(self):
        """Return when the kept seats go to everyone."""
        return self.starts_at - timedelta(days=self.kept_seats_release_days or 0)

    def kept_seats_are_released(self, now=None):
        return (now or utcnow()) >= self.kept_seats_release_at

    @property
    def open_actions(self):
        return [a for a in self.actions if a.state == ActionState.open]

    @property
    def answers_purged_on(self):
        """Return the day the registrants' answers are deleted (the purge runs each night after it)."""
        return (self.ends_at + timedelta(days=ANSWERS_KEPT_DAYS)).date()

    # -- time -------------------------------------------------------------
    def has_started(self, now=None):
        return (now or utcnow()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or utcnow()) >= self.ends_at

    @property
    def attendance_opens_at(self):
        return self.starts_at - timedelta(hours=ATTENDANCE_OPENS_HOURS)

    def attendance_is_open(self, now=None):
        """Attendance is ticked from a day before the start, at a session that is on (or has been held)."""
        return (self.state in (SessionState.published, SessionState.completed)
                and (now or utcnow()) >= self.attendance_opens_at)

    def is_far_off(self, now=None):
        """Return whether the session is more than about six months away (either way): pages show its year."""
        return abs(self.starts_at - (now or utcnow())) > timedelta(days=FAR_DATE_DAYS)

    def registration_is_open(self, now=None):
        """Return whether sign-ups are taken now: published, inside the window, before the start."""
        now = now or utcnow()
        if self.state != SessionState.published or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        if self.registration_closes_at and now >= self.registration_closes_at:
            return False
        return True

    # -- permissions ------------------------------------------------------
    def is_facilitator(self, user):
        return _signed_in(user) and any(f.id == user.id for f in self.facilitators)

    def can_view(self, user):
        """Everyone sees sessions once published; drafts only their facilitators and coordinators."""
        if self.state != SessionState.draft:
            return True
        return self.can_edit(user)

    def can_edit(self, user):
        """A session's own facilitators and every coordinator change it."""
        return _signed_in(user) and (user.is_coordinator or self.is_facilitator(user))

    def can_manage_participants(self, user):
        return self.can_edit(user)

    def can_edit_outcomes(self, user):
        """Outcomes and actions of a completed session stay editable by its facilitators and coordinators."""
        return self.can_edit(user) and self.state == SessionState.completed

    def can_add_walk_in(self, user):
        """Walk-ins are added at the door: from a day before the start until the session has ended."""
        return (self.can_manage_participants(user) and self.state == SessionState.published
                and self.attendance_is_open() and not self.has_ended())

    def can_see_answers(self, user):
        """Only the session's own facilitators read what registrants answered."""
        return self.is_facilitator(user)

    def can_see_online_link(self, user, registration=None):
        """The meeting link is for people with a seat and the session's managers."""
        if self.can_edit(user):
            return True
        return bool(registration is not None and registration.state == RegistrationState.registered
                    and _signed_in(user) and registration.user_id == user.id)

    def can_register(self, user):
        return _signed_in(user) and self.registration_is_open()

    def can_change_details(self, user):
        return self.can_edit(user) and self.state in (SessionState.draft, SessionState.published)

    def can_transition(self, action, user):
        """Return whether the person may take this step of the session's lifecycle now."""
        from app.colabs.lifecycle import SESSION_LIFECYCLE

        return SessionAction(action) in SESSION_LIFECYCLE.allowed_actions(self, user)


class ColabSessionTheme(db.Model):
    """One theme a session is about."""

    __tablename__ = "colab_session_themes"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    theme: Mapped[Theme] = mapped_column(enum_type(Theme, "colab_theme", COLAB_THEMES), primary_key=True, index=True)

    session: Mapped[ColabSession] = relationship(back_populates="theme_links")


class ColabReservedSeats(db.Model):
    """Seats of a session kept for people of one sector."""

    __tablename__ = "colab_reserved_seats"
    __table_args__ = (sa.CheckConstraint("seats >= 1", name="seats_positive"),)

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    sector: Mapped[Sector] = mapped_column(enum_type(Sector, "colab_reserved_sector"), primary_key=True)
    seats: Mapped[int]

    session: Mapped[ColabSession] = relationship(back_populates="reserved_seats")


class ColabRegistration(db.Model):
    """One person's place (or place in the queue) at a session."""

    __tablename__ = "colab_registrations"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "user_id", name="uq_colab_registrations_session_id_user_id"),
        sa.Index("ix_colab_registrations_session_state_arrival", "session_id", "state", "arrival"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"))
    # Empty for a walk-in without an account: then the name (and an email, if given) are kept here.
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    walk_in_name: Mapped[str | None] = mapped_column(sa.String(200))
    walk_in_email: Mapped[str | None] = mapped_column(sa.String(254))
    state: Mapped[RegistrationState] = mapped_column(enum_type(RegistrationState, "colab_registration_state"))
    arrival: Mapped[int]
    # The sector the person registered as (for the sector mix) and the reserved seat they hold, if any.
    sector: Mapped[Sector | None] = mapped_column(enum_type(Sector, "colab_registrant_sector"))
    seat_sector: Mapped[Sector | None] = mapped_column(enum_type(Sector, "colab_seat_sector"))
    organisation_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # "No answers" is SQL NULL, never JSON null, so that the purge finds only what it deletes.
    answers: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    answers_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended: Mapped[bool | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ColabSession] = relationship(back_populates="registrations")
    user: Mapped[User | None] = relationship()


    @property
    def is_walk_in(self):
        return self.user_id is None

    @property
    def display_name(self):
        return self.user.display_name if self.user is not None else (self.walk_in_name or "")

    @property
    def email(self):
        return self.user.email if self.user is not None else (self.walk_in_email or "")


    @property
    def is_active(self):
        return self.state in (RegistrationState.registered, RegistrationState.waitlisted)

    def can_view(self, user):
        """A person sees their own registration; the session's managers see everyone's."""
        return _signed_in(user) and (user.id == self.user_id or self.session.can_manage_participants(user))

    def is_registrant(self, user):
        """The person whose registration this is takes its own steps."""
        return _signed_in(user) and self.user_id is not None and user.id == self.user_id

    def can_be_managed_by(self, user):
        """The session's facilitators and coordinators move registrations by hand."""
        return self.session.can_manage_participants(user)

    def can_cancel(self, user):
        """The person cancels their own place until the session starts."""
        return (_signed_in(user) and user.id == self.user_id and self.is_active
                and self.session.state == SessionState.published and not self.session.has_started())


class ColabSessionEvent(LifecycleEventMixin, db.Model):
    """One entry of a session's history."""

    __tablename__ = "colab_session_events"
    __action_enum__ = SessionAction
    __state_enum__ = SessionState

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"), index=True)

    session: Mapped[ColabSession] = relationship(back_populates="events")

    @property
    def label(self):
        return self.action.label


class ColabRegistrationEvent(LifecycleEventMixin, db.Model):
    """One entry of a registration's history."""

    __tablename__ = "colab_registration_events"
    __action_enum__ = RegistrationAction
    __state_enum__ = RegistrationState

    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_registrations.id", ondelete="CASCADE"),
                                                 index=True)

    registration: Mapped[ColabRegistration] = relationship()

    @property
    def label(self):
        return self.action.label


class ColabAction(db.Model):
    """A follow-up action agreed at a session: what, whose, by when, and whether it is done."""

    __tablename__ = "colab_actions"
    __table_args__ = (sa.Index("ix_colab_actions_state_due_on", "state", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    what: Mapped[str] = mapped_column(sa.Text)
    # The owner is a person with an account (reminded on the due date); `who` keeps a name written by hand.
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    who: Mapped[str] = mapped_column(sa.String(200), default="")
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    state: Mapped[ActionState] = mapped_column(enum_type(ActionState, "colab_action_state"),
                                               default=ActionState.open, server_default=ActionState.open.value)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ColabSession] = relationship(back_populates="actions")
    owner: Mapped[User | None] = relationship()
    events: Mapped[list["ColabActionEvent"]] = relationship(
        back_populates="colab_action", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ColabActionEvent.id")


    @property
    def owner_label(self):
        return self.owner.display_name if self.owner is not None else (self.who or "")

    def is_overdue(self, today):
        return self.state == ActionState.open and self.due_on is not None and self.due_on < today

    def can_update(self, user):
        """The session's managers, and the action's owner, mark it done or open again."""
        return (self.session.can_edit_outcomes(user)
                or (_signed_in(user) and self.owner_id is not None and user.id == self.owner_id))

    def can_edit(self, user):
        return self.session.can_edit_outcomes(user)


class ColabActionEvent(LifecycleEventMixin, db.Model):
    """One entry of a follow-up action's history."""

    __tablename__ = "colab_action_events"
    __action_enum__ = ActionAction
    __state_enum__ = ActionState

    action_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_actions.id", ondelete="CASCADE"), index=True)

    colab_action: Mapped[ColabAction] = relationship(back_populates="events")

    @property
    def label(self):
        return self.action.label


class ColabOutcomeRevision(db.Model):
    """One earlier version of a session's notes and decisions, kept when they are edited."""

    __tablename__ = "colab_outcome_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"), index=True)
    outcome_notes: Mapped[str] = mapped_column(sa.Text, default="")
    decisions: Mapped[str] = mapped_column(sa.Text, default="")
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    session: Mapped[ColabSession] = relationship(back_populates="outcome_revisions")
    replaced_by: Mapped[User | None] = relationship(foreign_keys=[replaced_by_id])


class ColabFeedToken(db.Model):
    """The secret in a person's private calendar feed address; replacing it revokes the old one."""

    __tablename__ = "colab_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_feed_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
