"""Swedish time across daylight saving, and calendar files read by two independent parsers."""
from datetime import datetime, timedelta, timezone

import icalendar
import pytest
import vobject

from app.colabs.constants import SessionState
from app.colabs.models import ColabSession
from app.colabs.timezones import NonExistentLocalTime, local_to_utc
from app.extensions import db

LAST_SUNDAY_OF_MARCH_2027 = "2027-03-28"
LAST_SUNDAY_OF_OCTOBER_2027 = "2027-10-31"


def form_data(facilitator, **overrides):
    data = {"title": "Co-lab: Safe streets in Sofielund", "format": "colab_workshop", "themes": ["housing"],
            "description": "Neighbours and researchers map unsafe places.", "starts_at": "2027-05-12T17:00",
            "ends_at": "2027-05-12T19:00", "venue": "Sofielunds folkets hus, Malmö", "language": "sv",
            "capacity": "20", "facilitators": [str(facilitator.id)]}
    data.update(overrides)
    return data


@pytest.mark.parametrize("naive,expected", [
    (datetime(2027, 3, 28, 1, 59), datetime(2027, 3, 28, 0, 59, tzinfo=timezone.utc)),
    (datetime(2027, 3, 28, 3, 0), datetime(2027, 3, 28, 1, 0, tzinfo=timezone.utc)),
    (datetime(2027, 10, 30, 10, 0), datetime(2027, 10, 30, 8, 0, tzinfo=timezone.utc)),
    (datetime(2027, 10, 31, 10, 0), datetime(2027, 10, 31, 9, 0, tzinfo=timezone.utc)),
    (datetime(2027, 10, 31, 2, 30), datetime(2027, 10, 31, 0, 30, tzinfo=timezone.utc)),  # first of the two
])
def test_local_times_convert_to_utc_across_the_changes(naive, expected):
    assert local_to_utc(naive) == expected


@pytest.mark.parametrize("naive", [datetime(2027, 3, 28, 2, 0), datetime(2027, 3, 28, 2, 30),
                                   datetime(2026, 3, 29, 2, 59)])
def test_times_in_the_spring_gap_do_not_exist(naive):
    with pytest.raises(NonExistentLocalTime):
        local_to_utc(naive)


