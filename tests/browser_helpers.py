"""Browser tests: a context signed in without walking the sign-in form (the accounts tests walk it)."""
from flask import Flask

from config import TestConfig

_signer = Flask(__name__)
_signer.secret_key = TestConfig.SECRET_KEY  # the live server's key: its config is built on TestConfig


def session_cookie(user, base_url):
    """Return the session cookie that signing in through the form leaves for this person."""
    serializer = _signer.session_interface.get_signing_serializer(_signer)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "lang": user.locale})
    return {"name": _signer.config["SESSION_COOKIE_NAME"], "value": value, "url": base_url}


def signed_in_context(browser, base_url, user, **options):
    """Open a browser context signed in as the person, on the page the sign-in form leads to."""
    context = browser.new_context(base_url=base_url, **options)
    context.add_cookies([session_cookie(user, base_url)])
    page = context.new_page()
    page.goto("/")
    return page
