"""Every science-shop page against every role."""
import pytest

from app.requests.constants import RequestState
from tests.conftest import ROLES

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
    ("/requests/{draft}/edit", {"anonymous": SIGN_IN, "group": OK, "coordinator": FORBIDDEN, "*": NOT_FOUND}),
    ("/requests/{draft}/review", {"anonymous": SIGN_IN, "group": OK, "coordinator": FORBIDDEN, "*": NOT_FOUND}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path,table", ROUTES, ids=[p for p, _ in ROUTES])
def test_page_answers_each_role(people, as_role, make_request, path, table, role):
    ids = {state.value: make_request(people.group_org, state=state)
           for state in (RequestState.draft, RequestState.submitted, RequestState.open, RequestState.colab,
                         RequestState.completed)}
    response = as_role(role).get(path.format(**ids))
    expected = table.get(role, table["*"])
    if expected == SIGN_IN:
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:300]
