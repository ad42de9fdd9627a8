"""The yearly challenge: cycles, challenges, proposals, the rubric, the jury, decisions and pilots."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.constants import MembershipState
from app.accounts.models import Organisation, User
from app.challenges.constants import (
    IN_REVIEW,
    PHASE_ORDER,
    PHASE_STARTS,
    STAGE_OF_PHASE,
    ChallengeAction,
    ChallengeState,
    ConflictDecision,
    ConflictSource,
    Outcome,
    Phase,
    PilotAction,
    PilotState,
    ProcurementRoute,
    ProposalAction,
    ProposalState,
    Recommendation,
    ReviewState,
    Stage,
)
from app.colabs.timezones import utc_to_local
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.lifecycle import LifecycleEventMixin


def _signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _coordinator(user):
    return _signed_in(user) and user.is_coordinator


def _member_ids(user):
    """Return the ids of the organisations the person belongs to (approved memberships)."""
    if not _signed_in(user):
        return set()
    return {m.organisation_id for m in user.memberships if m.state == MembershipState.approved}


def stockholm_today():
    """Return today's date on the wall in Stockholm."""
    return utc_to_local(utcnow()).date()


challenge_co_owners = sa.Table(
    "challenge_co_owners", db.metadata,
    sa.Column("challenge_id", sa.ForeignKey("challenges.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)
proposal_partners = sa.Table(
    "challenge_proposal_partners", db.metadata,
    sa.Column("proposal_id", sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True),
)
# Co-lab sessions that support a shortlisted or winning team.
proposal_sessions = sa.Table(
    "challenge_proposal_sessions", db.metadata,
    sa.Column("proposal_id", sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("session_id", sa.ForeignKey("colab_sessions.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ChallengeCycle(db.Model):
    """One year's call: theme, rules, prizes and the date each phase starts (Stockholm dates)."""

    __tablename__ = "challenge_cycles"
    __table_args__ = (
        sa.CheckConstraint(
            "challenges_open_on <= proposals_open_on AND proposals_open_on < proposals_close_on AND "
            "proposals_close_on <= review_opens_on AND review_opens_on <= shortlist_on AND "
            "shortlist_on <= final_on AND final_on <= announcement_on AND announcement_on <= follow_up_on",
            name="phases_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    theme: Mapped[str] = mapped_column(sa.String(200))
    rules: Mapped[str] = mapped_column(sa.Text, default="")
    prizes: Mapped[str] = mapped_column(sa.Text, default="")
    peoples_choice: Mapped[bool] = mapped_column(default=False)
    challenges_open_on: Mapped[date] = mapped_column(sa.Date)
    proposals_open_on: Mapped[date] = mapped_column(sa.Date)
    proposals_close_on: Mapped[date] = mapped_column(sa.Date)
    review_opens_on: Mapped[date] = mapped_column(sa.Date)
    shortlist_on: Mapped[date] = mapped_column(sa.Date)
    final_on: Mapped[date] = mapped_column(sa.Date)
    announcement_on: Mapped[date] = mapped_column(sa.Date)
    follow_up_on: Mapped[date] = mapped_column(sa.Date)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    challenges: Mapped[list["Challenge"]] = relationship(back_populates="cycle", order_by="Challenge.id")
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="(Criterion.stage, Criterion.position)")
    jurors: Mapped[list["Juror"]] = relationship(back_populates="cycle", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<ChallengeCycle {self.year}>"

    # -- time -------------------------------------------------------------
    def phase(self, today=None) -> Phase:
        """Return the phase the cycle is in on a Stockholm date (today by default)."""
        today = today or stockholm_today()
        current = Phase.preparation
        for phase, column in PHASE_STARTS.items():
            if today >= getattr(self, column):
                current = phase
        return current

    @property
    def current_phase(self):
        return self.phase()


    def phase_dates(self):
        """Return [(phase, label, start date, is current)] for the cycle page."""
        now = self.current_phase
        return [(p, p.label, getattr(self, c), p == now) for p, c in PHASE_STARTS.items()]

    def at_or_after(self, phase, today=None):
        return PHASE_ORDER.index(self.phase(today)) >= PHASE_ORDER.index(phase)

    @property
    def stage(self) -> Stage | None:
        """Return the stage the jury scores in now, if any."""
        return STAGE_OF_PHASE.get(self.current_phase)

    @property
    def takes_challenges(self):
        return self.current_phase in (Phase.preparation, Phase.call_for_challenges, Phase.call_for_proposals)

    @property
    def takes_proposals(self):
        return self.current_phase == Phase.call_for_proposals

    @property
    def is_announced(self):
        return self.announced_at is not None

    @property
    def voting_open(self):
        return self.peoples_choice and self.current_phase == Phase.final

    # -- permissions ------------------------------------------------------
    def can_manage(self, user):
        """Coordinators run the cycle and chair its jury."""
        return _coordinator(user)

    def can_chair(self, user):
        return _coordinator(user)

    def juror_of(self, user):
        if not _signed_in(user):
            return None
        return next((j for j in self.jurors if j.user_id == user.id), None)

    def criteria_of(self, stage):
        return [c for c in self.criteria if c.stage == stage]


class ChallengeEvent(LifecycleEventMixin, db.Model):
    __tablename__ = "challenge_events"
    __action_enum__ = ChallengeAction
    __state_enum__ = ChallengeState

    challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    challenge: Mapped["Challenge"] = relationship(back_populates="events")


class Challenge(db.Model):
    """A societal problem an established organisation would pilot a solution to."""

    __tablename__ = "challenges"
    __table_args__ = (
        sa.CheckConstraint("budget_min >= 0 AND budget_max >= budget_min", name="budget_range"),
        sa.CheckConstraint("pilot_months >= 1 AND pilot_months <= 60", name="pilot_months_range"),
        sa.Index("ix_challenges_cycle_state", "cycle_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_cycles.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    problem: Mapped[str] = mapped_column(sa.Text)
    affected: Mapped[str] = mapped_column(sa.Text, default="")
    pilot_plan: Mapped[str] = mapped_column(sa.Text, default="")
    budget_min: Mapped[int] = mapped_column(default=0)
    budget_max: Mapped[int] = mapped_column(default=0)
    pilot_months: Mapped[int] = mapped_column(default=12)
    municipalities: Mapped[list] = mapped_column(sa.JSON, default=list)
    sdg_targets: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Free text until the impact framework's indicator catalogue exists; `indicator_refs` will then
    # hold catalogue references (see app/challenges/impact.py).
    success_indicators: Mapped[str] = mapped_column(sa.Text, default="")
    indicator_refs: Mapped[list] = mapped_column(sa.JSON, default=list)
    procurement_route: Mapped[ProcurementRoute] = mapped_column(
        enum_type(ProcurementRoute, "challenge_procurement_route"), default=ProcurementRoute.prize_only)
    procurement_note: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(2), default="sv")
    state: Mapped[ChallengeState] = mapped_column(enum_type(ChallengeState, "challenge_state"),
                                                  default=ChallengeState.draft)
    review_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[ChallengeCycle] = relationship(back_populates="challenges")
    organisation: Mapped[Organisation] = relationship()
    co_owners: Mapped[list[Organisation]] = relationship(secondary=challenge_co_owners, order_by=Organisation.name)
    proposals: Mapped[list["Proposal"]] = relationship(back_populates="challenge", order_by="Proposal.id")
    questions: Mapped[list["ChallengeQuestion"]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="ChallengeQuestion.id")
    events: Mapped[list[ChallengeEvent]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", passive_deletes=True, order_by=ChallengeEvent.id)

    def __repr__(self):
        return f"<Challenge {self.id} {self.title!r} {self.state.value}>"


    @property
    def owner_ids(self):
        return {self.organisation_id, *(o.id for o in self.co_owners)}

    @property
    def is_public(self):
        return self.state in (ChallengeState.published, ChallengeState.closed)

    # -- permissions ------------------------------------------------------
    def is_owner(self, user):
        """A member of the owning organisation (co-owners follow the challenge, the owner drafts it)."""
        return self.organisation_id in _member_ids(user)

    def can_view(self, user):
        return self.is_public or self.is_owner(user) or _coordinator(user)

    def can_edit(self, user):
        return self.is_owner(user) and self.state in (ChallengeState.draft, ChallengeState.changes_requested)

    def can_review(self, user):
        return _coordinator(user)

    def can_answer(self, user):
        return self.is_public and (_coordinator(user) or self.is_owner(user))

    def can_ask(self, user):
        return _signed_in(user) and self.state == ChallengeState.published

    def can_propose(self, user):
        return (_signed_in(user) and self.state == ChallengeState.published and self.cycle.takes_proposals
                and bool(_member_ids(user) - self.owner_ids))


class ChallengeQuestion(db.Model):
    """A question about a published challenge; shown publicly once answered (without who asked)."""

    __tablename__ = "challenge_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(sa.Text)
    answer: Mapped[str] = mapped_column(sa.Text, default="")
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    challenge: Mapped[Challenge] = relationship(back_populates="questions")


class ProposalEvent(LifecycleEventMixin, db.Model):
    __tablename__ = "challenge_proposal_events"
    __action_enum__ = ProposalAction
    __state_enum__ = ProposalState

    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), index=True)
    proposal: Mapped["Proposal"] = relationship(back_populates="events")


class Proposal(db.Model):
    """A solution an organisation proposes to a published challenge."""

    __tablename__ = "challenge_proposals"
    __table_args__ = (
        sa.CheckConstraint("beneficiary_count >= 0", name="beneficiaries_not_negative"),
        sa.CheckConstraint("budget_total >= 0", name="budget_not_negative"),
        sa.Index("ix_challenge_proposals_challenge_state", "challenge_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenges.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text)
    problem: Mapped[str] = mapped_column(sa.Text, default="")
    solution: Mapped[str] = mapped_column(sa.Text, default="")
    beneficiaries: Mapped[str] = mapped_column(sa.Text, default="")
    beneficiary_count: Mapped[int] = mapped_column(default=0)
    activities: Mapped[str] = mapped_column(sa.Text, default="")
    outputs: Mapped[str] = mapped_column(sa.Text, default="")
    outcomes: Mapped[str] = mapped_column(sa.Text, default="")
    team: Mapped[str] = mapped_column(sa.Text, default="")
    budget: Mapped[str] = mapped_column(sa.Text, default="")
    budget_total: Mapped[int] = mapped_column(default=0)
    ask: Mapped[str] = mapped_column(sa.Text, default="")
    # criterion id (as text) -> the applicant's answer to that criterion's question
    criterion_answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    state: Mapped[ProposalState] = mapped_column(enum_type(ProposalState, "challenge_proposal_state"),
                                                 default=ProposalState.draft)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The tracked match with the challenge's owner on the match lists (app/matching), once passed on.
    match_id: Mapped[int | None] = mapped_column(sa.ForeignKey("matches.id", ondelete="SET NULL"))

    challenge: Mapped[Challenge] = relationship(back_populates="proposals")
    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    partners: Mapped[list[Organisation]] = relationship(secondary=proposal_partners, order_by=Organisation.name)
    attachments: Mapped[list["ProposalAttachment"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalAttachment.id")
    decisions: Mapped[list["Decision"]] = relationship(back_populates="proposal", order_by="Decision.id")
    events: Mapped[list[ProposalEvent]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", passive_deletes=True, order_by=ProposalEvent.id)
    pilot: Mapped["Pilot | None"] = relationship(back_populates="proposal", uselist=False)

    def __repr__(self):
        return f"<Proposal {self.id} {self.title!r} {self.state.value}>"


    @property
    def cycle(self):
        return self.challenge.cycle

    @property
    def organisation_ids(self):
        """The applicant's and the partners' organisations."""
        return {self.organisation_id, *(o.id for o in self.partners)}

    @property
    def in_review(self):
        return self.state in IN_REVIEW

    def latest_decision(self, stage=None):
        decisions = [d for d in self.decisions if stage is None or d.stage == stage]
        return decisions[-1] if decisions else None

    # -- permissions ------------------------------------------------------
    def is_applicant(self, user):
        return self.organisation_id in _member_ids(user)

    def can_view(self, user):
        """The applicant's members and coordinators; jurors only through the jury's pages."""
        return self.is_applicant(user) or _coordinator(user)

    def can_edit(self, user):
        return (self.is_applicant(user) and self.state in (ProposalState.draft, ProposalState.submitted)
                and self.challenge.cycle.takes_proposals)

    def can_check_eligibility(self, user):
        return _coordinator(user)

    def can_decide(self, user):
        return _coordinator(user)

    def can_read_feedback(self, user):
        return self.is_applicant(user) and self.challenge.cycle.is_announced

    def can_link_support(self, user):
        return _coordinator(user) and self.state in (ProposalState.shortlisted, ProposalState.finalist,
                                                     ProposalState.winner, ProposalState.not_selected)


class ProposalAttachment(db.Model):
    """A PDF attached to a proposal; jurors in blind stages get only those the applicant says carry no names."""

    __tablename__ = "challenge_proposal_attachments"
    __table_args__ = (sa.CheckConstraint("size > 0 AND size <= 10485760", name="size_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    storage_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(60), default="application/pdf")
    size: Mapped[int]
    free_of_names: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="attachments")

    @property
    def anonymous_filename(self):
        return f"attachment-{self.id}.pdf"


class Criterion(db.Model):
    """One row of a stage's rubric: weight, scale, what each level means; or a yes/no eligibility gate."""

    __tablename__ = "challenge_criteria"
    __table_args__ = (
        sa.CheckConstraint("weight > 0 AND weight <= 100", name="weight_range"),
        sa.CheckConstraint("scale_max >= 1 AND scale_max <= 10", name="scale_range"),
        sa.Index("ix_challenge_criteria_cycle_stage", "cycle_id", "stage", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_cycles.id", ondelete="CASCADE"))
    stage: Mapped[Stage] = mapped_column(enum_type(Stage, "challenge_stage"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(120))
    question: Mapped[str] = mapped_column(sa.Text, default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    levels: Mapped[str] = mapped_column(sa.Text, default="")
    weight: Mapped[float] = mapped_column(sa.Float, default=1.0)
    scale_max: Mapped[int] = mapped_column(default=5)
    is_gate: Mapped[bool] = mapped_column(default=False)

    cycle: Mapped[ChallengeCycle] = relationship(back_populates="criteria")


    @property
    def level_lines(self):
        return [line.strip() for line in self.levels.splitlines() if line.strip()]


class Juror(db.Model):
    """A person invited to a cycle's jury; they declare conflicts before seeing any proposal."""

    __tablename__ = "challenge_jurors"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "user_id", name="one_seat_per_cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_cycles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    conflicts_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cycle: Mapped[ChallengeCycle] = relationship(back_populates="jurors")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    conflicts: Mapped[list["Conflict"]] = relationship(back_populates="juror", cascade="all, delete-orphan")
    assignments: Mapped[list["JuryAssignment"]] = relationship(back_populates="juror", cascade="all, delete-orphan")

    @property
    def has_declared(self):
        return self.conflicts_declared_at is not None


class Conflict(db.Model):
    """A tie between a juror and a proposal; the chair recuses the juror or waives it, with a reason."""

    __tablename__ = "challenge_conflicts"
    __table_args__ = (sa.UniqueConstraint("juror_id", "proposal_id", name="one_conflict_per_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_jurors.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), index=True)
    source: Mapped[ConflictSource] = mapped_column(enum_type(ConflictSource, "challenge_conflict_source"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decision: Mapped[ConflictDecision] = mapped_column(enum_type(ConflictDecision, "challenge_conflict_decision"),
                                                       default=ConflictDecision.pending)
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    juror: Mapped[Juror] = relationship(back_populates="conflicts")
    proposal: Mapped[Proposal] = relationship()

    @property
    def blocks(self):
        """Only a conflict the chair waived lets the juror near the proposal."""
        return self.decision != ConflictDecision.waived


class JuryAssignment(db.Model):
    """A proposal given to a juror to score at one stage."""

    __tablename__ = "challenge_assignments"
    __table_args__ = (sa.UniqueConstraint("juror_id", "proposal_id", "stage", name="one_assignment_per_stage"),
                      sa.Index("ix_challenge_assignments_proposal_stage", "proposal_id", "stage"))

    id: Mapped[int] = mapped_column(primary_key=True)
    juror_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_jurors.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"))
    stage: Mapped[Stage] = mapped_column(enum_type(Stage, "challenge_stage"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    juror: Mapped[Juror] = relationship(back_populates="assignments")
    proposal: Mapped[Proposal] = relationship()
    review: Mapped["Review | None"] = relationship(back_populates="assignment", uselist=False,
                                                   cascade="all, delete-orphan")


class Review(db.Model):
    """A juror's scores and comments on one assigned proposal; a draft until submitted once."""

    __tablename__ = "challenge_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_assignments.id", ondelete="CASCADE"),
                                               unique=True)
    state: Mapped[ReviewState] = mapped_column(enum_type(ReviewState, "challenge_review_state"),
                                               default=ReviewState.draft)
    recommendation: Mapped[Recommendation | None] = mapped_column(
        enum_type(Recommendation, "challenge_recommendation"))
    note_to_chair: Mapped[str] = mapped_column(sa.Text, default="")
    # The weighted mean of the scores on the stage's reference scale, written once when submitted
    # (the rubric is fixed from the first review on), so that results read one row per review.
    weighted_score: Mapped[float | None] = mapped_column(sa.Float)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assignment: Mapped[JuryAssignment] = relationship(back_populates="review")
    scores: Mapped[list["ReviewScore"]] = relationship(back_populates="review", cascade="all, delete-orphan")

    @property
    def is_submitted(self):
        return self.state == ReviewState.submitted


class ReviewScore(db.Model):
    __tablename__ = "challenge_review_scores"
    __table_args__ = (sa.UniqueConstraint("review_id", "criterion_id", name="one_score_per_criterion"),
                      sa.CheckConstraint("score >= 0 AND score <= 10", name="score_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_reviews.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_criteria.id", ondelete="CASCADE"), index=True)
    score: Mapped[int | None]
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()


class EligibilityCheck(db.Model):
    """One coordinator's eligibility check of a proposal; two coordinators must agree."""

    __tablename__ = "challenge_eligibility_checks"
    __table_args__ = (sa.UniqueConstraint("proposal_id", "checked_by_id", name="one_check_per_coordinator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"))
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    passed: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.Text, default="")
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    checked_by: Mapped[User | None] = relationship()


class Decision(db.Model):
    """The chair's decision on a proposal at a stage, with its rationale. Rows are never changed.

    A later row supersedes an earlier one; after the announcement a change is a correction row.
    """

    __tablename__ = "challenge_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(enum_type(Stage, "challenge_stage"))
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome, "challenge_outcome"))
    rationale: Mapped[str] = mapped_column(sa.Text)
    override_reason: Mapped[str] = mapped_column(sa.Text, default="")
    reviews_counted: Mapped[int] = mapped_column(default=0)
    is_correction: Mapped[bool] = mapped_column(default=False)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="decisions")


class Vote(db.Model):
    """A signed-in person's people's-choice vote: one per person per cycle, apart from the jury."""

    __tablename__ = "challenge_votes"
    __table_args__ = (sa.UniqueConstraint("cycle_id", "user_id", name="one_vote_per_cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_cycles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PilotEvent(LifecycleEventMixin, db.Model):
    __tablename__ = "challenge_pilot_events"
    __action_enum__ = PilotAction
    __state_enum__ = PilotState

    pilot_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_pilots.id", ondelete="CASCADE"), index=True)
    pilot: Mapped["Pilot"] = relationship(back_populates="events")


class Pilot(db.Model):
    """The pilot of a winning proposal with the challenge owner: contract, status, milestones, results."""

    __tablename__ = "challenge_pilots"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_proposals.id", ondelete="CASCADE"),
                                             unique=True)
    contract_reference: Mapped[str] = mapped_column(sa.String(120), default="")
    state: Mapped[PilotState] = mapped_column(enum_type(PilotState, "challenge_pilot_state"),
                                              default=PilotState.negotiating)
    results_summary: Mapped[str] = mapped_column(sa.Text, default="")
    results_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="pilot")
    milestones: Mapped[list["PilotMilestone"]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", order_by="(PilotMilestone.due_on, PilotMilestone.id)")
    events: Mapped[list[PilotEvent]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", passive_deletes=True, order_by=PilotEvent.id)


    def can_manage(self, user):
        """Coordinators and the challenge owner's members keep the pilot's record."""
        return _coordinator(user) or self.proposal.challenge.is_owner(user)

    def can_view(self, user):
        return self.can_manage(user) or self.proposal.is_applicant(user)


class PilotMilestone(db.Model):
    __tablename__ = "challenge_pilot_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_pilots.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date] = mapped_column(sa.Date)
    done_on: Mapped[date | None] = mapped_column(sa.Date)
    evidence: Mapped[str] = mapped_column(sa.Text, default="")
    evidence_link: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    pilot: Mapped[Pilot] = relationship(back_populates="milestones")
