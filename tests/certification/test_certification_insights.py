"""Insights: Borda ranking by hand, perceived need, barriers, and groups under 5 shown without numbers."""
import csv
import io
import re

import pytest

from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation, User
from app.certification import insights
from app.certification.models import AssessmentState
from app.extensions import db
from tests.certification.conftest import READY_ANSWERS


@pytest.fixture
def respond(app, people, make_user, make_org, make_assessment):
    """Add one counted answer: a new business in a municipality, verified, its assessment reviewed (approved).

    With `counted=False` the business is made up: registered and submitted, but never verified or reviewed.
    """
    def add(municipality="1280", reasons=("procurement", "credibility"), need=4, barriers=("cost",), name=None,
            counted=True):
        member = make_user()
        org = make_org(name=name, kind=OrganisationKind.social_business, admins=[member], municipality=municipality)
        answers = dict(READY_ANSWERS, reasons=list(reasons), need=need, barriers=list(barriers))
        if not counted:
            return make_assessment(org, member, answers=answers, state=AssessmentState.submitted)
        assessment_id = make_assessment(org, member, answers=answers, state=AssessmentState.approved,
                                        coordinator=people.coordinator)
        with app.app_context():
            insights.verify_organisation(db.session.get(Organisation, org.id), db.session.get(User, people.coordinator.id))
            db.session.commit()
        return assessment_id
    return add


@pytest.fixture
def publish(login, people):
    """Publish a snapshot as the coordinator; return the response."""
    def go():
        return login(people.coordinator).post("/certification/insights/snapshots")
    return go


def municipality_row(html, name):
    table = html.split("Answers by municipality", 1)[1].split("</table>", 1)[0]
    return re.search(rf"<tr>\s*<th scope=\"row\">{name}</th>(.*?)</tr>", table, re.S).group(1)


def test_a_breakdown_with_4_respondents_shows_no_numbers(app, client, respond, version, publish):
    for _ in range(4):
        respond(municipality="1281")  # Lund
    publish()  # refused: fewer than 5 are counted
    html = client.get("/certification/insights/summary").get_data(as_text=True)
    assert "No figures have been published yet." in html
    assert "Borda score" not in html and "<svg" not in html
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    assert not re.search(r"Respondents so far: \d", main)

    # With more respondents elsewhere, the whole shows numbers, but Lund (4) still does not, nor does the
    # smallest other municipality (Malmö, 5): else Lund would be the whole minus the others.
    for _ in range(5):
        respond(municipality="1280")  # Malmö
    for _ in range(6):
        respond(municipality="1286")  # Ystad
    assert publish().status_code == 302
    html = client.get("/certification/insights/summary").get_data(as_text=True)
    assert "Respondents so far: 15." in html
    for name in ("Lund", "Malmö"):
        text = re.sub(r"<[^>]+>", "", municipality_row(html, name))
        assert "fewer than 5" in text and not re.search(r"\d", text.replace("fewer than 5", ""))
    ystad = municipality_row(html, "Ystad")
    assert "fewer than 5" not in ystad and ">6<" in ystad


def test_borda_scores_and_share_ranked_first_by_hand(app, respond, version):
    # 8 reasons: rank 1 earns 8 points, rank 2 earns 7, rank 3 earns 6.
    respond(reasons=["procurement", "credibility", "finance"], need=5, barriers=["cost", "time"])
    respond(reasons=["credibility", "procurement"], need=4, barriers=["cost"])
    respond(reasons=["credibility"], need=3, barriers=[])
    respond(reasons=["finance", "credibility"], need=2, barriers=["time"])
    respond(reasons=["procurement"], need=4, barriers=["unclear_benefit"])
    with app.app_context():
        data = insights.compute()
        options = ["procurement", "credibility", "finance", "visibility", "identity", "greenwashing",
                   "partners_require", "other"]
        rows = data.overall.borda(options)
    # procurement 8+7+8 = 23 (first 2 of 5 = 40 %); credibility 7+8+8+7 = 30 (2 of 5 = 40 %); finance 6+8 = 14 (20 %).
    assert rows[:3] == [("credibility", 30, 40.0), ("procurement", 23, 40.0), ("finance", 14, 20.0)]
    assert rows[3][1] == 0
    assert data.overall.respondents == 5 and data.overall.ranked_respondents == 5
    assert data.overall.mean_need == 3.6  # (5+4+3+2+4)/5
    barriers = data.overall.tick_shares("barriers", ["cost", "time", "unclear_benefit", "other"])
    assert barriers == [("cost", 2, 40.0), ("time", 2, 40.0), ("unclear_benefit", 1, 20.0), ("other", 0, 0.0)]
    assert data.overall.section_mean("mission") == 100.0


