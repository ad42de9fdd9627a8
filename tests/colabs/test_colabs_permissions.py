"""Every co-labs route against every role; who sees answers and whose registrations."""
import pytest

from app.colabs.constants import SessionState
from tests.conftest import ROLES

SIGN_IN = "sign-in"
OK, FORBIDDEN, REDIRECT, NOT_FOUND = 200, 403, 302, 404
MANAGERS = {"anonymous": SIGN_IN, "facilitator": OK, "coordinator": OK, "*": FORBIDDEN}

# {own}: published, run by people.facilitator; {other}: run by another facilitator; {draft}: facilitator's draft;
# {past}: facilitator's session that has started. people.plain holds a seat at {own}.
ROUTES = [
    ("GET", "/colabs/", {"*": OK}),
    ("GET", "/colabs/month", {"*": OK}),
    ("GET", "/colabs/month?year=2027&month=10&theme=housing&format=training", {"*": OK}),
    ("GET", "/colabs/manage", MANAGERS),
    ("GET", "/colabs/new", MANAGERS),
    ("POST", "/colabs/new", MANAGERS),  # invalid (empty) form: shown again with errors
    ("GET", "/colabs/{own}", {"*": OK}),
    ("GET", "/colabs/{own}.ics", {"*": OK}),
    ("GET", "/colabs/{draft}", MANAGERS),
    ("GET", "/colabs/{draft}.ics", MANAGERS),
    ("GET", "/colabs/{own}/edit", MANAGERS),
    ("POST", "/colabs/{own}/edit", MANAGERS),
    ("GET", "/colabs/{other}/edit", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/colabs/{other}/edit", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/colabs/{draft}/publish", {"anonymous": SIGN_IN, "facilitator": REDIRECT, "coordinator": REDIRECT,
                                         "*": FORBIDDEN}),
    ("POST", "/colabs/{own}/publish", {"anonymous": SIGN_IN, "facilitator": 409, "coordinator": 409, "*": FORBIDDEN}),
    ("GET", "/colabs/{own}/cancel", MANAGERS),
    ("POST", "/colabs/{other}/cancel", {"anonymous": SIGN_IN, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("GET", "/colabs/{own}/participants", MANAGERS),
    ("GET", "/colabs/{other}/participants", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("GET", "/colabs/{own}/participants.csv", MANAGERS),
    ("GET", "/colabs/{own}/attendance", MANAGERS),
    ("POST", "/colabs/{own}/attendance", {"anonymous": SIGN_IN, "facilitator": REDIRECT, "coordinator": REDIRECT,
                                          "*": FORBIDDEN}),
    ("GET", "/colabs/{own}/message", MANAGERS),
    ("GET", "/colabs/{past}/close", MANAGERS),
    ("GET", "/colabs/{other}/close", {"anonymous": SIGN_IN, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/colabs/{own}/register", {"anonymous": SIGN_IN, "plain": 409, "*": REDIRECT}),
    ("POST", "/colabs/{draft}/register", {"anonymous": SIGN_IN, "facilitator": 409, "coordinator": 409,
                                          "*": FORBIDDEN}),
    ("POST", "/colabs/{own}/registration/cancel", {"anonymous": SIGN_IN, "plain": REDIRECT, "*": NOT_FOUND}),
    ("GET", "/colabs/mine", {"anonymous": SIGN_IN, "*": OK}),
    ("POST", "/colabs/feed", {"anonymous": SIGN_IN, "*": REDIRECT}),
    ("POST", "/colabs/feed/revoke", {"anonymous": SIGN_IN, "*": REDIRECT}),
    ("GET", "/colabs/feed/unknown-token.ics", {"*": NOT_FOUND}),
    ("GET", "/colabs/999999", {"*": NOT_FOUND}),
]


@pytest.fixture
def sessions(people, make_user, make_session, register):
    from tests.colabs.conftest import in_days

    other_facilitator = make_user(name="Other Facilitator", roles=["facilitator"])
    ids = {
        "own": make_session(facilitators=[people.facilitator], questions=["Any dietary needs?"]),
        "other": make_session(facilitators=[other_facilitator]),
        "draft": make_session(facilitators=[people.facilitator], state=SessionState.draft),
        "past": make_session(facilitators=[people.facilitator], starts_at=in_days(-1)),
    }
    register(ids["own"], people.plain, {"Any dietary needs?": "Vegan, no nuts"})
    return ids


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,table", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_route_answers_each_role(as_role, sessions, method, path, table, role):
    response = as_role(role).open(path.format(**sessions), method=method, data={})
    expected = table.get(role, table["*"])
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("role,sees_answers", [("facilitator", True), ("coordinator", False)])
def test_only_the_sessions_facilitators_see_registrants_answers(as_role, sessions, role, sees_answers):
    client = as_role(role)
    page = client.get(f"/colabs/{sessions['own']}/participants").get_data(as_text=True)
    assert ("Vegan, no nuts" in page) is sees_answers
    assert "Plain Person" in page  # both see who comes
    csv = client.get(f"/colabs/{sessions['own']}/participants.csv").get_data(as_text=True)
    assert ("Vegan, no nuts" in csv) is sees_answers
    assert ("Any dietary needs?" in csv) is sees_answers


def test_the_session_page_never_shows_answers(as_role, sessions):
    for role in ROLES:
        assert "Vegan, no nuts" not in as_role(role).get(f"/colabs/{sessions['own']}").get_data(as_text=True)


def test_each_person_sees_only_their_own_registrations(as_role, people, sessions, register):
    register(sessions["other"], people.group)
    plain_page = as_role("plain").get("/colabs/mine").get_data(as_text=True)
    group_page = as_role("group").get("/colabs/mine").get_data(as_text=True)
    assert "Session 1" in plain_page and "Session 2" not in plain_page
    assert "Session 2" in group_page and "Session 1" not in group_page
    # The session page tells the person their own status only.
    assert "You have a seat" in as_role("plain").get(f"/colabs/{sessions['own']}").get_data(as_text=True)
    assert "You have a seat" not in as_role("group").get(f"/colabs/{sessions['own']}").get_data(as_text=True)


def test_a_facilitator_cannot_edit_another_facilitators_session_by_posting(app, as_role, sessions):
    from app.colabs.models import ColabSession
    from app.extensions import db

    response = as_role("facilitator").post(f"/colabs/{sessions['other']}/edit", data={"title": "Taken over"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(ColabSession, sessions["other"]).title == "Session 2"
