"""Every accounts and organisations route against every role."""
import pytest

from tests.conftest import ROLES

SIGN_IN = "sign-in"  # a redirect to the sign-in page
OK, FORBIDDEN, REDIRECT = 200, 403, 302

# (method, path, {role: expected}); "*" is every role not named.
ROUTES = [
    ("GET", "/", {"*": OK}),
    ("GET", "/account/register", {"anonymous": OK, "*": REDIRECT}),
    ("GET", "/account/login", {"anonymous": OK, "*": REDIRECT}),
    ("GET", "/account/reset", {"*": OK}),
    ("POST", "/account/logout", {"*": REDIRECT}),
    ("GET", "/account/profile", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/account/password", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/account/researcher", {"anonymous": SIGN_IN, "researcher": OK, "*": FORBIDDEN}),
    ("GET", "/account/data", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/account/data.json", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/account/delete", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/account/people", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("GET", "/account/people/{plain_id}", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/account/people/{plain_id}", {"anonymous": SIGN_IN, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("GET", "/organisations/", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/organisations/new", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/organisations/{group_org_id}", {"anonymous": SIGN_IN, "*": OK}),
    ("GET", "/organisations/{group_org_id}/edit",
     {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/organisations/{group_org_id}/edit",
     {"anonymous": SIGN_IN, "group": OK, "coordinator": OK, "*": FORBIDDEN}),
    ("GET", "/organisations/{group_org_id}/alliance", {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}),
    ("POST", "/organisations/{group_org_id}/join", {"anonymous": SIGN_IN, "group": FORBIDDEN, "*": REDIRECT}),
    ("POST", "/organisations/{group_org_id}/members/{pending_id}/approve",
     {"anonymous": SIGN_IN, "group": REDIRECT, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/organisations/{group_org_id}/members/{pending_id}/remove",
     {"anonymous": SIGN_IN, "group": REDIRECT, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/organisations/{group_org_id}/members/{pending_id}/admin",
     {"anonymous": SIGN_IN, "group": 409, "coordinator": 409, "*": FORBIDDEN}),
    ("GET", "/organisations/{group_org_id}/hand-over", {"anonymous": SIGN_IN, "group": OK, "*": FORBIDDEN}),
    ("POST", "/organisations/{group_org_id}/hand-over", {"anonymous": SIGN_IN, "group": OK, "*": FORBIDDEN}),
    ("POST", "/organisations/{business_org_id}/members/{pending_id}/approve",
     {"anonymous": SIGN_IN, "*": 404}),
    ("POST", "/language", {"*": REDIRECT}),
]


def expected_for(table, role):
    return table.get(role, table["*"])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,path,table", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_route_answers_each_role(app, people, as_role, make_user, method, path, table, role):
    newcomer = make_user(name="Newcomer")
    from tests.conftest import persist
    from app.accounts.models import Membership
    from app.accounts.constants import MembershipState

    pending = persist(app, Membership(user_id=newcomer.id, organisation_id=people.group_org.id,
                                      state=MembershipState.pending))
    url = path.format(plain_id=people.plain.id, group_org_id=people.group_org.id,
                      business_org_id=people.business_org.id, pending_id=pending.id)
    client = as_role(role)
    response = client.open(url, method=method, data={})
    expected = expected_for(table, role)
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert "/account/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:500]
