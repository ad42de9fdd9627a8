"""Co-labs: scheduled co-creation sessions, registration with capacity and waitlist, outcomes."""
from flask import Blueprint, url_for

from app.i18n import lazy_gettext as _l

bp = Blueprint("colabs", __name__, url_prefix="/colabs", template_folder="templates",
               static_folder="static", cli_group=None)


def nav_items():
    return [(url_for("colabs.calendar"), _l("Co-labs"), "colabs.")]


from app.colabs import notices  # noqa: E402,F401  (its kinds of notification)
from app.colabs import cli, privacy, routes  # noqa: E402,F401
