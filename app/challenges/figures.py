"""The challenge's figures for the alliance dashboard and the cycle page: a few aggregate queries each."""
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.challenges.constants import SENT, ChallengeAction, PilotAction
from app.challenges.models import Challenge, ChallengeEvent, PilotEvent, Proposal, ProposalEvent
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.signals import DashboardFigure, dashboard_figures_asked

SMALLEST_PUBLIC_COUNT = 5


def _events(model, action, period, key):
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(getattr(model, key)))).where(
        model.action == action, model.created_at >= period.start_at, model.created_at < period.end_at))


def dashboard_figures(period):
    """Return (challenges posted, proposals sent, pilots started, pilots completed) in a period."""
    return (_events(ChallengeEvent, ChallengeAction.publish, period, "challenge_id"),
            _events(ProposalEvent, "submit", period, "proposal_id"),
            _events(PilotEvent, PilotAction.create, period, "pilot_id"),
            _events(PilotEvent, PilotAction.complete, period, "pilot_id"))


def sectors_taking_part(cycle_id):
    """Return [(sector label, organisations)] behind the cycle's sent proposals and challenges; small counts hidden."""
    proposers = sa.select(Proposal.organisation_id.label("id")).join(Challenge).where(
        Challenge.cycle_id == cycle_id, Proposal.state.in_(list(SENT)))
    owners = sa.select(Challenge.organisation_id.label("id")).where(
        Challenge.cycle_id == cycle_id, Challenge.state.in_(["published", "closed"]))
    ids = sa.union(proposers, owners).subquery()
    rows = db.session.execute(sa.select(Organisation.sector, sa.func.count(sa.distinct(Organisation.id)))
                              .where(Organisation.id.in_(sa.select(ids.c.id))).group_by(Organisation.sector)).all()
    return [(sector.label, count if count >= SMALLEST_PUBLIC_COUNT else None)
            for sector, count in sorted(rows, key=lambda r: r[0].value)]


MOST_CHALLENGES_SHOWN = 10


def _grouped(rows, other_label, most=None):
    """Keep rows of at least SMALLEST_PUBLIC_COUNT (the `most` largest); fold the rest into one row.

    The folded row is shown only when it holds two groups or more and reaches the smallest count
    itself, so that no small group is ever singled out. Returns (rows, number of groups folded away).
    """
    rows = sorted(rows, key=lambda r: (-r[1], str(r[0])))
    kept = [r for r in rows if r[1] >= SMALLEST_PUBLIC_COUNT][:most]
    rest = rows[len(kept):]
    folded = sum(n for _label, n in rest)
    if len(rest) >= 2 and folded >= SMALLEST_PUBLIC_COUNT:
        return kept + [(other_label, folded)], 0
    return kept, len(rest)


def dashboard_breakdowns(period):
    """Return (proposals per challenge, organisations taking part per sector) for proposals sent and
    challenges published in a period, each as ([(label, count)], groups left out)."""
    sent = (sa.select(ProposalEvent.proposal_id).where(
        ProposalEvent.action == "submit", ProposalEvent.created_at >= period.start_at,
        ProposalEvent.created_at < period.end_at).distinct().subquery())
    per_challenge = db.session.execute(
        sa.select(Challenge.title, sa.func.count(Proposal.id)).join(Proposal, Proposal.challenge_id == Challenge.id)
        .where(Proposal.id.in_(sa.select(sent.c.proposal_id))).group_by(Challenge.id, Challenge.title)).all()
    published = sa.select(ChallengeEvent.challenge_id).where(
        ChallengeEvent.action == ChallengeAction.publish, ChallengeEvent.created_at >= period.start_at,
        ChallengeEvent.created_at < period.end_at)
    proposers = sa.select(Proposal.organisation_id.label("id")).where(Proposal.id.in_(sa.select(sent.c.proposal_id)))
    owners = sa.select(Challenge.organisation_id.label("id")).where(Challenge.id.in_(published))
    ids = sa.union(proposers, owners).subquery()
    per_sector = db.session.execute(sa.select(Organisation.sector, sa.func.count(sa.distinct(Organisation.id)))
                                    .where(Organisation.id.in_(sa.select(ids.c.id))).group_by(Organisation.sector)).all()
    return (_grouped([(title, n) for title, n in per_challenge], _l("Other challenges"), most=MOST_CHALLENGES_SHOWN),
            _grouped([(sector.label, n) for sector, n in per_sector], _l("Other sectors")))



@dashboard_figures_asked.connect
def _answer_the_dashboard(_sender, period, **extra):
    """Answer the dashboard with the challenge's figures for the period."""
    posted, sent, started, completed = dashboard_figures(period)
    per_challenge, sectors = dashboard_breakdowns(period)
    area = _l("Challenge")
    return [DashboardFigure("challenges_posted", posted, 170, area, _l("Challenges published")),
            DashboardFigure("proposals_sent", sent, 180, area, _l("Proposals submitted")),
            DashboardFigure("pilots_started", started, 190, area, _l("Pilots started")),
            DashboardFigure("pilots_completed", completed, 200, area, _l("Pilots completed")),
            DashboardFigure("proposals_per_challenge", per_challenge),
            DashboardFigure("challenge_sectors", sectors)]
