"""The certification transition tables, exhaustively: every state x action x role of assessments and certificates."""
import secrets
from datetime import date, timedelta
from itertools import count

import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.certification.lifecycle import ASSESSMENT_LIFECYCLE, CERTIFICATE_LIFECYCLE
from app.certification.models import (
    Answer,
    Assessment,
    AssessmentAction,
    AssessmentEvent,
    AssessmentState,
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateState,
    Evidence,
)
from app.db_types import utcnow
from app.extensions import db
from tests.lifecycle_table import walk_transition_table


def person_facing(lifecycle):
    return {t.action for t in lifecycle.transitions if t.permission is not None}


def read(app, model, event_model, subject_key, object_id):
    """Return (state, number of events) of an assessment or certificate, read fresh."""
    with app.app_context():
        state = db.session.scalar(sa.select(model.state).where(model.id == object_id))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(event_model)
                                   .where(getattr(event_model, subject_key) == object_id))
    return state, events


# -- assessments -----------------------------------------------------------------------------
ASSESSMENT_ROLES = ["business", "other_business", "coordinator", "stakeholder"]

# Who may take each step of an assessment (written by hand): the business's members submit it,
# coordinators review it.
ASSESSMENT_WHO = {
    AssessmentAction.submit: {"business"},
    AssessmentAction.request_changes: {"coordinator"},
    AssessmentAction.approve: {"coordinator"},
    AssessmentAction.propose_exception: {"coordinator"},
    # The coordinator of these tests never proposed the exceptions they meet (another coordinator did).
    AssessmentAction.confirm_exception: {"coordinator"},
    AssessmentAction.decline_exception: {"coordinator"},
}
# The actions that only fit an assessment below the standard (the others get one that meets it).
BELOW_STANDARD = {AssessmentAction.propose_exception}
BELOW = {"asset_lock": "owners"}  # a failed must-pass criterion

# The route of each step and valid form data for it, so that only the table decides.
ASSESSMENT_STEPS = {
    AssessmentAction.submit: ("/certification/assessments/{id}/submit", {}),
    AssessmentAction.request_changes: ("/certification/review/{id}/request-changes",
                                       {"note": "Please add the annual report of last year."}),
    AssessmentAction.approve: ("/certification/review/{id}/approve", {}),
    AssessmentAction.propose_exception: ("/certification/review/{id}/exception",
                                         {"reason": "The asset lock is being written into the articles this spring."}),
    AssessmentAction.confirm_exception: ("/certification/review/{id}/exception/confirm", {}),
    AssessmentAction.decline_exception: ("/certification/review/{id}/exception/decline",
                                         {"reason": "The articles must lock the assets first."}),
}


def test_the_assessment_table_covers_every_action_once():
    transitions = ASSESSMENT_LIFECYCLE.transitions
    assert len({t.action for t in transitions}) == len(transitions)
    assert person_facing(ASSESSMENT_LIFECYCLE) == set(ASSESSMENT_LIFECYCLE.by_action) == set(ASSESSMENT_WHO)
    assert set(ASSESSMENT_STEPS) == set(ASSESSMENT_WHO)


@pytest.fixture
def copy_assessment(app, people, make_assessment, make_user):
    """Return a factory of assessments of the business in any state, each a direct copy (answers and
    evidence rows) of one complete draft, so that a submission finds nothing missing; below the standard
    for the actions that need it, and with an exception proposed by another coordinator where one is."""
    prototype_id = make_assessment(people.business_org, people.business)
    proposer = make_user(name="Second Coordinator", roles=["coordinator"])

    def make(state, action=None):
        now = utcnow()
        with app.app_context():
            prototype = db.session.get(Assessment, prototype_id)
            assessment = Assessment(organisation_id=prototype.organisation_id, version_id=prototype.version_id,
                                    state=state, created_by_id=people.business.id, created_at=now, updated_at=now)
            if state != AssessmentState.draft:
                assessment.submitted_at, assessment.submitted_by_id = now, people.business.id
            if state in (AssessmentState.changes_requested, AssessmentState.approved):
                assessment.reviewed_at, assessment.reviewed_by_id = now, people.coordinator.id
            below = BELOW if action in BELOW_STANDARD else {}
            assessment.answers = [Answer(question_key=a.question_key, value=below.get(a.question_key, a.value))
                                  for a in prototype.answers]
            if state == AssessmentState.exception_proposed:
                assessment.exception_proposed_by_id = proposer.id
                assessment.exception_reason = "The asset lock is being written into the articles."
            assessment.evidence = [
                Evidence(question_key=e.question_key, filename=e.filename, stored_name=secrets.token_hex(16),
                         content_type=e.content_type, size_bytes=e.size_bytes) for e in prototype.evidence]
            db.session.add(assessment)
            db.session.commit()
            return assessment.id
    return make


