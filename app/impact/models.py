"""The impact framework: indicator versions, impact models, commitments, targets, reports, snapshots,
and the learning section's guides, completions and maturity self-assessments."""
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, User
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.i18n import current_language
from app.impact.constants import (
    Aggregation,
    DataType,
    Direction,
    EvidenceLevel,
    Frequency,
    GuideKind,
    GuideState,
    Level,
    ReportAction,
    ReportState,
    VersionAction,
    VersionState,
    parse_period,
)
from app.lifecycle import LifecycleEventMixin

VALUE = sa.Numeric(18, 4)


def _signed_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _coordinator(user):
    return _signed_in(user) and user.is_coordinator


def _member(user, organisation_id):
    return _signed_in(user) and any(m.organisation_id == organisation_id for m in user.approved_memberships)


def _bilingual(obj, name):
    language = current_language()
    return getattr(obj, f"{name}_{'sv' if language == 'sv' else 'en'}") or getattr(obj, f"{name}_en")


# -- the catalogue --------------------------------------------------------------------
class Indicator(db.Model):
    """A catalogue indicator: its stable code; what it says lives in its versions."""

    __tablename__ = "impact_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["IndicatorVersion"]] = relationship(
        back_populates="indicator", order_by="IndicatorVersion.number", cascade="all, delete-orphan")


