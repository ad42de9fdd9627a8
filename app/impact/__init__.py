"""Impact and learning: the common impact-measurement framework (catalogue, impact models, commitments,
reports, the alliance's snapshot) and the competence development around it (guides, a maturity
self-assessment, clinics booked as co-lab sessions), one area with one blueprint: the learning section
lives under /impact/learning because its guides, self-assessment and clinics exist to serve the framework
and share its organisation permissions."""
from flask import Blueprint, url_for
from flask_login import current_user

from app.i18n import lazy_gettext as _l

bp = Blueprint("impact", __name__, url_prefix="/impact", template_folder="templates", static_folder="static")


def nav_links():
    links = [("impact", url_for("impact.index"), _l("Impact framework"), "impact.index"),
             ("impact", url_for("impact.catalogue"), _l("Indicator catalogue"), "impact.catalogue"),
             ("impact", url_for("impact.snapshots"), _l("The alliance's figures"), "impact.snapshots"),
             ("learning", url_for("impact.learning"), _l("Guides and clinics"), "impact.learning")]
    if current_user.is_authenticated and current_user.is_coordinator:
        links.append(("impact", url_for("impact.review"), _l("Reports to review"), "impact.review"))
    return links


from app.impact import notices  # noqa: E402,F401  (its kinds of notification)
from app.impact import cli, jobs, privacy, routes, work  # noqa: E402,F401


@bp.app_template_global()
def impact_summary(organisation):
    """Return what the organisation's page shows of its impact and learning (three statements)."""
    from app.impact.page import organisation_summary

    return organisation_summary(organisation)


@bp.app_template_global()
def impact_dashboard():
    """Return what the alliance dashboard shows of impact: the latest published figures (the same stored
    numbers as the snapshot page, so the two never differ) and the organisations committed and reporting now."""
    from app.impact import queries
    from app.impact.snapshot_view import snapshot_entries

    snapshot = queries.latest_snapshot()
    entries = [e for e in snapshot_entries(snapshot.figures) if not e["suppressed"] and e["raw"] is not None] \
        if snapshot else []
    return {"snapshot": snapshot, "headlines": entries[:6], "now": queries.reporting_figures()}


@bp.app_template_global()
def impact_links(codes):
    """Return [(code, published version or None)] for catalogue codes named by another area."""
    from app.impact.connections import linked_indicators

    return linked_indicators(codes)


@bp.app_template_global()
def impact_pilot_results(pilot_ids):
    """Return {pilot id: rows of its commitments' approved reports against their targets}."""
    from app.impact.connections import pilot_results

    return pilot_results(pilot_ids)


@bp.app_template_global()
def impact_member_of(organisation_id):
    """Whether the signed-in person belongs to the organisation (and so may make its commitments)."""
    return bool(current_user.is_authenticated and any(
        m.organisation_id == organisation_id for m in current_user.approved_memberships))
