"""Registration, waitlist, reserved seats, facilitator tools, reminders, purging and privacy."""
from datetime import timedelta

import pytest

from app.accounts.constants import OrganisationKind, Sector
from app.colabs import services
from app.colabs.constants import SessionState
from app.colabs.models import ColabAction, ColabRegistration, ColabSession
from app.db_types import utcnow
from app.extensions import db
from tests.colabs.conftest import CANCELLED, REGISTERED, WAITLISTED, in_days, states


def _registration(app, session_id, user):
    with app.app_context():
        return db.session.query(ColabRegistration).filter_by(session_id=session_id, user_id=user.id).one()


def test_register_waitlist_cancel_and_promote_through_the_pages(app, login, make_user, make_session, mailbox):
    facilitator = make_user(name="Frida Facilitator", roles=["facilitator"])
    first, second, third = make_user(name="Ada First"), make_user(name="Bo Second"), make_user(name="Cy Third")
    session_id = make_session(facilitators=[facilitator], capacity=1)

    page = login(first).post(f"/colabs/{session_id}/register", follow_redirects=True).get_data(as_text=True)
    assert "You are registered" in page and "0 seats left" in page
    page = login(second).post(f"/colabs/{session_id}/register", follow_redirects=True).get_data(as_text=True)
    assert "you are number 1 on the waitlist" in page
    login(third).post(f"/colabs/{session_id}/register")
    assert "You are number 2 on the waitlist" in login(third).get(f"/colabs/{session_id}").get_data(as_text=True)
    assert [m.subject.split(":")[0] for m in mailbox.to(second.email)] == ["Waitlist"]
    assert "number 1" in mailbox.to(second.email)[0].text

    mailbox.clear()
    page = login(first).post(f"/colabs/{session_id}/registration/cancel", follow_redirects=True).get_data(as_text=True)
    assert "Your registration is cancelled" in page
    assert [(s[0], s[1]) for s in states(app, session_id)] == [(first.id, CANCELLED), (second.id, REGISTERED),
                                                               (third.id, WAITLISTED)]
    assert [m.subject for m in mailbox.to(second.email)] == ["You have a place: Session 1"]
    assert "A seat has freed up and it is yours" in mailbox.to(second.email)[0].text
    [told] = mailbox.to(facilitator.email)
    assert "Ada First has cancelled" in told.text and "Bo Second" in told.text
    assert mailbox.to(third.email) == []
    assert "You are number 1 on the waitlist" in login(third).get(f"/colabs/{session_id}").get_data(as_text=True)

    # Leaving the waitlist frees no seat, so nobody is promoted and facilitators are not bothered.
    mailbox.clear()
    login(third).post(f"/colabs/{session_id}/registration/cancel")
    assert mailbox.messages == []
    # Registering again after cancelling puts the person at the back of the queue.
    login(first).post(f"/colabs/{session_id}/register")
    assert _registration(app, session_id, first).state == WAITLISTED


def test_reserved_seats_keep_places_for_a_sector(app, make_user, make_org, make_session, register):
    civil = [make_user(name=f"Civil {i}") for i in range(3)]
    public = [make_user(name=f"Public {i}") for i in range(3)]
    make_org(kind=OrganisationKind.community_group, members=civil)
    make_org(kind=OrganisationKind.established, sector=Sector.public, members=public)
    session_id = make_session(capacity=3, reserved={Sector.civil_society: 2})

    assert register(session_id, public[0]) == REGISTERED      # the one open seat
    assert register(session_id, public[1]) == WAITLISTED      # the other two are kept for civil society
    assert register(session_id, civil[0]) == REGISTERED
    assert register(session_id, civil[1]) == REGISTERED
    assert register(session_id, civil[2]) == WAITLISTED
    with app.app_context():
        seats = {r.user_id: r.seat_sector for r in db.session.query(ColabRegistration).filter_by(state=REGISTERED)}
    assert seats == {public[0].id: None, civil[0].id: Sector.civil_society, civil[1].id: Sector.civil_society}

    # A kept seat freed goes to the first waiting person of that sector, not to the first in line.
    with app.test_request_context():
        registration = db.session.query(ColabRegistration).filter_by(user_id=civil[0].id).one()
        promoted = services.cancel_registration(registration, registration.user)
        db.session.commit()
        assert [p.user_id for p in promoted] == [civil[2].id]
    # An open seat freed goes to the first in line, whatever their sector.
    with app.test_request_context():
        registration = db.session.query(ColabRegistration).filter_by(user_id=public[0].id).one()
        promoted = services.cancel_registration(registration, registration.user)
        db.session.commit()
        assert [p.user_id for p in promoted] == [public[1].id]


