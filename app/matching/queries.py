"""Read-only queries of matching: the directories, and the tracked-match list and "My work" page, whose counts equal their lists."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching.constants import Category, MatchState, NeedState
from app.matching.models import Match, Need, Offering


def _need_side(organisation_ids):
    return Match.need_id.in_(sa.select(Need.id).where(Need.organisation_id.in_(organisation_ids)))


def _offering_side(organisation_ids):
    return Match.offering_id.in_(sa.select(Offering.id).where(Offering.organisation_id.in_(organisation_ids)))


def _mine(user):
    return [m.organisation_id for m in user.approved_memberships]


def _to_answer(user):
    """Suggested matches where the person's side has not yet said it is interested."""
    mine = _mine(user)
    return sa.and_(Match.state == MatchState.suggested, sa.or_(
        sa.and_(_need_side(mine), Match.need_interested.is_(False)),
        sa.and_(_offering_side(mine), Match.offering_interested.is_(False)),
    ))


_BOTH_INTERESTED = sa.and_(Match.state == MatchState.suggested, Match.need_interested.is_(True),
                           Match.offering_interested.is_(True))

# Views of the tracked matches that wait for someone: (label, condition for a person).
WAITING_VIEWS = {
    "to_answer": (_l("Waiting for your organisation's answer"), _to_answer),
    "to_introduce": (_l("Both sides interested: introduce them"), lambda user: _BOTH_INTERESTED),
}


def tracked_condition(user, waiting=None):
    """Return the condition for the tracked matches a person follows, narrowed to a waiting view."""
    conditions = []
    if not user.is_coordinator:
        mine = _mine(user)
        conditions.append(sa.or_(_need_side(mine), _offering_side(mine)))
    if waiting in WAITING_VIEWS:
        conditions.append(WAITING_VIEWS[waiting][1](user))
    return sa.and_(sa.true(), *conditions)


def count_tracked(user, waiting):
    """Count the tracked matches a person follows in one waiting view."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Match).where(tracked_condition(user, waiting)))


def directory(model, category):
    """Select the open needs or the available offerings, newest first, of one category if it is known."""
    query = sa.select(model).options(selectinload(model.organisation)).order_by(model.created_at.desc(), model.id.desc())
    if model is Need:
        query = query.where(Need.state == NeedState.open)
    else:
        query = query.where(Offering.available.is_(True))
    if category in {c.value for c in Category}:
        query = query.where(model.category == Category(category))
    return query
