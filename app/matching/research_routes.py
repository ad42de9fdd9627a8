"""Match lists between requests and researchers, with the reasons for each row."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.csv_export import csv_response
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.matching import bp, research
from app.matching.research_explain import component_rows, filter_labels, sentence
from app.requests import services as request_services
from app.requests.models import Request
from app.routing import page_number, require

PER_PAGE = 20


def _decorate(rows, for_request):
    for row in rows:
        row.components = component_rows(row.explanation)
        row.filters = filter_labels(row.explanation)
        row.sentence = sentence(row.explanation, row.ranked, for_request)
    return rows


def _csv(ranked_list, filename, name_of):
    names = [c["label"] for c in ranked_list.rows[0].components] if ranked_list.rows else []
    header = [_("Rank"), _("Name"), _("Score")] + [str(n) for n in names] + [_("Shared words"), _("Why")]
    rows = ([row.rank, name_of(row), f"{row.explanation.score:.3f}"]
            + [f"{c['contribution']:.3f}" for c in row.components]
            + [" ".join(row.explanation.top_terms), row.sentence] for row in ranked_list.rows)
    return csv_response(filename, header, rows)


@bp.route("/requests/<int:request_id>/researchers")
@bp.route("/requests/<int:request_id>/researchers.csv", endpoint="request_researchers_csv")
@login_required
def request_researchers(request_id):
    """Coordinators see the researchers ranked for a request they route."""
    require(current_user.is_coordinator)
    science_request = db.session.get(Request, request_id, options=[selectinload(Request.theme_rows),
                                                                    selectinload(Request.organisation),
                                                                    selectinload(Request.suggestions)])
    if science_request is None or not science_request.can_view(current_user):
        abort(404)
    as_csv = request.path.endswith(".csv")
    page = page_number()
    ranked = research.rank_researchers_for_request(science_request, page=page, per_page=PER_PAGE,
                                                   everything=as_csv)
    _decorate(ranked.rows, for_request=True)
    if as_csv:
        return _csv(ranked, f"researchers-for-request-{science_request.id}.csv", lambda row: row.item.name)
    return render_template("matching/request_researchers.html", science_request=science_request, ranked=ranked,
                           suggested_ids={s.user_id for s in science_request.suggestions},
                           can_suggest=science_request.state in request_services.SUGGESTABLE_STATES, form=EmptyForm())


@bp.route("/requests/<int:request_id>/researchers/<int:user_id>/suggest", methods=["POST"])
@login_required
def suggest_researcher(request_id, user_id):
    """A coordinator names a researcher from the ranked list."""
    require(current_user.is_coordinator)
    science_request = db.session.get(Request, request_id, options=[selectinload(Request.suggestions)])
    researcher = db.session.get(User, user_id)
    if science_request is None or researcher is None or not science_request.can_view(current_user):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request_services.suggest_researcher(science_request, current_user, researcher):
        flash(_("%(name)s is suggested for this request.", name=researcher.display_name), "success")
    else:
        flash(_("%(name)s was already suggested.", name=researcher.display_name), "info")
    db.session.commit()
    return redirect(url_for("matching.request_researchers", request_id=science_request.id))


@bp.route("/researchers/me/requests")
@bp.route("/researchers/me/requests.csv", endpoint="my_requests_csv")
@login_required
def my_ranked_requests():
    """A researcher sees the open requests ranked for them."""
    require(current_user.is_researcher)
    as_csv = request.path.endswith(".csv")
    page = page_number()
    ranked, me = research.rank_requests_for_researcher(current_user, page=page, per_page=PER_PAGE,
                                                       everything=as_csv)
    _decorate(ranked.rows, for_request=False)
    if as_csv:
        return _csv(ranked, "requests-for-me.csv", lambda row: row.item.title)
    return render_template("matching/my_ranked_requests.html", ranked=ranked, me=me,
                           has_profile=current_user.researcher_profile is not None)
