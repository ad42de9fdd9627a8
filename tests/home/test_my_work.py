"""My work: each role's home shows exactly what waits for it, in a fixed number of queries."""
import re
from datetime import timedelta
from html import unescape

import pytest

from app.accounts.constants import OrganisationKind
from app.certification.models import AssessmentState
from app.colabs.constants import SessionState
from app.colabs.models import ColabAction
from app.db_types import utcnow
from app.extensions import db
from app.matching.models import Match
from app.requests.constants import EventKind, RequestState
from app.requests.models import RequestEvent, Suggestion
from tests.certification.conftest import definition, make_assessment, version  # noqa: F401
from tests.colabs.conftest import in_days, make_session, register  # noqa: F401
from tests.matching.conftest import make_need, make_offering  # noqa: F401
from tests.querycount import count_queries
from tests.requests.conftest import make_request  # noqa: F401


@pytest.fixture
def prepared(app, people, make_org, make_request, make_assessment, make_need, make_offering,
             make_session, register):
    """One thing waiting for each role in each area, and things waiting for nobody."""
    group, researcher = people.group_org, people.researcher
    ids = {state: make_request(group, state=state, assignee=researcher, title=f"Request {state.value}")
           for state in (RequestState.draft, RequestState.needs_info, RequestState.accepted, RequestState.open,
                         RequestState.claimed, RequestState.in_progress, RequestState.completed)}
    make_request(group, state=RequestState.submitted, title="New request")
    answered = make_request(group, state=RequestState.submitted, title="Answered request")
    make_request(group, state=RequestState.completed, title="Rated request", rating=5)
    make_request(group, state=RequestState.declined, title="Declined request")
    with app.app_context():
        db.session.add(RequestEvent(request_id=answered, action=EventKind.ask_info, note="Which courtyard?"))
        db.session.add(Suggestion(request_id=ids[RequestState.open], user_id=researcher.id))
        db.session.commit()

    make_org(name="Joining Group", kind=OrganisationKind.community_group, admins=[people.group], pending=[people.plain])

    make_assessment(people.business_org, people.business, state=AssessmentState.submitted)

    need = make_need(people.stakeholder_org, creator=people.stakeholder)
    mine = make_offering(people.business_org, creator=people.business)
    others = [make_offering(make_org(name=f"Other Business {n}", kind=OrganisationKind.social_business),
                            title=f"Fönsterputs {n}") for n in (1, 2, 3)]
    with app.app_context():
        db.session.add_all([
            Match(need_id=need.id, offering_id=mine.id, need_interested=True),           # the business answers
            Match(need_id=need.id, offering_id=others[0].id, need_interested=True,
                  offering_interested=True),                                                # coordinator introduces
            Match(need_id=need.id, offering_id=others[1].id),                               # the stakeholder answers
            Match(need_id=need.id, offering_id=others[2].id, need_interested=True, offering_interested=True,
                  state="introduced"),                                                       # waits for nobody here
        ])
        db.session.commit()

    upcoming = make_session(facilitators=[people.facilitator], capacity=10, title="Courtyard workshop",
                            starts_at=in_days(5))
    register(upcoming, people.group)
    register(upcoming, people.stakeholder)
    past = make_session(facilitators=[people.facilitator], state=SessionState.completed, starts_at=in_days(-10))
    later = make_session(facilitators=[people.facilitator], state=SessionState.completed, starts_at=in_days(-3))
    with app.app_context():
        today = utcnow().date()
        db.session.add(ColabAction(session_id=past, what="Send the notes", who="Facilitator",
                                   due_on=today - timedelta(days=2)))
        db.session.add(ColabAction(session_id=later, what="Book the next room", due_on=today + timedelta(days=30)))
        db.session.commit()
    return {"upcoming": upcoming}


def work_items(html):
    """Return {(href, count or None)} of the items on a "My work" page."""
    items = set()
    for li in re.findall(r"<li>\s*(.*?)</li>", html.split('class="work-areas"', 1)[-1].split("</main>")[0], re.S):
        if 'class="work-count"' not in li and "work-detail" not in li:
            continue
        count = re.search(r'class="work-count"[^>]*>(\d+)<', li)
        href = re.search(r'<a href="([^"]+)"', li).group(1)
        items.add((unescape(href), int(count.group(1)) if count else None))
    return items


