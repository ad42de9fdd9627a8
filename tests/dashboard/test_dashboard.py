"""The alliance dashboard: figures match a plain count, permissions, fixed queries, date range."""
from datetime import date, datetime, timedelta, timezone
from statistics import median

import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.certification.models import Certificate
from app.colabs.constants import RegistrationState, SessionState
from app.colabs.models import ColabRegistration, ColabSession
from app.dashboard.figures import DateRange, compute_figures
from app.extensions import db
from app.matching.constants import MatchState
from app.matching.models import Match, MatchEvent
from app.requests.models import Request
from tests.querycount import count_queries

EN = {"Accept-Language": "en"}
TODAY = date.today()
YEAR = DateRange(TODAY - timedelta(days=364), TODAY)


def naive_figures(period):
    """Count the same things the slow, obvious way, row by row."""
    start = datetime.combine(period.start, datetime.min.time(), tzinfo=timezone.utc)
    end = datetime.combine(period.end + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    organisations = db.session.scalars(sa.select(Organisation)).all()
    requests = db.session.scalars(sa.select(Request)).all()
    matches = db.session.scalars(sa.select(Match)).all()
    sessions = db.session.scalars(sa.select(ColabSession)).all()
    registrations = db.session.scalars(sa.select(ColabRegistration)).all()
    certificates = db.session.scalars(sa.select(Certificate)).all()
    held = {s.id for s in sessions if start <= s.starts_at < end
            and s.state in (SessionState.published, SessionState.completed)}
    taken = [r for r in registrations if r.session_id in held and r.state == RegistrationState.registered]
    answered = [r for r in requests if r.first_answer_at and r.submitted_at and start <= r.first_answer_at < end]
    in_period = [m for m in matches if start <= m.created_at < end]
    events = db.session.scalars(sa.select(MatchEvent).order_by(MatchEvent.created_at)).all()
    first_answer = {}
    for event in events:
        if event.from_state == MatchState.suggested:
            first_answer.setdefault(event.match_id, event.created_at)
    by_id = {m.id: m for m in matches}
    match_waits = [(at - by_id[match_id].created_at).total_seconds() / 86400
                   for match_id, at in first_answer.items() if start <= at < end]
    return {
        "matches_answered": len(match_waits),
        "median_days_to_match_answer": round(median(match_waits), 1) if match_waits else None,
        "members": sum(1 for o in organisations if o.member_since and o.member_since <= period.end),
        "matches": len(in_period),
        "customers": sum(1 for m in in_period if m.state == MatchState.became_customer),
        "requests_submitted": sum(1 for r in requests if r.submitted_at and start <= r.submitted_at < end),
        "requests_answered": len(answered),
        "median_days_to_first_answer": round(median(
            (r.first_answer_at - r.submitted_at).total_seconds() / 86400 for r in answered), 1) if answered else None,
        "sessions_held": len(held),
        "seats_taken": len(taken),
        "attended": sum(1 for r in taken if r.attended),
        "certified_now": len({c.organisation_id for c in certificates if c.issued_on <= period.end
                              and c.expires_on > period.end and (c.revoked_at is None or c.revoked_at >= end)}),
        "certificates_issued": sum(1 for c in certificates if period.start <= c.issued_on <= period.end),
    }


@pytest.mark.parametrize("period", [
    YEAR,
    DateRange(TODAY - timedelta(days=30), TODAY),
    DateRange(date(2019, 1, 1), TODAY + timedelta(days=400)),
])
def test_figures_agree_with_a_plain_count_of_the_demo_data(app, demo, period):
    with app.app_context():
        figures = compute_figures(period, goal=50)
        expected = naive_figures(period)
    for name, value in expected.items():
        assert getattr(figures, name) == value, name


def test_the_demo_data_gives_every_figure_something_to_show(app, demo):
    with app.app_context():
        figures = compute_figures(DateRange(date(2019, 1, 1), TODAY + timedelta(days=400)), goal=50)
    assert figures.members > 0 and figures.requests_answered > 0 and figures.sessions_held > 0
    assert figures.matches > 0 and figures.customers > 0 and figures.certified_now > 0
    assert figures.median_days_to_first_answer > 0 and figures.median_days_to_match_answer > 0


def test_no_demo_request_is_answered_before_it_was_submitted(app, demo):
    with app.app_context():
        answered = db.session.scalars(sa.select(Request).where(Request.first_answer_at.is_not(None))).all()
        assert answered and all(r.submitted_at and r.first_answer_at >= r.submitted_at for r in answered)
        claimed = [r for r in answered if r.claimed_at]
        assert claimed and all(r.claimed_at >= r.first_answer_at for r in claimed)


def test_the_quarters_cover_two_years_without_gaps():
    from app.dashboard.figures import quarters

    ranges = quarters(8, today=date(2026, 12, 1))
    assert [(r.start, r.end) for r in ranges][:2] == [(date(2025, 1, 1), date(2025, 3, 31)),
                                                      (date(2025, 4, 1), date(2025, 6, 30))]
    assert ranges[-1] == DateRange(date(2026, 10, 1), date(2026, 12, 1))
    assert all(a.end + timedelta(days=1) == b.start for a, b in zip(ranges, ranges[1:]))


def test_each_quarter_of_the_trend_equals_a_plain_count(app, demo):
    from app.dashboard.figures import trend

    with app.app_context():
        for label, figures in trend(50, count=3):
            period = next(q for q in __import__("app.dashboard.figures", fromlist=["quarters"]).quarters(3)
                          if f"{q.start.year} Q{(q.start.month - 1) // 3 + 1}" == label)
            for name, value in naive_figures(period).items():
                assert getattr(figures, name) == value, (label, name)


# The 20 figures the areas here list, in their order; a new area's figures come on top of them.
CORE_FIGURES = ["members", "matches", "matches_answered", "median_days_to_match_answer", "customers",
                "requests_submitted", "requests_answered", "median_days_to_first_answer", "follow_ups_sent",
                "follow_ups_answered", "follow_ups_used", "sessions_held", "seats_taken", "attended",
                "certified_now", "certificates_issued", "challenges_posted", "proposals_sent", "pilots_started",
                "pilots_completed"]


def test_the_areas_list_their_figures_in_a_stable_order(app):
    with app.app_context():
        listed = [key for key, _area, _label in compute_figures(DateRange(TODAY, TODAY), goal=50).rows]
    assert [key for key in listed if key in CORE_FIGURES] == CORE_FIGURES


def test_every_figure_and_the_key_actors_export_as_csv(app, demo, people, login, make_org):
    client = login(people.coordinator)
    figures = client.get("/dashboard/figures.csv", headers=EN)
    assert figures.status_code == 200 and figures.mimetype == "text/csv"
    lines = figures.get_data(as_text=True).lstrip("\ufeff").splitlines()
    with app.app_context():
        listed = [key for key, _area, _label in compute_figures(DateRange(TODAY, TODAY), goal=50).rows]
    assert set(CORE_FIGURES) <= set(listed) and len(listed) == len(set(listed))
    assert len(lines) == 1 + len(listed) and lines[0].count(",") == 2 + 8  # a row for each listed figure
    assert any(line.startswith("Science shop,Median days from submission to a first answer,") for line in lines)
    make_org(name="=HYPERLINK(1)", member_since=date(2025, 1, 1))
    actors = client.get("/dashboard/key-actors.csv", headers=EN).get_data(as_text=True)
    assert "Organisation,Sector,Member since,Contact person" in actors and "'=HYPERLINK(1)" in actors
    with app.app_context():
        members = db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)
                                    .where(Organisation.member_since.is_not(None)))
    assert len(actors.strip().splitlines()) == 1 + members
    for path in ("/dashboard/figures.csv", "/dashboard/key-actors.csv"):
        assert login(people.plain).get(path).status_code == 403


