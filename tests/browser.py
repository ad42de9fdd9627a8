"""Signing in during the browser tests: one helper for every area."""
from playwright.sync_api import expect

from tests.conftest import PASSWORD

LOCALES = {"en": "en-GB", "sv": "sv-SE"}


def sign_in(page, email, password=PASSWORD):
    """Sign in through the login form, whatever language the page speaks, and wait until it is done."""
    page.goto("/account/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".account-menu")).to_be_visible()


def signed_in(browser, base_url, user, locale="en-GB"):
    """Open a browser context of its own ("sv", "en" or a full locale), signed in as the person; return its page."""
    page = browser.new_context(base_url=base_url, locale=LOCALES.get(locale, locale)).new_page()
    sign_in(page, user.email)
    return page
