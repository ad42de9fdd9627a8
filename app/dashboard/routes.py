"""The coordinators' dashboard and its public summary."""
from flask import current_app, render_template
from flask_login import current_user, login_required

from app.csv_export import csv_response
from app.dashboard import bp
from app.dashboard.figures import compute_figures, key_actors, trend
from app.dashboard.forms import DateRangeForm
from app.i18n import gettext as _
from app.pagecache import public_page
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
    return render_template("dashboard/index.html", form=form, period=period, figures=figures, rows=figures.rows,
                           trend=trend(current_app.config["ALLIANCE_GOAL"]), actors=key_actors())


@bp.route("/figures.csv")
@login_required
def figures_csv():
    """Every figure of the chosen period, then every figure per quarter over two years."""
    require(current_user.is_coordinator)
    form, period, figures = _figures_for_request()
    quarters = trend(current_app.config["ALLIANCE_GOAL"])
    header = [_("Area"), _("Figure"), f"{period.start.isoformat()} – {period.end.isoformat()}"]
    rows = [[area, label, _plain(getattr(figures, key))] + [_plain(getattr(f, key)) for _q, f in quarters]
            for key, area, label in figures.rows]
    return csv_response("alliance-figures.csv", header + [q for q, _f in quarters], rows)


@bp.route("/key-actors.csv")
@login_required
def key_actors_csv():
    require(current_user.is_coordinator)
    header = [_("Organisation"), _("Sector"), _("Member since"), _("Contact person"), _("Contact email"),
              _("Science-shop requests"), _("Tracked matches"), _("Co-lab sessions"), _("Certified")]
    rows = [[a.organisation.name, a.organisation.sector.label, a.organisation.member_since.isoformat(),
             a.organisation.contact_person.display_name if a.organisation.contact_person else "",
             a.organisation.contact_person.email if a.organisation.contact_person else "",
             a.requests, a.matches, a.sessions, _("Yes") if a.certified else _("No")] for a in key_actors()]
    return csv_response("alliance-key-actors.csv", header, rows)


@bp.route("/public")
@public_page()
def public():
    form, period, figures = _figures_for_request()
    return render_template("dashboard/public.html", form=form, period=period, figures=figures)


def _plain(value):
    return "" if value is None else value
