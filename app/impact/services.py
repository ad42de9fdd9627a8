"""Verb-named actions of the impact area. They change state, flush, record events and queue notices;
they never commit (the route or the command does, once)."""
import uuid
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask import url_for

from app.uploads import max_upload_bytes
from app.accounts.constants import MembershipState
from app.accounts.models import Membership, User
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.db_types import utcnow
from app.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.impact import notices
from app.impact.aggregation import Row, aggregate
from app.impact.constants import (
    REMINDER_DAYS,
    GuideState,
    ReportAction,
    ReportState,
    VersionAction,
    VersionState,
    deadline_of,
    parse_period,
)
from app.impact.lifecycle import REPORT_LIFECYCLE, VERSION_LIFECYCLE
from app.impact.models import (
    Commitment,
    Guide,
    GuideCompletion,
    ImpactModel,
    Indicator,
    IndicatorVersion,
    MaturityAssessment,
    Report,
    ReportEvidence,
    ReportReminder,
    Snapshot,
    TargetRevision,
    report_co_deliverers,
)
from app.storage import remove_file, store_file
from app.uploads import ALLOWED_TYPES

VERSION_FIELDS = (
    "name_en", "name_sv", "definition_en", "definition_sv", "level", "unit", "data_type", "direction",
    "aggregation", "calculation_en", "calculation_sv", "guidance_en", "guidance_sv", "evidence_en", "evidence_sv",
    "disaggregations", "sdg_targets", "iris_id", "scale_min", "scale_max",
)
EXTENSIONS = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


# -- the catalogue -----------------------------------------------------------------------
def indicators_by_code(codes):
    """Return {code: the published version} of the catalogue indicators with these codes (the seam other
    areas use to link to real indicators; unknown or unpublished codes are left out)."""
    rows = db.session.scalars(
        sa.select(IndicatorVersion).join(Indicator)
        .where(Indicator.code.in_(list(codes)), IndicatorVersion.state == VersionState.published)
        .options(sa.orm.contains_eager(IndicatorVersion.indicator)))
    return {version.indicator.code: version for version in rows}


def current_version(indicator):
    """Return the published version of an indicator, or None."""
    return next((v for v in indicator.versions if v.state == VersionState.published), None)


def draft_of(indicator):
    return next((v for v in indicator.versions if v.state == VersionState.draft), None)


def create_indicator(code, fields, actor):
    """Add a new indicator with a first draft version."""
    if db.session.scalar(sa.select(Indicator.id).where(Indicator.code == code)):
        raise Conflict(_l("An indicator with this code exists already."))
    indicator = Indicator(code=code)
    db.session.add(indicator)
    db.session.flush()
    version = IndicatorVersion(indicator_id=indicator.id, number=1, state=VersionState.draft, **fields)
    VERSION_LIFECYCLE.create(version, VersionAction.create, actor)
    return version


def start_draft(indicator, actor):
    """Return the indicator's draft, started as a copy of its published version when there is none."""
    draft = draft_of(indicator)
    if draft is not None:
        return draft
    base = current_version(indicator) or indicator.versions[-1]
    draft = IndicatorVersion(indicator_id=indicator.id, number=indicator.versions[-1].number + 1,
                             state=VersionState.draft, **{f: getattr(base, f) for f in VERSION_FIELDS})
    VERSION_LIFECYCLE.create(draft, VersionAction.create, actor)
    db.session.expire(indicator, ["versions"])
    return draft


def edit_draft(version, fields, actor):
    """Change a draft version's fields; a published version never changes."""
    if not version.can_edit(actor):
        raise NotAllowed(_l("You may not do this."))
    if version.state != VersionState.draft:
        raise Conflict(_l("A published version never changes; start a new draft instead."))
    for name, value in fields.items():
        setattr(version, name, value)
    version.updated_at = utcnow()
    VERSION_LIFECYCLE.record(version, VersionAction.edit, actor)


def publish_version(version, actor, system=False):
    """Publish a draft; the version it replaces says it is superseded by this one."""
    previous = db.session.scalar(sa.select(IndicatorVersion).where(
        IndicatorVersion.indicator_id == version.indicator_id, IndicatorVersion.state == VersionState.published))
    VERSION_LIFECYCLE.apply(version, VersionAction.publish, actor, system=system, published_at=utcnow())
    if actor is not None:
        record_audit(actor, AuditAction.impact_indicator_published, version,
                     detail=f"{version.indicator.code} v{version.number}")
    if previous is not None:
        VERSION_LIFECYCLE.apply(previous, VersionAction.supersede, actor, system=True, superseded_by_id=version.id)
    return version