def test_registration_window_and_cancellation_after_the_start(app, login, make_user, make_session):
    person = make_user()
    started = make_session(starts_at=utcnow() - timedelta(minutes=30))  # began half an hour ago
    assert login(person).post(f"/colabs/{started}/register").status_code == 409
    with app.app_context():
        future = db.session.get(ColabSession, make_session())
        future.registration_closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
        future_id = future.id
    assert login(person).post(f"/colabs/{future_id}/register").status_code == 409
    page = login(person).get(f"/colabs/{future_id}").get_data(as_text=True)
    assert "Registration is not open." in page


def test_a_registration_cannot_be_cancelled_once_the_session_started(app, login, make_user, make_session, register):
    person = make_user()
    session_id = make_session()
    register(session_id, person)
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at = utcnow() - timedelta(minutes=5)
        db.session.commit()
    assert login(person).post(f"/colabs/{session_id}/registration/cancel").status_code == 409  # the registrant may, the moment has passed
    assert _registration(app, session_id, person).state == REGISTERED


def test_questions_are_answered_and_purged_thirty_days_after(app, login, make_user, make_session, register):
    person = make_user()
    session_id = make_session(questions=["Any dietary needs?", "Accessibility?"])
    page = login(person).get(f"/colabs/{session_id}").get_data(as_text=True)
    assert "Any dietary needs?" in page and "Questions from the facilitators (optional)" in page
    login(person).post(f"/colabs/{session_id}/register", data={"answer_0": "Halal", "answer_1": ""})
    assert _registration(app, session_id, person).answers == {"Any dietary needs?": "Halal"}
    too_long = make_session(questions=["Q?"])
    response = login(make_user()).post(f"/colabs/{too_long}/register", data={"answer_0": "x" * 1001})
    assert response.status_code == 400 and "answer_0-error" in response.get_data(as_text=True)

    runner = app.test_cli_runner()
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at = utcnow() - timedelta(days=29, hours=3)
        session.ends_at = utcnow() - timedelta(days=29)
        db.session.commit()
    assert "answers of 0" in runner.invoke(args=["purge-expired"]).output
    assert _registration(app, session_id, person).answers is not None
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at = utcnow() - timedelta(days=31, hours=3)
        session.ends_at = utcnow() - timedelta(days=31)
        db.session.commit()
    assert "answers of 1 co-lab" in runner.invoke(args=["purge-expired"]).output
    registration = _registration(app, session_id, person)
    assert registration.answers is None and registration.answers_purged_at is not None


def test_reminders_go_once_to_the_registered_within_24_hours(app, make_user, make_session, register, mailbox):
    soon = make_session(starts_at=utcnow() + timedelta(hours=20), title="Soon")
    later = make_session(starts_at=utcnow() + timedelta(hours=30), title="Later")
    cancelled = make_session(starts_at=utcnow() + timedelta(hours=10), capacity=1, title="Cancelled one")
    seated, waiting, other = make_user(), make_user(), make_user()
    soon_full = make_session(starts_at=utcnow() + timedelta(hours=5), capacity=1, title="Full")
    register(soon, seated)
    register(later, other)
    register(cancelled, other)
    register(soon_full, seated)
    register(soon_full, waiting)
    with app.app_context():
        db.session.get(ColabSession, cancelled).state = SessionState.cancelled
        db.session.commit()
    mailbox.clear()

    runner = app.test_cli_runner()
    assert "Sent 2 co-lab reminders" in runner.invoke(args=["send-reminders"]).output
    assert sorted(m.subject for m in mailbox.to(seated.email)) == ["Tomorrow: Full", "Tomorrow: Soon"]
    assert mailbox.to(waiting.email) == [] and mailbox.to(other.email) == []
    assert "http://localhost:5000/colabs/" in mailbox.to(seated.email)[0].text
    assert runner.invoke(args=["send-reminders"]).output.startswith("Sent 0")
    assert len(mailbox.messages) == 2


