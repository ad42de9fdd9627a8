"""Certification: the readiness questionnaire, review, certificates, the public registry and insights."""
from flask import Blueprint, url_for

from app.i18n import lazy_gettext as _l

bp = Blueprint("certification", __name__, url_prefix="/certification", template_folder="templates",
               static_folder="static")


def nav_items():
    return [(url_for("certification.index"), _l("Certification"), "certification.")]


from app.certification import notices  # noqa: E402,F401  (its kinds of notification)
from app.certification import cli, privacy, routes  # noqa: E402,F401
from app.certification.services import certified_organisation_ids  # noqa: E402
from app.matching.services import register_certification_lookup  # noqa: E402

# Match lists give certified social businesses a visible boost.
register_certification_lookup(certified_organisation_ids)
