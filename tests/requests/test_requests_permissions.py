"""Every science-shop page against every role."""
import pytest

from app.requests.constants import RequestState
from tests.conftest import ROLES, snapshot

SIGN_IN, OK, FORBIDDEN, NOT_FOUND = "sign-in", 200, 403, 404

ROUTES = [
    ("/requests/", {"anonymous": SIGN_IN, "*": OK}),
    ("/requests/new", {"anonymous": SIGN_IN, "group": OK, "business": OK, "stakeholder": OK, "*": FORBIDDEN}),
    ("/requests/queue", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("/requests/open", {"anonymous": SIGN_IN, "coordinator": OK, "researcher": OK, "*": FORBIDDEN}),
    ("/requests/export.csv", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("/notifications/", {"anonymous": SIGN_IN, "*": OK}),
    ("/notifications/settings", {"anonymous": SIGN_IN, "*": OK}),
    ("/requests/library", {"*": OK}),
    ("/requests/library/feed.atom", {"*": OK}),
    ("/requests/library/{completed}", {"*": OK}),
    ("/requests/library/{submitted}", {"*": NOT_FOUND}),
    ("/requests/{draft}", {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "*": NOT_FOUND}),
    ("/requests/{submitted}", {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "*": NOT_FOUND}),
    ("/requests/{open}", {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "researcher": OK, "*": NOT_FOUND}),
    ("/requests/{colab}", {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "facilitator": OK,
                           "*": NOT_FOUND}),
    # Other researchers read the public parts of a claimed request (not its thread: see POSTS below).
    ("/requests/{claimed}", {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "researcher": OK,
                             "*": NOT_FOUND}),
    ("/requests/{draft}/edit", {"anonymous": SIGN_IN, "group": OK, "coordinator": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{draft}/review", {"anonymous": SIGN_IN, "group": OK, "coordinator": FORBIDDEN, "*": NOT_FOUND}),
    # The intake form's live list of similar questions: for those who may ask a question.
    ("/requests/similar?title=Green+courtyards&question=tenants+courtyards",
     {"anonymous": SIGN_IN, "group": OK, "business": OK, "stakeholder": OK, "*": FORBIDDEN}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path,table", ROUTES, ids=[p for p, _ in ROUTES])
def test_page_answers_each_role(request, people, as_role, make_request, path, table, role):
    ids = snapshot(request, "request-pages", lambda: {
        state.value: make_request(people.group_org, state=state)
        for state in (RequestState.draft, RequestState.submitted, RequestState.open, RequestState.colab,
                      RequestState.claimed, RequestState.completed)})
    response = as_role(role).get(path.format(**ids))
    expected = table.get(role, table["*"])
    if expected == SIGN_IN:
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]


# Who reads and writes a claimed request's thread and progress: the group, the researchers on it and
# coordinators; every other researcher gets 404, as if the thread did not exist.
POSTS = [
    ("/requests/{claimed}/messages", {"message-body": "Hello"},
     {"anonymous": SIGN_IN, "group": 302, "coordinator": 302, "*": NOT_FOUND}),
    ("/requests/{claimed}/progress", {"progress-text": "Half way."},
     {"anonymous": SIGN_IN, "group": FORBIDDEN, "coordinator": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{completed}/consent", {"consent-consent": "no"},
     {"anonymous": SIGN_IN, "group": 302, "coordinator": FORBIDDEN, "researcher": FORBIDDEN,
      "facilitator": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{completed}/follow-up", {}, {"anonymous": SIGN_IN, "*": NOT_FOUND}),
    ("/requests/{draft}/delete", {}, {"anonymous": SIGN_IN, "group": 302, "coordinator": FORBIDDEN,
                                      "*": NOT_FOUND}),
    # Coordinators' control of a request under way (an empty form is refused with 400, after the permission);
    # the researcher here is not on the request.
    ("/requests/{claimed}/reassign", {}, {"anonymous": SIGN_IN, "group": FORBIDDEN, "coordinator": 400,
                                          "researcher": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{claimed}/remove-researcher", {}, {"anonymous": SIGN_IN, "group": FORBIDDEN, "coordinator": 400,
                                                   "researcher": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{claimed}/do/release", {}, {"anonymous": SIGN_IN, "group": FORBIDDEN, "coordinator": 400,
                                            "researcher": FORBIDDEN, "facilitator": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{claimed}/hand-over", {}, {"anonymous": SIGN_IN, "group": FORBIDDEN, "coordinator": FORBIDDEN,
                                           "researcher": FORBIDDEN, "*": NOT_FOUND}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path,data,table", POSTS, ids=[p for p, _, _ in POSTS])
def test_posts_answer_each_role(request, people, as_role, make_request, path, data, table, role):
    ids = snapshot(request, "request-posts", lambda: {
        state.value: make_request(people.group_org, state=state)
        for state in (RequestState.draft, RequestState.claimed, RequestState.completed)})
    response = as_role(role).post(path.format(**ids), data=data)
    expected = table.get(role, table["*"])
    if expected == SIGN_IN:
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]