def load_catalogue(catalogue, actor=None):
    """Add or update the indicators of a checked catalogue file; return {"added", "updated", "unchanged"}."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    existing = {i.code: i for i in db.session.scalars(sa.select(Indicator).options(
        sa.orm.selectinload(Indicator.versions)))}
    for entry in catalogue.indicators:
        fields = entry.fields()
        indicator = existing.get(entry.code)
        if indicator is None:
            publish_version(create_indicator(entry.code, fields, actor), actor, system=True)
            counts["added"] += 1
            continue
        latest = current_version(indicator)
        if latest is not None and all(getattr(latest, f) == v for f, v in fields.items()):
            counts["unchanged"] += 1
            continue
        draft = start_draft(indicator, actor)
        for name, value in fields.items():
            setattr(draft, name, value)
        publish_version(draft, actor, system=True)
        counts["updated"] += 1
    return counts


# -- impact models ---------------------------------------------------------------------------
def latest_model(organisation_id):
    return db.session.scalar(sa.select(ImpactModel).where(ImpactModel.organisation_id == organisation_id)
                             .order_by(ImpactModel.number.desc()).limit(1))


def save_impact_model(organisation, fields, actor):
    """Write a new version of the organisation's theory of change (the old ones stay)."""
    number = (db.session.scalar(sa.select(sa.func.max(ImpactModel.number))
                                .where(ImpactModel.organisation_id == organisation.id)) or 0) + 1
    model = ImpactModel(organisation_id=organisation.id, number=number, created_by_id=actor.id, **fields)
    db.session.add(model)
    db.session.flush()
    return model


# -- commitments and targets ---------------------------------------------------------------------
def create_commitment(organisation, actor, *, version=None, custom_name="", custom_unit="", custom_direction=None,
                      frequency, baseline_value, baseline_on, baseline_source, first_period, targets):
    """Commit the organisation to an indicator with a baseline and its first targets ({period: value})."""
    commitment = Commitment(
        organisation_id=organisation.id, indicator_version_id=version.id if version else None,
        custom_name=custom_name if version is None else "", custom_unit=custom_unit if version is None else "",
        custom_direction=custom_direction if version is None else None, frequency=frequency,
        baseline_value=baseline_value, baseline_on=baseline_on, baseline_source=baseline_source,
        first_period=first_period, created_by_id=actor.id, created_at=utcnow())
    db.session.add(commitment)
    db.session.flush()
    for period, value in targets.items():
        revise_target(commitment, period, value, _l("First target"), actor)
    return commitment


def revise_target(commitment, period, value, reason, actor, at=None):
    """Append a target for a period with its reason; earlier targets stay as they were."""
    revision = TargetRevision(commitment_id=commitment.id, period=period, value=value, reason=str(reason),
                              created_by_id=actor.id, created_at=at or utcnow())
    db.session.add(revision)
    db.session.flush()
    db.session.expire(commitment, ["targets"])
    return revision


def target_in_force(revisions, period):
    """Return the target of a period as it stood when the period ended (the last revision made by then;
    the first one when all were made later), or None."""
    rows = [r for r in revisions if r.period == period]
    if not rows:
        return None
    end = parse_period(period)[1]
    by_then = [r for r in rows if r.created_at.date() <= end]
    return (by_then or rows[:1])[-1]


def progress_of(commitment, period, figure):
    """Return how far the period's figure went from the baseline to the target in force then, as a share:
    (value − baseline) ÷ (target − baseline), signed by the direction so that positive is always better;
    None without a figure, without a target, or when the target is no improvement on the baseline."""
    from app.impact.constants import Direction

    target = target_in_force(commitment.targets, period)
    if figure is None or target is None:
        return None
    sign = 1 if commitment.direction != Direction.lower else -1
    planned = (target.value - commitment.baseline_value) * sign
    if planned <= 0:
        return None
    return (Decimal(figure) - commitment.baseline_value) * sign / planned