def test_the_key_actors_are_listed_with_what_they_took_part_in(app, people, login, make_org):
    make_org(name="Malmö stad", member_since=date(2024, 2, 1))
    html = login(people.coordinator).get("/dashboard/", headers=EN).get_data(as_text=True)
    assert "Malmö stad" in html and "Science-shop requests: 0" in html


def test_members_are_drawn_against_the_goal(people, login, make_org):
    make_org(member_since=date(2024, 2, 1))
    html = login(people.coordinator).get("/dashboard/", headers=EN).get_data(as_text=True)
    assert "All sectors: 1 / 50" in html and "Goal: 50" in html
    assert "<title>Alliance dashboard · Samverka</title>" in html and html.count('id="trend-heading"') == 1


def test_only_coordinators_see_the_dashboard(people, as_role):
    for role in ["anonymous", "plain", "group", "business", "stakeholder", "researcher", "facilitator"]:
        response = as_role(role).get("/dashboard/")
        assert response.status_code == (302 if role == "anonymous" else 403), role
    assert as_role("coordinator").get("/dashboard/").status_code == 200
    for role in ["anonymous", "plain", "coordinator"]:
        assert as_role(role).get("/dashboard/public").status_code == 200


def test_a_reversed_range_is_refused_beside_the_field(people, login):
    response = login(people.coordinator).get("/dashboard/?start=2026-05-01&end=2026-01-01", headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400  # shown with the default period, the message beside the field
    assert 'id="end-error"' in html and "on or after the start date" in html


def test_members_count_as_of_the_end_of_the_period(app, people, login, make_org):
    make_org(member_since=date(2020, 1, 1))
    make_org(member_since=date(2024, 6, 1))
    html = login(people.coordinator).get("/dashboard/?start=2020-01-01&end=2023-12-31", headers=EN).get_data(
        as_text=True)
    assert "1 of the goal of 50 key actors" in html


def test_the_dashboard_uses_a_fixed_number_of_queries(app, demo, people, login):
    from app.dashboard.figures import _figures_cache

    _figures_cache.clear()  # counted by an earlier test under the same data versions: count afresh here
    client = login(people.coordinator)
    with count_queries(app) as with_data:
        assert client.get("/dashboard/").status_code == 200
    with app.app_context():
        db.session.execute(sa.delete(Match))
        db.session.commit()
    with count_queries(app) as fewer:
        assert client.get("/dashboard/").status_code == 200
    assert len(with_data) == len(fewer)


def test_charts_are_accessible_svg_with_a_table_of_numbers(people, login):
    html = login(people.coordinator).get("/dashboard/", headers=EN).get_data(as_text=True)
    assert html.count('role="img"') == 5
    assert 'aria-labelledby="members-chart-title members-chart-desc"' in html
    assert html.count("<caption>") >= 5
