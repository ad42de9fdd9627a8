"""Signing in during the browser tests: one helper for every area.

`signed_in` gives a new browser context the session cookie that the sign-in form would leave, so a
journey does not walk the form again and again; `sign_in` walks the form itself (the accounts tests,
and a journey that signs in on a page it has open).
"""
from flask import Flask
from playwright.sync_api import expect

from config import TestConfig
from tests.conftest import PASSWORD

LOCALES = {"en": "en-GB", "sv": "sv-SE"}
_signer = Flask(__name__)
_signer.config.from_object(TestConfig)  # the live server's key and cookie name: its config is built on TestConfig


def sign_in(page, email, password=PASSWORD):
    """Sign in through the login form, whatever language the page speaks, and wait until it is done."""
    page.goto("/account/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".account-menu")).to_be_visible()


def session_cookie(user, base_url):
    """Return the session cookie that signing in through the form leaves for this person."""
    serializer = _signer.session_interface.get_signing_serializer(_signer)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "lang": user.locale})
    return {"name": _signer.config["SESSION_COOKIE_NAME"], "value": value, "url": base_url}


def signed_in(browser, base_url, user, locale="en-GB"):
    """Open a browser context of its own ("sv", "en" or a full locale), signed in as the person, on the
    page the sign-in form leads to; return its page."""
    context = browser.new_context(base_url=base_url, locale=LOCALES.get(locale, locale))
    context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    page.goto("/")
    expect(page.locator(".account-menu")).to_be_visible()
    return page
