"""Atomic claims: of many simultaneous claims exactly one wins (PostgreSQL, real threads)."""
import threading

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.errors import Conflict
from app.extensions import db
from app.requests import queries, services
from app.requests.constants import EventKind, RequestState
from app.requests.models import Assignment, Request, RequestEvent
from tests.conftest import ON_POSTGRES

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRES, reason="real concurrency needs PostgreSQL (set TEST_DATABASE_URL); "
                                               "SQLite serialises all writers"),
]


@pytest.fixture
def race_app(app, database_url, smtp_server):
    """A second app on the same database whose pool has a connection for every thread."""
    from app import create_app
    from tests.conftest import make_config

    racing = create_app(make_config(database_url, smtp_server[0].port,
                                    SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 25, "max_overflow": 5}))
    yield racing
    with racing.app_context():
        db.engine.dispose()


def _claim_all(app, pairs):
    """Run claim_request for each (user id, request id) in its own thread and session, all at once."""
    barrier = threading.Barrier(len(pairs))
    results = [None] * len(pairs)

    def work(index, user_id, request_id):
        with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "en"}):
            user = db.session.get(User, user_id)
            item = db.session.get(Request, request_id)
            _ = (user.roles, user.researcher_profile, item.organisation.memberships, item.assignments)
            barrier.wait()
            try:
                services.claim_request(item, user)
                db.session.commit()
                results[index] = "claimed"
            except Conflict as error:
                db.session.rollback()
                results[index] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(i, u, r)) for i, (u, r) in enumerate(pairs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_twenty_researchers_claim_the_same_request(app, race_app, people, make_request, make_researcher):
    researchers = [make_researcher(name=f"Researcher {i}") for i in range(20)]
    request_id = make_request(people.group_org, state=RequestState.open)
    results = _claim_all(race_app, [(r.id, request_id) for r in researchers])
    assert results.count("claimed") == 1
    refusals = [r for r in results if r != "claimed"]
    assert len(refusals) == 19
    assert all("Someone else changed this request" in r or "cannot be done now" in r for r in refusals), refusals
    with app.app_context():
        assert db.session.scalar(sa.select(Request.state).where(Request.id == request_id)) == RequestState.claimed
        claims = db.session.scalar(sa.select(sa.func.count()).select_from(RequestEvent).where(
            RequestEvent.request_id == request_id, RequestEvent.action == EventKind.claim))
        assignments = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment).where(
            Assignment.request_id == request_id))
    assert claims == 1
    assert assignments == 1


def test_one_researcher_claiming_many_at_once_stays_within_capacity(app, race_app, people, make_request,
                                                                   make_researcher):
    researcher = make_researcher(capacity=2)
    request_ids = [make_request(people.group_org, state=RequestState.open, title=f"Question {i}") for i in range(8)]
    results = _claim_all(race_app, [(researcher.id, r) for r in request_ids])
    assert results.count("claimed") == 2
    assert all("capacity" in r for r in results if r != "claimed")
    with app.app_context():
        assert queries.active_load(researcher.id) == 2