def expected(role, prepared):
    return {
        "coordinator": {("/requests/queue?state=new", 1), ("/requests/queue?state=info_received", 1),
                        ("/requests/queue?state=accepted", 1), ("/requests/queue?state=open", 1),
                        ("/colabs/manage?actions=due", 1), ("/colabs/actions/overdue", 1),
                        ("/certification/review?state=submitted", 1),
                        ("/matches/tracked?waiting=to_introduce", 1)},
        "researcher": {("/requests/open?suggested=y", 1), ("/requests/?step=to_start", 1),
                       ("/requests/?step=to_complete", 1)},
        "facilitator": {(f"/colabs/{prepared['upcoming']}/participants", None), ("/colabs/manage?actions=due", 1),
                        ("/colabs/actions/overdue", 1)},
        "group": {("/requests/?step=draft", 1), ("/requests/?step=needs_info", 1), ("/requests/?step=to_rate", 1),
                  ("/organisations/{joining}#members-heading", 1)},
        "business": {("/matches/tracked?waiting=to_answer", 1), ("/certification/", None)},
        "stakeholder": {("/matches/tracked?waiting=to_answer", 1)},
        "plain": set(),
    }[role]


ROLES = ["coordinator", "researcher", "facilitator", "group", "business", "stakeholder", "plain"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_exactly_what_waits_for_it(app, people, login, prepared, role):
    response = login(getattr(people, role)).get("/", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>My work</h1>" in html
    want = expected(role, prepared)
    if role == "group":
        joining = re.search(r'href="/organisations/(\d+)#members-heading"', html).group(1)
        want = {(href.replace("{joining}", joining), count) for href, count in want}
    assert work_items(html) == want
    if not want:
        assert "Nothing waits for you right now." in html


def test_the_facilitator_sees_seats_and_waitlist_of_the_next_session(people, login, prepared):
    html = login(people.facilitator).get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Courtyard workshop" in html and "2 of 10 seats taken, 0 on the waitlist" in html


def test_the_business_sees_its_certification_status(people, login, prepared):
    html = login(people.business).get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Business Org" in html and "Not certified" in html


@pytest.mark.parametrize("role", ROLES)
def test_each_link_shows_as_many_rows_as_the_count(app, people, login, prepared, role):
    client = login(getattr(people, role))
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for href, count in work_items(html):
        if count is None or "#" in href:
            continue
        page = client.get(href, headers={"Accept-Language": "en"})
        assert page.status_code == 200, href
        body = page.get_data(as_text=True).rsplit("<tbody>", 1)[1].split("</tbody>", 1)[0]
        assert body.count("<tr>") == count, href


@pytest.mark.parametrize("path", [
    "/requests/?step=nonsense", "/requests/?step=", "/requests/queue?state=%27%3B--",
    "/requests/open?suggested=maybe", "/matches/tracked?waiting=all%00", "/matches/tracked?waiting=x&state=y",
    "/colabs/manage?actions=soon", "/certification/review?state=12",
])
def test_hand_typed_filters_never_fail(people, login, path):
    assert login(people.coordinator).get(path).status_code in (200, 400)


@pytest.mark.parametrize("role", ROLES)
def test_the_home_takes_a_fixed_number_of_queries(app, people, login, prepared, make_request, make_session, role):
    client = login(getattr(people, role))
    with count_queries(app) as before:
        client.get("/")
    for n in range(5):
        make_request(people.group_org, state=RequestState.needs_info, assignee=people.researcher)
        make_request(people.group_org, state=RequestState.in_progress, assignee=people.researcher)
        make_session(facilitators=[people.facilitator], starts_at=in_days(2 + n))
    with count_queries(app) as after:
        client.get("/")
    assert len(after) == len(before) <= 16


def test_signing_in_lands_on_my_work(client, people):
    from tests.conftest import PASSWORD

    response = client.post("/account/login", data={"email": people.group.email, "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 302 and response.headers["Location"] in ("/", "http://localhost/")
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>My work</h1>" in html


def test_visitors_see_the_alliance_and_every_public_part(client):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "My work" not in html and "key actors have joined" in html
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for path in ("/requests/library", "/requests/new", "/colabs/", "/certification/", "/certification/registry",
                 "/certification/verify", "/matches/", "/about", "/dashboard/public"):
        assert f'href="{path}"' in nav, path
    assert client.get("/matches/").status_code == 200
