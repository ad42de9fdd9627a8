"""The yearly Social Innovation Challenge: challenges, proposals, a blind jury, results and pilots."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("challenges", __name__, url_prefix="/challenges", template_folder="templates", cli_group=None)


def nav_links():
    links = [("challenge", url_for("challenges.index"), _l("Social Innovation Challenge"), "challenges.index")]
    if current_user.is_authenticated:
        links.append(("challenge", url_for("challenges.mine"), _l("My challenge work"), "challenges.mine"))
    return links


from app.challenges import notices  # noqa: E402,F401  (its kinds of notification)
from app.challenges import demo, figures, privacy, routes, work  # noqa: E402,F401
