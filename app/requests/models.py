"""Science-shop requests, their timeline, people working on them, messages and notifications."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.enums import REQUEST_THEMES
from app.accounts.models import Organisation, User
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.lifecycle import LifecycleEventMixin
from app.requests.constants import (
    ACTIVE_WORK_STATES,
    RESEARCHER_STATES,
    AssignmentRole,
    DeclineReason,
    EventKind,
    HelpKind,
    Outcome,
    RequestLanguage,
    RequestState,
    ResultUse,
    Theme,
)

# Roles a person can hold towards one request; the transition table names them.
GROUP, COORDINATOR, RESEARCHER, ASSIGNEE, FACILITATOR = "group", "coordinator", "researcher", "assignee", "facilitator"

OUTCOME_OF_STATE = {
    RequestState.completed: Outcome.project,
    RequestState.referred: Outcome.referred,
    RequestState.advised: Outcome.advice,
    RequestState.declined: Outcome.declined,
}


def _signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


class Request(db.Model):
    """A research question a group asks the science shop."""

    __tablename__ = "requests"
    __table_args__ = (
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        # With the id, lists sort and page through these indexes alone (index-only scans on PostgreSQL).
        sa.Index("ix_requests_state_submitted_at", "state", "submitted_at", "id"),
        sa.Index("ix_requests_library", "state", "consent_to_publish", "completed_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[RequestState] = mapped_column(enum_type(RequestState, "request_state"), default=RequestState.draft)

    title: Mapped[str] = mapped_column(sa.String(200), default="")
    question: Mapped[str] = mapped_column(sa.Text, default="")
    background: Mapped[str] = mapped_column(sa.Text, default="")
    intended_use: Mapped[str] = mapped_column(sa.Text, default="")
    beneficiaries: Mapped[str] = mapped_column(sa.Text, default="")
    help_kind: Mapped[HelpKind] = mapped_column(enum_type(HelpKind, "help_kind"), default=HelpKind.research_project)
    timeframe: Mapped[str] = mapped_column(sa.String(200), default="")
    deadline: Mapped[date | None] = mapped_column(sa.Date)
    language: Mapped[RequestLanguage] = mapped_column(enum_type(RequestLanguage, "request_language"),
                                                      default=RequestLanguage.sv)
    consent_to_publish: Mapped[bool] = mapped_column(default=False)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_type(DeclineReason, "decline_reason"))
    decline_text: Mapped[str] = mapped_column(sa.Text, default="")
    referred_to: Mapped[str] = mapped_column(sa.String(300), default="")
    advice: Mapped[str] = mapped_column(sa.Text, default="")

    public_summary: Mapped[str] = mapped_column(sa.Text, default="")
    result_text: Mapped[str] = mapped_column(sa.Text, default="")
    result_link: Mapped[str] = mapped_column(sa.String(500), default="")
    result_file_name: Mapped[str] = mapped_column(sa.String(255), default="")
    result_file_key: Mapped[str] = mapped_column(sa.String(64), default="")
    recommendations: Mapped[str] = mapped_column(sa.Text, default="")

    rating: Mapped[int | None] = mapped_column()
    rating_comment: Mapped[str] = mapped_column(sa.Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    theme_rows: Mapped[list["RequestTheme"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestTheme.theme",
    )
    events: Mapped[list["RequestEvent"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestEvent.id",
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Assignment.id",
    )
    suggestions: Mapped[list["Suggestion"]] = relationship(back_populates="request", cascade="all, delete-orphan")
    messages: Mapped[list["Message"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Message.id",
    )
    follow_up: Mapped["FollowUp | None"] = relationship(back_populates="request", cascade="all, delete-orphan",
                                                        uselist=False)

    def __repr__(self):
        return f"<Request {self.id} {self.state.value}>"

    # -- labels ---------------------------------------------------------
    @property
    def themes(self) -> list[Theme]:
        return [row.theme for row in self.theme_rows]

    @property
    def theme_labels(self):
        return [theme.label for theme in self.themes]


    @property
    def outcome(self) -> Outcome | None:
        return OUTCOME_OF_STATE.get(self.state)


    @property
    def is_published(self):
        return self.state == RequestState.completed and self.consent_to_publish

    @property
    def lead(self):
        return next((a.user for a in self.assignments if a.role == AssignmentRole.lead), None)

    # -- timeline figures -------------------------------------------------
    def days_between(self, start, end):
        """Return whole days between two of the request's moments, or None."""
        if start is None or end is None:
            return None
        return round((end - start).total_seconds() / 86400, 1)

    @property
    def days_to_first_answer(self):
        return self.days_between(self.submitted_at, self.first_answer_at)

    @property
    def days_to_claim(self):
        return self.days_between(self.submitted_at, self.claimed_at)

    @property
    def days_to_completion(self):
        return self.days_between(self.submitted_at, self.completed_at)

    # -- permissions ----------------------------------------------------
    def is_assignee(self, user):
        return _signed_in(user) and any(a.user_id == user.id for a in self.assignments)

    def roles_of(self, user) -> set[str]:
        """Return the roles a person holds towards this request."""
        if not _signed_in(user):
            return set()
        roles = set()
        if user.is_member_of(self.organisation):
            roles.add(GROUP)
        if user.is_coordinator:
            roles.add(COORDINATOR)
        if user.is_researcher:
            roles.add(RESEARCHER)
        if user.is_facilitator:
            roles.add(FACILITATOR)
        if self.is_assignee(user):
            roles.add(ASSIGNEE)
        return roles

    # The permissions the transition table names (app/requests/lifecycle.py).
    def can_act_for_group(self, user):
        return GROUP in self.roles_of(user)

    def can_coordinate(self, user):
        return COORDINATOR in self.roles_of(user)

    def can_research(self, user):
        return RESEARCHER in self.roles_of(user)

    def can_work_on(self, user):
        return ASSIGNEE in self.roles_of(user)

    def can_close_colab(self, user):
        return bool(self.roles_of(user) & {COORDINATOR, FACILITATOR})

    def can_view(self, user):
        """Group members, coordinators and the people working on it see the whole request; others the public parts."""
        roles = self.roles_of(user)
        if roles & {GROUP, COORDINATOR, ASSIGNEE}:
            return True
        if RESEARCHER in roles and self.state in RESEARCHER_STATES:
            return True
        if FACILITATOR in roles and self.state in (RequestState.colab, RequestState.completed):
            return True
        return False

    def is_staff_for(self, user):
        """Return whether the person holds a role that acts on requests beyond their own group's."""
        return bool(self.roles_of(user) & {COORDINATOR, RESEARCHER, FACILITATOR})

    def can_edit(self, user):
        return GROUP in self.roles_of(user) and self.state in (RequestState.draft, RequestState.needs_info)

    def can_read_thread(self, user):
        """Return whether the person reads the thread and the progress: the group, its researchers, coordinators."""
        return bool(self.roles_of(user) & {GROUP, COORDINATOR, ASSIGNEE})

    def can_see_internal_notes(self, user):
        return bool(self.roles_of(user) & {COORDINATOR, ASSIGNEE})

    def can_write_internal_notes(self, user):
        return bool(self.roles_of(user) & {COORDINATOR, ASSIGNEE})

    def can_post_message(self, user):
        if self.state in (RequestState.draft,):
            return False
        return self.can_read_thread(user)

    def can_change_consent(self, user):
        return GROUP in self.roles_of(user) and self.state == RequestState.completed

    def can_hand_over(self, user):
        return ASSIGNEE in self.roles_of(user) and self.state in ACTIVE_WORK_STATES and len(self.assignments) > 1

    def can_manage_researchers(self, user):
        return COORDINATOR in self.roles_of(user) and self.state in ACTIVE_WORK_STATES

    def can_post_progress(self, user):
        return ASSIGNEE in self.roles_of(user) and self.state in ACTIVE_WORK_STATES

    def can_add_researchers(self, user):
        return bool(self.roles_of(user) & {ASSIGNEE, COORDINATOR}) and self.state in ACTIVE_WORK_STATES

    def can_rate(self, user):
        return GROUP in self.roles_of(user) and self.state == RequestState.completed and self.rating is None

    def can_answer_follow_up(self, user):
        return (GROUP in self.roles_of(user) and self.follow_up is not None
                and self.follow_up.answered_at is None)

    def can_see_follow_up(self, user):
        return bool(self.roles_of(user) & {GROUP, COORDINATOR, ASSIGNEE})

    def can_see_rating(self, user):
        return bool(self.roles_of(user) & {GROUP, COORDINATOR})

    def can_download_result(self, user):
        return self.is_published or (self.can_view(user) and self.state == RequestState.completed)


