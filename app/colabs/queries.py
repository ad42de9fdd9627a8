"""Queries the session lists and the "My work" page share, so that a count equals its list."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.colabs.constants import ActionState, SessionState
from app.colabs.models import ColabAction, ColabSession, colab_session_facilitators
from app.colabs.timezones import utc_to_local
from app.db_types import utcnow
from app.extensions import db


def today():
    """Return today's date in Swedish time."""
    return utc_to_local(utcnow()).date()


def managed_condition(user, actions_due=False):
    """Return the condition for the sessions a person manages (all for coordinators), narrowed to those
    with open follow-up actions due today or earlier."""
    conditions = []
    if not user.is_coordinator:
        conditions.append(ColabSession.id.in_(
            sa.select(colab_session_facilitators.c.session_id)
            .where(colab_session_facilitators.c.user_id == user.id)))
    if actions_due:
        conditions.append(ColabSession.id.in_(
            sa.select(ColabAction.session_id).where(ColabAction.state == ActionState.open,
                                                    ColabAction.due_on <= today())))
    return sa.and_(sa.true(), *conditions)


def count_sessions_with_actions_due(user):
    return db.session.scalar(sa.select(sa.func.count()).select_from(ColabSession)
                             .where(managed_condition(user, actions_due=True)))


def next_sessions_of(user, limit=3):
    """Return the next published sessions the person facilitates, soonest first."""
    return list(db.session.scalars(
        sa.select(ColabSession)
        .where(ColabSession.state == SessionState.published, ColabSession.ends_at >= utcnow(),
               ColabSession.id.in_(sa.select(colab_session_facilitators.c.session_id)
                                   .where(colab_session_facilitators.c.user_id == user.id)))
        .order_by(ColabSession.starts_at, ColabSession.id).limit(limit)))


def overdue_actions_query(user):
    """Return the query of open actions past their due date, of the sessions the person manages, oldest first."""
    return (sa.select(ColabAction).join(ColabSession)
            .where(ColabAction.state == ActionState.open, ColabAction.due_on < today(), managed_condition(user))
            .options(selectinload(ColabAction.session), selectinload(ColabAction.owner))
            .order_by(ColabAction.due_on, ColabAction.id))


def count_overdue_actions(user):
    return db.session.scalar(sa.select(sa.func.count()).select_from(overdue_actions_query(user).subquery()))


def upcoming_sessions_of_format(session_format, limit=5):
    """Return the next published sessions of one format, soonest first (the impact area lists its clinics)."""
    return list(db.session.scalars(
        sa.select(ColabSession).where(ColabSession.format == session_format,
                                      ColabSession.state == SessionState.published, ColabSession.ends_at >= utcnow())
        .order_by(ColabSession.starts_at, ColabSession.id).limit(limit)))


def sessions_attended_by(user_ids, session_format):
    """Return the sessions of one format that any of these people attended, newest first."""
    from app.colabs.models import ColabRegistration

    if not user_ids:
        return []
    return list(db.session.scalars(
        sa.select(ColabSession).where(ColabSession.format == session_format, ColabSession.id.in_(
            sa.select(ColabRegistration.session_id).where(ColabRegistration.user_id.in_(list(user_ids)),
                                                          ColabRegistration.attended.is_(True))))
        .order_by(ColabSession.starts_at.desc(), ColabSession.id.desc())))
