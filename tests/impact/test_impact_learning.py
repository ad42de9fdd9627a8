"""Guides in Markdown (rendered and sanitised), completion per organisation, the maturity self-assessment,
clinics as co-lab sessions, and what the organisation's page shows."""
import sqlalchemy as sa

from app.extensions import db
from app.impact.markdown import render_markdown
from app.impact.models import GuideCompletion, MaturityAssessment

GUIDE = {"slug": "baselines", "kind": "guide", "title_en": "Baselines", "title_sv": "Utgångsvärden",
         "summary_en": "Where you start", "summary_sv": "Var ni börjar", "minutes": "10",
         "body_en": "# Start\n\nWrite **the date**.\n\n<script>alert(1)</script> [x](javascript:alert(1))",
         "body_sv": "# Början\n\nSkriv **datumet**."}


def test_markdown_is_rendered_and_nothing_that_runs_survives():
    html = str(render_markdown("# Title\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1)) "
                               "[b](https://example.org)\n\n* one\n* two"))
    assert "<h2>Title</h2>" in html and "<li>one</li>" in html
    assert "<img" not in html and "onerror" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in html and 'href="https://example.org"' in html


def test_a_coordinator_writes_and_publishes_a_guide_in_both_languages(app, people, as_role, client):
    coordinator = as_role("coordinator")
    assert coordinator.post("/impact/learning/new", data=GUIDE).status_code == 302
    assert client.get("/impact/learning/baselines").status_code == 404 or \
        client.get("/impact/learning/baselines").status_code in (302, 403)
    assert coordinator.post("/impact/learning/baselines/publish").status_code == 302
    swedish = client.get("/impact/learning/baselines").get_data(as_text=True)  # a visitor: Swedish first
    assert "<h1>Utgångsvärden</h1>" in swedish and "<strong>datumet</strong>" in swedish
    english = coordinator.get("/impact/learning/baselines").get_data(as_text=True)  # the coordinator reads English
    assert "<strong>the date</strong>" in english and "<script>alert" not in english and 'href="javascript' not in english


def test_an_organisation_completes_a_guide_once_and_its_page_shows_it_and_its_clinics(
        app, people, as_role, make_session_for_clinic):
    as_role("coordinator").post("/impact/learning/new", data=GUIDE)
    as_role("coordinator").post("/impact/learning/baselines/publish")
    business = as_role("business")
    for _ in range(2):
        assert business.post("/impact/learning/baselines/complete",
                             data={"organisation_id": people.business_org.id}).status_code == 302
    assert business.post("/impact/learning/baselines/complete",
                         data={"organisation_id": people.group_org.id}).status_code == 400  # not theirs
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(GuideCompletion)) == 1
    make_session_for_clinic(attendee=people.business)
    page = business.get(f"/organisations/{people.business_org.id}").get_data(as_text=True)
    assert "Baselines" in page and "Clinic: reporting together" in page
    other = as_role("group").get(f"/organisations/{people.group_org.id}").get_data(as_text=True)
    assert "Clinic: reporting together" not in other


def test_the_maturity_self_assessment_gives_a_level_and_its_advice(app, people, as_role):
    client = as_role("business")
    answers = {"purpose": "2", "indicators": "1", "data": "1", "use": "1", "honesty": "0"}  # 5 points: level 2
    assert client.post(f"/impact/organisations/{people.business_org.id}/maturity", data=answers).status_code == 302
    page = client.get(f"/impact/organisations/{people.business_org.id}/maturity").get_data(as_text=True)
    assert "Level 2 of 4: Counting" in page and "book a clinic" in page
    response = client.post(f"/impact/organisations/{people.business_org.id}/maturity", data={"purpose": "9"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MaturityAssessment)) == 1


def test_upcoming_clinics_are_listed_in_the_learning_section(app, people, client, make_session_for_clinic):
    make_session_for_clinic(title="Clinic: next spring", days=10)
    assert "Clinic: next spring" in client.get("/impact/learning/").get_data(as_text=True)
