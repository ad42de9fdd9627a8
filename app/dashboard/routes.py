"""The coordinators' dashboard and its public summary."""
from flask import current_app, render_template, request
from flask_login import current_user, login_required

from app.dashboard import bp
from app.dashboard.figures import compute_figures
from app.dashboard.forms import DateRangeForm
from app.routing import require


def _figures_for_request():
    form = DateRangeForm.from_request()
    period = form.period()
    return form, period, compute_figures(period, current_app.config["ALLIANCE_GOAL"])


@bp.route("/")
@login_required
def index():
    require(current_user.is_coordinator)
    form, period, figures = _figures_for_request()
    return render_template("dashboard/index.html", form=form, period=period, figures=figures)


@bp.route("/public")
def public():
    form, period, figures = _figures_for_request()
    return render_template("dashboard/public.html", form=form, period=period, figures=figures)
