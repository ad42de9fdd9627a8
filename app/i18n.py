"""Language and time zone selection for Flask-Babel."""
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import gettext, lazy_gettext, ngettext  # noqa: F401  (re-exported)
from flask_login import current_user

def select_locale():
    """Pick the person's saved language, then the session's choice, then Accept-Language."""
    from app.enums import Language

    languages = Language.own_names()
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
    """Show every date in the one local time zone (BABEL_DEFAULT_TIMEZONE, Stockholm)."""
    return timezone_name()


def timezone_name():
    """Return the name of the time zone in which people read and type times (config BABEL_DEFAULT_TIMEZONE)."""
    if has_app_context():
        return current_app.config["BABEL_DEFAULT_TIMEZONE"]
    from config import Config

    return Config.BABEL_DEFAULT_TIMEZONE


def local_timezone():
    """Return the local time zone (Europe/Stockholm unless configured otherwise)."""
    return ZoneInfo(timezone_name())


def current_language():
    """Return the two-letter code of the language in use."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
