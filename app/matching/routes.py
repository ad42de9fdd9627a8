"""Routes for offerings, needs, ranked match lists, CSV exports and tracked matches."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation
from app.csv_export import csv_response
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.matching import bp, queries, services
from app.matching.constants import (
    ScoreComponent,
    ScoreFilter,
    Category,
    MatchAction,
    MatchState,
    NeedState,
    NoFitReason,
    ValueBand,
)
from app.matching.explain import component_rows, filter_labels, sentence
from app.matching.lifecycle import MATCH_LIFECYCLE
from app.matching.forms import (
    CustomerForm,
    DeclineForm,
    InterestForm,
    IntroduceForm,
    MatchListFilterForm,
    MeetingForm,
    NeedForm,
    NoFitForm,
    OfferingForm,
    TrackedFilterForm,
)
from app.matching.models import Match, MatchEvent, Need, Offering
from app.routing import done, page_number, require

PER_PAGE = 20


def _my_organisations(kind):
    """Return the organisations of a kind the person may act for (coordinators: all of them)."""
    if current_user.is_coordinator:
        return db.session.scalars(sa.select(Organisation).where(Organisation.kind == kind)
                                  .order_by(Organisation.name)).all()
    return sorted(current_user.organisations_of_kind(kind), key=lambda o: o.name)


def _load_offering(offering_id):
    offering = db.session.scalar(sa.select(Offering).where(Offering.id == offering_id)
                                 .options(selectinload(Offering.organisation)))
    if offering is None:
        abort(404)
    return offering


def _load_need(need_id):
    need = db.session.scalar(sa.select(Need).where(Need.id == need_id).options(selectinload(Need.organisation)))
    if need is None:
        abort(404)
    return need


def _load_match(match_id):
    match = db.session.scalar(
        sa.select(Match).where(Match.id == match_id).options(
            selectinload(Match.need).selectinload(Need.organisation),
            selectinload(Match.offering).selectinload(Offering.organisation),
            selectinload(Match.events).selectinload(MatchEvent.actor), selectinload(Match.need_contact),
            selectinload(Match.offering_contact),
        )
    )
    if match is None:
        abort(404)
    return match


# -- overview ----------------------------------------------------------------------------------------------
@bp.route("/")
def index():
    """A member's needs and offerings; for visitors, how matching works."""
    if not current_user.is_authenticated:
        return render_template("matching/about.html")
    organisation_ids = [m.organisation_id for m in current_user.approved_memberships]
    needs = db.session.scalars(
        sa.select(Need).where(Need.organisation_id.in_(organisation_ids)).options(selectinload(Need.organisation))
        .order_by(Need.created_at.desc(), Need.id.desc())
    ).all()
    offerings = db.session.scalars(
        sa.select(Offering).where(Offering.organisation_id.in_(organisation_ids))
        .options(selectinload(Offering.organisation)).order_by(Offering.title, Offering.id)
    ).all()
    return render_template(
        "matching/index.html", needs=needs, offerings=offerings,
        can_post_need=bool(_my_organisations(OrganisationKind.established)),
        can_post_offering=bool(_my_organisations(OrganisationKind.social_business)),
    )


def _directory(model, kind):
    """Show the open needs or the available offerings, filtered by category."""
    category = request.args.get("category", "")
    page = page_number()
    pagination = db.paginate(queries.directory(model, category), page=page, per_page=PER_PAGE, error_out=False)
    return render_template("matching/directory.html", kind=kind, pagination=pagination, category=category,
                           categories=Category)


@bp.route("/needs")
@login_required
def needs():
    return _directory(Need, "need")


@bp.route("/offerings")
@login_required
def offerings():
    return _directory(Offering, "offering")


# -- offerings -----------------------------------------------------------------------------------------------
def _chosen_organisation(form, kind):
    organisation = db.session.get(Organisation, form.organisation_id.data)
    require(organisation is not None and organisation.kind == kind
            and (current_user.is_coordinator or current_user.is_member_of(organisation)))
    return organisation


