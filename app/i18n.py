"""Language and time zone selection for Flask-Babel."""
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import gettext, lazy_gettext, ngettext  # noqa: F401  (re-exported)
from flask_login import current_user

TIMEZONE = "Europe/Stockholm"


def select_locale():
    """Pick the person's saved language, then the session's choice, then Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and getattr(current_user, "is_authenticated", False):
        if current_user.locale in languages:
            return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    best = request.accept_languages.best_match(list(languages))
    if best:
        return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone():
    """Show every date in Stockholm time."""
    return TIMEZONE


def current_language():
    """Return the two-letter code of the language in use."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
