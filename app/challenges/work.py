"""What waits for people in the challenge, for their "My work" page."""
import sqlalchemy as sa
from flask import url_for

from app.challenges.constants import ChallengeState, ReviewState
from app.challenges.models import JuryAssignment, Challenge, Juror, Review
from app.challenges.queries import current_cycle
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.work import WorkItem, work_provider


@work_provider("challenges", _l("Challenge"))
def jury_work(user):
    """A juror's declaration of conflicts and the reviews not yet submitted."""
    items = []
    for juror in db.session.scalars(sa.select(Juror).where(Juror.user_id == user.id)):
        link = url_for("challenges.jury", cycle_id=juror.cycle_id)
        if not juror.has_declared:
            items.append(WorkItem(_l("Declare your conflicts of interest"), None, link))
            continue
        open_reviews = db.session.scalar(
            sa.select(sa.func.count()).select_from(JuryAssignment).outerjoin(Review, Review.assignment_id == JuryAssignment.id)
            .where(JuryAssignment.juror_id == juror.id, sa.or_(Review.id.is_(None), Review.state == ReviewState.draft)))
        if open_reviews:
            items.append(WorkItem(_l("Proposals to score"), open_reviews, link))
    return items


@work_provider("challenges", _l("Challenge"))
def challenges_to_review(user):
    """Challenges waiting for a coordinator's review."""
    if not user.is_coordinator:
        return []
    cycle = current_cycle()
    if cycle is None:
        return []
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Challenge).where(
        Challenge.cycle_id == cycle.id, Challenge.state == ChallengeState.submitted))
    return [WorkItem(_l("Challenges waiting for review"), count, url_for("challenges.chair", cycle_id=cycle.id))]
