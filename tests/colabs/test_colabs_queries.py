"""The calendar, month view and participant list run a fixed number of SQL statements."""
import pytest

from app.colabs.constants import Theme
from tests.colabs.conftest import in_days
from tests.querycount import count_queries


def _statements(app, client, path):
    client.get(path)  # warm up: first-request work is not what we measure
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", ["/colabs/", "/colabs/?theme=housing", "/colabs/month?year={year}&month={month}"])
def test_calendar_pages_use_the_same_queries_for_5_and_50_sessions(app, client, make_user, make_session,
                                                                     register, path):
    facilitator = make_user(roles=["facilitator"])
    start = in_days(40)
    people = [make_user() for _ in range(3)]
    counts = []
    for total in (5, 50):
        for index in range(total - (5 if counts else 0)):
            session_id = make_session(facilitators=[facilitator], starts_at=start,
                                      themes=(Theme.housing, Theme.health), capacity=2)
            if index % 2 == 0:
                for person in people:
                    register(session_id, person)
        url = path.format(year=start.year, month=start.month)
        page = client.get(url).get_data(as_text=True)
        assert page.count('class="day-seats"' if "month" in url else 'class="session-item"') == total
        counts.append(_statements(app, client, url))
    print(f"statements for 5 and 50 rows: {counts}")
    assert counts[0] == counts[1], counts


def test_participant_list_uses_the_same_queries_for_5_and_50_registrations(app, login, make_user, make_session,
                                                                            register):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], capacity=30, questions=["Diet?"])
    client = login(facilitator)
    counts = []
    made = 0
    for total in (5, 50):
        while made < total:
            register(session_id, make_user(), {"Diet?": "Vegetarian"})
            made += 1
        page = client.get(f"/colabs/{session_id}/participants").get_data(as_text=True)
        assert page.count("Vegetarian") == total
        counts.append(_statements(app, client, f"/colabs/{session_id}/participants"))
    print(f"statements for 5 and 50 rows: {counts}")
    assert counts[0] == counts[1], counts


def test_manage_and_attendance_pages_use_fixed_queries(app, login, make_user, make_session, register):
    facilitator = make_user(roles=["facilitator"])
    client = login(facilitator)
    session_id = make_session(facilitators=[facilitator], capacity=60)
    counts = {"manage": [], "attendance": []}
    made_sessions = made_people = 0
    for total in (5, 50):
        while made_sessions < total:
            make_session(facilitators=[facilitator])
            made_sessions += 1
        while made_people < total:
            register(session_id, make_user())
            made_people += 1
        counts["manage"].append(_statements(app, client, "/colabs/manage"))
        counts["attendance"].append(_statements(app, client, f"/colabs/{session_id}/attendance"))
    assert counts["manage"][0] == counts["manage"][1], counts
    assert counts["attendance"][0] == counts["attendance"][1], counts
