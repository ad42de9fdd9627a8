"""Every certification route against every role, plus a member of another business.

Organisation A's members cannot see organisation B's assessment or evidence; only coordinators review.
"""
import pytest

from app.accounts.constants import OrganisationKind
from app.certification.models import AssessmentState, Certificate, Evidence
from app.extensions import db
from tests.conftest import ROLES

SIGN_IN = "sign-in"
OK, FORBIDDEN, REDIRECT, CONFLICT, NOT_FOUND = 200, 403, 302, 409, 404
# The roles whose requests change something act last: the coordinator, then the business.
ALL_ROLES = [r for r in ROLES if r not in ("business", "coordinator")] + ["other_business", "coordinator", "business"]

MEMBER_OR_COORDINATOR = {"anonymous": SIGN_IN, "business": OK, "coordinator": OK, "*": FORBIDDEN}
COORDINATOR_ONLY = {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}
EVERYONE = {"*": OK}

ROUTES = [
    ("GET", "/certification/", {}, EVERYONE),
    ("POST", "/certification/start/{fresh_org}", {}, {"anonymous": SIGN_IN, "business": REDIRECT, "*": FORBIDDEN}),
    ("GET", "/certification/assessments/{submitted}", {}, MEMBER_OR_COORDINATOR),
    ("GET", "/certification/assessments/{draft}/sections/mission", {}, {**MEMBER_OR_COORDINATOR, "coordinator": REDIRECT}),
    ("POST", "/certification/assessments/{draft}/sections/mission", {"q-mission_priority": "mission"},
     {"anonymous": SIGN_IN, "business": REDIRECT, "*": FORBIDDEN}),
    ("GET", "/certification/assessments/{submitted}/check", {}, MEMBER_OR_COORDINATOR),
    ("POST", "/certification/assessments/{draft}/submit", {}, {"anonymous": SIGN_IN, "business": CONFLICT, "*": FORBIDDEN}),
    ("GET", "/certification/assessments/{submitted}/result", {}, MEMBER_OR_COORDINATOR),
    ("GET", "/certification/evidence/{evidence}", {}, MEMBER_OR_COORDINATOR),
    ("POST", "/certification/evidence/{evidence}/delete", {}, {"anonymous": SIGN_IN, "*": FORBIDDEN}),
    ("POST", "/certification/evidence/{draft_evidence}/delete", {}, {"anonymous": SIGN_IN, "business": REDIRECT, "*": FORBIDDEN}),
    ("GET", "/certification/review", {}, COORDINATOR_ONLY),
    ("GET", "/certification/review/{submitted}", {}, COORDINATOR_ONLY),
    ("POST", "/certification/review/{submitted}/comments", {"body": "Looks fine", "question_key": "voting"},
     {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/review/{submitted}/request-changes", {"note": "Add the annual report."},
     {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/review/{submitted}/approve", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/review/{draft}/approve", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("GET", "/certification/certificates", {}, COORDINATOR_ONLY),
    ("GET", "/certification/certificates/{certificate}/revoke", {}, COORDINATOR_ONLY),
    ("POST", "/certification/certificates/{certificate}/revoke", {"reason": "The asset lock was removed from the articles."},
     {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("GET", "/certification/registry", {}, EVERYONE),
    ("GET", "/certification/registry.json", {}, EVERYONE),
    ("GET", "/certification/registry.csv", {}, EVERYONE),
    ("GET", "/certification/verify", {}, EVERYONE),
    ("GET", "/certification/verify/{number}", {}, EVERYONE),
    ("GET", "/certification/verify/SAM-1999-9999", {}, {"*": NOT_FOUND}),
    ("GET", "/certification/insights/summary", {}, EVERYONE),
    ("GET", "/certification/insights", {}, COORDINATOR_ONLY),
    # Only researchers among the coordinators export (test_certification_insights checks that they can).
    ("GET", "/certification/insights/responses.csv", {}, {"anonymous": SIGN_IN, "*": FORBIDDEN}),
]


@pytest.fixture
def world(app, people, make_user, make_org, make_assessment):
    """Business A (people.business) with assessments in several states; business B with its own member."""
    b_member = make_user(name="Other Business Member")
    org_b = make_org(name="Business B", kind=OrganisationKind.social_business, admins=[b_member])
    draft_org = make_org(name="Business A2", kind=OrganisationKind.social_business, admins=[people.business])
    fresh_org = make_org(name="Business A3", kind=OrganisationKind.social_business, admins=[people.business])
    certified_org = make_org(name="Business A4", kind=OrganisationKind.social_business, admins=[people.business])
    submitted = make_assessment(people.business_org, people.business, state=AssessmentState.submitted)
    draft = make_assessment(draft_org, people.business, answers={})
    approved = make_assessment(certified_org, people.business, state=AssessmentState.approved,
                               coordinator=people.coordinator)
    make_assessment(org_b, b_member, state=AssessmentState.submitted)
    with app.app_context():
        evidence = db.session.query(Evidence).filter_by(assessment_id=submitted).first().id
        draft_evidence = db.session.query(Evidence).filter_by(assessment_id=draft).first().id
        certificate = db.session.query(Certificate).filter_by(assessment_id=approved).one()
    people.other_business = b_member
    return {"submitted": submitted, "draft": draft, "fresh_org": fresh_org.id, "evidence": evidence,
            "draft_evidence": draft_evidence, "certificate": certificate.id, "number": certificate.number}


@pytest.mark.parametrize("method,path,data,table", ROUTES, ids=[f"{m} {p}" for m, p, _d, _t in ROUTES])
def test_route_answers_each_role(app, people, client, login, world, method, path, data, table):
    url = path.format(**world)
    failures = []
    for role in ALL_ROLES:
        user = getattr(people, role)
        browser = client if user is None else login(user)
        response = browser.open(url, method=method, data=data)
        expected = table.get(role, table["*"])
        if expected == SIGN_IN:
            ok = response.status_code == 302 and "/account/login" in response.headers["Location"]
        else:
            ok = response.status_code == expected
        response.close()
        if not ok:
            failures.append((role, expected, response.status_code))
    assert failures == []


def test_business_b_cannot_see_a_in_lists_or_by_guessing(app, people, login, world):
    b = login(people.other_business)
    page = b.get("/certification/").get_data(as_text=True)
    assert "Business Org" not in page and "Business B" in page
    for url in [f"/certification/assessments/{world['submitted']}", f"/certification/evidence/{world['evidence']}",
                f"/certification/assessments/{world['submitted']}/result"]:
        response = b.get(url)
        assert response.status_code == 403
        response.close()
