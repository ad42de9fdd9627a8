"""Routes of the science shop: thin, each loads, checks, validates, calls one service, commits once."""
from datetime import timedelta

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation, User
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.csv_export import csv_response
from app.db_types import utcnow
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.pagecache import public_page
from app.requests import bp, lifecycle, queries, search, services
from app.requests.constants import (
    WAITING_STATES,
    AssignmentRole,
    DeclineReason,
    EventKind,
    RequestState,
    Theme,
)
from app.requests.forms import (
    AcceptForm,
    AddResearcherForm,
    AdviseForm,
    AskInfoForm,
    AssignForm,
    CompleteColabForm,
    CompleteForm,
    ConsentForm,
    DeclineForm,
    FollowUpForm,
    HandBackForm,
    HandOverForm,
    LibraryFilterForm,
    MessageForm,
    MyRequestsFilterForm,
    OpenFilterForm,
    OpenForm,
    ProgressForm,
    QueueFilterForm,
    RatingForm,
    ReassignForm,
    ReferForm,
    ReleaseForm,
    RemoveResearcherForm,
    RequestForm,
    RouteColabForm,
    WithdrawForm,
)
from app.requests.models import Assignment, Message, Request, RequestEvent, RequestTheme, Suggestion
from app.routing import done, int_arg, page_number, require
from app.uploads import send_stored

PER_PAGE = 50


# -- loading --------------------------------------------------------------------------
def _load(request_id, *options):
    found = db.session.scalar(
        sa.select(Request).where(Request.id == request_id).options(
            joinedload(Request.organisation),
            selectinload(Request.assignments).joinedload(Assignment.user),
            selectinload(Request.theme_rows),
            *options,
        )
    )
    if found is None:
        abort(404)
    return found


def load_visible(request_id, *options):
    """Load a request the person may see, or answer 404 (nobody learns of others' unpublished requests)."""
    found = _load(request_id, *options)
    if not found.can_view(current_user):
        abort(404)
    return found


def load_thread(request_id):
    """Load a request whose thread and progress the person reads: others (other researchers too) get 404."""
    found = load_visible(request_id)
    if not found.can_read_thread(current_user):
        abort(404)
    return found


def load_for_action(request_id):
    """Load a request to act on: people with no part in it get 404; staff get 403/409 from the table."""
    found = _load(request_id)
    if not found.can_view(current_user) and not found.is_staff_for(current_user):
        abort(404)
    return found


def _my_organisations():
    return current_user.organisations_of_kind(OrganisationKind.community_group) or [
        m.organisation for m in current_user.approved_memberships]


# -- my requests and intake -----------------------------------------------------------
@bp.route("/")
@login_required
def index():
    """The person's own requests: their organisations' and the ones they work on, by the step they wait at."""
    filters = MyRequestsFilterForm.from_request()
    step = filters.step.data or None
    rows = list(db.session.scalars(
        sa.select(Request).where(queries.my_requests_condition(current_user, step))
        .order_by(Request.updated_at.desc(), Request.id.desc()).limit(200)
        .options(joinedload(Request.organisation), selectinload(Request.theme_rows))
    ))
    load = capacity = None
    if current_user.is_researcher:
        load, capacity = queries.active_load(current_user.id), queries.capacity_of(current_user.id)
    return render_template("requests/index.html", rows=rows, organisations=_my_organisations(),
                           load=load, capacity=capacity, filters=filters)


def _intake_form(organisations, obj=None, complete=False):
    form = RequestForm(obj=obj, organisations=organisations, complete=complete)
    if obj is not None and request.method == "GET":
        form.help_kind.data = obj.help_kind.value
        form.language.data = obj.language.value
        form.themes.data = [t.value for t in obj.themes]
        form.organisation_id.data = obj.organisation_id
    return form


