"""The audit log: what coordinators (and organisation admins) did that others must be able to check."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")


def nav_items():
    if current_user.is_authenticated and current_user.is_coordinator:
        return [(url_for("audit.index"), _l("Audit log"), "audit.")]
    return []


from app.audit import privacy, routes  # noqa: E402,F401