@pytest.mark.parametrize("state", list(AssessmentState), ids=[s.value for s in AssessmentState])
def test_every_assessment_action_and_role_in_this_state(app, people, login, make_user, make_org, copy_assessment,
                                                        state):
    other_business = make_user(name="Other Business Member")
    make_org(name="Other Business", kind=OrganisationKind.social_business, admins=[other_business])
    users = {"business": people.business, "other_business": other_business, "coordinator": people.coordinator,
             "stakeholder": people.stakeholder}
    clients = {role: login(user) for role, user in users.items()}

    def act(action, role, assessment_id):
        path, data = ASSESSMENT_STEPS[action]
        return clients[role].post(path.format(id=assessment_id), data=data)

    cases = walk_transition_table(
        ASSESSMENT_LIFECYCLE, state, ASSESSMENT_ROLES, lambda action, role, at: role in ASSESSMENT_WHO[action],
        make=copy_assessment, act=act,
        read=lambda assessment_id: read(app, Assessment, AssessmentEvent, "assessment_id", assessment_id))
    assert cases == len(ASSESSMENT_WHO) * len(ASSESSMENT_ROLES)


def test_an_incomplete_assessment_cannot_be_submitted(app, people, login, make_assessment):
    """The member may and the state allows it, but answers are missing: 409 and nothing moves."""
    assessment_id = make_assessment(people.business_org, people.business, answers={"legal_form": "economic_association"},
                                    evidence=False)
    before = read(app, Assessment, AssessmentEvent, "assessment_id", assessment_id)
    response = login(people.business).post(f"/certification/assessments/{assessment_id}/submit")
    assert response.status_code == 409
    assert read(app, Assessment, AssessmentEvent, "assessment_id", assessment_id) == before
    assert before[0] == AssessmentState.draft


# -- certificates -----------------------------------------------------------------------------
CERTIFICATE_ROLES = ["coordinator", "business", "stakeholder"]

# Who may take each step of a certificate (written by hand): coordinators alone.
CERTIFICATE_WHO = {
    CertificateAction.suspend: {"coordinator"},
    CertificateAction.reinstate: {"coordinator"},
    CertificateAction.revoke: {"coordinator"},
}

CERTIFICATE_DATA = {
    CertificateAction.suspend: {"reason": "A complaint about the accounts is being looked into."},
    CertificateAction.reinstate: {"reason": ""},
    CertificateAction.revoke: {"reason": "The articles no longer lock the assets."},
}


def test_the_certificate_table_covers_every_action_once():
    transitions = CERTIFICATE_LIFECYCLE.transitions
    assert len({t.action for t in transitions}) == len(transitions)
    assert person_facing(CERTIFICATE_LIFECYCLE) == set(CERTIFICATE_WHO)
    # Superseding is the application's own step when a renewal is approved.
    assert set(CERTIFICATE_LIFECYCLE.by_action) == set(CERTIFICATE_WHO) | {CertificateAction.supersede}
    assert set(CERTIFICATE_DATA) == set(CERTIFICATE_WHO)


@pytest.fixture
def make_certificate(app, people, version, make_org):
    """Create a certificate directly in a state, each of its own approved assessment and business (one valid
    certificate per organisation), with fitting columns."""
    numbers = count(1)

    def make(state):
        now, today = utcnow(), date.today()
        organisation = make_org(name=f"Certified Business {secrets.token_hex(3)}", kind=OrganisationKind.social_business,
                                admins=[people.business])
        with app.app_context():
            assessment = Assessment(organisation_id=organisation.id, version_id=version,
                                    state=AssessmentState.approved, submitted_at=now, reviewed_at=now)
            db.session.add(assessment)
            db.session.flush()
            certificate = Certificate(
                number=f"SAM-{today.year}-{next(numbers):04d}", assessment_id=assessment.id,
                organisation_id=organisation.id, issued_on=today - timedelta(days=30),
                expires_on=today + timedelta(days=700), issued_by_id=people.coordinator.id, state=state)
            if state == CertificateState.suspended:
                certificate.suspended_at, certificate.suspension_reason = now, "A complaint is looked into."
            if state == CertificateState.revoked:
                certificate.revoked_at, certificate.revoked_by_id = now, people.coordinator.id
                certificate.revocation_reason = "The assets are no longer locked."
            db.session.add(certificate)
            db.session.commit()
            return certificate.id
    return make


@pytest.mark.parametrize("state", list(CertificateState), ids=[s.value for s in CertificateState])
def test_every_certificate_action_and_role_in_this_state(app, people, login, make_certificate, state):
    clients = {role: login(getattr(people, role)) for role in CERTIFICATE_ROLES}
    cases = walk_transition_table(
        CERTIFICATE_LIFECYCLE, state, CERTIFICATE_ROLES, lambda action, role, at: role in CERTIFICATE_WHO[action],
        make=make_certificate,
        act=lambda action, role, certificate_id: clients[role].post(
            f"/certification/certificates/{certificate_id}/{action.value}", data=CERTIFICATE_DATA[action]),
        read=lambda certificate_id: read(app, Certificate, CertificateEvent, "certificate_id", certificate_id))
    assert cases == len(CERTIFICATE_WHO) * len(CERTIFICATE_ROLES)


@pytest.mark.parametrize("action", [CertificateAction.suspend, CertificateAction.revoke])
def test_a_short_reason_changes_nothing(app, people, login, make_certificate, action):
    certificate_id = make_certificate(CertificateState.valid)
    response = login(people.coordinator).post(f"/certification/certificates/{certificate_id}/{action.value}",
                                              data={"reason": "Because"})
    assert response.status_code == 400
    assert read(app, Certificate, CertificateEvent, "certificate_id", certificate_id) == (CertificateState.valid, 0)