# -- reports -----------------------------------------------------------------------------------
def report_for(commitment, period):
    return db.session.scalar(sa.select(Report).where(Report.commitment_id == commitment.id, Report.period == period))


def save_report(commitment, period, fields, co_deliverers, actor, report=None):
    """Create or change the draft report of a period."""
    if not commitment.can_edit(actor):
        raise NotAllowed(_l("You may not do this."))
    if report is None:
        report = Report(commitment_id=commitment.id, period=period, state=ReportState.draft, created_at=utcnow())
        for name, value in fields.items():
            setattr(report, name, value)
        report.co_deliverers = co_deliverers
        REPORT_LIFECYCLE.create(report, ReportAction.create, actor)
        return report
    if not report.can_edit(actor):
        raise Conflict(_l("This report cannot be changed now: it is %(state)s.", state=report.state.label))
    for name, value in fields.items():
        setattr(report, name, value)
    report.co_deliverers = co_deliverers
    report.updated_at = utcnow()
    REPORT_LIFECYCLE.record(report, ReportAction.edit, actor)
    return report


def _report_link(report):
    return url_for("impact.show_report", report_id=report.id)


def _members_of(organisation_id):
    return list(db.session.scalars(sa.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation_id, Membership.state == MembershipState.approved)))


def _coordinators():
    from app.accounts.constants import Role
    from app.accounts.models import UserRole

    return list(db.session.scalars(sa.select(User).join(UserRole, UserRole.user_id == User.id)
                                   .where(UserRole.role == Role.coordinator)))


def submit_report(report, actor):
    """Send the report to the coordinators for review."""
    REPORT_LIFECYCLE.apply(report, ReportAction.submit, actor, submitted_at=utcnow(), return_comment="")
    notices_title = f"{report.commitment.organisation.name}: {report.commitment.name} ({report.period})"
    from app.notifications.services import notify

    notify(_coordinators(), notices.REPORT_SUBMITTED, title=notices_title, link=_report_link(report), exclude=actor)


def return_report(report, actor, comment):
    """Send the report back to its organisation with what to correct."""
    REPORT_LIFECYCLE.apply(report, ReportAction.return_, actor, note=comment, return_comment=comment)
    record_audit(actor, AuditAction.impact_report_returned, report, detail=comment)
    from app.notifications.services import notify

    notify(_members_of(report.commitment.organisation_id), notices.REPORT_RETURNED,
           title=f"{report.commitment.name} ({report.period})", body=comment, link=_report_link(report),
           exclude=actor)


def approve_report(report, actor):
    """Approve a submitted report: from now on it counts in the alliance's figures."""
    REPORT_LIFECYCLE.apply(report, ReportAction.approve, actor, approved_at=utcnow(), approved_by_id=actor.id)
    record_audit(actor, AuditAction.impact_report_approved, report,
                 detail=f"{report.commitment.organisation.name}: {report.commitment.name} ({report.period})")
    from app.notifications.services import notify

    notify(_members_of(report.commitment.organisation_id), notices.REPORT_APPROVED,
           title=f"{report.commitment.name} ({report.period})", link=_report_link(report), exclude=actor)


