"""The alliance dashboard: progress against the alliance's own goals."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates")


def nav_links():
    links = [("alliance", url_for("dashboard.public"), _l("The alliance in figures"), "dashboard.public")]
    if current_user.is_authenticated and current_user.is_coordinator:
        links.append(("alliance", url_for("dashboard.index"), _l("Dashboard"), "dashboard.index"))
    return links


from app.dashboard import routes  # noqa: E402,F401
