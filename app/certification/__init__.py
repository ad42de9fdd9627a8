"""Certification: the readiness questionnaire, review, certificates, the public registry and insights."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("certification", __name__, url_prefix="/certification", template_folder="templates",
               static_folder="static")


def nav_links():
    links = [("certification", url_for("certification.index"), _l("Readiness and certificates"), "certification.index"),
             ("certification", url_for("certification.registry"), _l("Registry of certified businesses"),
              "certification.registry"),
             ("certification", url_for("certification.verify"), _l("Verify a certificate"), "certification.verify")]
    if current_user.is_authenticated and current_user.is_coordinator:
        links += [("certification", url_for("certification.queue"), _l("Review queue"), "certification.queue"),
                  ("certification", url_for("certification.certificates"), _l("Certificates issued"),
                   "certification.certificates"),
                  ("certification", url_for("certification.expiring_certificates"), _l("Expiring soon"),
                   "certification.expiring_certificates"),
                  ("certification", url_for("certification.concerns"), _l("Concerns from the public"),
                   "certification.concerns"),
                  ("certification", url_for("certification.questionnaires"), _l("Questionnaire versions"),
                   "certification.questionnaires")]
    return links


from app.certification import notices  # noqa: E402,F401  (its kinds of notification)
from app.certification import cli, figures, jobs, privacy, routes, search, work  # noqa: E402,F401
from app.certification.services import certified_organisation_ids  # noqa: E402
from app.signals import certified_organisations_asked  # noqa: E402


@certified_organisations_asked.connect
def _answer_which_are_certified(_sender, organisation_ids):
    """Match lists (and any other area) ask which organisations hold a valid certificate."""
    return certified_organisation_ids(organisation_ids)
