"""Notifications for every area: kinds each area registers, one in-app list, email at once or in digests."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates", cli_group=None)


def nav_items():
    if not current_user.is_authenticated:
        return []
    from app.notifications.services import unread_count

    count = unread_count(current_user)
    label = _l("Notifications (%(count)s unread)", count=count) if count else _l("Notifications")
    return [(url_for("notifications.index"), label, "notifications.index")]


from app.notifications import commands, models, privacy, routes  # noqa: E402,F401