@bp.route("/offerings/new", methods=["GET", "POST"])
@login_required
def create_offering():
    organisations = _my_organisations(OrganisationKind.social_business)
    require(bool(organisations))
    form = OfferingForm(organisations=organisations)
    if request.method == "GET":
        form.languages.data = ["sv"]
    if form.validate_on_submit():
        organisation = _chosen_organisation(form, OrganisationKind.social_business)
        offering = services.create_offering(organisation, current_user, **form.fields_for_service())
        return done(_("Your offering has been published."), "matching.offering_matches", offering_id=offering.id)
    return render_template("matching/offering_form.html", form=form, offering=None)


@bp.route("/offerings/<int:offering_id>")
@login_required
def show_offering(offering_id):
    offering = _load_offering(offering_id)
    require(offering.can_view(current_user))
    return render_template("matching/offering.html", offering=offering)


@bp.route("/offerings/<int:offering_id>/edit", methods=["GET", "POST"])
@login_required
def edit_offering(offering_id):
    offering = _load_offering(offering_id)
    require(offering.can_edit(current_user))
    form = OfferingForm(obj=offering, organisations=[offering.organisation])
    if request.method == "GET":
        form.category.data = offering.category.value
        form.capacity.data = offering.capacity.value
        form.municipalities.data = offering.municipalities
        form.languages.data = offering.languages
    if form.validate_on_submit():
        services.update_offering(offering, **form.fields_for_service())
        return done(_("The offering has been saved."), "matching.show_offering", offering_id=offering.id)
    return render_template("matching/offering_form.html", form=form, offering=offering)


# -- needs ------------------------------------------------------------------------------------------------------
@bp.route("/needs/new", methods=["GET", "POST"])
@login_required
def create_need():
    organisations = _my_organisations(OrganisationKind.established)
    require(bool(organisations))
    form = NeedForm(organisations=organisations)
    if request.method == "GET" and len(organisations) == 1:
        form.municipality.data = organisations[0].municipality
    if form.validate_on_submit():
        organisation = _chosen_organisation(form, OrganisationKind.established)
        need = services.create_need(organisation, current_user, **form.fields_for_service())
        return done(_("Your need has been published. Here are the social businesses that could meet it."),
                    "matching.need_matches", need_id=need.id)
    return render_template("matching/need_form.html", form=form, need=None)


@bp.route("/needs/<int:need_id>")
@login_required
def show_need(need_id):
    need = _load_need(need_id)
    require(need.can_view(current_user))
    return render_template("matching/need.html", need=need, form=EmptyForm())


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit_need(need_id):
    need = _load_need(need_id)
    require(need.can_edit(current_user))
    form = NeedForm(obj=need, organisations=[need.organisation])
    if request.method == "GET":
        form.category.data = need.category.value
        form.budget_band.data = need.budget_band.value
        form.timeframe.data = need.timeframe.value
    if form.validate_on_submit():
        services.update_need(need, **form.fields_for_service())
        return done(_("The need has been saved."), "matching.show_need", need_id=need.id)
    return render_template("matching/need_form.html", form=form, need=need)


@bp.route("/needs/<int:need_id>/close", methods=["POST"])
@login_required
def close_need(need_id):
    need = _load_need(need_id)
    require(need.can_edit(current_user))
    if EmptyForm().validate_on_submit():
        reopen = need.state == NeedState.closed
        services.set_need_state(need, NeedState.open if reopen else NeedState.closed)
        db.session.commit()
        flash(_("The need is open again.") if reopen else _("The need is closed."), "success")
    return redirect(url_for("matching.show_need", need_id=need.id))


# -- ranked lists ---------------------------------------------------------------------------------------------------
def _list_filters():
    form = MatchListFilterForm.from_request()
    valid = not form.errors
    filters = services.ListFilters(
        certified_only=bool(form.certified_only.data), local_only=bool(form.local_only.data),
        min_score=(form.min_score.data or 0) if valid else 0,
    )
    args = {k: v for k, v in (("certified_only", "y" if filters.certified_only else ""),
                              ("local_only", "y" if filters.local_only else ""),
                              ("min_score", filters.min_score or "")) if v}
    return form, filters, args