def test_facilitator_messages_everyone_registered(login, make_user, make_session, register, mailbox):
    facilitator = make_user(roles=["facilitator"])
    seated, waiting = make_user(), make_user()
    session_id = make_session(facilitators=[facilitator], capacity=1)
    register(session_id, seated)
    register(session_id, waiting)
    mailbox.clear()
    client = login(facilitator)
    response = client.post(f"/colabs/{session_id}/message", data={"subject": "", "body": "Hello"})
    assert "subject-error" in response.get_data(as_text=True) and mailbox.messages == []
    page = client.post(f"/colabs/{session_id}/message", data={"subject": "Bring a laptop", "body": "Please."},
                       follow_redirects=True).get_data(as_text=True)
    assert "sent to 1 people" in page
    assert [m.subject for m in mailbox.messages] == ["Bring a laptop"] and mailbox.to(seated.email)
    client.post(f"/colabs/{session_id}/message", data={"subject": "All", "body": "x", "include_waitlist": "y"})
    assert len(mailbox.to(waiting.email)) == 1


def test_attendance_marking_and_closing_with_outcomes(app, login, make_user, make_session, register):
    facilitator = make_user(roles=["facilitator"])
    came, absent = make_user(name="Came"), make_user(name="Absent")
    session_id = make_session(facilitators=[facilitator], starts_at=utcnow() + timedelta(days=1))
    register(session_id, came)
    register(session_id, absent)
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at = utcnow() - timedelta(hours=3)
        session.ends_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    client = login(facilitator)
    page = client.get(f"/colabs/{session_id}/attendance").get_data(as_text=True)
    ids = {_registration(app, session_id, u).id for u in (came, absent)}
    assert all(f'id="present-{i}"' in page for i in ids)
    page = client.post(f"/colabs/{session_id}/attendance", data={"present": [str(_registration(app, session_id, came).id), "junk"]},
                       follow_redirects=True).get_data(as_text=True)
    assert "1 of 2 came" in page
    assert _registration(app, session_id, came).attended is True
    assert _registration(app, session_id, absent).attended is False

    bad = {"outcome_notes": "", "decisions": "Meet again", "actions-0-what": "", "actions-0-who": "Frida",
           "actions-0-due_on": "not a date"}
    response = client.post(f"/colabs/{session_id}/close", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "outcome_notes-error" in page and "actions-0-what-error" in page and "Meet again" in page
    with app.app_context():
        assert db.session.get(ColabSession, session_id).state == SessionState.published
        assert db.session.query(ColabAction).count() == 0

    good = {"outcome_notes": "We mapped five unsafe crossings.", "decisions": "Ask the city for speed bumps.",
            "actions-0-what": "Write to the traffic office", "actions-0-who": "Goran", "actions-0-due_on": "2027-01-15",
            "actions-1-what": "Share the map", "actions-1-who": "", "actions-1-due_on": ""}
    page = client.post(f"/colabs/{session_id}/close", data=good, follow_redirects=True).get_data(as_text=True)
    assert "outcomes are recorded" in page
    assert "We mapped five unsafe crossings." in page and "Write to the traffic office" in page
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        assert session.state == SessionState.completed
        assert [(a.what, a.who, str(a.due_on)) for a in session.actions] == [
            ("Write to the traffic office", "Goran", "2027-01-15"), ("Share the map", "", "None")]
    # A completed session cannot be closed again (409: the facilitator may, the state does not) or edited.
    assert client.post(f"/colabs/{session_id}/close", data=good).status_code == 409
    assert client.post(f"/colabs/{session_id}/edit", data={}).status_code == 302


def test_a_future_session_cannot_be_closed(app, login, make_user, make_session):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator])
    response = login(facilitator).post(f"/colabs/{session_id}/close", data={"outcome_notes": "Too early"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ColabSession, session_id).state == SessionState.published


@pytest.mark.parametrize("changes,field,message", [
    ({"ends_at": "2027-05-12T16:00"}, "ends_at", "must end after it starts"),
    ({"venue": "", "online_url": ""}, "venue", "venue address, an online meeting link"),
    ({"capacity": "2", "reserved_civil_society": "3"}, "capacity", "reserved seats (3) are more than"),
    ({"capacity": "0"}, "capacity", ""),
    ({"online_url": "zoom"}, "online_url", "starting with https://"),
    ({"online_url": "javascript://x.org/%0aalert(1)"}, "online_url", "starting with https://"),
    ({"registration_closes_at": "2027-05-12T18:00"}, "registration_closes_at", "close by the start"),
    ({"questions": "\n".join(f"Question {i}?" for i in range(6))}, "questions", "at most five"),
    ({"starts_at": "tomorrow"}, "starts_at", ""),
    ({"title": ""}, "title", ""),
])
def test_bad_session_input_is_explained_beside_the_field(app, login, make_user, changes, field, message):
    facilitator = make_user(roles=["facilitator"])
    data = {"title": "Co-lab: Safe streets", "format": "colab_workshop", "themes": ["housing"],
            "starts_at": "2027-05-12T17:00", "ends_at": "2027-05-12T19:00", "venue": "Sofielund", "language": "sv",
            "capacity": "20", "facilitators": [str(facilitator.id)]}
    data.update(changes)
    response = login(facilitator).post("/colabs/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page and message in page
    assert 'id="error-summary"' in page
    with app.app_context():
        assert db.session.query(ColabSession).count() == 0


def test_capacity_cannot_drop_below_the_registered(app, login, make_user, make_session, register):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], capacity=3)
    for _ in range(3):
        register(session_id, make_user())
    data = {"title": "Smaller", "format": "colab_workshop", "starts_at": "2027-05-12T17:00",
            "ends_at": "2027-05-12T19:00", "venue": "Here", "language": "sv", "capacity": "2",
            "facilitators": [str(facilitator.id)]}
    page = login(facilitator).post(f"/colabs/{session_id}/edit", data=data).get_data(as_text=True)
    assert "3 people already have a seat" in page
    # Raising the capacity promotes the waitlist.
    waiting = make_user()
    register(session_id, waiting)
    data["capacity"] = "4"
    assert login(facilitator).post(f"/colabs/{session_id}/edit", data=data).status_code == 302
    assert _registration(app, session_id, waiting).state == REGISTERED


