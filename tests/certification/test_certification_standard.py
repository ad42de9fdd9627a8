"""The certification standard enforced; renewals that supersede; the mail a business gets; review threads."""
from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.certification import jobs
from app.accounts.constants import OrganisationKind
from app.certification.models import (
    Assessment, AssessmentState, Certificate, CertificateAction, CertificateEvent, CertificateState, ReviewComment,
)
from app.extensions import db
from tests.certification.conftest import READY_ANSWERS

NOT_YET = dict(READY_ANSWERS, asset_lock="owners")  # a failed must-pass criterion
BELOW_MINIMUM = dict(READY_ANSWERS, impact_reporting=["members"], impact_measured="some_figures")  # impact < 40 %
REASON = "The asset lock goes into the articles at the annual meeting in April; the board has decided it."


@pytest.fixture
def second_coordinator(make_user):
    return make_user(name="Cecilia Second", roles=["coordinator"])


@pytest.fixture
def business(make_user, make_org):
    member = make_user(name="Maja Member")
    organisation = make_org(name="Kooperativet Lagom", kind=OrganisationKind.social_business, admins=[member])
    return member, organisation


def state_of(app, assessment_id):
    with app.app_context():
        return db.session.get(Assessment, assessment_id).state


def certificates_of(app, organisation_id):
    with app.app_context():
        return [(c.number, c.state) for c in db.session.scalars(
            sa.select(Certificate).where(Certificate.organisation_id == organisation_id).order_by(Certificate.id))]


@pytest.mark.parametrize("answers", [NOT_YET, BELOW_MINIMUM], ids=["not-yet", "below-a-section-minimum"])
def test_approving_below_the_standard_is_refused(app, people, login, business, make_assessment, answers):
    member, organisation = business
    assessment_id = make_assessment(organisation, member, answers=answers, state=AssessmentState.submitted)
    coordinator = login(people.coordinator)
    page = coordinator.get(f"/certification/review/{assessment_id}").get_data(as_text=True)
    assert "does not meet the standard" in page and "/approve" not in page
    response = coordinator.post(f"/certification/review/{assessment_id}/approve")
    assert response.status_code == 409
    assert state_of(app, assessment_id) == AssessmentState.submitted
    assert certificates_of(app, organisation.id) == []


def test_an_exception_needs_a_reason_and_a_second_different_coordinator(app, people, login, business,
                                                                       make_assessment, second_coordinator, mailbox):
    member, organisation = business
    assessment_id = make_assessment(organisation, member, answers=NOT_YET, state=AssessmentState.submitted)
    first = login(people.coordinator)
    # No reason, or one too short: nothing moves.
    for reason in ("", "Because."):
        assert first.post(f"/certification/review/{assessment_id}/exception", data={"reason": reason}).status_code == 422
    assert state_of(app, assessment_id) == AssessmentState.submitted
    assert first.post(f"/certification/review/{assessment_id}/exception", data={"reason": REASON}).status_code == 302
    assert state_of(app, assessment_id) == AssessmentState.exception_proposed
    # The one who proposed it cannot confirm it.
    assert first.post(f"/certification/review/{assessment_id}/exception/confirm").status_code == 403
    assert state_of(app, assessment_id) == AssessmentState.exception_proposed
    second = login(second_coordinator)
    assert second.post(f"/certification/review/{assessment_id}/exception/confirm").status_code == 302
    assert state_of(app, assessment_id) == AssessmentState.approved
    with app.app_context():
        certificate = db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == organisation.id)).one()
        issue = next(e for e in certificate.events if e.action == CertificateAction.issue)
        assert REASON in issue.note and "Cecilia Second" in issue.note
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.exception_proposed_by_id == people.coordinator.id
        assert assessment.exception_confirmed_by_id == second_coordinator.id
    history = second.get(f"/certification/verify/{certificate.number}").get_data(as_text=True)
    assert REASON in history


def test_an_exception_is_not_for_an_assessment_that_meets_the_standard(app, people, login, business, make_assessment):
    member, organisation = business
    assessment_id = make_assessment(organisation, member, state=AssessmentState.submitted)
    response = login(people.coordinator).post(f"/certification/review/{assessment_id}/exception",
                                              data={"reason": REASON})
    assert response.status_code == 409
    assert state_of(app, assessment_id) == AssessmentState.submitted


