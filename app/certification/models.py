"""Questionnaire versions, assessments, answers, evidence, review comments and certificates."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.accounts.constants import OrganisationKind, Sector
from app.accounts.models import Organisation, User
from app.certification import scoring
from app.certification.definition import questions_by_key, section_by_key, text
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.lifecycle import LifecycleEventMixin
from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l


class PublishedVersionError(RuntimeError):
    """A published questionnaire version was changed or deleted; publish a new version instead."""


class VersionState(enum.Enum):
    draft = "draft"
    published = "published"


class AssessmentState(LabelledEnum):
    draft = "draft", _l("Being filled in")
    submitted = "submitted", _l("Submitted for review")
    changes_requested = "changes_requested", _l("Changes requested")
    exception_proposed = "exception_proposed", _l("Exception awaiting a second coordinator")
    approved = "approved", _l("Approved")


class AssessmentAction(enum.Enum):
    start = "start"
    submit = "submit"
    request_changes = "request_changes"
    approve = "approve"
    propose_exception = "propose_exception"
    confirm_exception = "confirm_exception"
    decline_exception = "decline_exception"


class CertificateState(enum.Enum):
    valid = "valid"
    suspended = "suspended"
    revoked = "revoked"
    superseded = "superseded"


class CertificateAction(LabelledEnum):
    issue = "issue", _l("Issued")
    suspend = "suspend", _l("Suspended")
    reinstate = "reinstate", _l("Reinstated")
    revoke = "revoke", _l("Revoked")
    supersede = "supersede", _l("Replaced by a renewal")
    expire = "expire", _l("Expired; the business was told")


class Band(LabelledEnum):
    ready = "ready", _l("Ready")
    nearly_ready = "nearly_ready", _l("Nearly ready")
    not_yet = "not_yet", _l("Not yet")


class Questionnaire(db.Model):
    """A questionnaire, identified by its slug; its content lives in versions."""

    __tablename__ = "certification_questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["QuestionnaireVersion"]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireVersion.number",
    )


class QuestionnaireVersion(db.Model):
    """One version of a questionnaire; once published it never changes."""

    __tablename__ = "certification_versions"
    __table_args__ = (
        sa.UniqueConstraint("questionnaire_id", "number", name="uq_certification_versions_questionnaire_id_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("certification_questionnaires.id"), index=True)
    number: Mapped[int]
    state: Mapped[VersionState] = mapped_column(enum_type(VersionState, "certification_version_state"))
    definition: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="versions")

    @property
    def is_published(self):
        return self.state == VersionState.published

    def title(self, language="en"):
        return text(self.definition["title"], language)

    @property
    def sections(self):
        return self.definition["sections"]

    def section(self, key):
        return section_by_key(self.definition, key)

    def questions(self):
        return questions_by_key(self.definition)


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_published_versions(session, flush_context, instances):
    """Raise when a published version (as stored) is modified or deleted."""
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, QuestionnaireVersion):
            continue
        state_history = sa.inspect(obj).attrs.state.history
        was_published = VersionState.published in (state_history.deleted or ()) or (
            not state_history.has_changes() and obj.state == VersionState.published
        )
        if not was_published:
            continue
        if obj in session.deleted or session.is_modified(obj, include_collections=False):
            raise PublishedVersionError(
                f"questionnaire version {obj.number} is published and cannot change; load a new version"
            )


class Assessment(db.Model):
    """One social business's self-assessment against one questionnaire version."""

    __tablename__ = "certification_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("certification_versions.id"), index=True)
    state: Mapped[AssessmentState] = mapped_column(
        enum_type(AssessmentState, "certification_assessment_state"), index=True, default=AssessmentState.draft,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # An exception to the standard: proposed by one coordinator with a written reason, confirmed by another.
    exception_reason: Mapped[str | None] = mapped_column(sa.Text)
    exception_proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    exception_confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # A snapshot of the result at the last submission, for lists and insights.
    total_percent: Mapped[float | None] = mapped_column(sa.Float)
    band: Mapped[Band | None] = mapped_column(enum_type(Band, "certification_band"))
    # The organisation's latest submitted assessment is the one the insights count, grouped by the
    # sector and municipality the organisation had when it submitted (kept beside the facts below).
    in_insights: Mapped[bool] = mapped_column(default=False, index=True)
    insight_sector: Mapped[Sector | None] = mapped_column(enum_type(Sector, "insight_sector"))
    insight_municipality: Mapped[str | None] = mapped_column(sa.String(16))

    organisation: Mapped[Organisation] = relationship()
    version: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list["Answer"]] = relationship(back_populates="assessment", cascade="all, delete-orphan")
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Evidence.id",
    )
    comments: Mapped[list["ReviewComment"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="ReviewComment.id",
    )
    events: Mapped[list["AssessmentEvent"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="AssessmentEvent.id",
    )
    section_scores: Mapped[list["SectionScoreRow"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan",
    )
    response_items: Mapped[list["ResponseItem"]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan",
    )
    certificate: Mapped["Certificate | None"] = relationship(back_populates="assessment", uselist=False)

    def __repr__(self):
        return f"<Assessment {self.id} {self.state.value}>"


    @property
    def answer_values(self):
        """Return {question key: value} of the saved answers."""
        return {a.question_key: a.value for a in self.answers}

    def result(self):
        """Score the saved answers against this assessment's own version."""
        return scoring.score(self.version.definition, self.answer_values)

    def evidence_for(self, question_key):
        return [e for e in self.evidence if e.question_key == question_key]

    def open_comments(self):
        """Return the reviewer's comments of the latest review round."""
        return [c for c in self.comments if c.round == self.review_round]

    @property
    def review_round(self):
        return sum(1 for e in self.events if e.to_state == AssessmentState.changes_requested)

    # -- permissions --------------------------------------------------
    def _is_member(self, user):
        return bool(user and user.is_authenticated and self.organisation.kind == OrganisationKind.social_business
                    and user.is_member_of(self.organisation))

    def can_view(self, user):
        """Members of the business and coordinators see the assessment and its evidence."""
        return bool(user and user.is_authenticated and (user.is_coordinator or self._is_member(user)))

    def can_edit(self, user):
        """Members fill in a draft, or one sent back with changes requested."""
        return self._is_member(user) and self.state in EDITABLE_STATES

    def can_submit(self, user):
        return self.can_edit(user)

    # The permissions the transition table names (app/certification/lifecycle.py).
    def can_act_for_business(self, user):
        return self._is_member(user)

    def can_coordinate(self, user):
        return bool(user and user.is_authenticated and user.is_coordinator)

    def can_review(self, user):
        """Coordinators review submitted assessments."""
        return bool(user and user.is_authenticated and user.is_coordinator
                    and self.state == AssessmentState.submitted)

    def can_confirm_exception(self, user):
        """A coordinator other than the one who proposed the exception confirms or declines it."""
        return self.can_coordinate(user) and user.id != self.exception_proposed_by_id

    def meets_standard(self):
        """Return whether the answers reach the certification band (every must-pass and section minimum met)."""
        return self.result().band == scoring.READY

    def can_reply(self, user):
        """Members of the business and coordinators write in a comment's thread."""
        return self.can_view(user)


EDITABLE_STATES = (AssessmentState.draft, AssessmentState.changes_requested)


class Answer(db.Model):
    """The answer to one question of an assessment."""

    __tablename__ = "certification_answers"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "question_key", name="uq_certification_answers_assessment_id_question_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), index=True,
    )
    question_key: Mapped[str] = mapped_column(sa.String(80))
    value: Mapped[object] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class Evidence(db.Model):
    """An uploaded file (PDF or image) that supports one answer."""

    __tablename__ = "certification_evidence"
    __table_args__ = (sa.CheckConstraint("size_bytes > 0 AND size_bytes <= 10485760", name="size_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), index=True,
    )
    question_key: Mapped[str] = mapped_column(sa.String(80))
    filename: Mapped[str] = mapped_column(sa.String(200))
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(40))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship(back_populates="evidence")

    def can_view(self, user):
        return self.assessment.can_view(user)

    def can_delete(self, user):
        return self.assessment.can_edit(user)


class ReviewComment(db.Model):
    """A reviewer's comment, on one answer or on the whole assessment."""

    __tablename__ = "certification_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), index=True,
    )
    question_key: Mapped[str | None] = mapped_column(sa.String(80))
    round: Mapped[int] = mapped_column(default=0)
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    assessment: Mapped[Assessment] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    replies: Mapped[list["CommentReply"]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentReply.id")

    @property
    def is_resolved(self):
        return self.resolved_at is not None

    def can_resolve(self, user):
        """Coordinators mark a comment resolved, or open it again."""
        return self.assessment.can_coordinate(user)


class CommentReply(db.Model):
    """One message in the thread under a reviewer's comment, by the business or a coordinator."""

    __tablename__ = "certification_comment_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("certification_comments.id", ondelete="CASCADE"),
                                            index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[ReviewComment] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()


class AssessmentEvent(LifecycleEventMixin, db.Model):
    """One step of an assessment: who, when, from, to, note."""

    __tablename__ = "certification_events"
    __action_enum__ = AssessmentAction
    __state_enum__ = AssessmentState

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), index=True,
    )

    assessment: Mapped[Assessment] = relationship(back_populates="events")


