"""Every matching route against every role; contact details only after an introduction with consent."""
from datetime import date

import pytest

from app.accounts.constants import OrganisationKind
from app.matching.constants import MatchState
from tests.conftest import ROLES, snapshot
from tests.matching.conftest import get_match

SIGN_IN = "sign-in"
OK, FORBIDDEN, REDIRECT, CONFLICT = 200, 403, 302, 409
OWNERS_OF_NEED = {"anonymous": SIGN_IN, "stakeholder": OK, "coordinator": OK, "*": FORBIDDEN}
OWNERS_OF_OFFERING = {"anonymous": SIGN_IN, "business": OK, "coordinator": OK, "*": FORBIDDEN}

ROUTES = [
    ("GET", "/matches/", {"*": OK}),
    ("GET", "/matches/needs", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/matches/offerings", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/matches/tracked", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/matches/needs/new", OWNERS_OF_NEED),
    ("GET", "/matches/offerings/new", OWNERS_OF_OFFERING),
    ("GET", "/matches/needs/{need}", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/matches/offerings/{offering}", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/matches/needs/{need}/edit", OWNERS_OF_NEED),
    ("POST", "/matches/needs/{need}/edit", OWNERS_OF_NEED),  # an empty form is shown again with errors
    ("GET", "/matches/offerings/{offering}/edit", OWNERS_OF_OFFERING),
    ("GET", "/matches/needs/{need}/matches", OWNERS_OF_NEED),
    ("GET", "/matches/needs/{need}/matches.csv", OWNERS_OF_NEED),
    ("GET", "/matches/needs/{other_need}/matches", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("GET", "/matches/offerings/{offering}/matches", OWNERS_OF_OFFERING),
    ("GET", "/matches/offerings/{offering}/matches.csv", OWNERS_OF_OFFERING),
    ("GET", "/matches/offerings/{other_offering}/matches", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/matches/needs/{need}/close",
     {"anonymous": SIGN_IN, "stakeholder": REDIRECT, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/matches/needs/{need}/offerings/{other_offering}/track",
     {"anonymous": SIGN_IN, "stakeholder": REDIRECT, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("GET", "/matches/tracked/{match}",
     {"anonymous": SIGN_IN, "stakeholder": OK, "business": OK, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/matches/tracked/{match}/interest",
     {"anonymous": SIGN_IN, "stakeholder": REDIRECT, "business": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/matches/tracked/{match}/decline",
     {"anonymous": SIGN_IN, "stakeholder": REDIRECT, "business": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/matches/tracked/{match}/introduce", {"anonymous": SIGN_IN, "coordinator": REDIRECT, "*": FORBIDDEN}),
    # Not introduced yet: those who may take the step are told it is too early (409), others 403.
    ("POST", "/matches/tracked/{match}/meeting",
     {"anonymous": SIGN_IN, "stakeholder": CONFLICT, "business": CONFLICT, "coordinator": CONFLICT, "*": FORBIDDEN}),
    ("POST", "/matches/tracked/{match}/customer",
     {"anonymous": SIGN_IN, "stakeholder": CONFLICT, "coordinator": CONFLICT, "*": FORBIDDEN}),
    ("POST", "/matches/tracked/{match}/no-fit",
     {"anonymous": SIGN_IN, "stakeholder": OK, "business": OK, "coordinator": OK, "*": FORBIDDEN}),
    ("GET", "/matches/tracked/999999", {"anonymous": SIGN_IN, "*": 404}),
    ("GET", "/matches/needs/999999/matches", {"anonymous": SIGN_IN, "*": 404}),
]


@pytest.fixture
def route_world(request, app, people, make_org, make_need, login):
    """The market, a need of another buyer and the coordinator's tracked match, as address values."""
    def build():
        market = request.getfixturevalue("market")
        other_buyer = make_org(name="Other Buyer", kind=OrganisationKind.established)
        other_need = make_need(other_buyer, title="Annan städning")
        login(people.coordinator).post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
        match = get_match(app, market.need.id, market.offering.id)
        return dict(need=market.need.id, offering=market.offering.id, other_offering=market.other.id,
                    other_need=other_need.id, match=match.id)
    return snapshot(request, "matching-routes", build)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,table", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_route_answers_each_role(as_role, route_world, method, path, table, role):
    url = path.format(**route_world)
    response = as_role(role).open(url, method=method, data={})
    expected = table.get(role, table["*"])
    if expected == SIGN_IN:
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    elif expected == OK and method == "POST":
        assert response.status_code in (200, 400)  # the form is shown again with its errors
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]


def test_a_member_of_another_established_organisation_sees_no_foreign_match_list(people, market, make_user,
                                                                               make_org, login):
    outsider = make_user(name="Outsider")
    make_org(name="Outsider Org", kind=OrganisationKind.established, admins=[outsider])
    client = login(outsider)
    assert client.get(f"/matches/needs/{market.need.id}/matches").status_code == 403
    assert client.get(f"/matches/needs/{market.need.id}/matches.csv").status_code == 403
    assert client.get(f"/matches/offerings/{market.offering.id}/matches").status_code == 403
    page = client.get("/matches/").get_data(as_text=True)
    assert market.need.title not in page


def test_contact_details_only_after_an_introduction_and_only_with_consent(app, people, login, market):
    stakeholder, business, coordinator = (login(people.stakeholder), login(people.business),
                                          login(people.coordinator))
    stakeholder.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
    match = get_match(app, market.need.id, market.offering.id)
    url = f"/matches/tracked/{match.id}"
    stakeholder.post(f"{url}/interest", data={"share_contact": "y"})
    business.post(f"{url}/interest", data={"share_contact": "y"})
    for client in (stakeholder, business, coordinator):  # consent alone is not enough
        page = client.get(url).get_data(as_text=True)
        assert people.stakeholder.email not in page and people.business.email not in page
    coordinator.post(f"{url}/introduce")
    for client in (stakeholder, business, coordinator):
        page = client.get(url).get_data(as_text=True)
        assert people.stakeholder.email in page and people.business.email in page
    # The business withdraws its consent: its details disappear again; the buyer's stay.
    business.post(f"{url}/interest", data={})
    page = stakeholder.get(url).get_data(as_text=True)
    assert people.business.email not in page and people.stakeholder.email in page
    assert login(people.plain).get(url).status_code == 403


def test_without_consent_nobody_sees_contact_details_even_after_introduction(app, people, login, market):
    coordinator = login(people.coordinator)
    coordinator.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
    match = get_match(app, market.need.id, market.offering.id)
    coordinator.post(f"/matches/tracked/{match.id}/introduce")
    assert get_match(app, market.need.id, market.offering.id).state == MatchState.introduced
    page = login(people.stakeholder).get(f"/matches/tracked/{match.id}").get_data(as_text=True)
    assert people.business.email not in page
    assert "only for people who agreed to share them" in page
    coordinator.post(f"/matches/tracked/{match.id}/meeting", data={"meeting_on": date.today().isoformat()})
    assert get_match(app, market.need.id, market.offering.id).state == MatchState.meeting_held
