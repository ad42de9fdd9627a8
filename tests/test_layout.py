"""The shared layout: error pages inside it, Stockholm time, landmarks."""
from datetime import datetime, timezone

import pytest
from flask_babel import force_locale

from app.formatting import datetime_filter


@pytest.fixture
def failing_app(make_app):
    application = make_app(TESTING=False)

    @application.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    return application


def test_a_server_error_renders_the_500_page_in_the_layout(failing_app):
    response = failing_app.test_client().get("/boom", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in html and 'id="main"' in html and "a bug" not in html


@pytest.mark.parametrize("path,status,text", [
    ("/no-such-page", 404, "Page not found"),
    ("/account/people", 403, "You do not have access"),
])
def test_error_pages_use_the_layout(people, login, path, status, text):
    response = login(people.plain).get(path, headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == status and text in html
    assert '<nav class="main-nav"' in html and 'class="skip-link"' in html


def test_a_wrong_method_gets_405_in_the_layout(client):
    response = client.get("/account/logout", headers={"Accept-Language": "en"})
    assert response.status_code == 405 and "Allow" in response.headers
    assert 'id="main"' in response.get_data(as_text=True)


@pytest.mark.parametrize("moment,expected", [
    (datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc), "13:00"),    # CET, UTC+1
    (datetime(2026, 7, 15, 12, 0, tzinfo=timezone.utc), "14:00"),    # CEST, UTC+2
    (datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc), "03:30"),    # just after spring forward
    (datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc), "02:30"),   # first 02:30 in October
    (datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc), "02:30"),   # the repeated hour
])
def test_times_are_shown_in_stockholm(app, moment, expected):
    with app.test_request_context():
        with force_locale("sv"):
            assert expected in datetime_filter(moment, "short")


def test_pages_have_landmarks_and_a_language(client):
    html = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="sv">' in html
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html


@pytest.mark.parametrize("language,expected_datetime,expected_date", [
    ("en", "1 Dec 2026, 20:04", "1 Dec 2026"),
    ("sv", "20:04", "2026"),
])
def test_dates_read_the_european_way(app, language, expected_datetime, expected_date):
    from datetime import date

    from app.formatting import date_filter

    moment = datetime(2026, 12, 1, 19, 4, tzinfo=timezone.utc)
    with app.test_request_context():
        with force_locale(language):
            for format in ("short", "medium"):
                assert expected_datetime in datetime_filter(moment, format)
                assert expected_date in date_filter(date(2026, 12, 1), format)
            assert "PM" not in datetime_filter(moment, "long") and "/" not in datetime_filter(moment, "short")