class SectionScoreRow(db.Model):
    """A section's percentage at submission, kept for the insights.

    Only the organisation's counted (latest) submission has these rows; they carry the sector and
    municipality so that the insights aggregate one table without joins.
    """

    __tablename__ = "certification_section_scores"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "section_key", name="uq_certification_section_scores_assessment_id_section_key"),
        # Covers the insights' GROUP BY, so it reads the index in order instead of sorting the table.
        sa.Index("ix_certification_section_scores_grouping", "sector", "municipality", "section_key", "percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), index=True,
    )
    section_key: Mapped[str] = mapped_column(sa.String(80))
    percent: Mapped[float] = mapped_column(sa.Float)
    sector: Mapped[Sector] = mapped_column(enum_type(Sector, "score_sector"))
    municipality: Mapped[str] = mapped_column(sa.String(16))

    assessment: Mapped[Assessment] = relationship(back_populates="section_scores")


class ResponseItem(db.Model):
    """One research answer in aggregate-friendly form: a ranked or ticked option, or a scale value."""

    __tablename__ = "certification_response_items"
    __table_args__ = (
        sa.Index("ix_certification_response_items_grouping", "sector", "municipality", "question_key",
                 "option_key", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), index=True,
    )
    question_key: Mapped[str] = mapped_column(sa.String(80))
    option_key: Mapped[str | None] = mapped_column(sa.String(80))
    number: Mapped[int | None]  # the rank (1 = most important) or the scale value
    sector: Mapped[Sector] = mapped_column(enum_type(Sector, "item_sector"))
    municipality: Mapped[str] = mapped_column(sa.String(16))

    assessment: Mapped[Assessment] = relationship(back_populates="response_items")


