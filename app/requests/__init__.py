"""Science shop: request intake, triage and routing, claiming, results library."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("requests", __name__, url_prefix="/requests", template_folder="templates",
               static_folder="static", static_url_path="/static", cli_group=None)


def nav_items():
    items = []
    if current_user.is_authenticated:
        items.append((url_for("requests.index"), _l("Science shop"), "requests.index"))
    items.append((url_for("requests.library"), _l("Results library"), "requests.library"))
    if current_user.is_authenticated:
        from app.requests.notifications import unread_count

        count = unread_count(current_user)
        label = _l("Notifications (%(count)s unread)", count=count) if count else _l("Notifications")
        items.append((url_for("requests.notifications"), label, "requests.notifications"))
    return items


@bp.teardown_request
def close_uploads(error=None):
    """Close uploaded files (a large upload is spooled to a temporary file) once the request is done."""
    from flask import request

    for upload in request.__dict__.get("files", {}).values():
        upload.close()


from app.requests import routes  # noqa: E402,F401
from app.requests import models  # noqa: E402,F401
from app.requests import commands  # noqa: E402,F401
from app.requests import privacy  # noqa: E402,F401
from app.requests import search  # noqa: E402,F401  (indexes the requests' texts)