def test_a_session_in_the_spring_gap_gets_a_clear_form_error(app, login, make_user):
    facilitator = make_user(roles=["facilitator"])
    response = login(facilitator).post("/colabs/new", data=form_data(
        facilitator, starts_at=f"{LAST_SUNDAY_OF_MARCH_2027}T02:30", ends_at=f"{LAST_SUNDAY_OF_MARCH_2027}T04:00"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="starts_at-error"' in page
    assert "2027-03-28 02:30 does not exist in Swedish time" in page
    assert 'value="2027-03-28T02:30"' in page  # what was typed is kept
    assert 'value="Co-lab: Safe streets in Sofielund"' in page
    with app.app_context():
        assert db.session.query(ColabSession).count() == 0


def test_the_gap_error_is_in_swedish_too(login, make_user):
    facilitator = make_user(roles=["facilitator"], locale="sv")
    page = login(facilitator).post("/colabs/new", data=form_data(
        facilitator, starts_at=f"{LAST_SUNDAY_OF_MARCH_2027}T02:30",
        ends_at=f"{LAST_SUNDAY_OF_MARCH_2027}T04:00")).get_data(as_text=True)
    assert "finns inte i svensk tid" in page


def _create(app, client, facilitator, **overrides):
    response = client.post("/colabs/new", data=form_data(facilitator, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_session_on_the_last_sunday_of_october_shows_and_exports_the_winter_offset(app, login, make_user):
    facilitator = make_user(roles=["facilitator"])
    client = login(facilitator)
    after = _create(app, client, facilitator, starts_at=f"{LAST_SUNDAY_OF_OCTOBER_2027}T10:00",
                    ends_at=f"{LAST_SUNDAY_OF_OCTOBER_2027}T12:00")
    before = _create(app, client, facilitator, starts_at="2027-10-30T10:00", ends_at="2027-10-30T12:00")
    with app.app_context():
        assert db.session.get(ColabSession, after).starts_at == datetime(2027, 10, 31, 9, 0, tzinfo=timezone.utc)
        assert db.session.get(ColabSession, before).starts_at == datetime(2027, 10, 30, 8, 0, tzinfo=timezone.utc)

    page = client.get(f"/colabs/{after}").get_data(as_text=True)
    assert "31 October 2027, 10:00" in page and "UTC+01:00" in page
    assert 'datetime="2027-10-31T09:00:00+00:00"' in page
    page = client.get(f"/colabs/{before}").get_data(as_text=True)
    assert "30 October 2027, 10:00" in page and "UTC+02:00" in page

    for session_id, offset in [(after, timedelta(hours=1)), (before, timedelta(hours=2))]:
        body = client.get(f"/colabs/{session_id}.ics").data
        assert b"DTSTART;TZID=Europe/Stockholm:202710" in body
        event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
        assert event.decoded("dtstart").utcoffset() == offset
        assert event.decoded("dtstart").hour == 10
        parsed = vobject.readOne(body.decode())
        assert parsed.vevent.dtstart.value.utcoffset() == offset
        assert parsed.vevent.dtstart.value.hour == 10

    # The edit form shows the local wall-clock time again, not UTC.
    page = client.get(f"/colabs/{after}/edit").get_data(as_text=True)
    assert 'value="2027-10-31T10:00"' in page


def test_ics_is_valid_for_icalendar_and_vobject(app, client, login, make_user):
    facilitator = make_user(roles=["facilitator"])
    signed_in = login(facilitator)
    session_id = _create(app, signed_in, facilitator)
    signed_in.post(f"/colabs/{session_id}/publish")
    body = client.get(f"/colabs/{session_id}.ics").data
    assert client.get(f"/colabs/{session_id}.ics").headers["Content-Type"].startswith("text/calendar")

    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    event = calendar.walk("VEVENT")[0]
    url = f"http://localhost/colabs/{session_id}"
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"])
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["ORGANIZER"]) == "mailto:noreply@samverka.example.org"
    assert str(event["STATUS"]) == "CONFIRMED"
    uid = str(event["UID"])

    parsed = vobject.readOne(body.decode())
    assert parsed.method.value == "PUBLISH"
    assert parsed.vevent.uid.value == uid
    assert parsed.vevent.url.value == url
    assert url in parsed.vevent.description.value
    assert parsed.vevent.summary.value == "Co-lab: Safe streets in Sofielund"
    assert parsed.vtimezone.tzid.value == "Europe/Stockholm"

    # A change keeps the UID and raises SEQUENCE, each time.
    for expected_sequence in (1, 2):
        response = signed_in.post(f"/colabs/{session_id}/edit", data=form_data(
            facilitator, title=f"Moved {expected_sequence}", starts_at="2027-05-13T17:00",
            ends_at="2027-05-13T19:00"))
        assert response.status_code == 302
        event = icalendar.Calendar.from_ical(client.get(f"/colabs/{session_id}.ics").data).walk("VEVENT")[0]
        assert str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) == expected_sequence

    # Cancelling sends METHOD:CANCEL / STATUS:CANCELLED with a higher SEQUENCE, same UID.
    signed_in.post(f"/colabs/{session_id}/cancel", data={"note": "The venue is closed."})
    body = client.get(f"/colabs/{session_id}.ics").data
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED" and str(event["UID"]) == uid and int(event["SEQUENCE"]) == 3
    parsed = vobject.readOne(body.decode())
    assert parsed.method.value == "CANCEL" and parsed.vevent.status.value == "CANCELLED"


def test_confirmation_and_cancellation_emails_carry_the_ics(app, login, make_user, make_session, mailbox):
    facilitator = make_user(roles=["facilitator"])
    person = make_user(name="Amira Hassan")
    session_id = make_session(facilitators=[facilitator])
    login(person).post(f"/colabs/{session_id}/register")
    [confirmation] = mailbox.to(person.email)
    assert confirmation.subject.startswith("Registered:")
    [attachment] = list(confirmation.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    event = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    with app.app_context():
        assert str(event["UID"]) == db.session.get(ColabSession, session_id).uid
    assert vobject.readOne(attachment.get_content() if isinstance(attachment.get_content(), str)
                           else attachment.get_content().decode()).vevent

    mailbox.clear()
    login(facilitator).post(f"/colabs/{session_id}/cancel", data={"note": "Storm warning."})
    [cancellation] = mailbox.to(person.email)
    assert "Storm warning." in cancellation.text
    [attachment] = list(cancellation.message.iter_attachments())
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert calendar["METHOD"] == "CANCEL"


def test_private_feed_lists_only_own_sessions_and_can_be_revoked(app, client, login, make_user, make_session):
    facilitator = make_user(roles=["facilitator"])
    person, other = make_user(), make_user()
    mine = make_session(facilitators=[facilitator], title="Mine")
    theirs = make_session(facilitators=[facilitator], title="Theirs")
    login(person).post(f"/colabs/{mine}/register")
    login(other).post(f"/colabs/{theirs}/register")

    signed_in = login(person)
    assert signed_in.post("/colabs/feed").status_code == 302
    with app.app_context():
        from app.colabs.models import ColabFeedToken

        token = db.session.query(ColabFeedToken).filter_by(user_id=person.id).one().token
    assert token in signed_in.get("/colabs/mine").get_data(as_text=True)
    response = client.get(f"/colabs/feed/{token}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Mine"]
    parsed = vobject.readOne(response.data.decode())
    assert [e.summary.value for e in parsed.vevent_list] == ["Mine"]

    assert "LOCATION:Stadsbiblioteket" in response.get_data(as_text=True)

    signed_in.post("/colabs/feed")  # a new address: the old one stops working
    assert client.get(f"/colabs/feed/{token}.ics").status_code == 404
    signed_in.post("/colabs/feed/revoke")
    with app.app_context():
        assert db.session.query(ColabFeedToken).filter_by(user_id=person.id).count() == 0
    assert client.get("/colabs/feed/not-a-token.ics").status_code == 404


def test_a_cancelled_session_stays_in_the_feed_marked_cancelled(app, client, login, make_user, make_session):
    facilitator = make_user(roles=["facilitator"])
    person = make_user()
    session_id = make_session(facilitators=[facilitator])
    login(person).post(f"/colabs/{session_id}/register")
    signed_in = login(person)
    signed_in.post("/colabs/feed")
    with app.app_context():
        from app.colabs.models import ColabFeedToken

        token = db.session.query(ColabFeedToken).filter_by(user_id=person.id).one().token
    login(facilitator).post(f"/colabs/{session_id}/cancel", data={})
    event = icalendar.Calendar.from_ical(client.get(f"/colabs/feed/{token}.ics").data).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    with app.app_context():
        assert db.session.get(ColabSession, session_id).state == SessionState.cancelled
