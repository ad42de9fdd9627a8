"""Real browser: register, sign in, switch language, organisations; axe-core on every page."""
import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_accessible
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_register_switch_language_and_manage_an_organisation(page, base_url):
    page.goto("/account/register")
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", name="Skapa ett konto")).to_be_visible()
    assert_accessible(page)

    # A bad submission first: errors beside the fields, values kept, an accessible error summary.
    page.get_by_label("Namn").fill("Linnea Holm")
    page.get_by_label("E-post").fill("linnea@example.org")
    page.get_by_label("Lösenord", exact=True).fill("short")
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Namn")).to_have_value("Linnea Holm")
    assert_accessible(page)

    page.get_by_label("Lösenord", exact=True).fill("a-long-and-unusual-password")
    page.get_by_label("Upprepa lösenordet").fill("a-long-and-unusual-password")
    page.get_by_role("button", name="Skapa konto").click()
    expect(page.get_by_role("heading", name="Organisationer", level=1)).to_be_visible()
    assert_accessible(page)

    page.locator(".account-menu > summary").click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Organisations", level=1)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("link", name="Register an organisation").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("Grannar i Sofielund")
    page.get_by_label("Organisation number").fill("802400-0001")  # wrong check digit
    page.get_by_label("Municipality").select_option(label="Malmö")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#org_number-error")).to_contain_text("not a valid Swedish organisation number")
    expect(page.get_by_label("Name")).to_have_value("Grannar i Sofielund")
    assert_accessible(page)
    page.get_by_label("Organisation number").fill("802400-1235")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Grannar i Sofielund")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("banner").get_by_text("Linnea Holm").click()
    page.get_by_role("link", name="Profile and settings").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My data").click()
    assert_accessible(page)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Delete account").click()
    assert_accessible(page)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Password").click()
    assert_accessible(page)

    page.locator(".account-menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.click()
    assert_accessible(page)
    page.get_by_label("Email").fill("linnea@example.org")
    page.get_by_label("Password").fill("wrong password here")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#password-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password").fill("a-long-and-unusual-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in.")).to_be_visible()
    assert_accessible(page)


def test_home_reset_and_error_pages_are_accessible(page, base_url):
    for path in ["/", "/account/reset", "/account/login", "/no-such-page"]:
        page.goto(path)
        assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the home page scrolls sideways at 360 px ({width} px wide)"


def test_coordinator_pages_are_accessible(page, base_url, people):
    sign_in(page, people.coordinator.email)
    for path in ["/account/people", f"/account/people/{people.plain.id}", "/organisations/",
                 f"/organisations/{people.group_org.id}", f"/organisations/{people.group_org.id}/edit",
                 f"/organisations/{people.group_org.id}/alliance", "/account/profile"]:
        page.goto(path)
        assert_accessible(page)
        assert not re.search(r"Internal Server Error", page.content())


def test_coordinator_sees_and_retries_failed_mail(page, base_url, people, app, mailbox):
    from tests.test_outbox import make_failed

    make_failed(app, address="typo@example.org", error="550 5.1.1 No such user")
    sign_in(page, people.coordinator.email)
    page.goto("/account/profile")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Failed mail").click()
    expect(page.get_by_role("heading", name="Mail that could not be sent")).to_be_visible()
    expect(page.get_by_role("cell", name="550 5.1.1 No such user")).to_be_visible()
    assert_accessible(page)
    page.locator(".account-menu > summary").click()  # the language sits in the account menu
    page.get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", name="E-post som inte kunde skickas")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka igen").click()
    expect(page.get_by_text("E-posten till typo@example.org står i kö igen.")).to_be_visible()
    expect(page.get_by_text("Ingen misslyckad e-post.")).to_be_visible()
    assert_accessible(page)
    assert len(mailbox.to("typo@example.org")) == 1
