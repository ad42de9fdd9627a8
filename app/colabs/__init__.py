"""Co-labs: scheduled co-creation sessions, registration with capacity and waitlist, outcomes."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("colabs", __name__, url_prefix="/colabs", template_folder="templates",
               static_folder="static", cli_group=None)


def nav_links():
    links = [("colabs", url_for("colabs.calendar"), _l("Calendar of sessions"), "colabs.calendar")]
    if current_user.is_authenticated:
        links.append(("colabs", url_for("colabs.my_sessions"), _l("My sessions"), "colabs.my_sessions"))
        if current_user.is_facilitator or current_user.is_coordinator:
            links.append(("colabs", url_for("colabs.manage"), _l("Sessions I run") if not current_user.is_coordinator
                          else _l("All sessions"), "colabs.manage"))
    return links


from app.colabs import notices  # noqa: E402,F401  (its kinds of notification)
from app.colabs import cli, figures, jobs, privacy, routes, search, work  # noqa: E402,F401