def test_csv_lists_participants_and_defuses_formulas(app, login, make_user, make_session, register):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], capacity=1, questions=["Diet?"])
    register(session_id, make_user(name="=HYPERLINK(\"http://evil\")"), {"Diet?": "+vegan"})
    register(session_id, make_user(name="Waiting Person"))
    response = login(facilitator).get(f"/colabs/{session_id}/participants.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Name,Email,Organisation,Sector,Status,Waitlist place,Attended")
    assert lines[0].endswith("Diet?")
    assert lines[1].startswith('"\'=HYPERLINK') and lines[1].endswith("'+vegan")
    assert "Waiting Person" in lines[2] and ",On the waitlist,1," in lines[2]


def test_export_and_erase_personal_data(app, login, make_user, make_session, register):
    from app.accounts.services import delete_account, export_personal_data
    from app.accounts.models import User

    person, waiting = make_user(), make_user()
    session_id = make_session(capacity=1, questions=["Diet?"])
    register(session_id, person, {"Diet?": "Kosher"})
    register(session_id, waiting)
    with app.test_request_context():
        data = export_personal_data(db.session.get(User, person.id))
        assert data["colab_registrations"][0]["answers"] == {"Diet?": "Kosher"}
        assert data["colab_registrations"][0]["state"] == "registered"
        delete_account(db.session.get(User, person.id))
        db.session.commit()
    registration = _registration(app, session_id, person)
    assert registration.state == CANCELLED and registration.answers is None
    assert _registration(app, session_id, waiting).state == REGISTERED