def _decorate(rows, municipality_of, for_need):
    for row in rows:
        row.components = component_rows(row.explanation)
        row.filters = filter_labels(row.explanation)
        row.sentence = sentence(row.explanation, row.ranked, municipality_of(row), for_need)
    return rows


def _csv_response(ranked_list, filename, title_of, organisation_of):
    component_names = [c.name for c in ranked_list.rows[0].explanation.components] if ranked_list.rows else []
    header = ([_("Rank"), _("Organisation"), _("Title"), _("Score")]
              + [str(ScoreComponent(name).label) for name in component_names] + [_("Shared words"), _("Why")])
    rows = ([row.rank, organisation_of(row), title_of(row), f"{row.explanation.score:.3f}"]
            + [f"{c.contribution:.3f}" for c in row.explanation.components]
            + [" ".join(row.explanation.top_terms), row.sentence] for row in ranked_list.rows)
    return csv_response(filename, header, rows)


@bp.route("/needs/<int:need_id>/matches")
@bp.route("/needs/<int:need_id>/matches.csv", endpoint="need_matches_csv")
@login_required
def need_matches(need_id):
    need = _load_need(need_id)
    require(need.can_view_matches(current_user))
    form, filters, args = _list_filters()
    as_csv = request.path.endswith(".csv")
    page = page_number()
    ranked = services.rank_offerings_for_need(need, filters, page=page, per_page=PER_PAGE, everything=as_csv)
    _decorate(ranked.rows, lambda row: need.municipality_label, for_need=True)
    if as_csv:
        return _csv_response(ranked, f"matches-need-{need.id}.csv", lambda r: r.item.title,
                             lambda r: r.item.organisation.name)
    near = services.near_misses_for_need(need) if ranked.total < services.SHORT_LIST and page == 1 else []
    return render_template("matching/need_matches.html", need=need, ranked=ranked, filters=form, args=args,
                           form=EmptyForm(), near_misses=near, score_filters=ScoreFilter)


@bp.route("/offerings/<int:offering_id>/matches")
@bp.route("/offerings/<int:offering_id>/matches.csv", endpoint="offering_matches_csv")
@login_required
def offering_matches(offering_id):
    offering = _load_offering(offering_id)
    require(offering.can_view_matches(current_user))
    form, filters, args = _list_filters()
    as_csv = request.path.endswith(".csv")
    page = page_number()
    ranked = services.rank_needs_for_offering(offering, filters, page=page, per_page=PER_PAGE, everything=as_csv)
    _decorate(ranked.rows, lambda row: row.item.municipality_label, for_need=False)
    if as_csv:
        return _csv_response(ranked, f"matches-offering-{offering.id}.csv", lambda r: r.item.title,
                             lambda r: r.item.organisation.name)
    near = services.near_misses_for_offering(offering) if ranked.total < services.SHORT_LIST and page == 1 else []
    return render_template("matching/offering_matches.html", offering=offering, ranked=ranked, filters=form,
                           args=args, form=EmptyForm(), near_misses=near, score_filters=ScoreFilter)


# -- tracked matches --------------------------------------------------------------------------------------------
@bp.route("/needs/<int:need_id>/offerings/<int:offering_id>/track", methods=["POST"])
@login_required
def track(need_id, offering_id):
    need = _load_need(need_id)
    offering = _load_offering(offering_id)
    require(need.can_view_matches(current_user) or offering.can_view_matches(current_user))
    if not EmptyForm().validate_on_submit():
        abort(400)
    score = request.form.get("score", type=float)
    if score is not None and not 0 <= score <= 1:  # also refuses NaN
        score = None
    match = services.track_match(need, offering, current_user, score=score)
    return done(_("You are now following this match."), "matching.show_match", match_id=match.id)


@bp.route("/tracked")
@login_required
def tracked():
    filters = TrackedFilterForm.from_request()
    page = page_number()
    query = (
        sa.select(Match)
        .options(selectinload(Match.need).selectinload(Need.organisation),
                 selectinload(Match.offering).selectinload(Offering.organisation))
        .order_by(Match.updated_at.desc(), Match.id.desc())
    )
    query = query.where(queries.tracked_condition(current_user, filters.waiting.data))
    if filters.state.data in {s.value for s in MatchState}:
        query = query.where(Match.state == MatchState(filters.state.data))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return render_template("matching/tracked.html", pagination=pagination, filters=filters)


