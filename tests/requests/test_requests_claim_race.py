"""Atomic claims: of many simultaneous claims exactly one wins, within capacity (real threads, both databases).

On SQLite the capacity check first writes the researcher's profile row, which takes the database's
write lock: the second claim waits for the first to commit and then counts it.
"""
import threading

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.errors import Conflict
from app.extensions import db
from app.requests import queries, services
from app.requests.constants import EventKind, RequestState
from app.requests.models import Assignment, Request, RequestEvent


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
    assert all("Someone else changed this at the same moment" in r or "cannot be done now" in r for r in refusals), refusals
    with app.app_context():
        assert db.session.scalar(sa.select(Request.state).where(Request.id == request_id)) == RequestState.claimed
        claims = db.session.scalar(sa.select(sa.func.count()).select_from(RequestEvent).where(
            RequestEvent.request_id == request_id, RequestEvent.action == EventKind.claim))
        assignments = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment).where(
            Assignment.request_id == request_id))
    assert claims == 1
    assert assignments == 1


@pytest.mark.parametrize("capacity,claims", [(1, 2), (2, 8)])
def test_one_researcher_claiming_many_at_once_stays_within_capacity(app, race_app, people, make_request,
                                                                   make_researcher, capacity, claims):
    researcher = make_researcher(capacity=capacity)
    request_ids = [make_request(people.group_org, state=RequestState.open, title=f"Question {i}")
                   for i in range(claims)]
    results = _claim_all(race_app, [(researcher.id, r) for r in request_ids])
    assert results.count("claimed") == capacity, results
    assert all("capacity" in r for r in results if r != "claimed"), results
    with app.app_context():
        assert queries.active_load(researcher.id) == capacity


def test_a_coordinator_assigning_while_the_researcher_claims_stays_within_capacity(app, race_app, people,
                                                                                  make_request, make_researcher):
    researcher = make_researcher(capacity=1)
    first = make_request(people.group_org, state=RequestState.open, title="Claimed")
    second = make_request(people.group_org, state=RequestState.open, title="Assigned")
    barrier = threading.Barrier(2)
    results = {}

    def work(name, request_id, actor_id):
        with race_app.app_context(), race_app.test_request_context("/", headers={"Accept-Language": "en"}):
            actor = db.session.get(User, actor_id)
            target = db.session.get(User, researcher.id)
            item = db.session.get(Request, request_id)
            _ = (actor.roles, target.roles, item.organisation.memberships, item.assignments, item.suggestions)
            barrier.wait()
            try:
                if name == "claim":
                    services.claim_request(item, target)
                else:
                    services.assign_request(item, actor, target)
                db.session.commit()
                results[name] = "ok"
            except Conflict as error:
                db.session.rollback()
                results[name] = str(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=("claim", first, researcher.id)),
               threading.Thread(target=work, args=("assign", second, people.coordinator.id))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results.values()).count("ok") == 1, results
    with app.app_context():
        assert queries.active_load(researcher.id) == 1