class IndicatorVersion(db.Model):
    """One version of an indicator; a published version never changes."""

    __tablename__ = "impact_indicator_versions"
    __table_args__ = (
        sa.UniqueConstraint("indicator_id", "number", name="uq_impact_indicator_versions_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.Index("ix_impact_indicator_versions_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_indicators.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    state: Mapped[VersionState] = mapped_column(enum_type(VersionState, "impact_indicator_version_state"),
                                                default=VersionState.draft)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_sv: Mapped[str] = mapped_column(sa.String(200))
    definition_en: Mapped[str] = mapped_column(sa.Text)
    definition_sv: Mapped[str] = mapped_column(sa.Text)
    level: Mapped[Level] = mapped_column(enum_type(Level, "impact_indicator_level"))
    unit: Mapped[str] = mapped_column(sa.String(40))
    data_type: Mapped[DataType] = mapped_column(enum_type(DataType, "impact_indicator_data_type"))
    direction: Mapped[Direction] = mapped_column(enum_type(Direction, "impact_indicator_direction"))
    aggregation: Mapped[Aggregation] = mapped_column(enum_type(Aggregation, "impact_indicator_aggregation"))
    calculation_en: Mapped[str] = mapped_column(sa.Text, default="")
    calculation_sv: Mapped[str] = mapped_column(sa.Text, default="")
    guidance_en: Mapped[str] = mapped_column(sa.Text, default="")
    guidance_sv: Mapped[str] = mapped_column(sa.Text, default="")
    evidence_en: Mapped[str] = mapped_column(sa.Text, default="")
    evidence_sv: Mapped[str] = mapped_column(sa.Text, default="")
    disaggregations: Mapped[list] = mapped_column(sa.JSON, default=list)
    sdg_targets: Mapped[list] = mapped_column(sa.JSON, default=list)
    iris_id: Mapped[str | None] = mapped_column(sa.String(20))
    scale_min: Mapped[int | None]
    scale_max: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("impact_indicator_versions.id", ondelete="SET NULL"))

    indicator: Mapped[Indicator] = relationship(back_populates="versions")
    superseded_by: Mapped["IndicatorVersion | None"] = relationship(remote_side=[id])
    events: Mapped[list["IndicatorVersionEvent"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", passive_deletes=True,
        order_by="IndicatorVersionEvent.id")

    @property
    def code(self):
        return self.indicator.code

    @property
    def name(self):
        return _bilingual(self, "name")

    @property
    def definition(self):
        return _bilingual(self, "definition")

    @property
    def calculation(self):
        return _bilingual(self, "calculation")

    @property
    def guidance(self):
        return _bilingual(self, "guidance")

    @property
    def evidence(self):
        return _bilingual(self, "evidence")


    @property
    def is_ratio(self):
        return self.data_type == DataType.ratio

    def can_view(self, user):
        return self.state != VersionState.draft or _coordinator(user)

    def can_edit(self, user):
        return _coordinator(user)

    def can_publish(self, user):
        return _coordinator(user)


class IndicatorVersionEvent(LifecycleEventMixin, db.Model):
    __tablename__ = "impact_indicator_version_events"
    __action_enum__ = VersionAction
    __state_enum__ = VersionState

    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("impact_indicator_versions.id", ondelete="CASCADE"), index=True)
    version: Mapped[IndicatorVersion] = relationship(back_populates="events")


# -- an organisation's impact model -------------------------------------------------------
class ImpactModel(db.Model):
    """One version of an organisation's theory of change; a new save is a new version."""

    __tablename__ = "impact_models"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "number", name="uq_impact_models_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    activities: Mapped[str] = mapped_column(sa.Text)
    outputs: Mapped[str] = mapped_column(sa.Text)
    outcomes: Mapped[str] = mapped_column(sa.Text)
    impact: Mapped[str] = mapped_column(sa.Text)
    stakeholders: Mapped[str] = mapped_column(sa.Text, default="")
    assumptions: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()


# -- commitments and targets -------------------------------------------------------------
class Commitment(db.Model):
    """An organisation's promise to measure one indicator: baseline, frequency and targets."""

    __tablename__ = "impact_commitments"
    __table_args__ = (
        sa.CheckConstraint("(indicator_version_id IS NULL) <> (custom_name = '')", name="catalogue_or_custom"),
        sa.Index("ix_impact_commitments_version", "indicator_version_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    indicator_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("impact_indicator_versions.id", ondelete="RESTRICT"))
    custom_name: Mapped[str] = mapped_column(sa.String(200), default="")
    custom_unit: Mapped[str] = mapped_column(sa.String(40), default="")
    custom_direction: Mapped[Direction | None] = mapped_column(enum_type(Direction, "impact_commitment_direction"))
    frequency: Mapped[Frequency] = mapped_column(enum_type(Frequency, "impact_commitment_frequency"))
    baseline_value: Mapped[Decimal] = mapped_column(VALUE)
    baseline_on: Mapped[date]
    baseline_source: Mapped[str] = mapped_column(sa.String(300))
    first_period: Mapped[str] = mapped_column(sa.String(6))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # set when the commitment was made for a challenge pilot (its reports are the pilot's results)
    pilot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("challenge_pilots.id", ondelete="SET NULL"),
                                                 index=True)

    organisation: Mapped[Organisation] = relationship()
    indicator_version: Mapped[IndicatorVersion | None] = relationship()
    targets: Mapped[list["TargetRevision"]] = relationship(
        back_populates="commitment", order_by="TargetRevision.id", cascade="all, delete-orphan",
        passive_deletes=True)
    reports: Mapped[list["Report"]] = relationship(
        back_populates="commitment", order_by="Report.period", cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_custom(self):
        return self.indicator_version_id is None

    @property
    def name(self):
        return self.custom_name if self.is_custom else self.indicator_version.name

    @property
    def unit(self):
        return self.custom_unit if self.is_custom else self.indicator_version.unit

    @property
    def direction(self):
        return self.custom_direction if self.is_custom else self.indicator_version.direction

    @property
    def is_ratio(self):
        return not self.is_custom and self.indicator_version.is_ratio

    @property
    def disaggregations(self):
        return [] if self.is_custom else list(self.indicator_version.disaggregations or [])


    def can_view(self, user):
        return _coordinator(user) or _member(user, self.organisation_id)

    def can_edit(self, user):
        return _member(user, self.organisation_id)


class TargetRevision(db.Model):
    """A target for one period; a revision is a new row, never an overwrite."""

    __tablename__ = "impact_target_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_commitments.id", ondelete="CASCADE"),
                                               index=True)
    period: Mapped[str] = mapped_column(sa.String(6))
    value: Mapped[Decimal] = mapped_column(VALUE)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    commitment: Mapped[Commitment] = relationship(back_populates="targets")
    created_by: Mapped[User | None] = relationship()


# -- reports ------------------------------------------------------------------------------
report_co_deliverers = sa.Table(
    "impact_report_co_deliverers",
    db.metadata,
    sa.Column("report_id", sa.ForeignKey("impact_reports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Report(db.Model):
    """What an organisation reports for one commitment and period."""

    __tablename__ = "impact_reports"
    __table_args__ = (
        sa.UniqueConstraint("commitment_id", "period", name="uq_impact_reports_period"),
        sa.CheckConstraint("deadweight_pct IS NULL OR (deadweight_pct >= 0 AND deadweight_pct <= 100)",
                           name="deadweight_range"),
        sa.CheckConstraint("attribution_pct IS NULL OR (attribution_pct >= 0 AND attribution_pct <= 100)",
                           name="attribution_range"),
        sa.CheckConstraint("people_covered IS NULL OR people_covered >= 0", name="people_not_negative"),
        sa.Index("ix_impact_reports_period_state", "period", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_commitments.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(sa.String(6))
    state: Mapped[ReportState] = mapped_column(enum_type(ReportState, "impact_report_state"),
                                               default=ReportState.draft)
    value: Mapped[Decimal | None] = mapped_column(VALUE)
    numerator: Mapped[Decimal | None] = mapped_column(VALUE)
    denominator: Mapped[Decimal | None] = mapped_column(VALUE)
    disaggregated: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    measured_on: Mapped[date | None]
    evidence_level: Mapped[EvidenceLevel] = mapped_column(enum_type(EvidenceLevel, "impact_evidence_level"),
                                                          default=EvidenceLevel.self_reported)
    people_covered: Mapped[int | None]
    deadweight_pct: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    attribution_pct: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    return_comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    commitment: Mapped[Commitment] = relationship(back_populates="reports")
    co_deliverers: Mapped[list[Organisation]] = relationship(secondary=report_co_deliverers,
                                                             order_by=Organisation.name)
    evidence_files: Mapped[list["ReportEvidence"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True, order_by="ReportEvidence.id")
    events: Mapped[list["ReportEvent"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True, order_by="ReportEvent.id")


    @property
    def figure(self):
        """Return the reported figure: the value, or numerator ÷ denominator."""
        if self.numerator is not None and self.denominator:
            return self.numerator / self.denominator
        return self.value

    @property
    def adjustment(self):
        """Return the share of the raw figure left after deadweight and attribution."""
        factor = Decimal(1)
        for pct in (self.deadweight_pct, self.attribution_pct):
            if pct is not None:
                factor *= (Decimal(100) - pct) / Decimal(100)
        return factor

    @property
    def period_dates(self):
        return parse_period(self.period)

    def _organisation_id(self):
        return self.commitment.organisation_id

    def can_view(self, user):
        return _coordinator(user) or _member(user, self._organisation_id())

    def is_reporter(self, user):
        return _member(user, self._organisation_id())

    def can_edit(self, user):
        return self.is_reporter(user) and self.state in (ReportState.draft, ReportState.returned)

    def can_review(self, user):
        return _coordinator(user)


class ReportEvent(LifecycleEventMixin, db.Model):
    __tablename__ = "impact_report_events"
    __action_enum__ = ReportAction
    __state_enum__ = ReportState

    report_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_reports.id", ondelete="CASCADE"), index=True)
    report: Mapped[Report] = relationship(back_populates="events")


class ReportEvidence(db.Model):
    """A file that backs a report, kept in the file storage."""

    __tablename__ = "impact_report_evidence"
    __table_args__ = (sa.CheckConstraint("size_bytes > 0 AND size_bytes <= 10485760", name="size_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_reports.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    report: Mapped[Report] = relationship(back_populates="evidence_files")


class ReportReminder(db.Model):
    """That the reminder of one commitment's period was sent (so a second run sends nothing)."""

    __tablename__ = "impact_report_reminders"
    __table_args__ = (sa.UniqueConstraint("commitment_id", "period", name="uq_impact_report_reminders_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_commitments.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(sa.String(6))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PilotReminder(db.Model):
    """That a challenge pilot's organisation was reminded, a year after the award, to report its results."""

    __tablename__ = "impact_pilot_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    pilot_id: Mapped[int] = mapped_column(sa.ForeignKey("challenge_pilots.id", ondelete="CASCADE"), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# -- the alliance's snapshot ----------------------------------------------------------------
class Snapshot(db.Model):
    """The alliance's published figures of one period, computed once and stored as they were."""

    __tablename__ = "impact_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(sa.String(6), unique=True)
    figures: Mapped[dict] = mapped_column(sa.JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"),
                                                        index=True)


# -- learning -------------------------------------------------------------------------------
class Guide(db.Model):
    """A guide or short course, written in Markdown in Swedish and English."""

    __tablename__ = "impact_guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[GuideKind] = mapped_column(enum_type(GuideKind, "impact_guide_kind"), default=GuideKind.guide)
    state: Mapped[GuideState] = mapped_column(enum_type(GuideState, "impact_guide_state"),
                                              default=GuideState.draft)
    title_en: Mapped[str] = mapped_column(sa.String(200))
    title_sv: Mapped[str] = mapped_column(sa.String(200))
    summary_en: Mapped[str] = mapped_column(sa.String(500), default="")
    summary_sv: Mapped[str] = mapped_column(sa.String(500), default="")
    body_en: Mapped[str] = mapped_column(sa.Text)
    body_sv: Mapped[str] = mapped_column(sa.Text)
    minutes: Mapped[int] = mapped_column(default=15)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    @property
    def title(self):
        return _bilingual(self, "title")

    @property
    def summary(self):
        return _bilingual(self, "summary")

    @property
    def body(self):
        return _bilingual(self, "body")


    def can_view(self, user):
        return self.state == GuideState.published or _coordinator(user)

    def can_edit(self, user):
        return _coordinator(user)


class GuideCompletion(db.Model):
    """That an organisation worked through a guide."""

    __tablename__ = "impact_guide_completions"
    __table_args__ = (sa.UniqueConstraint("guide_id", "organisation_id", name="uq_impact_guide_completions_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(sa.ForeignKey("impact_guides.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    guide: Mapped[Guide] = relationship()


class MaturityAssessment(db.Model):
    """An organisation's self-assessment of how mature its impact measurement is."""

    __tablename__ = "impact_maturity_assessments"
    __table_args__ = (sa.CheckConstraint("level >= 1 AND level <= 4", name="level_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict] = mapped_column(sa.JSON)
    score: Mapped[int]
    level: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
