"""Filling in, evidence, submitting, review, certificates, reminders, registry and verification."""
import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.certification import services
from app.certification.models import (
    Answer, Assessment, AssessmentState, Certificate, Evidence, QuestionnaireVersion,
)
from app.errors import Conflict
from app.extensions import db
from app.storage import read_file
from tests.certification.conftest import PDF
from tests.querycount import count_queries


@pytest.fixture
def business(make_user, make_org):
    member = make_user(name="Maja Member")
    org = make_org(name="Kooperativet Lagom", kind=OrganisationKind.social_business, admins=[member])
    return member, org


def answers_of(app, assessment_id):
    with app.app_context():
        return {a.question_key: a.value for a in db.session.scalars(
            sa.select(Answer).where(Answer.assessment_id == assessment_id))}


def test_bad_input_shows_errors_beside_fields_keeps_values_and_stores_nothing(app, login, business, make_assessment):
    member, org = business
    assessment_id = make_assessment(org, member, answers={"mission_priority": "profit"}, evidence=False)
    client = login(member)
    response = client.post(f"/certification/assessments/{assessment_id}/sections/mission", data={
        "q-mission_statement": "Our mission", "q-mission_documents": "articles", "q-mission_priority": "bogus",
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="q-mission_priority-error"' in html and "Choose one of the options." in html
    assert ">Our mission</textarea>" in html  # the typed text is kept
    assert answers_of(app, assessment_id) == {"mission_priority": "profit"}  # nothing half-written

    response = client.post(f"/certification/assessments/{assessment_id}/sections/research", data={
        "q-reasons-procurement": "1", "q-reasons-finance": "1", "q-need": "9", "q-barriers": ["cost"],
    })
    html = response.get_data(as_text=True)
    assert "Give each rank to one reason only." in html and "Choose a point on the scale." in html
    response = client.post(f"/certification/assessments/{assessment_id}/sections/governance", data={
        "q-involvement": ["employees_board", "nobody_else"]})
    assert "cannot be combined with other choices" in response.get_data(as_text=True)
    response = client.post(f"/certification/assessments/{assessment_id}/sections/fair_pay", data={
        "q-pay_ratio": "3", "q-pay_ratio-na": "1"})
    assert "Either give a number or tick" in response.get_data(as_text=True)
    assert answers_of(app, assessment_id) == {"mission_priority": "profit"}


def test_saving_clears_answers_of_questions_that_become_hidden(app, login, business, make_assessment):
    member, org = business
    assessment_id = make_assessment(org, member, answers={}, evidence=False)
    client = login(member)
    url = f"/certification/assessments/{assessment_id}/sections/profit"
    client.post(url, data={"q-made_profit": "yes", "q-profit_reinvested": "80", "action": "stay"})
    assert answers_of(app, assessment_id) == {"made_profit": "yes", "profit_reinvested": 80}
    client.post(url, data={"q-made_profit": "no", "q-profit_reinvested": "80", "action": "next"})
    assert answers_of(app, assessment_id) == {"made_profit": "no"}
    ranking = f"/certification/assessments/{assessment_id}/sections/research"
    client.post(ranking, data={"q-reasons-finance": "2", "q-reasons-other": "1", "q-reasons_other": "Tenders abroad"})
    assert answers_of(app, assessment_id)["reasons"] == ["other", "finance"]
    assert answers_of(app, assessment_id)["reasons_other"] == "Tenders abroad"


def test_evidence_upload_checks_type_and_size_and_is_served_only_to_those_allowed(
        app, login, business, make_assessment, make_user, monkeypatch):
    member, org = business
    assessment_id = make_assessment(org, member, answers={}, evidence=False)
    client = login(member)
    url = f"/certification/assessments/{assessment_id}/sections/mission"

    def post(name, content):
        return client.post(url, data={"q-mission_documents": "articles", "evidence-mission_documents": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")

    response = post("virus.exe", b"MZ....")
    assert response.status_code == 422 and "Upload a PDF, PNG or JPEG file." in response.get_data(as_text=True)
    response = post("fake.pdf", b"\x89PNG\r\n\x1a\nnot a pdf")
    assert "is not a PDF file" in response.get_data(as_text=True)
    assert "larger than 10 MB" in str(services.check_evidence_file("huge.pdf", b"%PDF-", 10 * 1024 * 1024 + 1))
    assert services.check_evidence_file("ok.pdf", b"%PDF-", 10 * 1024 * 1024) is None
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 1000)  # the same check through the route, smaller
    response = post("huge.pdf", b"%PDF-" + b"0" * 2000)
    assert "larger than 10 MB" in response.get_data(as_text=True)
    monkeypatch.undo()
    assert answers_of(app, assessment_id) == {}
    response = post("stadgar.pdf", PDF)
    assert response.status_code == 302
    with app.app_context():
        evidence = db.session.scalars(sa.select(Evidence)).one()
        assert read_file(services.evidence_key(evidence)) == PDF
        path = Path(app.config["UPLOAD_FOLDER"]) / services.evidence_key(evidence)
        assert path.is_file() and Path(app.static_folder) not in path.parents
    download = client.get(f"/certification/evidence/{evidence.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Cache-Control"] == "private, no-store"
    download.close()
    stranger = login(make_user(name="Stranger"))
    assert stranger.get(f"/certification/evidence/{evidence.id}").status_code == 403


def test_submitting_needs_every_required_answer_and_evidence(app, login, business, make_assessment):
    member, org = business
    assessment_id = make_assessment(org, member, evidence=False)
    client = login(member)
    page = client.get(f"/certification/assessments/{assessment_id}/check").get_data(as_text=True)
    assert "Still missing before you can submit" in page and "evidence required" in page
    assert "Submit for review" not in page
    assert client.post(f"/certification/assessments/{assessment_id}/submit").status_code == 409
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).state == AssessmentState.draft


def test_the_lifecycle_and_its_single_transition_table(app, people, business, make_assessment, mailbox):
    member, org = business
    assessment_id = make_assessment(org, member, state=AssessmentState.submitted)
    assert any("submitted a certification self-assessment" in m.subject for m in mailbox.to(people.coordinator.email))
    with app.app_context(), app.test_request_context():
        from app.accounts.models import User

        assessment = db.session.get(Assessment, assessment_id)
        coordinator = db.session.get(User, people.coordinator.id)
        business_member = db.session.get(User, member.id)
        with pytest.raises(Conflict):
            services.submit_assessment(assessment, business_member)  # already submitted
        services.add_comment(assessment, coordinator, "Name the customer.", "largest_customer")
        services.request_changes(assessment, coordinator, "")
        assert assessment.state == AssessmentState.changes_requested
        assert [c.body for c in assessment.open_comments()] == ["Name the customer."]
        with pytest.raises(Conflict):
            services.approve_assessment(assessment, coordinator)
        services.submit_assessment(assessment, business_member)
        certificate = services.approve_assessment(assessment, coordinator, today=date(2026, 3, 31))
        db.session.commit()
        assert [e.to_state.value for e in assessment.events] == [
            "draft", "submitted", "changes_requested", "submitted", "approved"]
        assert certificate.number == "SAM-2026-0001"
        assert certificate.issued_on == date(2026, 3, 31) and certificate.expires_on == date(2028, 3, 31)
    assert any("certified" in m.subject for m in mailbox.to(member.email))


def test_certificate_numbers_count_up_within_a_year(app, people):
    with app.app_context():
        assert services.next_certificate_number(2026) == "SAM-2026-0001"
        assert services.add_months(date(2026, 2, 28), 24) == date(2028, 2, 28)
        assert services.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_expiry_reminders_are_sent_once_60_days_before(app, people, business, make_assessment, mailbox):
    member, org = business
    assessment_id = make_assessment(org, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        certificate = db.session.scalars(sa.select(Certificate)).one()
        expires = certificate.expires_on
    runner = app.test_cli_runner()
    day = (expires - timedelta(days=61)).isoformat()
    assert "for 0 certificate" in runner.invoke(args=["certification", "send-expiry-reminders", "--today", day]).output
    day = (expires - timedelta(days=60)).isoformat()
    assert "for 1 certificate" in runner.invoke(args=["certification", "send-expiry-reminders", "--today", day]).output
    assert "for 0 certificate" in runner.invoke(args=["certification", "send-expiry-reminders", "--today", day]).output
    reminders = [m for m in mailbox.to(member.email) if "expires on" in m.subject]
    assert len(reminders) == 1 and certificate.number in reminders[0].text
    assert assessment_id


def test_registry_lists_valid_certificates_as_page_json_and_csv_and_revocation_removes_them(
        app, people, login, client, business, make_assessment):
    member, org = business
    make_assessment(org, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        certificate = db.session.scalars(sa.select(Certificate)).one()
    page = client.get("/certification/registry?q=lagom").get_data(as_text=True)
    assert "Kooperativet Lagom" in page and certificate.number in page
    assert "Kooperativet Lagom" not in client.get("/certification/registry?q=zzz").get_data(as_text=True)
    data = client.get("/certification/registry.json").get_json()
    assert data["count"] == 1
    record = data["certified_social_enterprises"][0]
    assert record["certificate_number"] == certificate.number and record["municipality"] == "Malmö"
    rows = list(csv.DictReader(io.StringIO(client.get("/certification/registry.csv").get_data().decode("utf-8-sig"))))
    assert rows[0]["name"] == "Kooperativet Lagom" and rows[0]["expires_on"] == certificate.expires_on.isoformat()
    verify = client.get(f"/certification/verify?number={certificate.number.lower()}")
    assert verify.status_code == 302 and verify.headers["Location"].endswith(f"/verify/{certificate.number}")
    assert "This certificate is valid." in client.get(f"/certification/verify/{certificate.number}").get_data(as_text=True)

    coordinator = login(people.coordinator)
    short = coordinator.post(f"/certification/certificates/{certificate.id}/revoke", data={"reason": "No"})
    assert short.status_code == 400 and "Write between 10 and 2000 characters." in short.get_data(as_text=True)
    coordinator.post(f"/certification/certificates/{certificate.id}/revoke",
                     data={"reason": "The asset lock was removed from the articles."})
    page = client.get(f"/certification/verify/{certificate.number}").get_data(as_text=True)
    assert "This certificate has been revoked." in page and "The asset lock was removed" in page
    assert client.get("/certification/registry.json").get_json()["count"] == 0
    assert "There is no certificate" in client.get("/certification/verify/SAM-2026-9999").get_data(as_text=True)


def test_a_version_1_assessment_keeps_its_result_after_version_2_is_published(
        app, people, login, business, make_assessment, definition):
    member, org = business
    assessment_id = make_assessment(org, member, state=AssessmentState.submitted)
    client = login(member)
    before = client.get(f"/certification/assessments/{assessment_id}/result").get_data(as_text=True)
    assert "Overall: Ready" in before

    # Version 2 is stricter: 80 % trading income for full points and a ready threshold of 99 %.
    import copy

    stricter = copy.deepcopy(definition)
    stricter["ready_threshold"] = 99
    trading = next(q for s in stricter["sections"] for q in s["questions"] if q["key"] == "trading_income")
    trading["bands"][0]["min"] = 80
    runner_result = services_load(app, stricter)
    assert runner_result == (2, "published")

    after = client.get(f"/certification/assessments/{assessment_id}/result").get_data(as_text=True)
    assert "Overall: Ready" in after and "version 1" in after
    assert _total(before) == _total(after)
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.version.number == 1
        v2 = db.session.scalar(sa.select(QuestionnaireVersion).where(QuestionnaireVersion.number == 2))
        from app.certification.scoring import score

        assert score(v2.definition, assessment.answer_values).band != "ready"  # the same answers, scored by v2


def services_load(app, definition):
    with app.app_context():
        version, outcome = services.load_definition(definition, publish=True)
        db.session.commit()
        return version.number, outcome


def _total(html):
    import re

    return re.search(r"Total score ([\d.,]+)", html).group(1)


def test_flask_certification_load_command(app, tmp_path):
    from tests.certification.conftest import DEFAULT_FILE

    runner = app.test_cli_runner()
    result = runner.invoke(args=["certification", "load", str(DEFAULT_FILE)])
    assert result.exit_code == 0 and "version 1: published" in result.output
    assert "version 1: unchanged" in runner.invoke(args=["certification", "load", str(DEFAULT_FILE)]).output
    broken = tmp_path / "broken.yaml"
    broken.write_text("slug: x\ntitle: {en: X}\nsections: []\n", encoding="utf-8")
    result = runner.invoke(args=["certification", "load", str(broken)])
    assert result.exit_code != 0 and "title.sv: Field required" in result.output and "sections:" in result.output


@pytest.mark.parametrize("path", ["/certification/review?state=approved", "/certification/registry",
                                  "/certification/certificates", "/certification/insights"])
def test_list_pages_use_a_fixed_number_of_queries(app, people, login, make_user, make_org, make_assessment, path):
    coordinator = login(people.coordinator)

    def add(n):
        for _ in range(n):
            member = make_user()
            org = make_org(kind=OrganisationKind.social_business, admins=[member])
            make_assessment(org, member, state=AssessmentState.approved, coordinator=people.coordinator)

    add(5)
    with count_queries(app) as with_5:
        coordinator.get(path)
    add(45)
    with count_queries(app) as with_50:
        coordinator.get(path)
    assert len(with_5) == len(with_50), (len(with_5), len(with_50))


def test_download_my_data_includes_certification_actions(app, login, business, make_assessment):
    member, org = business
    make_assessment(org, member, state=AssessmentState.submitted)
    data = login(member).get("/account/data.json").get_json()
    section = data["certification"]
    assert section["assessments_started"][0]["organisation"] == "Kooperativet Lagom"
    assert {a["question"] for a in section["answers_last_changed"]} >= {"mission_documents", "reasons"}
    assert [e["to"] for e in section["status_changes"]] == ["draft", "submitted"]
