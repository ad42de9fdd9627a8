"""Real browser: plan, publish, register, waitlist, cancel and promotion; axe-core on every page."""
import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser_helpers import signed_in_context
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def signed_in(browser, base_url, user):
    """Open a separate browser context signed in as the person."""
    return signed_in_context(browser, base_url, user, locale="en-GB")


def test_plan_publish_register_waitlist_cancel_and_promote(browser, base_url, make_user, mailbox):
    facilitator = make_user(name="Frida Nilsson", roles=["facilitator"])
    ada = make_user(name="Ada Lind")
    bo = make_user(name="Bo Ek")

    page = signed_in(browser, base_url, facilitator)
    page.goto("/colabs/")
    assert_accessible(page)
    page.get_by_role("link", name="Plan a session").click()
    expect(page.get_by_role("heading", name="Plan a session", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Title").fill("Science café: Who owns the courtyard?")
    page.get_by_label("Format").select_option(label="Science café")
    page.get_by_label("Housing and neighbourhoods").check()
    page.get_by_label("Starts").fill("2027-03-28T02:30")  # skipped when the clocks go forward
    page.get_by_label("Ends").fill("2027-03-28T04:00")
    page.get_by_label("Venue address").fill("Stadsbiblioteket, Kung Oscars väg 11, Malmö")
    page.get_by_label("Seats", exact=True).fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#starts_at-error")).to_contain_text("does not exist in Swedish time")
    expect(page.get_by_label("Title")).to_have_value("Science café: Who owns the courtyard?")
    assert_accessible(page)

    page.get_by_label("Starts").fill("2027-05-12T17:00")
    page.get_by_label("Ends").fill("2027-05-12T19:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("saved as a draft")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published and open for registration")).to_be_visible()
    expect(page.locator("#seats-left")).to_have_text("1 seat left")
    assert_accessible(page)
    session_url = page.url

    first = signed_in(browser, base_url, ada)
    first.goto("/colabs/")
    first.get_by_role("link", name="Science café: Who owns the courtyard?").click()
    assert_accessible(first)
    first.get_by_role("button", name="Register").click()
    expect(first.locator("#my-status")).to_have_text("You have a seat at this session.")
    expect(first.locator("#seats-left")).to_have_text("0 seats left")
    assert_accessible(first)

    second = signed_in(browser, base_url, bo)
    second.goto(session_url)
    second.get_by_role("button", name="Join the waitlist").click()
    expect(second.locator("#my-status")).to_have_text("You are number 1 on the waitlist.")
    assert_accessible(second)

    first.get_by_role("button", name="Cancel my registration").click()
    expect(first.get_by_text("Your registration is cancelled.")).to_be_visible()
    assert_accessible(first)
    first.goto("/colabs/mine")
    expect(first.get_by_text("Registration cancelled")).to_be_visible()
    assert_accessible(first)

    second.reload()
    expect(second.locator("#my-status")).to_have_text("You have a seat at this session.")
    assert_accessible(second)
    assert [m.subject for m in mailbox.to(bo.email)][-1] == "You have a place: Science café: Who owns the courtyard?"
    assert any(m.subject.startswith("Cancellation:") for m in mailbox.to(facilitator.email))

    page.goto(session_url)
    page.get_by_role("link", name="Participants").first.click()
    expect(page.get_by_role("cell", name="Bo Ek", exact=True)).to_be_visible()
    assert_accessible(page)
    for name in ["Attendance", "Message to participants"]:
        page.get_by_role("navigation", name="Session tools").get_by_role("link", name=name).click()
        assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("navigation", name="Session tools").get_by_role("link", name="Attendance").click()
    # the session is months away: the door list opens a day before (ticking is walked in the door-list test)
    expect(page.locator("#attendance-closed")).to_be_visible()
    expect(page.get_by_role("button", name="Save attendance")).to_have_count(0)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the attendance page scrolls sideways on a phone ({width} px)"
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in ["/colabs/month?year=2027&month=5", "/colabs/manage", "/colabs/mine",
                 session_url.replace("/colabs/", "/colabs/") + "/edit", session_url + "/cancel"]:
        page.goto(path)
        assert_accessible(page)
        assert "Internal Server Error" not in page.content()
    page.goto("/colabs/month?year=2027&month=5")
    expect(page.get_by_role("link", name=re.compile("Who owns the courtyard"))).to_be_visible()
    for context_page in (page, first, second):
        context_page.context.close()


def test_swedish_calendar_and_close_pages_are_accessible(app, browser, base_url, make_user, make_session,
                                                         register):
    from datetime import timedelta

    from app.colabs.models import ColabSession
    from app.db_types import utcnow
    from app.extensions import db

    facilitator = make_user(name="Frida Nilsson", roles=["facilitator"], locale="sv")
    session_id = make_session(facilitators=[facilitator], questions=["Har du några önskemål om kost?"])
    future = make_session(facilitators=[facilitator], questions=["Har du några önskemål om kost?"])
    register(session_id, make_user(name="Amira Hassan"), {"Har du några önskemål om kost?": "Vegetarisk"})
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at, session.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
        db.session.commit()
    page = signed_in_swedish(browser, base_url, facilitator)
    for path in ["/colabs/", "/colabs/month", f"/colabs/{future}", f"/colabs/{session_id}/participants",
                 f"/colabs/{session_id}/close", "/colabs/mine"]:
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/colabs/{session_id}/close")
    page.get_by_role("button", name="Avsluta sessionen").click()
    expect(page.locator("#outcome_notes-error")).to_be_visible()
    assert_accessible(page)
    page.context.close()


def signed_in_swedish(browser, base_url, user):
    context = browser.new_context(base_url=base_url, locale="sv-SE")
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    return page


def test_the_facilitators_door_list_in_english_and_swedish(app, browser, base_url, make_user, make_session,
                                                          register):
    """At the door: tick who came, mark a no-show, add a walk-in; axe-core in both languages."""
    from datetime import timedelta

    from app.colabs.models import ColabSession
    from app.db_types import utcnow
    from app.extensions import db

    facilitator = make_user(name="Frida Nilsson", roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], title="Trygga gator", capacity=3)
    register(session_id, make_user(name="Ada Lind"))
    register(session_id, make_user(name="Bo Ek"))
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at, session.ends_at = utcnow() - timedelta(minutes=20), utcnow() + timedelta(hours=2)
        db.session.commit()

    page = signed_in(browser, base_url, facilitator)
    page.goto(f"/colabs/{session_id}/attendance")
    assert_accessible(page)
    page.get_by_label(re.compile("Ada Lind")).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("1 of 2 came")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Did not come\s*:\s*Bo Ek")).click()
    expect(page.get_by_text("Bo Ek is marked as not come.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"Came after all\s*:\s*Bo Ek"))).to_be_visible()
    page.get_by_role("button", name="Add to the list").click()  # without a name: the error names the field
    expect(page.locator("#name-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Cecilia Ström")
    page.get_by_label("Sector (optional)").select_option(label="Academia")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_text("Cecilia Ström is on the list as present.")).to_be_visible()
    expect(page.get_by_label(re.compile("Cecilia Ström"))).to_be_checked()
    assert_accessible(page)
    page.context.close()

    with app.app_context():
        from app.accounts.models import User

        db.session.get(User, facilitator.id).locale = "sv"
        db.session.commit()
    swedish = signed_in_swedish(browser, base_url, facilitator)
    swedish.goto(f"/colabs/{session_id}/attendance")
    expect(swedish.get_by_role("heading", name="Lägg till någon vid dörren")).to_be_visible()
    expect(swedish.get_by_role("button", name=re.compile(r"Kom ändå\s*:\s*Bo Ek"))).to_be_visible()
    assert_accessible(swedish)
    swedish.goto(f"/colabs/{session_id}/participants")
    assert_accessible(swedish)
    swedish.context.close()
