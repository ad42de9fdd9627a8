"""Every impact and learning route against every role."""

import pytest

from app.accounts.models import User
from app.extensions import db
from app.impact import services
from app.impact.constants import GuideKind, GuideState, ReportState
from app.impact.models import Guide, Report
from tests.conftest import ROLES, snapshot

SIGN_IN = "sign-in"
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PUBLIC = {"*": OK}
COORDINATORS = {"anonymous": SIGN_IN, "coordinator": OK, "*": FORBIDDEN}
ORG_VIEW = {"anonymous": SIGN_IN, "business": OK, "coordinator": OK, "*": FORBIDDEN}
ORG_EDIT = {"anonymous": SIGN_IN, "business": OK, "*": FORBIDDEN}
COORDINATOR_POST = {"anonymous": SIGN_IN, "coordinator": REDIRECT, "*": FORBIDDEN}

# {org}: people.business_org; {c}: its commitment; {draft}, {submitted}, {approved}: its reports;
# {evidence}: a file of the draft; {guide}: published, {draft_guide}: not; NEW-DRAFT: an indicator never published.
ROUTES = [
    ("GET", "/impact/", PUBLIC),
    ("GET", "/impact/indicators", PUBLIC),
    ("GET", "/impact/indicators?level=outcome", PUBLIC),
    ("GET", "/impact/indicators?level=nonsense", PUBLIC),
    ("GET", "/impact/indicators/VOL-HOURS", PUBLIC),
    ("GET", "/impact/indicators/VOL-HOURS/1", PUBLIC),
    ("GET", "/impact/indicators/VOL-HOURS/9", {"*": NOT_FOUND}),
    ("GET", "/impact/indicators/NO-SUCH", {"*": NOT_FOUND}),
    ("GET", "/impact/indicators/NEW-DRAFT", COORDINATORS),
    ("GET", "/impact/indicators/NEW-DRAFT/1", COORDINATORS),
    ("GET", "/impact/indicators/new", COORDINATORS),
    ("POST", "/impact/indicators/new", COORDINATORS),  # empty form: shown again with errors
    ("GET", "/impact/indicators/VOL-HOURS/draft", COORDINATORS),
    ("POST", "/impact/indicators/VOL-HOURS/draft", COORDINATORS),
    ("POST", "/impact/indicators/NEW-DRAFT/publish", COORDINATOR_POST),
    ("POST", "/impact/indicators/VOL-HOURS/publish", {"anonymous": SIGN_IN, "coordinator": 409, "*": FORBIDDEN}),
    ("GET", "/impact/organisations/{org}", ORG_VIEW),
    ("GET", "/impact/organisations/999999", {"anonymous": SIGN_IN, "*": NOT_FOUND}),
    ("GET", "/impact/organisations/{org}/model", ORG_EDIT),
    ("POST", "/impact/organisations/{org}/model", ORG_EDIT),
    ("GET", "/impact/organisations/{org}/commitments/new", ORG_EDIT),
    ("POST", "/impact/organisations/{org}/commitments/new", ORG_EDIT),
    ("GET", "/impact/commitments/{c}", ORG_VIEW),
    ("GET", "/impact/commitments/{c}/targets", ORG_EDIT),
    ("GET", "/impact/commitments/{c}/reports/2025H2", ORG_EDIT),
    ("GET", "/impact/commitments/{c}/reports/2025H1", ORG_EDIT),
    ("GET", "/impact/commitments/{c}/reports/2030H1", {"anonymous": SIGN_IN, "business": NOT_FOUND,
                                                        "*": FORBIDDEN}),
    ("GET", "/impact/commitments/{c}/reports/nonsense", {"anonymous": SIGN_IN, "business": NOT_FOUND,
                                                         "coordinator": NOT_FOUND, "*": FORBIDDEN}),
    ("GET", "/impact/reports/{draft}", ORG_VIEW),
    ("GET", "/impact/reports/{submitted}", ORG_VIEW),
    ("GET", "/impact/reports/{approved}", ORG_VIEW),
    ("GET", "/impact/reports/{submitted}/return", COORDINATORS),
    ("POST", "/impact/reports/{submitted}/approve", COORDINATOR_POST),
    ("POST", "/impact/reports/{approved}/approve", {"anonymous": SIGN_IN, "coordinator": 409, "*": FORBIDDEN}),
    ("POST", "/impact/reports/{approved}/submit", {"anonymous": SIGN_IN, "business": 409, "coordinator": 403,
                                                    "*": FORBIDDEN}),
    ("GET", "/impact/evidence/{evidence}", ORG_VIEW),
    ("POST", "/impact/evidence/{evidence}/delete", {"anonymous": SIGN_IN, "business": REDIRECT, "coordinator": 403,
                                                    "*": FORBIDDEN}),
    ("GET", "/impact/review", COORDINATORS),
    ("GET", "/impact/snapshots", PUBLIC),
    ("GET", "/impact/snapshots/2025H1", PUBLIC),
    ("GET", "/impact/snapshots/2025h1", PUBLIC),
    ("GET", "/impact/snapshots/2025H1.csv", PUBLIC),
    ("GET", "/impact/snapshots/2025H1.json", PUBLIC),
    ("GET", "/impact/snapshots/2024H1", {"*": NOT_FOUND}),
    ("GET", "/impact/snapshots/nonsense", {"*": NOT_FOUND}),
    ("GET", "/impact/snapshots/preview", COORDINATORS),
    ("GET", "/impact/snapshots/preview?period=2025H2", COORDINATORS),
    ("GET", "/impact/snapshots/preview?period=2025H1", COORDINATORS),
    ("GET", "/impact/snapshots/preview?period=nonsense", {"anonymous": SIGN_IN, "coordinator": 400, "*": FORBIDDEN}),
    ("POST", "/impact/snapshots/preview", COORDINATORS),  # no period: the form again
    ("GET", "/impact/learning/", PUBLIC),
    ("GET", "/impact/learning/{guide}", PUBLIC),
    ("GET", "/impact/learning/{draft_guide}", COORDINATORS),
    ("GET", "/impact/learning/no-such-guide", {"*": NOT_FOUND}),
    ("GET", "/impact/learning/new", COORDINATORS),
    ("POST", "/impact/learning/new", COORDINATORS),
    ("GET", "/impact/learning/{guide}/edit", COORDINATORS),
    ("POST", "/impact/learning/{draft_guide}/publish", COORDINATOR_POST),
    ("POST", "/impact/learning/{guide}/publish", {"anonymous": SIGN_IN, "coordinator": 409, "*": FORBIDDEN}),
    ("POST", "/impact/learning/{guide}/complete", {"anonymous": SIGN_IN, "group": 400, "business": 400,
                                                  "stakeholder": 400, "*": FORBIDDEN}),  # no organisation chosen
    ("GET", "/impact/organisations/{org}/maturity", ORG_VIEW),
    ("POST", "/impact/organisations/{org}/maturity", {"anonymous": SIGN_IN, "business": 400, "*": FORBIDDEN}),
]


