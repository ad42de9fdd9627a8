"""Organisations: the directory, registration, memberships and alliance membership."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("organisations", __name__, url_prefix="/organisations", template_folder="templates")


def nav_links():
    links = [("alliance", url_for("main.about"), _l("About the alliance"), "main.about")]
    if current_user.is_authenticated:
        links.append(("alliance", url_for("organisations.index"), _l("Organisations"), "organisations."))
    return links


from app.organisations import notices  # noqa: E402,F401  (its kinds of notification)
from app.organisations import privacy, routes, work  # noqa: E402,F401