def test_draft_publish_and_cancel_lifecycle(app, login, make_user, make_session, register, mailbox):
    from app.colabs.constants import SessionAction
    from app.colabs.lifecycle import SESSION_LIFECYCLE

    facilitator = make_user(roles=["facilitator"])
    person = make_user()
    draft = make_session(facilitators=[facilitator], state=SessionState.draft)
    assert "Session 1" not in login(person).get("/colabs/").get_data(as_text=True)
    assert login(person).get(f"/colabs/{draft}").status_code == 403
    assert login(facilitator).post(f"/colabs/{draft}/publish").status_code == 302
    assert "Session 1" in login(person).get("/colabs/").get_data(as_text=True)
    register(draft, person)
    mailbox.clear()
    login(facilitator).post(f"/colabs/{draft}/cancel", data={"note": "Sorry!"})
    assert [m.subject for m in mailbox.to(person.email)] == ["Cancelled: Session 1"]
    page = login(person).get(f"/colabs/{draft}").get_data(as_text=True)
    assert "This session is cancelled." in page and "Sorry!" in page
    assert login(facilitator).post(f"/colabs/{draft}/cancel", data={}).status_code == 409
    assert login(facilitator).post(f"/colabs/{draft}/publish").status_code == 409
    assert set(SESSION_LIFECYCLE.by_action) == {SessionAction.publish, SessionAction.cancel, SessionAction.complete}


def test_filters_narrow_the_calendar(client, make_session):
    from app.colabs.constants import SessionFormat, Theme

    make_session(title="Housing café", themes=(Theme.housing,), format=SessionFormat.science_cafe)
    make_session(title="Work training", themes=(Theme.work,), format=SessionFormat.training)
    page = client.get("/colabs/?theme=housing").get_data(as_text=True)
    assert "Housing café" in page and "Work training" not in page
    page = client.get("/colabs/?format=training").get_data(as_text=True)
    assert "Work training" in page and "Housing café" not in page
    page = client.get("/colabs/?format=nonsense&theme=nonsense").get_data(as_text=True)
    assert "Work training" in page and "Housing café" in page
    start = in_days(7)
    page = client.get(f"/colabs/month?year={start.year}&month={start.month}&theme=work").get_data(as_text=True)
    assert "Work training" in page and "Housing café" not in page
    assert client.get("/colabs/month?year=99999&month=13").status_code == 400


def test_demo_data_has_sessions_in_every_state(app, demo):
    with app.app_context():
        sessions = db.session.query(ColabSession).all()
        assert {s.state for s in sessions} == set(SessionState)
        assert any(r.state == WAITLISTED for s in sessions for r in s.registrations)
        assert any(s.actions for s in sessions)


def test_the_online_link_is_only_for_people_with_a_seat(app, client, login, make_user, make_session, register,
                                                        mailbox):
    facilitator = make_user(roles=["facilitator"])
    seated, waiting = make_user(), make_user()
    session_id = make_session(facilitators=[facilitator], capacity=1)
    with app.app_context():
        db.session.get(ColabSession, session_id).online_url = "https://meet.example.org/secret-room"
        db.session.commit()
    register(session_id, seated)
    register(session_id, waiting)
    link = "https://meet.example.org/secret-room"
    for who, sees in [(None, False), (waiting, False), (seated, True), (facilitator, True)]:
        browser = client if who is None else login(who)
        assert (link in browser.get(f"/colabs/{session_id}").get_data(as_text=True)) is sees
        assert (link in _location(browser.get(f"/colabs/{session_id}.ics").data)) is sees
    [confirmation] = mailbox.to(seated.email)
    assert link in confirmation.text
    assert link in _location(list(confirmation.message.iter_attachments())[0].get_content())
    assert link not in mailbox.to(waiting.email)[0].text