def test_a_declined_exception_sends_the_assessment_back_to_review(app, people, login, business, make_assessment,
                                                                 second_coordinator):
    member, organisation = business
    assessment_id = make_assessment(organisation, member, answers=NOT_YET, state=AssessmentState.submitted)
    login(people.coordinator).post(f"/certification/review/{assessment_id}/exception", data={"reason": REASON})
    response = login(second_coordinator).post(f"/certification/review/{assessment_id}/exception/decline",
                                              data={"reason": "The articles must lock the assets first."})
    assert response.status_code == 302
    assert state_of(app, assessment_id) == AssessmentState.submitted


# -- renewal ------------------------------------------------------------------------------------------
def test_a_renewal_starts_prefilled_and_supersedes_the_old_certificate(app, people, login, business, make_assessment,
                                                                      mailbox):
    member, organisation = business
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    [(old_number, _state)] = certificates_of(app, organisation.id)
    browser = login(member)
    response = browser.post(f"/certification/start/{organisation.id}")
    assert response.status_code == 302
    with app.app_context():
        renewal = db.session.scalars(sa.select(Assessment).where(Assessment.organisation_id == organisation.id,
                                                                 Assessment.state == AssessmentState.draft)).one()
        assert renewal.answer_values == READY_ANSWERS
        assert {e.question_key for e in renewal.evidence} == {"mission_documents", "trading_income", "asset_lock"}
        renewal_id = renewal.id
    assert browser.post(f"/certification/assessments/{renewal_id}/submit").status_code == 302
    assert login(people.coordinator).post(f"/certification/review/{renewal_id}/approve").status_code == 302
    certificates = certificates_of(app, organisation.id)
    assert [state for _n, state in certificates] == [CertificateState.superseded, CertificateState.valid]
    new_number = certificates[1][0]
    with app.app_context():
        valid = db.session.scalar(sa.select(sa.func.count()).select_from(Certificate).where(
            Certificate.organisation_id == organisation.id, Certificate.state == CertificateState.valid))
        assert valid == 1
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    old_page = visitor.get(f"/certification/verify/{old_number}").get_data(as_text=True)
    assert "replaced by a renewal" in old_page and new_number in old_page
    registry = visitor.get("/certification/registry").get_data(as_text=True)
    assert new_number in registry and old_number not in registry


def test_the_database_allows_one_valid_certificate_per_organisation(app, people, business, make_assessment):
    member, organisation = business
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        old = db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == organisation.id)).one()
        db.session.add(Certificate(number="SAM-1999-0001", assessment_id=old.assessment_id + 10**6,
                                   organisation_id=organisation.id, issued_on=old.issued_on,
                                   expires_on=old.expires_on, state=CertificateState.valid))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


# -- the business's mail ----------------------------------------------------------------------------------
def test_expiry_suspension_reinstatement_and_revocation_each_send_mail(app, people, login, business, make_assessment,
                                                                       mailbox):
    member, organisation = business
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        certificate = db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == organisation.id)).one()
        certificate_id, number, expires = certificate.id, certificate.number, certificate.expires_on
    mailbox.clear()
    coordinator = login(people.coordinator)
    base = f"/certification/certificates/{certificate_id}"
    assert coordinator.post(f"{base}/suspend", data={"reason": "A concern about the accounts is looked into."}).status_code == 302
    assert coordinator.post(f"{base}/reinstate", data={"reason": "The accounts are in order."}).status_code == 302
    after_expiry = datetime.combine(expires + timedelta(days=1), time(5, 40), tzinfo=timezone.utc)
    with app.app_context():
        jobs.send_certificate_expiry_reminders(now=after_expiry)
        assert jobs.send_certificate_expiry_reminders(now=after_expiry) == 0  # run twice, told once
    assert coordinator.post(f"{base}/revoke", data={"reason": "The asset lock was removed from the articles."}).status_code == 302
    subjects = [m.subject for m in mailbox.to(member.email)]
    assert any("suspended" in s for s in subjects), subjects
    assert any("valid again" in s for s in subjects), subjects
    assert len([s for s in subjects if "expired on" in s]) == 1, subjects
    assert any("revoked" in s for s in subjects), subjects
    with app.app_context():
        actions = [e.action for e in db.session.scalars(
            sa.select(CertificateEvent).where(CertificateEvent.certificate_id == certificate_id).order_by(CertificateEvent.id))]
    assert actions == [CertificateAction.issue, CertificateAction.suspend, CertificateAction.reinstate,
                       CertificateAction.expire, CertificateAction.revoke]
    assert number


