"""Queries of the science shop that several modules need."""
import sqlalchemy as sa

from app.accounts.models import ResearcherProfile
from app.extensions import db
from app.requests.constants import ACTIVE_WORK_STATES
from app.requests.models import Assignment, Request


def active_load(user_id):
    """Return how many requests under way this person works on."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Assignment).join(Request, Request.id == Assignment.request_id)
        .where(Assignment.user_id == user_id, Request.state.in_(ACTIVE_WORK_STATES))
    )


def capacity_of(user_id):
    """Return how many requests the person said they can work on at once."""
    profile = db.session.scalar(sa.select(ResearcherProfile).where(ResearcherProfile.user_id == user_id))
    return profile.capacity if profile is not None else 0


def has_capacity(user):
    """Return whether the person can take on one more request (their profile row is locked meanwhile)."""
    profile = db.session.scalar(
        sa.select(ResearcherProfile).where(ResearcherProfile.user_id == user.id).with_for_update()
    )
    capacity = profile.capacity if profile is not None else 0
    return active_load(user.id) < capacity