def check_evidence_upload(filename, head, size):
    """Return an error message for an unacceptable evidence file, else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        return _l("Upload a PDF, PNG or JPEG file.")
    if size == 0:
        return _l("The file is empty.")
    if size > max_upload_bytes():
        return _l("The file is larger than 10 MB.")
    if not head.startswith(ALLOWED_TYPES[EXTENSIONS[extension]]):
        return _l("The file's content is not a %(kind)s file.", kind=extension.upper())
    return None


def evidence_key(evidence):
    return f"impact/{evidence.storage_key}"


def add_evidence(report, filename, content, actor):
    """Store a checked file as evidence of a report."""
    if not report.can_edit(actor):
        raise NotAllowed(_l("You may not do this."))
    filename = Path((filename or "").replace("\\", "/")).name[:200] or "evidence"
    error = check_evidence_upload(filename, content[:16], len(content))
    if error:
        raise DomainError(error)
    extension = filename.rsplit(".", 1)[-1].lower()
    evidence = ReportEvidence(report_id=report.id, storage_key=f"{uuid.uuid4().hex}.{extension}", filename=filename,
                              content_type=EXTENSIONS[extension], size_bytes=len(content), uploaded_by_id=actor.id)
    store_file(evidence_key(evidence), content, evidence.content_type)
    db.session.add(evidence)
    db.session.flush()
    return evidence


def remove_evidence(evidence, actor):
    if not evidence.report.can_edit(actor):
        raise NotAllowed(_l("You may not do this."))
    remove_file(evidence_key(evidence))
    db.session.delete(evidence)
    db.session.flush()


def send_due_reminders(now=None):
    """Remind each organisation's members of a report due within REMINDER_DAYS, once per commitment and
    period; return how many reminders were sent."""
    from datetime import timedelta

    from app.impact.constants import period_code
    from app.notifications.services import notify

    today = (now or utcnow()).date()
    sent = 0
    commitments = db.session.scalars(sa.select(Commitment).options(
        sa.orm.selectinload(Commitment.organisation), sa.orm.selectinload(Commitment.indicator_version)
        .selectinload(IndicatorVersion.indicator)))
    done = set(db.session.execute(sa.select(ReportReminder.commitment_id, ReportReminder.period)).all())
    handed_in = set(db.session.execute(sa.select(Report.commitment_id, Report.period).where(
        Report.state.in_([ReportState.submitted, ReportState.approved]))).all())
    for commitment in commitments:
        # the period that ended most recently before today is the one whose deadline may be near
        for back in (0, 190, 370):
            day = today - timedelta(days=back)
            code = period_code(commitment.frequency, day)
            start, end = parse_period(code)
            if end >= today or code < commitment.first_period:
                continue
            deadline = deadline_of(code)
            if not today <= deadline <= today + timedelta(days=REMINDER_DAYS):
                continue
            if (commitment.id, code) in done or (commitment.id, code) in handed_in:
                continue
            db.session.add(ReportReminder(commitment_id=commitment.id, period=code, sent_at=now or utcnow()))
            done.add((commitment.id, code))
            link = url_for("impact.edit_report", commitment_id=commitment.id, period=code)
            notify(_members_of(commitment.organisation_id), notices.REPORT_DUE,
                   title=f"{commitment.name} ({code})", link=link, organisation=commitment.organisation.name,
                   indicator=commitment.name, period=code, deadline=deadline)
            sent += 1
            break
    db.session.flush()
    return sent


# -- the snapshot ---------------------------------------------------------------------------------
def snapshot_rows(period):
    """Return the approved catalogue reports of a period as aggregation rows, in two queries."""
    result = db.session.execute(
        sa.select(Report.id, Commitment.organisation_id, Indicator.code, IndicatorVersion.number,
                  IndicatorVersion.unit, IndicatorVersion.aggregation, Report.value, Report.numerator,
                  Report.denominator, Report.people_covered, Report.evidence_level, Report.deadweight_pct,
                  Report.attribution_pct)
        .join(Commitment, Report.commitment_id == Commitment.id)
        .join(IndicatorVersion, Commitment.indicator_version_id == IndicatorVersion.id)
        .join(Indicator, IndicatorVersion.indicator_id == Indicator.id)
        .where(Report.period == period, Report.state == ReportState.approved)).all()
    partners = {}
    if result:
        for report_id, organisation_id in db.session.execute(
                sa.select(report_co_deliverers.c.report_id, report_co_deliverers.c.organisation_id)
                .join(Report, Report.id == report_co_deliverers.c.report_id)
                .where(Report.period == period, Report.state == ReportState.approved)):
            partners.setdefault(report_id, set()).add(organisation_id)
    return [Row(organisation_id=r[1], code=r[2], version=r[3], unit=r[4], aggregation=r[5], value=r[6],
                numerator=r[7], denominator=r[8], people_covered=r[9], evidence_level=r[10], deadweight_pct=r[11],
                attribution_pct=r[12], co_deliverer_ids=frozenset(partners.get(r[0], ())))
            for r in result]


def committed_counts(period):
    """Return {(code, version, unit): organisations committed to report this period} and the names."""
    from app.impact.constants import Frequency

    frequency = Frequency.yearly if len(period) == 4 else Frequency.half_yearly
    rows = db.session.execute(
        sa.select(Indicator.code, IndicatorVersion.number, IndicatorVersion.unit, IndicatorVersion.name_en,
                  IndicatorVersion.name_sv, IndicatorVersion.aggregation, IndicatorVersion.direction,
                  IndicatorVersion.level, sa.func.count(sa.distinct(Commitment.organisation_id)))
        .join(IndicatorVersion, Commitment.indicator_version_id == IndicatorVersion.id)
        .join(Indicator, IndicatorVersion.indicator_id == Indicator.id)
        .where(Commitment.frequency == frequency, Commitment.first_period <= period)
        .group_by(Indicator.code, IndicatorVersion.number, IndicatorVersion.unit, IndicatorVersion.name_en,
                  IndicatorVersion.name_sv, IndicatorVersion.aggregation, IndicatorVersion.direction,
                  IndicatorVersion.level)).all()
    committed = {(r[0], r[1], r[2]): r[8] for r in rows}
    names = {(r[0], r[1]): {"name_en": r[3], "name_sv": r[4], "aggregation": r[5].value, "direction": r[6].value,
                            "level": r[7].value} for r in rows}
    return committed, names


def compute_snapshot(period):
    """Compute the alliance's figures of a period as they stand now (nothing is stored)."""
    rows = snapshot_rows(period)
    committed, names = committed_counts(period)
    organisations_committed = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Commitment.organisation_id)))
        .where(Commitment.indicator_version_id.is_not(None), Commitment.first_period <= period))
    return {
        "period": period,
        "computed_at": utcnow().isoformat(),
        "organisations_committed": organisations_committed or 0,
        "organisations_reported": len({r.organisation_id for r in rows}),
        "indicators": aggregate(rows, committed, names),
    }


