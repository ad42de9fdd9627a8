"""The challenge's figures for the alliance dashboard and the cycle page: a few aggregate queries each."""
import sqlalchemy as sa

from app.accounts.constants import SECTOR_LABELS
from app.accounts.models import Organisation
from app.challenges.constants import SENT, ChallengeAction, PilotAction
from app.challenges.models import Challenge, ChallengeEvent, PilotEvent, Proposal, ProposalEvent
from app.extensions import db

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
    return [(SECTOR_LABELS[sector], count if count >= SMALLEST_PUBLIC_COUNT else None)
            for sector, count in sorted(rows, key=lambda r: r[0].value)]
