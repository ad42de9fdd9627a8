"""Requests and researchers: the engine, the index kept up to date, the two ranked lists."""
import pytest
import sqlalchemy as sa

from app.accounts.models import ResearcherProfile
from app.extensions import db
from app.matching import research_engine as engine
from app.matching.engine import TextStats, prepare_pair_query
from app.text.index import terms_of
from app.matching.research import REQUEST, RESEARCHER
from app.requests.constants import RequestLanguage, RequestState
from app.requests.models import Assignment, Request, RequestTheme
from tests.conftest import persist
from tests.querycount import count_queries

EN = {"Accept-Language": "en"}
WEIGHTS = engine.normalise_weights()


def researcher(id, capacity=3, active=0, available=True, themes=(), completed=0, rating=None):
    return engine.ResearcherProfile(id, available, capacity, active, frozenset(themes), completed, rating)


def test_a_hand_checked_ranking():
    request = engine.RequestProfile(1, frozenset({"housing"}))
    query = prepare_pair_query({"segreg": 2, "bostad": 1}, TextStats(3, 4.0, {"segreg": 1, "bostad": 2}))
    postings = [(10, "segreg", 1, 1.25), (10, "bostad", 1, 1.25), (11, "bostad", 1, 1.25)]  # (.., text weight)
    people = [researcher(10, themes={"housing"}), researcher(11, completed=2, rating=5.0),
              researcher(12, capacity=2, active=2), researcher(13, available=False)]
    ranked = engine.rank_researchers(request, people, query, postings, WEIGHTS)
    assert [r.id for r in ranked] == [10, 11]            # 12 is full, 13 unavailable
    first = ranked[0]
    # Text: both query terms; themes: identical sets; capacity: all free; experience: none yet.
    assert first.values[1:] == (1.0, 1.0, 0.0)
    assert first.values[0] > ranked[1].values[0] > 0
    assert ranked[1].values[3] == pytest.approx(0.75)     # two completed, rated 5 of 5


def test_the_parts_add_up_to_the_score():
    request = engine.RequestProfile(1, frozenset({"health"}))
    query = prepare_pair_query({"halsa": 1}, TextStats(2, 3.0, {"halsa": 1}))
    ranked = engine.rank_researchers(request, [researcher(5, themes={"health"}, completed=1, active=1)], query,
                                     [(5, "halsa", 2, 1.0)], WEIGHTS)
    explanation = engine.explain(ranked[0], WEIGHTS, {"halsa": "hälsa"}, {"halsa": 0.5})
    assert sum(c.contribution for c in explanation.components) == pytest.approx(explanation.score)
    assert explanation.top_terms == ("hälsa",)


def test_declined_pairs_and_full_researchers_never_show():
    request = engine.RequestProfile(7, frozenset())
    query = prepare_pair_query({}, TextStats(0, 0.0, {}))
    people = [researcher(1), researcher(2, capacity=1, active=1)]
    ranked = engine.rank_researchers(request, people, query, [], WEIGHTS, declined=frozenset({(7, 1)}))
    assert ranked == []


@pytest.fixture
def science(app, people, make_user):
    """Two researchers with expertise, and open requests of the group's organisation."""
    from app.accounts.constants import Role

    housing = make_user(name="Hanna Housing", roles=[Role.researcher])
    health = make_user(name="Henrik Health", roles=[Role.researcher])
    with app.app_context():
        db.session.add_all([
            ResearcherProfile(user_id=housing.id, department="Urban Studies", expertise="housing, segregation",
                              bio="Tenants and neighbourhood renewal.", capacity=3),
            ResearcherProfile(user_id=health.id, department="Health and Society", expertise="public health, loneliness",
                              bio="Older people and social isolation.", capacity=3),
        ])
        db.session.commit()
    rows = []
    for title, question in [
        ("Loneliness among older tenants", "How can we reach older people who are lonely and isolated?"),
        ("Segregation and housing queues", "Why are housing queues longer for tenants in segregated areas?"),
    ]:
        rows.append(persist(app, Request(organisation_id=people.group_org.id, title=title, question=question,
                                         state=RequestState.open, language=RequestLanguage.en)))
    return housing, health, rows


def test_the_index_follows_the_texts(app, science):
    housing, health, (lonely, segregation) = science
    with app.app_context():
        assert "segreg" in terms_of(REQUEST, segregation.id)[0]
        assert "ensam" in terms_of(RESEARCHER, health.id)[0]  # "loneliness" is the theme word ensamhet
        request = db.session.get(Request, lonely.id)
        request.title = "Allotment gardens"
        request.question = "Who grows vegetables?"
        db.session.commit()
        terms = terms_of(REQUEST, lonely.id)[0]
        assert "allot" in terms and "ensam" not in terms


