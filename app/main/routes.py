"""Home page and language choice."""
import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.accounts.constants import Sector
from app.enums import Language
from app.accounts.models import Organisation
from app.extensions import csrf, db
from app.main import bp
from app.pagecache import public_page
from app.routing import is_safe_path
from app.work import work_for


@bp.route("/")
def index():
    """A signed-in person's "My work"; the alliance's front page for visitors."""
    if current_user.is_authenticated:
        return render_template("main/home.html", areas=work_for(current_user))
    return about()


@bp.route("/about")
@public_page()
def about():
    """The alliance, its progress towards its goal and its areas."""
    per_sector = dict(db.session.execute(
        sa.select(Organisation.sector, sa.func.count())
        .where(Organisation.member_since.is_not(None)).group_by(Organisation.sector)
    ).all())
    members = sum(per_sector.values())
    return render_template(
        "main/index.html", members=members, goal=current_app.config["ALLIANCE_GOAL"],
        sectors=[(label, per_sector.get(sector, 0)) for sector, label in ((s, s.label) for s in Sector)],
    )


@bp.route("/language", methods=["POST"])
@csrf.exempt
def set_language():
    """Remember the chosen language in the session and, when signed in, on the account.

    A visitor's choice needs no CSRF token (it changes only how pages read), so that the public pages
    that offer it hold nothing of one visitor's and can be cached for all; a signed-in person's choice
    is saved on the account and checked as every form is.
    """
    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    language = request.form.get("lang", "")
    if language in Language.own_names():
        session["lang"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    target = request.form.get("next", "")
    return redirect(target if is_safe_path(target) else url_for("main.index"))
