"""Home page and language choice."""
import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.accounts.constants import SECTOR_LABELS, MembershipState
from app.accounts.models import Membership, Organisation
from app.extensions import db
from app.main import bp
from app.routing import is_safe_path


@bp.route("/")
def index():
    per_sector = dict(db.session.execute(
        sa.select(Organisation.sector, sa.func.count())
        .where(Organisation.member_since.is_not(None)).group_by(Organisation.sector)
    ).all())
    members = sum(per_sector.values())
    pending_requests = []
    if current_user.is_authenticated:
        admin_of = [m.organisation_id for m in current_user.approved_memberships if m.is_admin]
        if admin_of:
            pending_requests = list(db.session.scalars(
                sa.select(Membership).where(Membership.organisation_id.in_(admin_of),
                                            Membership.state == MembershipState.pending)
                .order_by(Membership.requested_at)
            ))
    return render_template(
        "main/index.html", members=members, goal=current_app.config["ALLIANCE_GOAL"],
        sectors=[(label, per_sector.get(sector, 0)) for sector, label in SECTOR_LABELS.items()],
        pending_requests=pending_requests,
    )


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the chosen language in the session and, when signed in, on the account."""
    language = request.form.get("lang", "")
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_safe_path(target) else url_for("main.index"))