def _guide(slug, state):
    return Guide(slug=slug, kind=GuideKind.guide, state=state, title_en=slug, title_sv=slug, body_en="# Hello",
                 body_sv="# Hej", minutes=10)


@pytest.fixture
def objects(request, app, people, make_report):
    return snapshot(request, "impact-routes", lambda: _build_objects(
        app, people, request.getfixturevalue("commit_to"), make_report))


def _build_objects(app, people, commit_to, make_report):
    commitment_id = commit_to(people.business_org, people.business)
    ids = {"org": people.business_org.id, "c": commitment_id,
           "draft": make_report(commitment_id, period="2025H2", state=ReportState.draft, value=5)}
    for state in ("submitted", "approved"):
        ids[state] = make_report(commit_to(people.business_org, people.business), state=ReportState(state), value=7)
    with app.test_request_context():
        coordinator = db.session.get(User, people.coordinator.id)
        services.create_indicator("NEW-DRAFT", {
            "name_en": "New", "name_sv": "Ny", "definition_en": "A new one.", "definition_sv": "En ny.",
            "level": "output", "unit": "people", "data_type": "count", "direction": "higher", "aggregation": "sum",
        } | {"level": __import__("app.impact.constants", fromlist=["Level"]).Level.output,
             "data_type": __import__("app.impact.constants", fromlist=["DataType"]).DataType.count,
             "direction": __import__("app.impact.constants", fromlist=["Direction"]).Direction.higher,
             "aggregation": __import__("app.impact.constants", fromlist=["Aggregation"]).Aggregation.sum},
            coordinator)
        evidence = services.add_evidence(db.session.get(Report, ids["draft"]), "log.pdf", b"%PDF-1.4 log",
                                         db.session.get(User, people.business.id))
        services.publish_snapshot("2025H1", coordinator)
        db.session.add_all([_guide("first-steps", GuideState.published), _guide("next-steps", GuideState.draft)])
        db.session.commit()
        ids["evidence"] = evidence.id
    ids["guide"], ids["draft_guide"] = "first-steps", "next-steps"
    return ids


@pytest.mark.parametrize("method,path,table", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_route_answers_each_role(as_role, objects, method, path, table):
    """Each route, as each role in turn (one set of objects per route: the steps taken leave the rest valid)."""
    # the roles whose step succeeds go last, so that the others meet the objects as they were
    for role in sorted(ROLES, key=lambda r: table.get(r, table["*"]) == REDIRECT):
        response = as_role(role).open(path.format(**objects), method=method, data={})
        expected = table.get(role, table["*"])
        if expected == SIGN_IN:
            assert response.status_code == 302, role
            assert "/account/login" in response.headers["Location"], role
        else:
            assert response.status_code == expected, (role, response.get_data(as_text=True)[:300])


def test_an_organisation_never_sees_another_organisations_drafts(as_role, objects, people):
    for role in ("group", "stakeholder"):
        assert as_role(role).get(f"/impact/reports/{objects['draft']}").status_code == 403
        assert as_role(role).get(f"/impact/commitments/{objects['c']}").status_code == 403
    assert "2025H2" not in as_role("anonymous").get("/impact/snapshots").get_data(as_text=True)
