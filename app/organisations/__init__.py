"""Organisations: the directory, registration, memberships and alliance membership."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("organisations", __name__, url_prefix="/organisations", template_folder="templates")


def nav_items():
    if current_user.is_authenticated:
        return [(url_for("organisations.index"), _l("Organisations"), "organisations.")]
    return []


from app.organisations import notices  # noqa: E402,F401  (its kinds of notification)
from app.organisations import routes  # noqa: E402,F401
