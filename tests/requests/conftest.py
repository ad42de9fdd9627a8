"""Fixtures of the science-shop tests: requests in any state, researchers with profiles."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.constants import Role
from app.accounts.models import ResearcherProfile
from app.db_types import utcnow
from app.extensions import db
from app.requests.constants import AssignmentRole, RequestState, Theme
from app.requests.models import Assignment, Request, RequestTheme

ASSIGNED_STATES = {RequestState.claimed, RequestState.in_progress, RequestState.completed}


@pytest.fixture
def make_researcher(app, make_user):
    """Return a researcher with a profile of the given capacity and expertise."""
    def make(capacity=2, expertise="urban planning, housing", **kwargs):
        user = make_user(roles=[Role.researcher], **kwargs)
        with app.app_context():
            db.session.add(ResearcherProfile(user_id=user.id, capacity=capacity, expertise=expertise))
            db.session.commit()
        return user
    return make


@pytest.fixture
def make_request(app):
    """Create a request directly in any state (a fixture, not the lifecycle), with fitting dates."""
    def make(organisation, state=RequestState.submitted, assignee=None, title="Green courtyards in Rosengård",
             question="How can tenants make their courtyards greener and safer?", themes=(Theme.sdg11,),
             consent=True, age_days=3, **fields):
        now = utcnow()
        item = Request(
            organisation_id=organisation.id, state=state, title=title, question=question,
            consent_to_publish=consent, created_at=now - timedelta(days=age_days + 1), updated_at=now, **fields,
        )
        if state != RequestState.draft:
            item.submitted_at = now - timedelta(days=age_days)
        if state not in (RequestState.draft, RequestState.submitted):
            item.first_answer_at = now - timedelta(days=max(age_days - 1, 0))
        if state in ASSIGNED_STATES:
            item.claimed_at = now - timedelta(hours=12)
        if state == RequestState.completed:
            item.completed_at = now
            item.public_summary = item.public_summary or "Tenants planted together and felt safer."
            item.result_text = item.result_text or "The full report."
        with app.app_context():
            db.session.add(item)
            db.session.flush()
            for theme in themes:
                db.session.add(RequestTheme(request_id=item.id, theme=theme))
            if assignee is not None and state in ASSIGNED_STATES:
                db.session.add(Assignment(request_id=item.id, user_id=assignee.id, role=AssignmentRole.lead))
            db.session.commit()
            item_id = item.id
        return item_id
    return make


def fetch(app, request_id):
    """Return (state, number of events) of a request, read fresh."""
    from app.requests.models import RequestEvent

    with app.app_context():
        state = db.session.scalar(sa.select(Request.state).where(Request.id == request_id))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(RequestEvent)
                                   .where(RequestEvent.request_id == request_id))
    return state, events