def _prefill_from_follow_up(form, request_id, organisations):
    """Start a new request from the new question a group wrote in a follow-up of its own earlier request."""
    earlier = db.session.get(Request, request_id)
    if (earlier is None or earlier.follow_up is None or not earlier.follow_up.new_question
            or earlier.organisation_id not in {o.id for o in organisations}):
        return
    form.organisation_id.data = earlier.organisation_id
    form.title.data = _("Follow-up: %(title)s", title=earlier.title)[:200]
    form.question.data = earlier.follow_up.new_question
    form.background.data = _("This question comes from the follow-up of our earlier request \"%(title)s\".",
                             title=earlier.title)
    form.themes.data = [t.value for t in earlier.themes]
    form.language.data = earlier.language.value


def _similar_for(organisations, organisation_id, title, question, exclude_id=None):
    """Similar questions for typed text; the chosen organisation's requests (else all of the person's) are own."""
    own = [o.id for o in organisations if o.id == organisation_id] or [o.id for o in organisations]
    return services.similar_to(title, question, own, exclude_id=exclude_id)


def _form_with_similar(form, organisations, item=None):
    """The intake form again, as typed, with the similar questions listed (the button without JavaScript)."""
    own, others = _similar_for(organisations, form.organisation_id.data, form.title.data, form.question.data,
                               exclude_id=item.id if item else None)
    return render_template("requests/form.html", form=form, item=item, own_similar=own, similar=others,
                           searched=True)


