"""Factories for co-lab sessions and registrations."""
from datetime import datetime, timedelta, timezone

import pytest

from app.accounts.models import User
from app.colabs.constants import KEPT_SEATS_RELEASE_DAYS, RegistrationState, SessionFormat, SessionState, Theme
from app.colabs.models import ColabRegistration, ColabReservedSeats, ColabSession, ColabSessionTheme
from app.extensions import db


def in_days(days, hour=10):
    """Return an aware UTC time `days` from now at a round hour."""
    base = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    return base.replace(hour=hour) + timedelta(days=days)


@pytest.fixture
def make_session(app, numbers):

    def make(facilitators=(), state=SessionState.published, capacity=10, starts_at=None, hours=2,
             questions=(), reserved=None, themes=(Theme.housing,), format=SessionFormat.colab_workshop, title=None):
        number = numbers.next("session")
        # Kept seats are released KEPT_SEATS_RELEASE_DAYS before the start: a session that keeps seats starts
        # later, so that they are still kept whatever the hour the suite runs at.
        starts_at = starts_at or in_days(7 if not reserved else KEPT_SEATS_RELEASE_DAYS + 7)
        with app.app_context():
            session = ColabSession(
                title=title or f"Session {number}", format=format, description="A session to work together.",
                starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), venue="Stadsbiblioteket, Malmö",
                language="sv", capacity=capacity, questions=list(questions), state=state,
            )
            session.facilitators = [db.session.get(User, f.id) for f in facilitators]
            session.theme_links = [ColabSessionTheme(theme=t) for t in themes]
            session.reserved_seats = [ColabReservedSeats(sector=s, seats=n) for s, n in (reserved or {}).items()]
            db.session.add(session)
            db.session.commit()
            session_id = session.id
        return session_id
    return make


@pytest.fixture
def register(app):
    """Register a person through the service and commit, as the route does."""
    from app.colabs import services

    def do(session_id, user, answers=None):
        with app.test_request_context():
            registration = services.register_for_session(
                db.session.get(ColabSession, session_id), db.session.get(User, user.id), answers)
            db.session.commit()
            return registration.state
    return do


def states(app, session_id):
    """Return [(user id, state, arrival)] of a session's registrations in arrival order."""
    with app.app_context():
        rows = db.session.query(ColabRegistration).filter_by(session_id=session_id).order_by(ColabRegistration.arrival)
        return [(r.user_id, r.state, r.arrival) for r in rows]


REGISTERED, WAITLISTED, CANCELLED = RegistrationState.registered, RegistrationState.waitlisted, RegistrationState.cancelled
