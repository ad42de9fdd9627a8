"""The challenge area's public pages are cached for visitors, and a newly published challenge shows at once."""
import pytest

from app.challenges import services
from app.challenges.constants import ChallengeState
from app.challenges.models import Challenge
from app.extensions import cache, db


@pytest.fixture(autouse=True)
def page_cache(app):
    app.config["PAGE_CACHE_ENABLED"] = True
    with app.app_context():
        cache.clear()
    yield
    app.config["PAGE_CACHE_ENABLED"] = False
    with app.app_context():
        cache.clear()


@pytest.fixture
def visitor(app):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_cycle_page_is_cached_and_a_newly_published_challenge_shows_at_once(
        app, people, visitor, make_cycle, make_challenge):
    cycle_id = make_cycle()
    make_challenge(cycle_id, title="Meals for older people")
    waiting = make_challenge(cycle_id, state=ChallengeState.submitted, title="Safe routes to school")
    for path in (f"/challenges/cycles/{cycle_id}", "/challenges/"):
        first = visitor.get(path)
        assert first.status_code == 200 and first.headers["Cache-Control"].startswith("public")
        assert "Meals for older people" in first.get_data(as_text=True)
        assert "Safe routes to school" not in first.get_data(as_text=True)
        assert visitor.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with app.app_context():
        services.publish_challenge(db.session.get(Challenge, waiting), people.coordinator)
        db.session.commit()
    for path in (f"/challenges/cycles/{cycle_id}", "/challenges/", f"/challenges/c/{waiting}"):
        page = visitor.get(path)
        assert page.status_code == 200 and "Safe routes to school" in page.get_data(as_text=True), path


def test_a_challenge_page_is_cached_for_visitors_only(app, people, login, visitor, make_cycle, make_challenge):
    challenge_id = make_challenge(make_cycle(), title="Meals for older people")
    first = visitor.get(f"/challenges/c/{challenge_id}")
    assert first.status_code == 200 and first.headers["ETag"]
    assert visitor.get(f"/challenges/c/{challenge_id}").get_data() == first.get_data()
    member = login(people.stakeholder).get(f"/challenges/c/{challenge_id}")
    assert member.headers["Cache-Control"] == "private, no-store" and "ETag" not in member.headers
