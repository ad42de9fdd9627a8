"""Home page and language choice."""
import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.accounts.constants import SECTOR_LABELS
from app.accounts.models import Organisation
from app.extensions import db
from app.main import bp
from app.routing import is_safe_path
from app.work import work_for


@bp.route("/")
def index():
    """A signed-in person's "My work"; the alliance's front page for visitors."""
    if current_user.is_authenticated:
        return render_template("main/home.html", areas=work_for(current_user))
    return about()


@bp.route("/about")
def about():
    """The alliance, its progress towards its goal and its areas."""
    per_sector = dict(db.session.execute(
        sa.select(Organisation.sector, sa.func.count())
        .where(Organisation.member_since.is_not(None)).group_by(Organisation.sector)
    ).all())
    members = sum(per_sector.values())
    return render_template(
        "main/index.html", members=members, goal=current_app.config["ALLIANCE_GOAL"],
        sectors=[(label, per_sector.get(sector, 0)) for sector, label in SECTOR_LABELS.items()],
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
