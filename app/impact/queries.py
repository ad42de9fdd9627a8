"""Queries the impact pages need, each in a fixed number of statements."""
import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, selectinload

from app.accounts.constants import MembershipState
from app.accounts.models import Membership, Organisation
from app.extensions import db
from app.impact.constants import GuideState, ReportState, VersionState
from app.impact.models import (
    Commitment,
    Guide,
    GuideCompletion,
    ImpactModel,
    Indicator,
    IndicatorVersion,
    MaturityAssessment,
    Report,
    Snapshot,
)


def catalogue(level=None, include_drafts=False):
    """Return the catalogue's current versions (and drafts for coordinators), by code."""
    states = [VersionState.published] + ([VersionState.draft] if include_drafts else [])
    query = (sa.select(IndicatorVersion).join(Indicator).where(IndicatorVersion.state.in_(states))
             .options(contains_eager(IndicatorVersion.indicator)).order_by(Indicator.code, IndicatorVersion.number))
    if level is not None:
        query = query.where(IndicatorVersion.level == level)
    return list(db.session.scalars(query))


def indicator_by_code(code):
    return db.session.scalar(sa.select(Indicator).where(Indicator.code == code)
                             .options(selectinload(Indicator.versions).selectinload(IndicatorVersion.superseded_by)))


def published_versions():
    return list(db.session.scalars(
        sa.select(IndicatorVersion).join(Indicator).where(IndicatorVersion.state == VersionState.published)
        .options(contains_eager(IndicatorVersion.indicator)).order_by(Indicator.code)))


def commitments_of(organisation_id):
    """Return an organisation's commitments with their indicator, targets and reports (four statements)."""
    return list(db.session.scalars(
        sa.select(Commitment).where(Commitment.organisation_id == organisation_id).order_by(Commitment.id)
        .options(selectinload(Commitment.indicator_version).selectinload(IndicatorVersion.indicator),
                 selectinload(Commitment.targets), selectinload(Commitment.reports))))


def load_commitment(commitment_id):
    return db.session.scalar(
        sa.select(Commitment).where(Commitment.id == commitment_id)
        .options(selectinload(Commitment.organisation),
                 selectinload(Commitment.indicator_version).selectinload(IndicatorVersion.indicator),
                 selectinload(Commitment.targets),
                 selectinload(Commitment.reports)))


def load_report(report_id):
    return db.session.scalar(
        sa.select(Report).where(Report.id == report_id)
        .options(selectinload(Report.commitment).selectinload(Commitment.organisation),
                 selectinload(Report.commitment).selectinload(Commitment.indicator_version)
                 .selectinload(IndicatorVersion.indicator),
                 selectinload(Report.co_deliverers), selectinload(Report.evidence_files),
                 selectinload(Report.events)))


def models_of(organisation_id):
    return list(db.session.scalars(sa.select(ImpactModel).where(ImpactModel.organisation_id == organisation_id)
                                   .order_by(ImpactModel.number.desc())))


def review_queue():
    """Return the reports waiting for a coordinator, oldest first."""
    return list(db.session.scalars(
        sa.select(Report).where(Report.state == ReportState.submitted).order_by(Report.submitted_at, Report.id)
        .options(selectinload(Report.commitment).selectinload(Commitment.organisation),
                 selectinload(Report.commitment).selectinload(Commitment.indicator_version))))


def count_review_queue():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report).where(
        Report.state == ReportState.submitted))


def my_organisations(user):
    """Return the organisations the person is an approved member of, by name."""
    if not user.is_authenticated:
        return []
    return list(db.session.scalars(
        sa.select(Organisation).join(Membership).where(Membership.user_id == user.id,
                                                       Membership.state == MembershipState.approved)
        .order_by(Organisation.name)))


def alliance_partners(excluding_id):
    """Return the other organisations that could co-deliver (alliance members), by name."""
    return list(db.session.scalars(
        sa.select(Organisation).where(Organisation.id != excluding_id, Organisation.member_since.is_not(None))
        .order_by(Organisation.name)))


def reports_due(organisation_id):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Report).join(Commitment).where(
        Commitment.organisation_id == organisation_id, Report.state.in_([ReportState.draft, ReportState.returned])))


def snapshots():
    return list(db.session.scalars(sa.select(Snapshot).order_by(Snapshot.period.desc())))


def snapshot_of(period):
    return db.session.scalar(sa.select(Snapshot).where(Snapshot.period == period))


def latest_snapshot():
    return db.session.scalar(sa.select(Snapshot).order_by(Snapshot.period.desc()).limit(1))


def guides(include_drafts=False):
    query = sa.select(Guide).order_by(Guide.kind, Guide.title_en)
    if not include_drafts:
        query = query.where(Guide.state == GuideState.published)
    return list(db.session.scalars(query))


def guide_by_slug(slug):
    return db.session.scalar(sa.select(Guide).where(Guide.slug == slug))


def completions_of(organisation_id):
    return list(db.session.scalars(
        sa.select(GuideCompletion).where(GuideCompletion.organisation_id == organisation_id)
        .options(selectinload(GuideCompletion.guide)).order_by(GuideCompletion.completed_at.desc())))


def completed_guide_ids(organisation_ids):
    if not organisation_ids:
        return set()
    return set(db.session.execute(sa.select(GuideCompletion.guide_id, GuideCompletion.organisation_id).where(
        GuideCompletion.organisation_id.in_(organisation_ids))).all())


def latest_maturity(organisation_id):
    return db.session.scalar(sa.select(MaturityAssessment).where(MaturityAssessment.organisation_id == organisation_id)
                             .order_by(MaturityAssessment.id.desc()).limit(1))


def member_ids(organisation_id):
    return list(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.organisation_id == organisation_id, Membership.state == MembershipState.approved)))


def reporting_figures():
    """Return the alliance-wide figures the dashboard shows: organisations committed and reporting."""
    committed = db.session.scalar(sa.select(sa.func.count(sa.distinct(Commitment.organisation_id))))
    reported = db.session.scalar(sa.select(sa.func.count(sa.distinct(Commitment.organisation_id)))
                                 .select_from(Report).join(Commitment).where(Report.state == ReportState.approved))
    return {"committed": committed or 0, "reported": reported or 0}