def test_coordinators_see_researchers_ranked_for_a_request(app, science, people, login):
    housing, health, (lonely, segregation) = science
    html = login(people.coordinator).get(f"/matches/requests/{segregation.id}/researchers",
                                         headers=EN).get_data(as_text=True)
    assert html.index("Hanna Housing") < html.index("Henrik Health")
    assert "segregation" in html and "Filters passed:" in html
    csv = login(people.coordinator).get(f"/matches/requests/{segregation.id}/researchers.csv").get_data().decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("1,Hanna Housing")


def test_researchers_see_open_requests_ranked_for_them(app, science, login):
    housing, health, (lonely, segregation) = science
    html = login(health).get("/matches/researchers/me/requests", headers=EN).get_data(as_text=True)
    assert html.index("Loneliness among older tenants") < html.index("Segregation and housing queues")


@pytest.mark.parametrize("role", ["anonymous", "plain", "group", "business", "stakeholder", "researcher",
                                  "facilitator", "coordinator"])
def test_who_may_see_the_research_lists(app, science, people, as_role, role):
    housing, health, (lonely, segregation) = science
    client = as_role(role)
    expected_request_list = {"anonymous": 302, "coordinator": 200}.get(role, 403)
    assert client.get(f"/matches/requests/{lonely.id}/researchers").status_code == expected_request_list
    expected_mine = {"anonymous": 302, "researcher": 200}.get(role, 403)
    assert client.get("/matches/researchers/me/requests").status_code == expected_mine


def test_the_research_lists_use_a_fixed_number_of_queries(app, science, people, login, make_user):
    from app.accounts.constants import Role

    housing, health, (lonely, segregation) = science
    counts = []
    for extra in (5, 45):
        users = [make_user(roles=[Role.researcher]) for _ in range(extra)]
        with app.app_context():
            for user in users:
                db.session.add(ResearcherProfile(user_id=user.id, department="X", expertise="housing", capacity=2))
                request = Request(organisation_id=people.group_org.id, title="Housing question",
                                  question="About housing", state=RequestState.open, language=RequestLanguage.en)
                db.session.add(request)
                db.session.flush()
                db.session.add(RequestTheme(request_id=request.id, theme=_first_theme()))
                db.session.add(Assignment(request_id=segregation.id, user_id=user.id, role=_lead()))
            db.session.commit()
        with count_queries(app) as for_request:
            login(people.coordinator).get(f"/matches/requests/{lonely.id}/researchers")
        with count_queries(app) as for_me:
            login(housing).get("/matches/researchers/me/requests")
        counts.append((len(for_request), len(for_me)))
    assert counts[0] == counts[1], counts


def _first_theme():
    from app.requests.constants import Theme

    return list(Theme)[0]


def _lead():
    from app.requests.constants import AssignmentRole

    return AssignmentRole.co_researcher


@pytest.mark.parametrize("state", [RequestState.accepted, RequestState.open])
def test_accepted_requests_rank_researchers_and_each_row_can_be_suggested(app, science, people, login, state):
    """The list ranks for an accepted request too (not "0 researchers" until it is opened), and "suggest"
    names a researcher: told at once when the request is open, and when it opens otherwise."""
    from app.notifications.models import Notification
    from app.requests.models import Suggestion

    housing, health, (lonely, segregation) = science
    with app.app_context():
        db.session.get(Request, segregation.id).state = state
        db.session.commit()
    coordinator = login(people.coordinator)
    url = f"/matches/requests/{segregation.id}/researchers"
    html = coordinator.get(url, headers=EN).get_data(as_text=True)
    assert "2 researchers" in html and html.index("Hanna Housing") < html.index("Henrik Health")
    assert "Suggest Hanna Housing" in html
    response = coordinator.post(f"{url.rstrip('/')}/{housing.id}/suggest", headers=EN)
    assert response.status_code == 302
    again = coordinator.post(f"{url.rstrip('/')}/{housing.id}/suggest", headers=EN, follow_redirects=True)
    assert "already suggested" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Suggestion)) == 1
        told = db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.user_id == housing.id))
        assert told == (1 if state == RequestState.open else 0)
    assert login(housing).post(f"{url}/{health.id}/suggest").status_code == 403
    assert "Suggested for this request" in coordinator.get(url, headers=EN).get_data(as_text=True)