def test_charts_are_accessible_svg_with_their_numbers_in_a_table(app, client, respond, version, publish):
    for _ in range(5):
        respond()
    publish()
    html = client.get("/certification/insights/summary").get_data(as_text=True)
    assert html.count('role="img"') == 4
    assert html.count("<title id=\"chart-") == 4 and html.count("<desc id=\"chart-") == 4
    assert "Reasons ranked by Borda score (5 businesses ranked reasons)" in html
    assert "<td>40</td>" in html  # procurement ranked first by all five: 5 x 8


def test_a_business_counts_once_with_its_latest_submission(app, respond, version, people):
    from app.accounts.models import User
    from app.certification import services
    from app.certification.models import Assessment
    from app.extensions import db

    assessment_id = respond(need=2)
    with app.app_context(), app.test_request_context():
        assessment = db.session.get(Assessment, assessment_id)
        coordinator = db.session.get(User, people.coordinator.id)
        member = db.session.get(User, assessment.created_by_id)
        renewal = services.start_assessment(assessment.organisation, member)  # pre-filled, evidence and all
        services.save_section(renewal, {**assessment.answer_values, "need": 5}, member)
        services.submit_assessment(renewal, member)
        db.session.commit()
        # The renewal waits for review: until then the business is not counted.
        assert insights.compute().overall.respondents == 0
        services.approve_assessment(renewal, coordinator)
        db.session.commit()
        data = insights.compute()
        assert data.overall.respondents == 1 and data.overall.mean_need == 5


@pytest.fixture
def research_coordinator(make_user):
    return make_user(name="Research Coordinator", roles=["coordinator", "researcher"])


def test_only_researchers_among_the_coordinators_export(login, people, research_coordinator, version):
    assert login(people.coordinator).get("/certification/insights/responses.csv").status_code == 403
    assert "responses.csv" not in login(people.coordinator).get("/certification/insights").get_data(as_text=True)
    assert login(research_coordinator).get("/certification/insights/responses.csv").status_code == 200
    assert "responses.csv" in login(research_coordinator).get("/certification/insights").get_data(as_text=True)


def test_the_anonymised_export_has_no_names_and_one_row_per_business(app, login, people, respond, version,
                                                                      research_coordinator):
    for index in range(3):
        respond(name=f"Hemliga Företaget {index}")
    response = login(research_coordinator).get("/certification/insights/responses.csv")
    text = response.get_data().decode("utf-8-sig")
    assert "Hemliga" not in text and "We repair furniture" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[0]["reasons_rank_procurement"] == "1" and rows[0]["need"] == "4"
    assert rows[0]["barriers_cost"] == "1" and rows[0]["section_mission"] == "100.0"
    assert set(rows[0]) >= {"respondent", "sector", "municipality", "total_percent", "band"}
    # Three businesses share a sector and municipality: too few to show either.
    assert {row["municipality"] for row in rows} == {"fewer than 5"}
    assert {row["sector"] for row in rows} == {"fewer than 5"}


def test_the_export_keeps_sector_and_municipality_of_groups_of_five(app, login, people, respond, version,
                                                                      research_coordinator):
    for _ in range(5):
        respond(municipality="1280")
    respond(municipality="1281")
    text = login(research_coordinator).get("/certification/insights/responses.csv").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["municipality"] for row in rows) == ["1280"] * 5 + ["fewer than 5"]
    assert {row["sector"] for row in rows} == {"social_economy"}