def _match_page(match, **forms):
    context = {
        "match": match, "sides": match.sides_of(current_user), "contacts": match.visible_contacts(current_user),
        "interest_form": forms.get("interest_form") or InterestForm(
            share_contact=any(match.contact_for(s) and match.contact_for(s).id == current_user.id
                              for s in match.sides_of(current_user))),
        "introduce_form": forms.get("introduce_form") or IntroduceForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "customer_form": forms.get("customer_form") or CustomerForm(),
        "no_fit_form": forms.get("no_fit_form") or NoFitForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }
    return render_template("matching/match.html", **context), 200 if not any(
        f.errors for f in forms.values()) else 400


@bp.route("/tracked/<int:match_id>")
@login_required
def show_match(match_id):
    match = _load_match(match_id)
    require(match.can_view(current_user))
    return _match_page(match)


@bp.route("/tracked/<int:match_id>/interest", methods=["POST"])
@login_required
def mark_interest(match_id):
    match = _load_match(match_id)
    require(match.can_mark_interest(current_user))
    form = InterestForm()
    if not form.validate_on_submit():
        return _match_page(match, interest_form=form)
    services.mark_interest(match, current_user, form.share_contact.data)
    return done(_("Your interest has been noted."), "matching.show_match", match_id=match.id)


@bp.route("/tracked/<int:match_id>/decline", methods=["POST"])
@login_required
def decline(match_id):
    match = _load_match(match_id)
    MATCH_LIFECYCLE.check(match, MatchAction.decline, current_user)
    form = DeclineForm()
    if not form.validate_on_submit():
        return _match_page(match, decline_form=form)
    services.decline_match(match, current_user, form.note.data)
    db.session.commit()
    flash(_("Noted: this pair will not be suggested again."), "info")
    return redirect(url_for("matching.show_match", match_id=match.id))


@bp.route("/tracked/<int:match_id>/introduce", methods=["POST"])
@login_required
def introduce(match_id):
    match = _load_match(match_id)
    MATCH_LIFECYCLE.check(match, MatchAction.introduce, current_user)
    form = IntroduceForm()
    if not form.validate_on_submit():
        return _match_page(match, introduce_form=form)
    services.introduce(match, current_user, form.note.data)
    return done(_("Both sides have been sent an introduction."), "matching.show_match", match_id=match.id)


@bp.route("/tracked/<int:match_id>/meeting", methods=["POST"])
@login_required
def record_meeting(match_id):
    match = _load_match(match_id)
    MATCH_LIFECYCLE.check(match, MatchAction.record_meeting, current_user)
    form = MeetingForm()
    if not form.validate_on_submit():
        return _match_page(match, meeting_form=form)
    services.record_meeting(match, current_user, form.meeting_on.data, form.note.data)
    return done(_("The meeting has been recorded."), "matching.show_match", match_id=match.id)


@bp.route("/tracked/<int:match_id>/customer", methods=["POST"])
@login_required
def record_customer(match_id):
    match = _load_match(match_id)
    MATCH_LIFECYCLE.check(match, MatchAction.record_customer, current_user)
    form = CustomerForm()
    if form.validate_on_submit():
        services.record_customer(match, current_user, ValueBand(form.value_band.data), form.customer_since.data,
                                 form.note.data)
        return done(_("Recorded: the organisation became a customer."), "matching.show_match", match_id=match.id)
    return _match_page(match, customer_form=form)


@bp.route("/tracked/<int:match_id>/no-fit", methods=["POST"])
@login_required
def record_no_fit(match_id):
    match = _load_match(match_id)
    MATCH_LIFECYCLE.check(match, MatchAction.record_no_fit, current_user)
    form = NoFitForm()
    if not form.validate_on_submit():
        return _match_page(match, no_fit_form=form)
    services.record_no_fit(match, current_user, NoFitReason(form.reason.data), form.note.data)
    db.session.commit()
    flash(_("Recorded: no fit. This pair will not be suggested again."), "info")
    return redirect(url_for("matching.show_match", match_id=match.id))