def test_coordinators_see_the_certificates_expiring_within_90_days(app, people, login, business, make_assessment,
                                                                  make_user, make_org):
    member, organisation = business
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    other = make_org(name="Långt Kvar AB", kind=OrganisationKind.social_business, admins=[member])
    make_assessment(other, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        soon = db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == organisation.id)).one()
        soon.expires_on = date.today() + timedelta(days=80)
        db.session.commit()
        number = soon.number
        later = db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == other.id)).one().number
    page = login(people.coordinator).get("/certification/certificates/expiring").get_data(as_text=True)
    assert number in page and later not in page


# -- review as a conversation --------------------------------------------------------------------------------
def test_the_business_answers_a_comment_in_its_thread_and_sees_it_resolved(app, people, login, business,
                                                                          make_assessment):
    member, organisation = business
    assessment_id = make_assessment(organisation, member, state=AssessmentState.submitted)
    coordinator = login(people.coordinator)
    coordinator.post(f"/certification/review/{assessment_id}/comments",
                     data={"body": "Which year is this annual report from?", "question_key": "trading_income"})
    coordinator.post(f"/certification/review/{assessment_id}/request-changes", data={"note": ""})
    with app.app_context():
        comment_id = db.session.scalars(sa.select(ReviewComment.id).where(
            ReviewComment.assessment_id == assessment_id, ReviewComment.question_key == "trading_income")).one()
    browser = login(member)
    response = browser.post(f"/certification/assessments/{assessment_id}/comments/{comment_id}/replies",
                            data={"body": "It is from 2025; the 2026 report comes in May."})
    assert response.status_code == 302
    page = browser.get(f"/certification/assessments/{assessment_id}").get_data(as_text=True)
    assert "It is from 2025" in page and "Which year is this annual report from?" in page
    assert coordinator.post(f"/certification/review/{assessment_id}/comments/{comment_id}/resolve",
                            data={"resolved": "1"}).status_code == 302
    page = browser.get(f"/certification/assessments/{assessment_id}").get_data(as_text=True)
    assert "Resolved" in page
    # The business cannot resolve; nobody writes in a resolved thread.
    assert browser.post(f"/certification/review/{assessment_id}/comments/{comment_id}/resolve",
                        data={"resolved": "0"}).status_code == 403
    assert browser.post(f"/certification/assessments/{assessment_id}/comments/{comment_id}/replies",
                        data={"body": "One more thing"}).status_code == 409


# -- the registry ------------------------------------------------------------------------------------------------
def test_a_percent_sign_in_the_registry_search_matches_itself(app, people, business, make_assessment, make_org):
    member, organisation = business
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    sale = make_org(name="Rea 100% Återbruk", kind=OrganisationKind.social_business, admins=[member])
    make_assessment(sale, member, state=AssessmentState.approved, coordinator=people.coordinator)
    visitor = app.test_client()
    page = visitor.get("/certification/registry?q=%25").get_data(as_text=True)
    assert "Rea 100% Återbruk" in page and "Kooperativet Lagom" not in page
    page = visitor.get("/certification/registry?q=_").get_data(as_text=True)
    assert "Kooperativet Lagom" not in page


def test_the_registry_csv_writes_formula_like_cells_as_text(app, people, make_user, make_org, make_assessment):
    member = make_user(name="Formula Person")
    organisation = make_org(name="=HYPERLINK(\"http://evil.example\")", kind=OrganisationKind.social_business,
                            admins=[member])
    make_assessment(organisation, member, state=AssessmentState.approved, coordinator=people.coordinator)
    body = app.test_client().get("/certification/registry.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body