def test_sector_mix_counts_the_registered_per_sector(app, login, make_user, make_org, make_session, register):
    facilitator = make_user(roles=["facilitator"])
    civil = [make_user() for _ in range(2)]
    make_org(kind=OrganisationKind.community_group, members=civil)
    session_id = make_session(facilitators=[facilitator], reserved={Sector.civil_society: 3, Sector.academic: 1})
    for person in civil + [make_user()]:
        register(session_id, person)
    page = login(facilitator).get(f"/colabs/{session_id}/participants").get_data(as_text=True)
    assert "<tr><td>Civil society</td><td>2</td><td>3</td></tr>" in page
    assert "<tr><td>Academia</td><td>0</td><td>1</td></tr>" in page
    assert "<tr><td>No organisation</td><td>1</td><td>–</td></tr>" in page


def _location(ics):
    import icalendar

    return str(icalendar.Calendar.from_ical(ics).walk("VEVENT")[0].get("LOCATION", ""))


def test_a_new_time_is_sent_to_registrants_with_the_updated_ics(app, login, make_user, make_session, register,
                                                                mailbox):
    import icalendar

    facilitator = make_user(roles=["facilitator"])
    seated, waiting = make_user(), make_user()
    session_id = make_session(facilitators=[facilitator], capacity=1)
    register(session_id, seated)
    register(session_id, waiting)
    mailbox.clear()
    data = {"title": "Session 1", "format": "colab_workshop", "starts_at": "2027-05-12T17:00",
            "ends_at": "2027-05-12T19:00", "venue": "Stadsbiblioteket, Malmö", "language": "sv", "capacity": "1",
            "facilitators": [str(facilitator.id)]}
    assert login(facilitator).post(f"/colabs/{session_id}/edit", data=data).status_code == 302
    for person in (seated, waiting):
        [notice] = mailbox.to(person.email)
        assert notice.subject == "Changed: Session 1" and "12 May 2027, 17:00" in notice.text
        event = icalendar.Calendar.from_ical(list(notice.message.iter_attachments())[0].get_content()).walk("VEVENT")[0]
        assert int(event["SEQUENCE"]) == 1 and event.decoded("dtstart").hour == 17
    mailbox.clear()
    data["title"] = "Session 1, renamed"  # neither time nor place: nobody is written to
    login(facilitator).post(f"/colabs/{session_id}/edit", data=data)
    assert mailbox.messages == []


def test_a_coordinator_planning_for_a_facilitator_does_not_become_one(app, login, make_user):
    from app.accounts.models import User

    coordinator = make_user(roles=["coordinator"])
    facilitator = make_user(roles=["facilitator"])
    data = {"title": "Planned for Frida", "format": "training", "starts_at": "2027-05-12T17:00",
            "ends_at": "2027-05-12T19:00", "venue": "Malmö", "language": "en", "capacity": "8",
            "facilitators": [str(facilitator.id)]}
    assert login(coordinator).post("/colabs/new", data=data).status_code == 302
    del data["facilitators"]
    assert login(coordinator).post("/colabs/new", data=data).status_code == 302
    with app.app_context():
        first, second = db.session.query(ColabSession).order_by(ColabSession.id).all()
        assert [f.id for f in first.facilitators] == [facilitator.id]
        assert [f.id for f in second.facilitators] == [coordinator.id]  # nobody chosen: the planner runs it
        assert first.state == SessionState.draft and not first.can_see_answers(db.session.get(User, coordinator.id))