class Certificate(db.Model):
    """The certificate issued when a coordinator approves an assessment."""

    __tablename__ = "certification_certificates"
    __table_args__ = (
        sa.CheckConstraint("expires_on > issued_on", name="expires_after_issue"),
        # One valid certificate per organisation at a time: a renewal supersedes the old one.
        sa.Index("uq_certification_certificates_one_valid", "organisation_id", unique=True,
                 sqlite_where=sa.text("state = 'valid'"), postgresql_where=sa.text("state = 'valid'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_assessments.id", ondelete="CASCADE"), unique=True,
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    issued_on: Mapped[date]
    expires_on: Mapped[date] = mapped_column(index=True)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[CertificateState] = mapped_column(enum_type(CertificateState, "certificate_state"),
                                                    default=CertificateState.valid, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    revocation_reason: Mapped[str | None] = mapped_column(sa.Text)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(sa.Text)
    superseded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("certification_certificates.id", ondelete="SET NULL"))
    expiry_notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assessment: Mapped[Assessment] = relationship(back_populates="certificate")
    superseded_by: Mapped["Certificate | None"] = relationship(remote_side=[id])
    organisation: Mapped[Organisation] = relationship()
    events: Mapped[list["CertificateEvent"]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CertificateEvent.id")

    def status(self, today=None):
        """Return valid, suspended, expired or revoked."""
        today = today or date.today()
        if self.state != CertificateState.valid:
            return self.state.value
        if self.expires_on < today:
            return "expired"
        return "valid"

    @property
    def status_label(self):
        return {"valid": _l("Valid"), "expired": _l("Expired"), "revoked": _l("Revoked"),
                "suspended": _l("Suspended"), "superseded": _l("Replaced by a renewal")}[self.status()]

    @property
    def state_label(self):
        return self.status_label

    @property
    def is_valid(self):
        return self.status() == "valid"

    def can_coordinate(self, user):
        """Coordinators suspend, reinstate and revoke certificates."""
        return bool(user and user.is_authenticated and user.is_coordinator)

    def can_revoke(self, user):
        return self.can_coordinate(user) and self.state in (CertificateState.valid, CertificateState.suspended)

    def can_suspend(self, user):
        return self.can_coordinate(user) and self.state == CertificateState.valid

    def can_reinstate(self, user):
        return self.can_coordinate(user) and self.state == CertificateState.suspended


class CertificateEvent(LifecycleEventMixin, db.Model):
    """One step of a certificate: issued, suspended, reinstated, revoked."""

    __tablename__ = "certification_certificate_events"
    __action_enum__ = CertificateAction
    __state_enum__ = CertificateState

    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_certificates.id", ondelete="CASCADE"), index=True)

    certificate: Mapped[Certificate] = relationship(back_populates="events")

    @property
    def label(self):
        return self.action.label


class OrganisationCheck(db.Model):
    """A coordinator's check that an organisation is real (for example its number against the register).

    Only checked organisations count in the insights, so that made-up businesses cannot fill a small group.
    """

    __tablename__ = "certification_organisation_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    verified_by: Mapped[User | None] = relationship()


class InsightSnapshot(db.Model):
    """The public insights as published on a day a coordinator chose; the public page shows only these.

    `figures` holds the published groups (suppressed ones without numbers, withheld figures as null);
    `members` holds, per group, which submissions it counted, and under "_cells" how many organisations
    each shown figure described, so that the next snapshot can refuse to differ from this one by fewer
    than 5 organisations, in a group or in a figure. `members` is never shown.
    """

    __tablename__ = "certification_insight_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    figures: Mapped[dict] = mapped_column(sa.JSON)
    members: Mapped[dict] = mapped_column(sa.JSON)

    published_by: Mapped[User | None] = relationship()


class ConcernState(LabelledEnum):
    received = "received", _l("Received")
    acknowledged = "acknowledged", _l("Acknowledged")
    investigating = "investigating", _l("Being investigated")
    dismissed = "dismissed", _l("Dismissed")
    upheld = "upheld", _l("Upheld: the certificate was suspended")  # the certificate was suspended


class ConcernAction(LabelledEnum):
    report = "report", _l("Reported")
    acknowledge = "acknowledge", _l("Acknowledged")
    investigate = "investigate", _l("Investigation begun")
    dismiss = "dismiss", _l("Dismissed")
    suspend = "suspend", _l("Certificate suspended")


class Concern(db.Model):
    """A concern about a certified business, reported by anyone from the registry (no account needed)."""

    __tablename__ = "certification_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("certification_certificates.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    contact: Mapped[str | None] = mapped_column(sa.String(200))  # optional; only to tell the reporter the outcome
    language: Mapped[str] = mapped_column(sa.String(5), default="sv")  # of the page the reporter wrote on
    state: Mapped[ConcernState] = mapped_column(enum_type(ConcernState, "certification_concern_state"),
                                                default=ConcernState.received, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    reporter_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    certificate: Mapped[Certificate] = relationship()
    events: Mapped[list["ConcernEvent"]] = relationship(
        back_populates="concern", cascade="all, delete-orphan", passive_deletes=True, order_by="ConcernEvent.id")


    @property
    def contact_email(self):
        """Return the contact when it is an email address (the outcome is mailed there), else None."""
        contact = (self.contact or "").strip()
        return contact if "@" in contact and " " not in contact else None

    def can_triage(self, user):
        """Coordinators triage concerns."""
        return bool(user and user.is_authenticated and user.is_coordinator)


class ConcernEvent(LifecycleEventMixin, db.Model):
    """One step of a concern: reported, acknowledged, investigated, dismissed, certificate suspended."""

    __tablename__ = "certification_concern_events"
    __action_enum__ = ConcernAction
    __state_enum__ = ConcernState

    concern_id: Mapped[int] = mapped_column(sa.ForeignKey("certification_concerns.id", ondelete="CASCADE"),
                                            index=True)

    concern: Mapped[Concern] = relationship(back_populates="events")

    @property
    def label(self):
        return self.action.label