def publish_snapshot(period, actor):
    """Compute and store a period's figures once; they never change afterwards."""
    if parse_period(period) is None:
        raise DomainError(_l("That is not a period."))
    if db.session.scalar(sa.select(Snapshot.id).where(Snapshot.period == period)):
        raise Conflict(_l("The figures of this period are published already; published figures never change."))
    figures = compute_snapshot(period)
    snapshot = Snapshot(period=period, figures=figures, published_by_id=actor.id, published_at=utcnow())
    db.session.add(snapshot)
    db.session.flush()
    record_audit(actor, AuditAction.impact_snapshot_published, snapshot, detail=period)
    return snapshot


# -- learning ------------------------------------------------------------------------------------
def save_guide(guide, fields, actor):
    """Create or change a guide."""
    if guide is None:
        if db.session.scalar(sa.select(Guide.id).where(Guide.slug == fields["slug"])):
            raise Conflict(_l("A guide with this address exists already."))
        guide = Guide(created_by_id=actor.id, state=GuideState.draft, created_at=utcnow())
        db.session.add(guide)
    for name, value in fields.items():
        setattr(guide, name, value)
    guide.updated_at = utcnow()
    db.session.flush()
    return guide


def publish_guide(guide, actor):
    if not guide.can_edit(actor):
        raise NotAllowed(_l("You may not do this."))
    if guide.state == GuideState.published:
        raise Conflict(_l("This guide is published already."))
    guide.state = GuideState.published
    guide.published_at = utcnow()
    db.session.flush()


def complete_guide(guide, organisation, actor):
    """Record that the organisation worked through the guide (once)."""
    if guide.state != GuideState.published:
        raise Conflict(_l("Only a published guide can be completed."))
    if not any(m.organisation_id == organisation.id for m in actor.approved_memberships):
        raise NotAllowed(_l("You may not do this."))
    exists = db.session.scalar(sa.select(GuideCompletion.id).where(
        GuideCompletion.guide_id == guide.id, GuideCompletion.organisation_id == organisation.id))
    if exists:
        return None
    completion = GuideCompletion(guide_id=guide.id, organisation_id=organisation.id, completed_by_id=actor.id,
                                 completed_at=utcnow())
    db.session.add(completion)
    db.session.flush()
    return completion


def record_maturity(organisation, answers, actor):
    """Store a self-assessment; return it with its level."""
    from app.impact.maturity import level_for, score_of

    score = score_of(answers)
    assessment = MaturityAssessment(organisation_id=organisation.id, answers=answers, score=score,
                                    level=level_for(score), created_by_id=actor.id, created_at=utcnow())
    db.session.add(assessment)
    db.session.flush()
    return assessment
