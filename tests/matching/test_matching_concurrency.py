"""Two people acting on one match at the same moment: exactly one move wins; a pair is followed once."""
import threading

import pytest
import sqlalchemy as sa

from app.accounts.models import User
from app.errors import Conflict
from app.extensions import db
from app.matching import services
from app.matching.constants import MatchState
from app.matching.models import Match, MatchEvent, Need, Offering
from tests.conftest import ON_POSTGRES
from tests.matching.conftest import get_match

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: SQLite serialises writers, so "
                                                        "threads cannot race there")
THREADS = 6


def race(app, work):
    barrier = threading.Barrier(THREADS)
    outcomes = []
    lock = threading.Lock()

    def run():
        with app.app_context():
            barrier.wait()
            try:
                work()
                db.session.commit()
                result = "ok"
            except Conflict:
                db.session.rollback()
                result = "conflict"
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_only_one_of_several_simultaneous_introductions_wins(app, people, login, market, mailbox):
    login(people.coordinator).post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
    match_id = get_match(app, market.need.id, market.offering.id).id

    def introduce():
        coordinator = db.session.get(User, people.coordinator.id)
        with app.test_request_context():
            services.introduce(db.session.get(Match, match_id), coordinator)

    outcomes = race(app, introduce)
    assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["ok"]
    with app.app_context():
        assert db.session.get(Match, match_id).state == MatchState.introduced
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MatchEvent).where(
            MatchEvent.to_state == MatchState.introduced)) == 1


def test_a_pair_followed_by_several_people_at_once_is_tracked_once(app, people, market):
    def track():
        coordinator = db.session.get(User, people.coordinator.id)
        services.track_match(db.session.get(Need, market.need.id), db.session.get(Offering, market.offering.id),
                             coordinator)

    outcomes = race(app, track)
    assert outcomes == ["ok"] * THREADS
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 1
