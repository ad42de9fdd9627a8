"""Match lists: offerings of social businesses, needs of established organisations, ranked and tracked."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("matching", __name__, url_prefix="/matches", template_folder="templates",
               static_folder="static", static_url_path="/static")


@bp.app_template_filter("match_percent")
def match_percent(value):
    """Format a share in [0, 1] as a whole per cent in the reader's language."""
    from flask_babel import format_percent

    return format_percent(value or 0)


def nav_links():
    if not current_user.is_authenticated:
        return [("matching", url_for("matching.index"), _l("How matching works"), "matching.index")]
    links = [("matching", url_for("matching.index"), _l("My needs and offerings"), "matching.index"),
             ("matching", url_for("matching.needs"), _l("Needs"), "matching.needs"),
             ("matching", url_for("matching.offerings"), _l("Offerings"), "matching.offerings"),
             ("matching", url_for("matching.tracked"), _l("Tracked matches"), "matching.tracked")]
    if current_user.is_researcher:
        links.append(("matching", url_for("matching.my_ranked_requests"), _l("Requests that fit me"),
                      "matching.my_ranked_requests"))
    return links


from app.matching import notices  # noqa: E402,F401  (its kinds of notification)
from app.matching import figures, privacy, research_routes, routes, search, work  # noqa: E402,F401