@bp.route("/similar")
@login_required
def similar_questions():
    """The similar questions for what the group has typed so far: the fragment the intake form lists live."""
    organisations = _my_organisations()
    require(bool(organisations))
    title, question = request.args.get("title", "")[:200], request.args.get("question", "")[:5000]
    own, others = _similar_for(organisations, int_arg("organisation_id"), title, question,
                               exclude_id=int_arg("exclude"))
    return render_template("requests/_similar.html", own_similar=own, similar=others,
                           searched=bool(f"{title}{question}".strip()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    organisations = _my_organisations()
    require(bool(organisations))
    complete = request.form.get("next") == "review"
    form = _intake_form(organisations, complete=complete)
    if request.method == "GET" and int_arg("organisation_id"):
        form.organisation_id.data = int_arg("organisation_id")
    if request.method == "GET" and int_arg("follow_up"):
        _prefill_from_follow_up(form, int_arg("follow_up"), organisations)
    if request.method == "POST" and request.form.get("next") == "similar":
        return _form_with_similar(form, organisations)
    if form.validate_on_submit():
        organisation = next((o for o in organisations if o.id == form.organisation_id.data), None)
        if organisation is None:
            abort(400)
        created = services.save_draft(current_user, organisation, form.fields_dict(), form.theme_values())
        db.session.commit()
        if complete:
            return redirect(url_for("requests.review", request_id=created.id))
        flash(_("Your draft has been saved. You can finish it later."), "success")
        return redirect(url_for("requests.edit", request_id=created.id))
    return render_template("requests/form.html", form=form, item=None), 400 if form.errors else 200


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
@login_required
def edit(request_id):
    item = load_visible(request_id)
    require(item.can_edit(current_user))
    organisations = [item.organisation]
    complete = request.form.get("next") == "review"
    form = _intake_form(organisations, obj=item, complete=complete)
    if request.method == "POST" and request.form.get("next") == "similar":
        return _form_with_similar(form, organisations, item)
    if form.validate_on_submit():
        services.update_request(item, current_user, form.fields_dict(), form.theme_values())
        db.session.commit()
        if complete:
            return redirect(url_for("requests.review", request_id=item.id))
        flash(_("Your draft has been saved. You can finish it later."), "success")
        return redirect(url_for("requests.edit", request_id=item.id))
    return render_template("requests/form.html", form=form, item=item), 400 if form.errors else 200


@bp.route("/<int:request_id>/review")
@login_required
def review(request_id):
    """Before submitting: the request as the science shop will read it, and similar earlier questions."""
    item = load_visible(request_id)
    require(item.can_edit(current_user))
    own, others = services.similar_requests(item)
    return render_template("requests/review.html", item=item, own_similar=own, similar=others, form=EmptyForm())


@bp.route("/<int:request_id>/delete", methods=["POST"])
@login_required
def delete_draft(request_id):
    item = load_visible(request_id)
    require(item.can_act_for_group(current_user) and item.state == RequestState.draft)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.delete_draft(item, current_user)
    return done(_("The draft has been deleted."), "requests.index")


# -- one request ----------------------------------------------------------------------
def _action_forms(item):
    """Return the forms for the actions this person may take now, keyed by action."""
    allowed = lifecycle.allowed_actions(item, current_user)
    if item.state == RequestState.open and not lifecycle.may_close_unclaimed(item):
        allowed = [a for a in allowed if a not in lifecycle.CLOSING]
    forms = {}
    for action in allowed:
        form_class = ACTIONS[action][0]
        forms[action.value] = form_class(prefix=action.value)
    _fill_choices(forms)
    return forms


def _fill_choices(forms, item=None):
    """Give the researcher lists their choices (the forms of the table and the forms beside it)."""
    for name in ("open", "assign", "reassign"):
        form = forms.get(name)
        if form is None:
            continue
        field = form.suggested if name == "open" else form.researcher
        field.choices = [(i, n) for i, n in services.researcher_choices()]
    if item is not None:
        others = [(a.user_id, a.user.display_name) for a in item.assignments if a.user_id != current_user.id]
        if forms.get("hand_over") is not None:
            forms["hand_over"].to_user.choices = others
        if forms.get("remove") is not None:
            forms["remove"].user.choices = [(a.user_id, a.user.display_name) for a in item.assignments
                                            if a.role != AssignmentRole.lead]


def _show(item, status=200, **overrides):
    internal = item.can_see_internal_notes(current_user)
    thread = item.can_read_thread(current_user)
    messages = [m for m in item.messages if thread and (internal or not m.internal)]
    events = [e for e in item.events if thread or e.to_state is not None]
    forms = _action_forms(item)
    forms.update(overrides)
    manage = item.can_manage_researchers(current_user)
    extra = {
        "message": MessageForm(prefix="message") if item.can_post_message(current_user) else None,
        "progress": ProgressForm(prefix="progress") if item.can_post_progress(current_user) else None,
        "researcher": AddResearcherForm(prefix="researcher") if item.can_add_researchers(current_user) else None,
        "rating": RatingForm(prefix="rating") if item.can_rate(current_user) else None,
        "consent": ConsentForm(prefix="consent") if item.can_change_consent(current_user) else None,
        "hand_over": HandOverForm(prefix="hand_over") if item.can_hand_over(current_user) else None,
        "reassign": ReassignForm(prefix="reassign") if manage else None,
        "remove": RemoveResearcherForm(prefix="remove") if manage and len(item.assignments) > 1 else None,
    }
    for name in extra:
        if name in overrides:
            extra[name] = overrides[name]
    _fill_choices(extra, item)
    if extra["message"] is not None and not item.can_write_internal_notes(current_user):
        del extra["message"].internal
    if extra["consent"] is not None and request.method == "GET":
        extra["consent"].consent.data = "yes" if item.consent_to_publish else "no"
    at_capacity = (EventKind.claim.value in forms and not queries.within_capacity(current_user.id))
    return render_template("requests/show.html", item=item, messages=messages, events=events, forms=forms,
                           extra=extra, can_see_internal=internal, can_read_thread=thread,
                           suggested_ids={s.user_id for s in item.suggestions}, at_capacity=at_capacity,
                           waiting_days=_waiting_days(item)), status


def _waiting_days(item):
    if item.submitted_at is None:
        return None
    return (utcnow() - item.submitted_at).days


@bp.route("/<int:request_id>")
@login_required
def show(request_id):
    item = load_visible(
        request_id,
        selectinload(Request.events).joinedload(RequestEvent.actor),
        selectinload(Request.messages).joinedload(Message.author),
        selectinload(Request.suggestions), selectinload(Request.follow_up),
    )
    return _show(item)


def _do_accept(item, form):
    services.accept_request(item, current_user, note=form.note.data or "")
    return _("The request has been accepted. Open it to researchers or route it to a co-lab.")


def _do_ask_info(item, form):
    services.ask_for_information(item, current_user, form.note.data)
    return _("The group has been asked for more information.")


def _do_decline(item, form):
    services.decline_request(item, current_user, DeclineReason(form.reason.data), form.text.data or "")
    return _("The request has been declined and the group told why.")


def _do_refer(item, form):
    services.refer_request(item, current_user, form.referred_to.data, form.note.data or "")
    return _("The request has been referred.")


def _do_advise(item, form):
    services.give_advice(item, current_user, form.advice.data)
    return _("The advice has been sent to the group.")


def _do_open(item, form):
    chosen = form.suggested.data or []
    suggested = list(db.session.scalars(sa.select(User).where(User.id.in_(chosen)))) if chosen else []
    services.open_to_researchers(item, current_user, suggested=suggested, note=form.note.data or "")
    return _("The request is now open to researchers.")


def _do_route_colab(item, form):
    services.route_to_colab(item, current_user, note=form.note.data or "")
    return _("The request has been routed to a co-lab.")


def _do_complete_colab(item, form):
    services.complete_from_colab(item, form.outcome.data, current_user, public_summary=form.public_summary.data)
    return _("The request has been completed with the co-lab's outcome.")


def _do_submit(item, form):
    services.submit_request(item, current_user)
    return _("Your request has been sent to the science shop. You will hear from us.")


def _do_withdraw(item, form):
    services.withdraw_request(item, current_user, note=form.note.data or "")
    return _("The request has been withdrawn. The science shop has been told.")


def _do_assign(item, form):
    researcher = db.session.get(User, form.researcher.data)
    services.assign_request(item, current_user, researcher, note=form.note.data or "")
    return _("The request has been assigned to %(name)s, who has been told.", name=researcher.display_name)


def _do_release(item, form):
    services.release_request(item, current_user, form.note.data)
    return _("The request is open to researchers again. The researchers have been told why.")


def _do_hand_back(item, form):
    services.hand_back_request(item, current_user, note=form.note.data or "")
    return _("You have handed the request back. It is open to researchers again.")


def _do_claim(item, form):
    services.claim_request(item, current_user)
    return _("You have claimed the request. The group and the science shop have been told.")


def _do_start(item, form):
    services.start_work(item, current_user)
    return _("Work has started. The group has been told.")


def _do_complete(item, form):
    services.complete_request(
        item, current_user, form.public_summary.data, result_text=form.result_text.data or "",
        result_link=form.result_link.data or "", recommendations=form.recommendations.data or "",
        result_file=form.result_file.data,
    )
    return _("The request is completed. Thank you!")


# action -> (form class, handler, slug in the URL)
ACTIONS = {
    EventKind.submit: (EmptyForm, _do_submit),
    EventKind.withdraw: (WithdrawForm, _do_withdraw),
    EventKind.assign: (AssignForm, _do_assign),
    EventKind.release: (ReleaseForm, _do_release),
    EventKind.hand_back: (HandBackForm, _do_hand_back),
    EventKind.accept: (AcceptForm, _do_accept),
    EventKind.ask_info: (AskInfoForm, _do_ask_info),
    EventKind.decline: (DeclineForm, _do_decline),
    EventKind.refer: (ReferForm, _do_refer),
    EventKind.advise: (AdviseForm, _do_advise),
    EventKind.open: (OpenForm, _do_open),
    EventKind.route_colab: (RouteColabForm, _do_route_colab),
    EventKind.claim: (EmptyForm, _do_claim),
    EventKind.start: (EmptyForm, _do_start),
    EventKind.complete: (CompleteForm, _do_complete),
    EventKind.complete_colab: (CompleteColabForm, _do_complete_colab),
}
assert set(ACTIONS) == set(lifecycle.BY_ACTION), "every transition needs a route handler"


@bp.route("/<int:request_id>/do/<action>", methods=["POST"])
@login_required
def act(request_id, action):
    """Take one transition of the table: permission (403) and state (409) first, then the form."""
    try:
        kind = EventKind(action)
    except ValueError:
        abort(404)
    if kind not in ACTIONS:
        abort(404)
    item = load_for_action(request_id)
    lifecycle.check(item, kind, current_user)
    form_class, handler = ACTIONS[kind]
    form = form_class(prefix=kind.value) if form_class is not EmptyForm else EmptyForm()
    _fill_choices({kind.value: form})
    if not form.validate_on_submit():
        if kind == EventKind.complete:
            return render_template("requests/complete.html", item=item, form=form), 400
        if form_class is EmptyForm:
            abort(400)
        return _show(item, status=400, **{kind.value: form})
    message = handler(item, form)
    db.session.commit()
    flash(message, "success")
    if kind in (EventKind.withdraw, EventKind.hand_back) or not item.can_view(current_user):
        return redirect(url_for("requests.index"))
    return redirect(url_for("requests.show", request_id=item.id))


@bp.route("/<int:request_id>/complete")
@login_required
def complete_form(request_id):
    item = load_visible(request_id)
    lifecycle.check(item, EventKind.complete, current_user)
    return render_template("requests/complete.html", item=item, form=CompleteForm(prefix="complete"))


@bp.route("/<int:request_id>/progress", methods=["POST"])
@login_required
def post_progress(request_id):
    item = load_thread(request_id)
    require(item.can_post_progress(current_user))
    form = ProgressForm(prefix="progress")
    if not form.validate_on_submit():
        return _show(item, status=400, progress=form)
    services.post_progress(item, current_user, form.text.data)
    return done(_("Your progress update has been posted."), "requests.show", request_id=item.id, _anchor="timeline")


@bp.route("/<int:request_id>/researchers", methods=["POST"])
@login_required
def add_researcher(request_id):
    item = load_visible(request_id)
    require(item.can_add_researchers(current_user))
    form = AddResearcherForm(prefix="researcher")
    if not form.validate_on_submit():
        return _show(item, status=400, researcher=form)
    services.add_researcher(item, current_user, form.user, AssignmentRole(form.role.data))
    return done(_("%(name)s has been added.", name=form.user.display_name), "requests.show", request_id=item.id)


@bp.route("/<int:request_id>/messages", methods=["POST"])
@login_required
def post_message(request_id):
    item = load_thread(request_id)
    require(item.can_post_message(current_user))
    form = MessageForm(prefix="message")
    internal = bool(form.internal.data) and item.can_write_internal_notes(current_user)
    if not form.validate_on_submit():
        return _show(item, status=400, message=form)
    services.post_message(item, current_user, form.body.data, internal=internal)
    return done(_("Your internal note has been saved.") if internal else _("Your message has been sent."),
                "requests.show", request_id=item.id, _anchor="thread")


@bp.route("/<int:request_id>/rate", methods=["POST"])
@login_required
def rate(request_id):
    item = load_visible(request_id)
    require(item.can_rate(current_user))
    form = RatingForm(prefix="rating")
    if not form.validate_on_submit():
        return _show(item, status=400, rating=form)
    services.rate_request(item, current_user, form.rating.data, form.comment.data or "")
    return done(_("Thank you for your rating."), "requests.show", request_id=item.id)


def _side_form(request_id, form_class, prefix, allowed):
    """Load a request, check a permission, validate one of the forms beside the timeline (or show it again)."""
    item = load_visible(request_id)
    require(allowed(item))
    form = form_class(prefix=prefix)
    _fill_choices({prefix: form}, item)
    return item, form


@bp.route("/<int:request_id>/hand-over", methods=["POST"])
@login_required
def hand_over(request_id):
    item, form = _side_form(request_id, HandOverForm, "hand_over", lambda i: i.can_hand_over(current_user))
    if not form.validate_on_submit():
        return _show(item, status=400, hand_over=form)
    to_user = db.session.get(User, form.to_user.data)
    services.hand_over_request(item, current_user, to_user, note=form.note.data or "")
    return done(_("%(name)s now leads the request and has been told.", name=to_user.display_name), "requests.index")


@bp.route("/<int:request_id>/reassign", methods=["POST"])
@login_required
def reassign(request_id):
    item, form = _side_form(request_id, ReassignForm, "reassign", lambda i: i.can_manage_researchers(current_user))
    if not form.validate_on_submit():
        return _show(item, status=400, reassign=form)
    researcher = db.session.get(User, form.researcher.data)
    services.reassign_request(item, current_user, researcher, note=form.note.data or "")
    return done(_("%(name)s now leads the request and has been told.", name=researcher.display_name),
                "requests.show", request_id=item.id)


@bp.route("/<int:request_id>/remove-researcher", methods=["POST"])
@login_required
def remove_researcher(request_id):
    item, form = _side_form(request_id, RemoveResearcherForm, "remove",
                            lambda i: i.can_manage_researchers(current_user))
    if not form.validate_on_submit():
        return _show(item, status=400, remove=form)
    user = db.session.get(User, form.user.data)
    services.remove_researcher(item, current_user, user)
    return done(_("%(name)s has been removed from the request and told.", name=user.display_name),
                "requests.show", request_id=item.id)


@bp.route("/<int:request_id>/consent", methods=["POST"])
@login_required
def change_consent(request_id):
    item = load_visible(request_id)
    require(item.can_change_consent(current_user))
    form = ConsentForm(prefix="consent")
    if not form.validate_on_submit():
        return _show(item, status=400, consent=form)
    services.change_consent(item, current_user, form.consent.data == "yes")
    db.session.commit()
    flash(_("The result is published in the results library.") if form.consent.data == "yes"
          else _("The result is no longer published."), "success")
    return redirect(url_for("requests.show", request_id=item.id))


@bp.route("/<int:request_id>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(request_id):
    """The group's follow-up evaluation, some months after completion; a new question starts a new request."""
    item = load_visible(request_id, selectinload(Request.follow_up))
    if not item.can_answer_follow_up(current_user):
        if item.follow_up is not None and item.follow_up.answered_at is not None and item.can_view(current_user):
            return redirect(url_for("requests.show", request_id=item.id, _anchor="follow-up"))
        abort(404)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return render_template("requests/follow_up.html", item=item, form=form), 400 if form.errors else 200
    answered = services.answer_follow_up(item, current_user, form.answers())
    db.session.commit()
    flash(_("Thank you for answering the follow-up."), "success")
    if answered.new_question:
        return redirect(url_for("requests.create", follow_up=item.id))
    return redirect(url_for("requests.show", request_id=item.id, _anchor="follow-up"))


@bp.route("/<int:request_id>/result.pdf")
def result_file(request_id):
    """Serve the uploaded result only to those allowed: anyone once published, else the participants."""
    item = db.session.get(Request, request_id)
    if item is None or not item.result_file_key or not item.can_download_result(current_user):
        abort(404)
    return send_stored(services.result_file_storage_key(item), "application/pdf",
                       item.result_file_name or f"result-{item.id}.pdf")


def paginate_requests(id_query, page, *options):
    """Paginate a query of request ids, then load that page's requests with their relations.

    Sorting narrow (id, sort key) rows through an index and loading the 50 winners afterwards is much
    cheaper than sorting whole rows with their long texts. The number of statements stays fixed.
    """
    pagination = db.paginate(id_query, page=page, per_page=PER_PAGE, error_out=False)
    ids = list(pagination.items)
    loaded = {r.id: r for r in db.session.scalars(sa.select(Request).where(Request.id.in_(ids)).options(
        joinedload(Request.organisation), selectinload(Request.theme_rows), *options))} if ids else {}
    pagination.items = [loaded[i] for i in ids if i in loaded]
    return pagination


# -- coordinators' queue --------------------------------------------------------------
def _paginate(query, text, order):
    """Paginate a SELECT of request ids: ranked best first for a search text, else in the given order."""
    page = page_number()
    ranking = search.rank(query, text)
    if ranking is not None:
        return search.paginate_ranked(ranking, page, PER_PAGE)
    return paginate_requests(query.order_by(*order), page)


def _theme_filter(query, value):
    try:
        theme = Theme(value)
    except ValueError:
        return query
    return query.where(Request.id.in_(sa.select(RequestTheme.request_id).where(RequestTheme.theme == theme)))


def queue_query(filters, columns=(Request.id,), with_search=False):
    """Return the SELECT of the requests the queue's filters choose (never drafts), for the page and the export."""
    query = sa.select(*columns).where(Request.state != RequestState.draft)
    state = filters.state.data
    if state == "all":
        pass
    elif state in queries.QUEUE_VIEWS:
        query = query.where(queries.QUEUE_VIEWS[state][1])
    elif state in RequestState._value2member_map_:
        query = query.where(Request.state == RequestState(state))
    else:
        query = query.where(Request.state.in_(WAITING_STATES))
    if filters.theme.data:
        query = _theme_filter(query, filters.theme.data)
    if filters.organisation.data:
        like = f"%{filters.organisation.data.lower()}%"
        query = query.where(Request.organisation_id.in_(
            sa.select(Organisation.id).where(sa.func.lower(Organisation.name).like(like))))
    if filters.age.data is not None and not filters.age.errors:
        query = query.where(Request.submitted_at <= utcnow() - timedelta(days=filters.age.data))
    if with_search and filters.q.data:  # the page ranks by the text itself; the export keeps what matches
        ranking = search.rank(query.with_only_columns(Request.id), filters.q.data)
        if ranking is not None:
            query = query.where(Request.id.in_(ranking.ids))
    return query


@bp.route("/queue")
@login_required
def queue():
    require(current_user.is_coordinator)
    filters = QueueFilterForm.from_request()
    query = queue_query(filters)
    pagination = _paginate(query, filters.q.data, [Request.submitted_at.asc(), Request.id.asc()])
    counts = dict(db.session.execute(sa.select(Request.state, sa.func.count()).group_by(Request.state)).all())
    asked = queries.info_asked_at([r.id for r in pagination.items if r.state == RequestState.needs_info])
    return render_template("requests/queue.html", pagination=pagination, filters=filters, asked=asked,
                           counts=[(s, s.label, counts.get(s, 0)) for s in RequestState],
                           now=utcnow())


# -- researchers' list ----------------------------------------------------------------
@bp.route("/open")
@login_required
def open_list():
    require(current_user.is_researcher or current_user.is_coordinator)
    filters = OpenFilterForm.from_request()
    query = sa.select(Request.id).where(Request.state == RequestState.open)
    if filters.suggested.data:
        query = query.where(queries.suggested_to(current_user))
    if filters.theme.data:
        query = _theme_filter(query, filters.theme.data)
    pagination = _paginate(query, filters.q.data, [Request.submitted_at.asc(), Request.id.asc()])
    ids = [r.id for r in pagination.items]
    suggested = set(db.session.scalars(
        sa.select(Suggestion.request_id).where(Suggestion.user_id == current_user.id, Suggestion.request_id.in_(ids))
    )) if ids else set()
    load = queries.active_load(current_user.id)
    capacity = queries.capacity_of(current_user.id)
    return render_template("requests/open.html", pagination=pagination, filters=filters, suggested=suggested,
                           load=load, capacity=capacity, form=EmptyForm())


# -- public results library -----------------------------------------------------------
def _published(*columns):
    return sa.select(*(columns or (Request,))).where(Request.state == RequestState.completed,
                                                    Request.consent_to_publish.is_(True))


@bp.route("/library")
@public_page()
def library():
    filters = LibraryFilterForm.from_request()
    query = _published(Request.id)
    if filters.theme.data:
        query = _theme_filter(query, filters.theme.data)
    pagination = _paginate(query, filters.q.data, [Request.completed_at.desc(), Request.id.desc()])
    return render_template("requests/library.html", pagination=pagination, filters=filters)


@bp.route("/library/<int:request_id>")
@public_page()
def library_show(request_id):
    item = db.session.scalar(_published().where(Request.id == request_id).options(
        joinedload(Request.organisation), selectinload(Request.theme_rows),
        selectinload(Request.events)))
    if item is None:
        abort(404)
    public_events = [e for e in item.events if e.to_state is not None]
    return render_template("requests/library_show.html", item=item, events=public_events)


@bp.route("/library/feed.atom")
def library_feed():
    """The newest published results as an Atom feed, built (and escaped) by feedgen."""
    from feedgen.feed import FeedGenerator

    rows = list(db.session.scalars(
        _published().order_by(Request.completed_at.desc(), Request.id.desc()).limit(50)
        .options(joinedload(Request.organisation))
    ))
    feed = FeedGenerator()
    feed.id(url_for("requests.library", _external=True))
    feed.title(_("Samverka results library"))
    feed.link(href=url_for("requests.library_feed", _external=True), rel="self")
    feed.link(href=url_for("requests.library", _external=True), rel="alternate")
    feed.author(name="Samverka")
    feed.updated(rows[0].completed_at if rows else utcnow())
    for item in reversed(rows):  # feedgen puts each new entry first
        address = url_for("requests.library_show", request_id=item.id, _external=True)
        entry = feed.add_entry()
        entry.id(address)
        entry.title(item.title)
        entry.link(href=address, rel="alternate")
        entry.updated(item.completed_at)
        entry.author(name=item.organisation.name)
        entry.summary(item.public_summary or "")
    return Response(feed.atom_str(pretty=True), mimetype="application/atom+xml")


# -- export ---------------------------------------------------------------------------
CSV_COLUMNS = ["id", "title", "organisation", "state", "outcome", "themes", "help_kind", "created_at",
               "submitted_at", "first_answer_at", "claimed_at", "completed_at", "days_to_first_answer",
               "days_to_claim", "days_to_completion", "rating"]


@bp.route("/export.csv")
@login_required
def export_csv():
    """The requests the queue's filters choose (never drafts), with their timeline figures, for coordinators."""
    require(current_user.is_coordinator)
    filters = QueueFilterForm.from_request()
    query = (queue_query(filters, (Request,), with_search=True).order_by(Request.id)
             .options(joinedload(Request.organisation), selectinload(Request.theme_rows))
             .execution_options(yield_per=1000))

    def iso(value):
        return value.isoformat() if value else ""

    def rows():
        for item in db.session.scalars(query):
            yield [
                item.id, item.title, item.organisation.name, item.state.value,
                item.outcome.value if item.outcome else "", " ".join(t.value for t in item.themes),
                item.help_kind.value, iso(item.created_at), iso(item.submitted_at), iso(item.first_answer_at),
                iso(item.claimed_at), iso(item.completed_at), item.days_to_first_answer,
                item.days_to_claim, item.days_to_completion, item.rating,
            ]

    stamp = utcnow().strftime("%Y-%m-%d")
    record_audit(current_user, AuditAction.export, None, detail=f"requests-{stamp}.csv {request.query_string.decode()}"[:300])
    db.session.commit()
    return csv_response(f"requests-{stamp}.csv", CSV_COLUMNS, rows(), stream=True)


# -- notifications moved to the notification centre; links in earlier mail keep working ---------------
@bp.route("/notifications")
def notifications():
    return redirect(url_for("notifications.index"), 301)


@bp.route("/notifications/settings")
def notification_settings():
    return redirect(url_for("notifications.settings"), 301)
