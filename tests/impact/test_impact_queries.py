"""Fixed query counts: the public snapshot page and an organisation's reporting pages do not grow with data."""
from app.accounts.models import User
from app.extensions import db
from app.impact import services
from app.impact.constants import ReportState
from tests.querycount import count_queries


def _fill(businesses, commit_to, make_report, periods):
    for org, user in businesses:
        for code in ("VOL-HOURS", "FOOD-MEALS", "WORK-IN-6M"):
            commitment_id = commit_to(org, user, code=code)
            for period in periods:
                ratio = code == "WORK-IN-6M"
                make_report(commitment_id, period=period, value=None if ratio else 10,
                            numerator=3 if ratio else None, denominator=10 if ratio else None,
                            state=ReportState.approved)


def _publish(app, people, period):
    with app.test_request_context():
        services.publish_snapshot(period, db.session.get(User, people.coordinator.id))
        db.session.commit()


def test_the_snapshot_page_runs_the_same_queries_however_many_indicators(app, people, businesses, commit_to,
                                                                          make_report, client):
    _fill(businesses[:3], commit_to, make_report, ["2025H1"])
    _publish(app, people, "2025H1")
    client.get("/impact/snapshots/2025H1")
    with count_queries(app) as small:
        assert client.get("/impact/snapshots/2025H1").status_code == 200
    _fill(businesses[3:], commit_to, make_report, ["2025H2"])
    _fill(businesses[:3], commit_to, make_report, ["2025H2"])
    _publish(app, people, "2025H2")
    with count_queries(app) as large:
        assert client.get("/impact/snapshots/2025H2").status_code == 200
    assert len(small) == len(large) <= 2


def test_an_organisations_reporting_pages_run_a_fixed_number_of_queries(app, people, commit_to, make_report, as_role):
    org = people.business_org
    first = commit_to(org, people.business, code="VOL-HOURS")
    make_report(first, period="2025H1")
    client = as_role("business")
    with count_queries(app) as small_org:
        assert client.get(f"/impact/organisations/{org.id}").status_code == 200
    with count_queries(app) as small_commitment:
        assert client.get(f"/impact/commitments/{first}").status_code == 200
    for code in ("FOOD-MEALS", "WORK-IN-6M", "VOL-PEOPLE"):
        commitment_id = commit_to(org, people.business, code=code)
        for period in ("2025H1", "2025H2", "2026H1"):
            make_report(commitment_id, period=period, value=4, numerator=1, denominator=2)
    for period in ("2025H2", "2026H1"):
        make_report(first, period=period, value=5)
    with count_queries(app) as large_org:
        assert client.get(f"/impact/organisations/{org.id}").status_code == 200
    with count_queries(app) as large_commitment:
        assert client.get(f"/impact/commitments/{first}").status_code == 200
    assert len(small_org) == len(large_org)
    assert len(small_commitment) == len(large_commitment)


def test_computing_a_snapshot_takes_the_same_queries_however_many_reports(app, people, businesses, commit_to,
                                                                        make_report):
    _fill(businesses[:3], commit_to, make_report, ["2025H1"])
    with app.test_request_context():
        with count_queries(app) as small:
            services.compute_snapshot("2025H1")
    _fill(businesses[3:], commit_to, make_report, ["2025H1"])
    with app.test_request_context():
        with count_queries(app) as large:
            services.compute_snapshot("2025H1")
    assert len(small) == len(large) == 4