class RequestTheme(db.Model):
    """One theme of one request."""

    __tablename__ = "request_themes"

    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[Theme] = mapped_column(enum_type(Theme, "request_theme", REQUEST_THEMES), primary_key=True, index=True)

    request: Mapped[Request] = relationship(back_populates="theme_rows")


class RequestEvent(LifecycleEventMixin, db.Model):
    """One entry of a request's timeline: who did what, when, with an optional note."""

    __tablename__ = "request_events"
    __action_enum__ = EventKind
    __state_enum__ = RequestState

    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id", ondelete="CASCADE"), index=True)

    request: Mapped[Request] = relationship(back_populates="events")

    @property
    def label(self):
        return self.action.label


class Assignment(db.Model):
    """A researcher (or student) working on a request."""

    __tablename__ = "request_assignments"
    __table_args__ = (sa.UniqueConstraint("request_id", "user_id", name="uq_request_assignments_request_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(enum_type(AssignmentRole, "assignment_role"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    request: Mapped[Request] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Suggestion(db.Model):
    """A researcher a coordinator named when opening a request."""

    __tablename__ = "request_suggestions"
    __table_args__ = (sa.UniqueConstraint("request_id", "user_id", name="uq_request_suggestions_request_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[Request] = relationship(back_populates="suggestions")
    user: Mapped[User] = relationship()


class Message(db.Model):
    """A message in a request's thread; internal notes are for coordinators and assignees only."""

    __tablename__ = "request_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[Request] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class FollowUp(db.Model):
    """The short evaluation a group is asked for some months after completion (PERARES style): sent once."""

    __tablename__ = "request_follow_ups"
    __table_args__ = (
        sa.CheckConstraint("cooperation IS NULL OR (cooperation >= 1 AND cooperation <= 5)",
                           name="cooperation_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("requests.id", ondelete="CASCADE"), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    used_results: Mapped[ResultUse | None] = mapped_column(enum_type(ResultUse, "result_use"))
    used_for: Mapped[str] = mapped_column(sa.Text, default="")
    what_changed: Mapped[str] = mapped_column(sa.Text, default="")
    cooperation: Mapped[int | None] = mapped_column()
    would_return: Mapped[bool | None] = mapped_column()
    new_question: Mapped[str] = mapped_column(sa.Text, default="")

    request: Mapped[Request] = relationship(back_populates="follow_up")

