"""Science shop: request intake, triage and routing, claiming, results library."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("requests", __name__, url_prefix="/requests", template_folder="templates",
               static_folder="static", static_url_path="/static", cli_group=None)


def nav_links():
    links = []
    if current_user.is_authenticated:
        links.append(("requests", url_for("requests.index"), _l("My requests"), "requests.index"))
        if current_user.is_coordinator:
            links.append(("requests", url_for("requests.queue"), _l("Coordinators' queue"), "requests.queue"))
        if current_user.is_researcher or current_user.is_coordinator:
            links.append(("requests", url_for("requests.open_list"), _l("Open requests"), "requests.open_list"))
    links.append(("requests", url_for("requests.create"), _l("Ask a research question"), "requests.create"))
    links.append(("requests", url_for("requests.library"), _l("Results library"), "requests.library"))
    return links


@bp.teardown_request
def close_uploads(error=None):
    """Close uploaded files (a large upload is spooled to a temporary file) once the request is done."""
    from flask import request

    for upload in request.__dict__.get("files", {}).values():
        upload.close()


from app.requests import routes  # noqa: E402,F401
from app.requests import models  # noqa: E402,F401
from app.requests import notices  # noqa: E402,F401
from app.requests import privacy  # noqa: E402,F401
from app.requests import work  # noqa: E402,F401
from app.requests import jobs  # noqa: E402,F401  (its periodic jobs)
from app.requests import figures  # noqa: E402,F401  (its dashboard figures)
from app.requests import search  # noqa: E402,F401  (indexes the requests' texts)
