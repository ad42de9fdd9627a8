"""Every certification route against every role, plus a member of another business.

Organisation A's members cannot see organisation B's assessment or evidence; only coordinators review.
"""
import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.accounts.models import User
from app.certification import services
from app.certification.models import Assessment, AssessmentState, Certificate, Evidence
from tests.certification.conftest import READY_ANSWERS
from app.extensions import db
from tests.conftest import ROLES, snapshot

SIGN_IN = "sign-in"
OK, FORBIDDEN, REDIRECT, CONFLICT, NOT_FOUND = 200, 403, 302, 409, 404
# The roles whose requests change something act last: the coordinator, then the business.
ALL_ROLES = [r for r in ROLES if r not in ("business", "coordinator")] + ["other_business", "coordinator", "business"]

MEMBER_OR_COORDINATOR = {"anonymous": SIGN_IN, "business": OK, "coordinator": OK, "*": FORBIDDEN}
COORDINATOR_ONLY = {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}
EVERYONE = {"*": OK}
NOT_YET = dict(READY_ANSWERS, asset_lock="owners")
REASON = "The asset lock goes into the articles at the annual meeting in April."

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
    ("POST", "/certification/review/{submitted}/exception", {"reason": REASON}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/review/{below}/exception", {"reason": REASON}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/review/{submitted}/exception/confirm", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/review/{proposed}/exception/confirm", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/review/{proposed}/exception/decline", {"reason": "The assets must be locked first."},
     {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/assessments/{submitted}/comments/{comment}/replies", {"body": "It is from 2025."},
     {"anonymous": SIGN_IN, "business": REDIRECT, "coordinator": REDIRECT, "*": FORBIDDEN}),
    ("POST", "/certification/assessments/{submitted}/comments/999999/replies", {"body": "It is from 2025."},
     {"anonymous": SIGN_IN, "business": NOT_FOUND, "coordinator": NOT_FOUND, "*": FORBIDDEN}),
    ("POST", "/certification/review/{submitted}/comments/{comment}/resolve", {"resolved": "1"},
     {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("GET", "/certification/certificates/expiring", {}, COORDINATOR_ONLY),
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
    # Sending a concern is rate-limited per address, so its POST is tested in test_certification_concerns.
    ("GET", "/certification/verify/{number}/concern", {}, EVERYONE),
    ("GET", "/certification/verify/SAM-1999-9999/concern", {}, {"*": NOT_FOUND}),
    ("GET", "/certification/verify/{number}/concern/received", {}, EVERYONE),
    ("GET", "/certification/questionnaires", {}, COORDINATOR_ONLY),
    ("GET", "/certification/questionnaires/{version}/preview", {}, COORDINATOR_ONLY),
    ("GET", "/certification/questionnaires/{version}.yaml", {}, COORDINATOR_ONLY),
    ("GET", "/certification/questionnaires/{version}/edit", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/publish", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    # The structured editor: a published version is never changed (its drafts are tested in test_certification_structured_editor).
    ("GET", "/certification/questionnaires/{version}/yaml", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/yaml", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("GET", "/certification/questionnaires/{version}/import", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/import", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("GET", "/certification/questionnaires/{version}/sections/new", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/new", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("GET", "/certification/questionnaires/{version}/sections/1", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/up", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/down", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/remove", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("GET", "/certification/questionnaires/{version}/sections/1/questions/new", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/questions/new", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("GET", "/certification/questionnaires/{version}/sections/1/questions/0", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/questions/0", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/questions/0/up", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/questions/0/down", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/{version}/sections/1/questions/0/remove", {}, COORDINATOR_ONLY | {"coordinator": CONFLICT}),
    ("POST", "/certification/questionnaires/draft", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("GET", "/certification/concerns", {}, COORDINATOR_ONLY),
    ("GET", "/certification/concerns/{concern}", {}, COORDINATOR_ONLY),
    ("POST", "/certification/concerns/{concern}/acknowledge", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/concerns/{concern}/report", {}, {**COORDINATOR_ONLY, "coordinator": NOT_FOUND}),
    ("GET", "/certification/insights/summary", {}, EVERYONE),
    ("GET", "/certification/insights/summary.csv", {}, {"*": NOT_FOUND}),  # nothing published yet
    ("GET", "/certification/insights", {}, COORDINATOR_ONLY),
    # Too few are counted to publish: the coordinator is sent back with the reason.
    ("POST", "/certification/insights/snapshots", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    ("POST", "/certification/review/{submitted}/verify-organisation", {}, {**COORDINATOR_ONLY, "coordinator": REDIRECT}),
    # Only researchers among the coordinators export (test_certification_insights checks that they can).
    ("GET", "/certification/insights/responses.csv", {}, {"anonymous": SIGN_IN, "*": FORBIDDEN}),
]


@pytest.fixture
def world(request, app, people, make_user, make_org):
    """Business A (people.business) with assessments in several states; business B with its own member."""
    world = snapshot(request, "certification-routes", lambda: _build_world(
        app, people, make_user, make_org, request.getfixturevalue("version"),
        request.getfixturevalue("make_assessment")))
    people.other_business = world["other_business"]
    return world


def _build_world(app, people, make_user, make_org, version, make_assessment):
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
    below_org = make_org(name="Business A5", kind=OrganisationKind.social_business, admins=[people.business])
    below = make_assessment(below_org, people.business, answers=NOT_YET, state=AssessmentState.submitted)
    proposed_org = make_org(name="Business A6", kind=OrganisationKind.social_business, admins=[people.business])
    proposed = make_assessment(proposed_org, people.business, answers=NOT_YET, state=AssessmentState.submitted)
    proposer = make_user(name="Second Coordinator", roles=["coordinator"])
    with app.app_context(), app.test_request_context():
        services.propose_exception(db.session.get(Assessment, proposed), db.session.get(User, proposer.id), REASON)
        comment = services.add_comment(db.session.get(Assessment, submitted), db.session.get(User, people.coordinator.id),
                                       "Which year is the annual report from?", "trading_income").id
        concern = services.report_concern(db.session.get(Certificate, db.session.scalars(
            sa.select(Certificate.id).where(Certificate.assessment_id == approved)).one()),
            "The shop no longer employs anyone from the programme, I was told.").id
        db.session.commit()
    with app.app_context():
        evidence = db.session.query(Evidence).filter_by(assessment_id=submitted).first().id
        draft_evidence = db.session.query(Evidence).filter_by(assessment_id=draft).first().id
        certificate = db.session.query(Certificate).filter_by(assessment_id=approved).one()
    return {"other_business": b_member, "submitted": submitted, "draft": draft, "fresh_org": fresh_org.id, "evidence": evidence,
            "draft_evidence": draft_evidence, "certificate": certificate.id, "number": certificate.number,
            "below": below, "proposed": proposed, "comment": comment, "concern": concern,
            "version": version}


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
