"""Every co-labs route against every role; who sees answers and whose registrations."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.colabs.constants import SessionState
from app.colabs.models import ColabAction, ColabRegistration
from app.db_types import utcnow
from app.extensions import db
from tests.colabs.conftest import in_days
from tests.conftest import ROLES, snapshot

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
    # Attendance is ticked from a day before the start: {own} is a week away, {soon} two hours.
    ("POST", "/colabs/{own}/attendance", {"anonymous": SIGN_IN, "facilitator": 409, "coordinator": 409,
                                          "*": FORBIDDEN}),
    ("POST", "/colabs/{soon}/attendance", {"anonymous": SIGN_IN, "facilitator": REDIRECT, "coordinator": REDIRECT,
                                           "*": FORBIDDEN}),
    ("GET", "/colabs/{soon}/attendance", MANAGERS),
    ("POST", "/colabs/{soon}/walk-ins", {"anonymous": SIGN_IN, "facilitator": 400, "coordinator": 400,
                                         "*": FORBIDDEN}),  # empty form: shown again with errors
    # Steps by hand on registrations: {seat} holds a seat at {soon}, {wait} is on its waitlist.
    ("POST", "/colabs/{soon}/registrations/{wait}/admit", {"anonymous": SIGN_IN, "facilitator": REDIRECT,
                                                           "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/colabs/{soon}/registrations/{seat}/admit", {"anonymous": SIGN_IN, "facilitator": 409,
                                                           "coordinator": 409, "*": FORBIDDEN}),
    ("GET", "/colabs/{soon}/registrations/{seat}/remove", MANAGERS),
    ("POST", "/colabs/{soon}/registrations/{seat}/remove", MANAGERS),  # no message: shown again
    ("POST", "/colabs/{soon}/registrations/{seat}/no-show", {"anonymous": SIGN_IN, "facilitator": 409,
                                                             "coordinator": 409, "*": FORBIDDEN}),  # not started
    ("POST", "/colabs/{soon}/registrations/{seat}/arrived", {"anonymous": SIGN_IN, "facilitator": 409,
                                                             "coordinator": 409, "*": FORBIDDEN}),
    ("GET", "/colabs/{own}/registrations/{wait}/remove", {"anonymous": SIGN_IN, "*": NOT_FOUND}),  # another session's
    ("GET", "/colabs/{soon}/registrations/999999/remove", {"anonymous": SIGN_IN, "*": NOT_FOUND}),
    # Outcomes and follow-up actions of {done}, a completed session; people.researcher owns {action}.
    ("GET", "/colabs/{done}/outcomes", MANAGERS),
    ("POST", "/colabs/{done}/outcomes", MANAGERS),  # empty: shown again with errors
    ("GET", "/colabs/{own}/outcomes", {"anonymous": SIGN_IN, "*": FORBIDDEN}),  # not completed
    ("GET", "/colabs/{done}/actions/new", MANAGERS),
    ("POST", "/colabs/{done}/actions/new", MANAGERS),
    ("GET", "/colabs/{done}/actions/{action}/edit", MANAGERS),
    # Nothing posted: the action keeps its values, which are valid.
    ("POST", "/colabs/{done}/actions/{action}/edit", {"anonymous": SIGN_IN, "facilitator": REDIRECT,
                                                      "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/colabs/{done}/actions/{action}/done", {"anonymous": SIGN_IN, "facilitator": REDIRECT,
                                                      "coordinator": REDIRECT, "researcher": REDIRECT,
                                                      "*": FORBIDDEN}),
    ("POST", "/colabs/{done}/actions/{action}/reopen", {"anonymous": SIGN_IN, "facilitator": 409,
                                                        "coordinator": 409, "researcher": 409, "*": FORBIDDEN}),
    ("GET", "/colabs/{done}/actions/999999/edit", {"anonymous": SIGN_IN, "*": NOT_FOUND}),
    ("GET", "/colabs/actions/overdue", MANAGERS),
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
def sessions(request, app, people, make_user, make_session, register):
    return snapshot(request, "colab-routes", lambda: _build_sessions(app, people, make_user, make_session, register))


def _build_sessions(app, people, make_user, make_session, register):
    other_facilitator = make_user(name="Other Facilitator", roles=["facilitator"])
    ids = {
        "own": make_session(facilitators=[people.facilitator], questions=["Any dietary needs?"]),
        "other": make_session(facilitators=[other_facilitator]),
        "draft": make_session(facilitators=[people.facilitator], state=SessionState.draft),
        "past": make_session(facilitators=[people.facilitator], starts_at=in_days(-1)),
    }
    register(ids["own"], people.plain, {"Any dietary needs?": "Vegan, no nuts"})
    ids["soon"] = make_session(facilitators=[people.facilitator], capacity=1, starts_at=utcnow() + timedelta(hours=2))
    register(ids["soon"], people.plain)
    register(ids["soon"], people.group)
    ids["done"] = make_session(facilitators=[people.facilitator], state=SessionState.completed,
                               starts_at=in_days(-5))
    with app.app_context():
        rows = {r.user_id: r.id for r in db.session.scalars(
            sa.select(ColabRegistration).where(ColabRegistration.session_id == ids["soon"]))}
        ids["seat"], ids["wait"] = rows[people.plain.id], rows[people.group.id]
        item = ColabAction(session_id=ids["done"], what="Send the map", owner_id=people.researcher.id,
                           due_on=date.today() - timedelta(days=3))
        db.session.add(item)
        db.session.commit()
        ids["action"] = item.id
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
