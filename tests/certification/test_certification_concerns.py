"""Concerns from the public: no account, no JavaScript, rate-limited, bots kept out; coordinators triage them."""
import re

import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.certification.lifecycle import CONCERN_LIFECYCLE
from app.certification.models import (
    AssessmentState, Certificate, CertificateState, Concern, ConcernAction, ConcernEvent, ConcernState,
)
from app.extensions import db
from tests.lifecycle_table import walk_transition_table

WHAT = "They told me the profit goes to the owners, and the shop no longer employs anyone from the programme."


@pytest.fixture
def certificate(app, people, make_user, make_org, make_assessment):
    member = make_user(name="Maja Member")
    organisation = make_org(name="Kooperativet Lagom", kind=OrganisationKind.social_business, admins=[member])
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        c = db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == organisation.id)).one()
        return {"id": c.id, "number": c.number, "member": member}


@pytest.fixture
def quick(app):
    """Let forms be sent at once (a person takes a few seconds; the tests do not)."""
    app.config["CONCERN_MIN_SECONDS"] = 0
    yield
    app.config.pop("CONCERN_MIN_SECONDS")


def started_token(client, number):
    page = client.get(f"/certification/verify/{number}/concern").get_data(as_text=True)
    return re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)


def concerns(app):
    with app.app_context():
        return list(db.session.scalars(sa.select(Concern)))


def test_anyone_reports_a_concern_from_the_registry_without_an_account(app, client, certificate, quick, mailbox,
                                                                      people):
    registry = client.get("/certification/registry").get_data(as_text=True)
    assert f"/certification/verify/{certificate['number']}/concern" in registry
    token = started_token(client, certificate["number"])
    response = client.post(f"/certification/verify/{certificate['number']}/concern",
                           data={"body": WHAT, "contact": "granne@example.net", "started": token, "website": ""})
    assert response.status_code == 302 and "received" in response.headers["Location"]
    [concern] = concerns(app)
    assert concern.body == WHAT and concern.contact == "granne@example.net" and concern.state == ConcernState.received
    assert any("concern" in m.subject.lower() for m in mailbox.to(people.coordinator.email))


def test_a_filled_honeypot_is_thanked_and_nothing_is_kept(app, client, certificate, quick):
    token = started_token(client, certificate["number"])
    response = client.post(f"/certification/verify/{certificate['number']}/concern",
                           data={"body": WHAT, "started": token, "website": "http://spam.example"})
    assert response.status_code == 302
    assert concerns(app) == []


@pytest.mark.parametrize("token", ["", "forged.token.value", "now"], ids=["missing", "forged", "too-quick"])
def test_a_form_sent_without_a_real_start_or_too_quickly_is_refused(app, client, certificate, token):
    if token == "now":
        token = started_token(client, certificate["number"])  # sent at once: faster than a person types
    response = client.post(f"/certification/verify/{certificate['number']}/concern",
                           data={"body": WHAT, "started": token, "website": ""})
    assert response.status_code == 422
    assert concerns(app) == []


def test_concerns_are_rate_limited(app, client, certificate, quick):
    token = started_token(client, certificate["number"])
    for _ in range(5):
        client.post(f"/certification/verify/{certificate['number']}/concern",
                    data={"body": WHAT, "started": token, "website": ""})
    response = client.post(f"/certification/verify/{certificate['number']}/concern",
                           data={"body": WHAT, "started": token, "website": ""})
    assert response.status_code == 429
    assert len(concerns(app)) == 5


def _make_concern(app, certificate_id, state, contact="granne@example.net"):
    with app.app_context():
        concern = Concern(certificate_id=certificate_id, body=WHAT, contact=contact, state=state, language="en")
        db.session.add(concern)
        db.session.commit()
        return concern.id


def test_dismissing_tells_the_reporter_who_left_an_address(app, login, people, certificate, mailbox):
    concern_id = _make_concern(app, certificate["id"], ConcernState.investigating)
    response = login(people.coordinator).post(f"/certification/concerns/{concern_id}/dismiss",
                                              data={"reason": "The annual report shows the profit was reinvested."})
    assert response.status_code == 302
    [mail] = mailbox.to("granne@example.net")
    assert "outcome" in mail.subject.lower() and "reinvested" in mail.text


def test_suspending_suspends_the_certificate_and_tells_both(app, login, people, certificate, mailbox):
    concern_id = _make_concern(app, certificate["id"], ConcernState.acknowledged)
    response = login(people.coordinator).post(f"/certification/concerns/{concern_id}/suspend",
                                              data={"reason": "The articles were changed; we look into it."})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Certificate, certificate["id"]).state == CertificateState.suspended
        assert db.session.get(Concern, concern_id).state == ConcernState.upheld
    assert mailbox.to("granne@example.net")
    assert any("suspended" in m.subject for m in mailbox.to(certificate["member"].email))


# -- the transition table, every state x action x role --------------------------------------------------------
CONCERN_ROLES = ["coordinator", "business", "stakeholder"]
CONCERN_WHO = {a: {"coordinator"} for a in (ConcernAction.acknowledge, ConcernAction.investigate,
                                              ConcernAction.dismiss, ConcernAction.suspend)}
CONCERN_DATA = {ConcernAction.dismiss: {"reason": "Nothing in the accounts supports it."},
                ConcernAction.suspend: {"reason": "The articles were changed; we look into it."}}


def test_the_concern_table_covers_every_action_once():
    assert {t.action for t in CONCERN_LIFECYCLE.transitions if t.permission} == set(CONCERN_WHO)


@pytest.mark.parametrize("state", list(ConcernState), ids=[s.value for s in ConcernState])
def test_every_concern_action_and_role_in_this_state(app, people, login, make_user, make_org, make_assessment, state):
    clients = {role: login(getattr(people, role)) for role in CONCERN_ROLES}

    def make(state):
        member = make_user()
        organisation = make_org(kind=OrganisationKind.social_business, admins=[member])
        make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
        with app.app_context():
            certificate_id = db.session.scalars(
                sa.select(Certificate.id).where(Certificate.organisation_id == organisation.id)).one()
        return _make_concern(app, certificate_id, state, contact=None)

    def read(concern_id):
        with app.app_context():
            return (db.session.get(Concern, concern_id).state,
                    db.session.scalar(sa.select(sa.func.count()).select_from(ConcernEvent)
                                      .where(ConcernEvent.concern_id == concern_id)))

    cases = walk_transition_table(
        CONCERN_LIFECYCLE, state, CONCERN_ROLES, lambda action, role, at: role in CONCERN_WHO[action], make=make,
        act=lambda action, role, concern_id: clients[role].post(f"/certification/concerns/{concern_id}/{action.value}",
                                                                data=CONCERN_DATA.get(action, {})),
        read=read)
    assert cases == len(CONCERN_WHO) * len(CONCERN_ROLES)
