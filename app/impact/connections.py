"""The impact framework's links to the other areas: the catalogue indicators named in the certification
advice, the indicators a challenge would be judged by, and the commitments of a contracted pilot.
The other areas call these functions (or the template globals in __init__) and never copy indicators."""
from datetime import timedelta

import sqlalchemy as sa
from flask import url_for

from app.db_types import utcnow
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.impact import notices
from app.impact.constants import Frequency, ReportState, VersionState, period_code
from app.impact.models import Commitment, IndicatorVersion, PilotReminder
from app.impact.services import create_commitment, indicators_by_code, progress_of, target_in_force

PILOT_REMINDER_DAYS = 365


def linked_indicators(codes):
    """Return [(code, published version or None)] in the given order: a code missing from the catalogue
    (or not published) comes back with None, to be shown as plain text."""
    codes = [str(c) for c in (codes or []) if str(c).strip()]
    found = indicators_by_code(codes) if codes else {}
    return [(code, found.get(code)) for code in codes]


def indicator_choices():
    """Return (code, label) of the published catalogue indicators, for a multi-select."""
    rows = db.session.scalars(sa.select(IndicatorVersion).where(IndicatorVersion.state == VersionState.published)
                              .options(sa.orm.selectinload(IndicatorVersion.indicator)))
    return sorted(((v.indicator.code, f"{v.indicator.code} · {v.name}") for v in rows), key=lambda c: c[0])


# -- pilots ------------------------------------------------------------------------------------
def pilot_commitments(pilot_ids):
    """Return {pilot id: [commitments made for it]} with their versions, targets and reports loaded."""
    ids = list(pilot_ids)
    result = {i: [] for i in ids}
    if not ids:
        return result
    rows = db.session.scalars(sa.select(Commitment).where(Commitment.pilot_id.in_(ids)).order_by(Commitment.id)
                              .options(sa.orm.selectinload(Commitment.indicator_version)
                                       .selectinload(IndicatorVersion.indicator),
                                       sa.orm.selectinload(Commitment.targets), sa.orm.selectinload(Commitment.reports)))
    for commitment in rows:
        result[commitment.pilot_id].append(commitment)
    return result


def commit_pilot(pilot, actor):
    """Give the proposing organisation a commitment to each of the challenge's catalogue indicators
    (once; a code no longer published is left out); return the commitments made now."""
    have = {c.indicator_version.indicator.code for c in pilot_commitments([pilot.id])[pilot.id]}
    today = utcnow().date()
    made = []
    for code, version in linked_indicators(pilot.proposal.challenge.indicator_refs):
        if version is None or code in have:
            continue
        have.add(code)
        commitment = create_commitment(
            pilot.proposal.organisation, actor, version=version, frequency=Frequency.yearly,
            baseline_value=0, baseline_on=today, baseline_source=str(_l("Set when the pilot was contracted")),
            first_period=period_code(Frequency.yearly, today), targets={})
        commitment.pilot_id = pilot.id
        made.append(commitment)
    db.session.flush()
    return made


def pilot_results(pilot_ids):
    """Return {pilot id: [rows]}: per commitment of the pilot, its approved reports against the target in
    force for the period, with the progress; a commitment with no approved report has one row without a period."""
    rows = {}
    for pilot_id, commitments in pilot_commitments(pilot_ids).items():
        rows[pilot_id] = []
        for commitment in commitments:
            approved = [r for r in commitment.reports if r.state == ReportState.approved]
            for report in approved or [None]:
                period = report.period if report else None
                target = target_in_force(commitment.targets, period) if period else None
                rows[pilot_id].append({
                    "commitment": commitment, "report": report, "period": period,
                    "figure": report.figure if report else None, "target": target.value if target else None,
                    "progress": progress_of(commitment, period, report.figure) if report else None})
    return rows


def award_dates(pilots):
    """Return {pilot id: the time its proposal was awarded} (from the proposal's award event)."""
    from app.challenges.constants import ProposalAction
    from app.challenges.models import ProposalEvent

    by_proposal = {p.proposal_id: p.id for p in pilots}
    if not by_proposal:
        return {}
    rows = db.session.execute(sa.select(ProposalEvent.proposal_id, sa.func.min(ProposalEvent.created_at)).where(
        ProposalEvent.proposal_id.in_(list(by_proposal)), ProposalEvent.action == ProposalAction.award)
        .group_by(ProposalEvent.proposal_id)).all()
    return {by_proposal[proposal_id]: at for proposal_id, at in rows}


def send_pilot_reminders(now=None):
    """A year after the award, remind the members of each contracted, running or completed pilot's
    organisation to report its results; once per pilot. Return how many were sent."""
    from app.challenges.constants import PilotState
    from app.challenges.models import Pilot
    from app.impact.services import _members_of
    from app.notifications.services import notify

    now = now or utcnow()
    done = set(db.session.scalars(sa.select(PilotReminder.pilot_id)))
    pilots = [p for p in db.session.scalars(sa.select(Pilot).where(
        Pilot.state.in_([PilotState.contracted, PilotState.running, PilotState.completed]))
        .options(sa.orm.selectinload(Pilot.proposal))) if p.id not in done]
    awarded = award_dates(pilots)
    sent = 0
    for pilot in pilots:
        at = awarded.get(pilot.id)
        if at is None or now < at + timedelta(days=PILOT_REMINDER_DAYS):
            continue
        db.session.add(PilotReminder(pilot_id=pilot.id, sent_at=now))
        notify(_members_of(pilot.proposal.organisation_id), notices.PILOT_RESULTS_DUE, title=pilot.proposal.title,
               link=url_for("challenges.show_pilot", pilot_id=pilot.id),
               body=_l("A year has passed since the award: report the pilot's results on its commitments."))
        sent += 1
    db.session.flush()
    return sent

