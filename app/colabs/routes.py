"""Routes of the co-labs area: calendar, sessions, registration, facilitator tools, calendar files."""
import calendar as calendar_module
from datetime import date, datetime

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from babel.dates import get_day_names
from dateutil.relativedelta import relativedelta
from flask_babel import force_locale, format_date, get_locale
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.colabs import bp, queries, services
from app.colabs.constants import ActionAction, RegistrationAction, RegistrationState, SessionAction, SessionState
from app.colabs.forms import (
    ActionItemForm,
    LinkedRequestsForm,
    CalendarFilterForm,
    CancelSessionForm,
    CloseSessionForm,
    MessageForm,
    OutcomesForm,
    RemoveRegistrationForm,
    SessionForm,
    WalkInForm,
    answers_of,
    owner_choices,
    registration_form_for,
)
from app.colabs.ics import feed_ics, session_ics
from app.colabs.lifecycle import ACTION_LIFECYCLE, REGISTRATION_LIFECYCLE, SESSION_LIFECYCLE
from app.colabs.models import ColabAction, ColabRegistration, ColabSession, ColabSessionTheme
from app.colabs.timezones import in_stockholm, local_to_utc, utc_to_local
from app.csv_export import csv_response
from app.db_types import utcnow
from app.extensions import db
from app.forms import EmptyForm, choices
from app.i18n import gettext as _
from app.pagecache import public_page
from app.routing import done, int_arg, page_number, require

PER_PAGE = 50
PUBLIC_STATES = [SessionState.published, SessionState.cancelled, SessionState.completed]


def can_create_sessions(user):
    return bool(user.is_authenticated and (user.is_facilitator or user.is_coordinator))


def _load_session(session_id, *extra):
    session = db.session.scalar(
        sa.select(ColabSession).where(ColabSession.id == session_id).options(
            selectinload(ColabSession.facilitators), selectinload(ColabSession.theme_links),
            selectinload(ColabSession.reserved_seats), *extra))
    if session is None:
        abort(404)
    return session


def _filtered(query, filters):
    if filters.theme_value:
        query = query.where(ColabSession.id.in_(
            sa.select(ColabSessionTheme.session_id).where(ColabSessionTheme.theme == filters.theme_value)))
    if filters.format_value:
        query = query.where(ColabSession.format == filters.format_value)
    return query


# -- calendar ------------------------------------------------------------------
@bp.route("/")
@public_page()
def calendar():
    """Public list of upcoming sessions with seats left."""
    filters = CalendarFilterForm.from_request()
    page = page_number()
    query = _filtered(
        sa.select(ColabSession).where(ColabSession.state.in_([SessionState.published, SessionState.cancelled]),
                                      ColabSession.ends_at >= utcnow())
        .order_by(ColabSession.starts_at, ColabSession.id).options(selectinload(ColabSession.theme_links),
                                                                 selectinload(ColabSession.reserved_seats)),
        filters)
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    return render_template("colabs/calendar.html", pagination=pagination, filters=filters,
                           seats_left=_seats_left(pagination.items), can_create=can_create_sessions(current_user))


def _seats_left(sessions):
    """Return {session id: seats the viewer may take}, the same figure registering goes by."""
    sectors = services.person_sectors(current_user) if current_user.is_authenticated else []
    return {key: seats.open_to(sectors) for key, seats in services.seats_of(sessions).items()}


def _month_arg():
    today = utc_to_local(utcnow()).date()
    return int_arg("year", today.year, low=2000, high=2100), int_arg("month", today.month, low=1, high=12)


@bp.route("/month")
@public_page()
def month():
    """Public month view of the sessions, Monday first."""
    filters = CalendarFilterForm.from_request()
    year, month_number = _month_arg()
    first = date(year, month_number, 1)
    following = first + relativedelta(months=1)
    start = local_to_utc(datetime(first.year, first.month, 1))
    end = local_to_utc(datetime(following.year, following.month, 1))
    sessions = list(db.session.scalars(_filtered(
        sa.select(ColabSession).where(ColabSession.state.in_(PUBLIC_STATES), ColabSession.starts_at >= start,
                                      ColabSession.starts_at < end)
        .order_by(ColabSession.starts_at, ColabSession.id).options(selectinload(ColabSession.theme_links),
                                                                 selectinload(ColabSession.reserved_seats)),
        filters)))
    counts = _seats_left(sessions)
    by_day = {}
    for session in sessions:
        by_day.setdefault(in_stockholm(session.starts_at).date(), []).append(session)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    previous = first - relativedelta(months=1)
    return render_template(
        "colabs/month.html", filters=filters, weeks=weeks, by_day=by_day, counts=counts, first=first,
        month_title=format_date(first, "LLLL y"), day_names=[get_day_names("wide", locale=get_locale())[i] for i in range(7)],
        previous=previous, following=following, today=utc_to_local(utcnow()).date(), sessions=sessions)


@bp.route("/manage")
@login_required
def manage():
    """The sessions a facilitator runs (every session for coordinators), drafts included."""
    require(can_create_sessions(current_user))
    page = page_number()
    actions_due = request.args.get("actions") == "due"
    query = (sa.select(ColabSession).where(queries.managed_condition(current_user, actions_due))
             .order_by(ColabSession.starts_at.desc(), ColabSession.id.desc())
             .options(selectinload(ColabSession.facilitators)))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    counts = services.registration_counts([s.id for s in pagination.items])
    return render_template("colabs/manage.html", pagination=pagination, counts=counts, actions_due=actions_due)


# -- one session -----------------------------------------------------------------
@bp.route("/<int:session_id>")
@public_page()
def show_session(session_id):
    session = _load_session(session_id, selectinload(ColabSession.actions), selectinload(ColabSession.linked_requests))
    require(session.can_view(current_user))
    registered, waitlisted = services.registration_counts([session.id])[session.id]
    mine = None
    position = None
    if current_user.is_authenticated:
        mine = db.session.scalar(sa.select(ColabRegistration).where(
            ColabRegistration.session_id == session.id, ColabRegistration.user_id == current_user.id))
        position = services.waitlist_position(mine) if mine else None
    form = registration_form_for(session) if session.can_register(current_user) else None
    history = services.session_history(session) if session.can_edit(current_user) else []
    seats = services.seats_of([session])[session.id]
    sectors = services.person_sectors(current_user) if current_user.is_authenticated else []
    return render_template("colabs/session.html", session=session, registered=registered, waitlisted=waitlisted,
                           seats=seats, seats_left=seats.open_to(sectors), mine=mine, position=position,
                           form=form, button_form=EmptyForm(), history=history, today=queries.today())


@bp.route("/<int:session_id>/requests", methods=["GET", "POST"])
@login_required
def linked_requests(session_id):
    """Facilitators and coordinators link the science-shop requests a session works on."""
    session = _load_session(session_id, selectinload(ColabSession.linked_requests))
    require(session.can_edit(current_user))
    candidates = services.linkable_requests(session)
    form = LinkedRequestsForm()
    form.requests.choices = choices(
        (item.id, f"{item.title} ({item.organisation.name})") for item in candidates)
    if request.method == "GET":
        form.requests.data = [item.id for item in session.linked_requests]
    if form.validate_on_submit():
        chosen = set(form.requests.data or [])
        services.link_requests(session, [item for item in candidates if item.id in chosen])
        return done(_("The linked requests have been saved."), "colabs.show_session", session_id=session.id)
    return render_template("colabs/linked_requests.html", session=session, form=form, candidates=candidates)


@bp.route("/<int:session_id>.ics")
def session_calendar_file(session_id):
    session = _load_session(session_id)
    require(session.can_view(current_user))
    mine = None
    if current_user.is_authenticated and session.online_url:
        mine = db.session.scalar(sa.select(ColabRegistration).where(
            ColabRegistration.session_id == session.id, ColabRegistration.user_id == current_user.id))
    body = session_ics(session, with_link=session.can_see_online_link(current_user, mine))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="colab-{session.id}.ics"'})


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create_session():
    require(can_create_sessions(current_user))
    form = SessionForm()
    if request.method == "GET":
        form.facilitators.data = [current_user.id]
        form.language.data = "sv"
    if form.validate_on_submit():
        session = services.create_session(
            current_user, facilitators=_chosen_facilitators(form), themes=form.theme_values,
            reserved=form.reserved, **form.session_fields())
        return done(_("The session has been saved as a draft. Publish it to open registration."),
                    "colabs.show_session", session_id=session.id)
    return render_template("colabs/form.html", form=form, session=None)


def _chosen_facilitators(form):
    from app.accounts.models import User

    ids = form.facilitators.data or []
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)))) if ids else []


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(session_id):
    session = _load_session(session_id)
    require(session.can_edit(current_user))
    if not session.can_change_details(current_user):
        flash(_("A cancelled or completed session can no longer be changed."), "error")
        return redirect(url_for("colabs.show_session", session_id=session.id))
    registered = services.registration_counts([session.id])[session.id][0]
    form = SessionForm(obj=session, session=session, registered=registered)
    if request.method == "GET":
        form.format.data = session.format.value
        form.themes.data = [t.value for t in session.themes]
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            getattr(form, name).data = utc_to_local(getattr(session, name))
        for row in session.reserved_seats:
            getattr(form, f"reserved_{row.sector.value}").data = row.seats
        form.questions.data = "\n".join(session.questions or [])
        form.facilitators.data = [f.id for f in session.facilitators]
    if form.validate_on_submit():
        services.update_session(session, current_user, facilitators=_chosen_facilitators(form),
                                themes=form.theme_values, reserved=form.reserved, **form.session_fields())
        return done(_("The session has been saved."), "colabs.show_session", session_id=session.id)
    return render_template("colabs/form.html", form=form, session=session)


@bp.route("/<int:session_id>/publish", methods=["POST"])
@login_required
def publish_session(session_id):
    session = _load_session(session_id)
    SESSION_LIFECYCLE.check(session, SessionAction.publish, current_user)
    require(EmptyForm().validate_on_submit())
    services.publish_session(session, current_user)
    return done(_("The session is published and open for registration."), "colabs.show_session", session_id=session.id)


@bp.route("/<int:session_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_session(session_id):
    session = _load_session(session_id)
    SESSION_LIFECYCLE.check(session, SessionAction.cancel, current_user)
    form = CancelSessionForm()
    if form.validate_on_submit():
        services.cancel_session(session, current_user, form.note.data)
        return done(_("The session is cancelled; everyone registered has been told."),
                    "colabs.show_session", session_id=session.id)
    return render_template("colabs/cancel.html", form=form, session=session)


# -- registration ----------------------------------------------------------------
@bp.route("/<int:session_id>/register", methods=["POST"])
@login_required
def register(session_id):
    session = _load_session(session_id)
    require(session.can_view(current_user))
    form = registration_form_for(session)
    if not form.validate_on_submit():
        return render_template("colabs/register.html", session=session, form=form), 400
    registration = services.register_for_session(session, current_user, answers_of(form, session))
    db.session.commit()
    if registration.state == RegistrationState.registered:
        flash(_("You are registered. A confirmation with a calendar file is on its way to your email."), "success")
    else:
        flash(_("The session is full: you are number %(position)d on the waitlist. We will email you if a seat "
                "frees up.", position=services.waitlist_position(registration)), "info")
    return redirect(url_for("colabs.show_session", session_id=session.id))


@bp.route("/<int:session_id>/registration/cancel", methods=["POST"])
@login_required
def cancel_registration(session_id):
    session = _load_session(session_id)
    registration = db.session.scalar(sa.select(ColabRegistration).where(
        ColabRegistration.session_id == session.id, ColabRegistration.user_id == current_user.id))
    if registration is None:
        abort(404)
    REGISTRATION_LIFECYCLE.check(registration, RegistrationAction.cancel, current_user)
    require(EmptyForm().validate_on_submit())
    services.cancel_registration(registration, current_user)
    db.session.commit()
    flash(_("Your registration is cancelled."), "info")
    return redirect(url_for("colabs.show_session", session_id=session.id))


@bp.route("/mine")
@login_required
def my_sessions():
    """The signed-in person's own registrations and private calendar feed."""
    registrations = list(db.session.scalars(
        sa.select(ColabRegistration).join(ColabSession)
        .where(ColabRegistration.user_id == current_user.id, ColabSession.state != SessionState.draft)
        .options(selectinload(ColabRegistration.session))
        .order_by(ColabSession.starts_at.desc())))
    now = utcnow()
    feed = services.feed_token_of(current_user)
    return render_template(
        "colabs/mine.html", upcoming=[r for r in registrations if r.session.ends_at >= now][::-1],
        past=[r for r in registrations if r.session.ends_at < now], feed=feed, button_form=EmptyForm())


@bp.route("/feed", methods=["POST"])
@login_required
def renew_feed():
    require(EmptyForm().validate_on_submit())
    services.renew_feed_token(current_user)
    return done(_("Your private calendar address is ready. Any earlier address no longer works."), "colabs.my_sessions")


@bp.route("/feed/revoke", methods=["POST"])
@login_required
def revoke_feed():
    require(EmptyForm().validate_on_submit())
    services.revoke_feed_token(current_user)
    db.session.commit()
    flash(_("Your private calendar address has been switched off."), "info")
    return redirect(url_for("colabs.my_sessions"))


@bp.route("/feed/<token>.ics")
def feed(token):
    user = services.user_for_feed_token(token)
    if user is None:
        abort(404)
    with force_locale(user.locale or "sv"):  # the feed speaks its owner's language, whoever fetches it
        body = feed_ics(services.sessions_in_feed(user), _("Samverka co-labs"))
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, no-store"})


# -- facilitator tools -------------------------------------------------------------
def _participants(session, states=(RegistrationState.registered, RegistrationState.waitlisted)):
    return list(db.session.scalars(
        sa.select(ColabRegistration).where(
            ColabRegistration.session_id == session.id, ColabRegistration.state.in_(list(states)))
        .options(selectinload(ColabRegistration.user))
        .order_by(ColabRegistration.state, ColabRegistration.arrival)))


def _load_registration(session, registration_id):
    registration = db.session.scalar(sa.select(ColabRegistration).where(
        ColabRegistration.id == registration_id, ColabRegistration.session_id == session.id)
        .options(selectinload(ColabRegistration.user)))
    if registration is None:
        abort(404)
    return registration


@bp.route("/<int:session_id>/participants")
@login_required
def participants(session_id):
    session = _load_session(session_id)
    require(session.can_manage_participants(current_user))
    registrations = _participants(session)
    return render_template(
        "colabs/participants.html", session=session, sector_mix=services.sector_mix(session, registrations),
        registered=[r for r in registrations if r.state == RegistrationState.registered],
        waitlisted=[r for r in registrations if r.state == RegistrationState.waitlisted],
        show_answers=session.can_see_answers(current_user), button_form=EmptyForm(), now=utcnow(),
        can_steer=session.state == SessionState.published and not session.has_ended())


@bp.route("/<int:session_id>/participants.csv")
@login_required
def participants_csv(session_id):
    session = _load_session(session_id)
    require(session.can_manage_participants(current_user))
    show_answers = session.can_see_answers(current_user)
    questions = (session.questions or []) if show_answers else []
    header = [_("Name"), _("Email"), _("Organisation"), _("Sector"), _("Status"), _("Waitlist place"),
              _("Attended"), _("Registered (Swedish time)")] + list(questions)
    rows, place = [], 0
    for registration in _participants(session):
        waiting = registration.state == RegistrationState.waitlisted
        place += 1 if waiting else 0
        attended = {True: _("Yes"), False: _("No"), None: ""}[registration.attended]
        when = registration.registered_at or registration.waitlisted_at
        answers = registration.answers or {}
        rows.append([
            registration.display_name, registration.email, registration.organisation_name,
            (registration.sector.label if registration.sector else ""), registration.state.label, place if waiting else "", attended,
            utc_to_local(when).strftime("%Y-%m-%d %H:%M") if when else "",
        ] + [answers.get(q, "") for q in questions])
    record_audit(current_user, AuditAction.export, session, detail=f"colab-{session.id}-participants.csv")
    db.session.commit()
    return csv_response(f"colab-{session.id}-participants.csv", header, rows)


@bp.route("/<int:session_id>/message", methods=["GET", "POST"])
@login_required
def message(session_id):
    session = _load_session(session_id)
    require(session.can_manage_participants(current_user))
    form = MessageForm()
    if form.validate_on_submit():
        count = services.message_participants(session, current_user, form.subject.data, form.body.data,
                                              include_waitlist=form.include_waitlist.data)
        return done(_("Your message has been sent to %(count)d people.", count=count),
                    "colabs.participants", session_id=session.id)
    return render_template("colabs/message.html", form=form, session=session)


@bp.route("/<int:session_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(session_id):
    """The door list: tick who came, mark no-shows, add walk-ins (from a day before the start)."""
    session = _load_session(session_id)
    require(session.can_manage_participants(current_user))
    form = EmptyForm()
    if form.validate_on_submit():
        registered = _participants(session, [RegistrationState.registered])
        present = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        services.mark_attendance(session, present)
        db.session.commit()
        flash(_("Attendance has been saved: %(present)d of %(total)d came.",
                present=len(present & {r.id for r in registered}), total=len(registered)), "success")
        return redirect(url_for("colabs.attendance", session_id=session.id))
    return _door_list(session, form, WalkInForm(formdata=None))


def _door_list(session, form, walk_in_form, status=200):
    people = _participants(session, [RegistrationState.registered, RegistrationState.no_show])
    return render_template(
        "colabs/attendance.html", session=session, form=form, walk_in_form=walk_in_form, button_form=EmptyForm(),
        registered=[r for r in people if r.state == RegistrationState.registered],
        no_shows=[r for r in people if r.state == RegistrationState.no_show]), status


@bp.route("/<int:session_id>/walk-ins", methods=["POST"])
@login_required
def add_walk_in(session_id):
    session = _load_session(session_id)
    require(session.can_manage_participants(current_user))
    form = WalkInForm()
    if not form.validate_on_submit():
        return _door_list(session, EmptyForm(formdata=None), form, 400)
    registration = services.add_walk_in(session, current_user, name=form.name.data, email=form.email.data or None,
                                        sector=form.sector_value)
    return done(_("%(name)s is on the list as present.", name=registration.display_name),
                "colabs.attendance", session_id=session.id)


def _hand_step(session_id, registration_id, action, step, message, back):
    """Take one registration step by hand (a POST button), then go back to the page it was on."""
    session = _load_session(session_id)
    registration = _load_registration(session, registration_id)
    REGISTRATION_LIFECYCLE.check(registration, action, current_user)
    require(EmptyForm().validate_on_submit())
    step(registration, current_user)
    return done(message % {"name": registration.display_name}, back, session_id=session.id)


@bp.route("/<int:session_id>/registrations/<int:registration_id>/admit", methods=["POST"])
@login_required
def admit_registration(session_id, registration_id):
    return _hand_step(session_id, registration_id, RegistrationAction.admit, services.admit_from_waitlist,
                      _("%(name)s has a seat now and has been told by email."), "colabs.participants")


@bp.route("/<int:session_id>/registrations/<int:registration_id>/no-show", methods=["POST"])
@login_required
def mark_no_show(session_id, registration_id):
    return _hand_step(session_id, registration_id, RegistrationAction.mark_no_show, services.mark_no_show,
                      _("%(name)s is marked as not come."), "colabs.attendance")


@bp.route("/<int:session_id>/registrations/<int:registration_id>/arrived", methods=["POST"])
@login_required
def mark_arrived(session_id, registration_id):
    return _hand_step(session_id, registration_id, RegistrationAction.mark_arrived, services.mark_arrived,
                      _("%(name)s is marked as come."), "colabs.attendance")


@bp.route("/<int:session_id>/registrations/<int:registration_id>/remove", methods=["GET", "POST"])
@login_required
def remove_registration(session_id, registration_id):
    """Take someone off the session, with a message to them."""
    session = _load_session(session_id)
    registration = _load_registration(session, registration_id)
    REGISTRATION_LIFECYCLE.check(registration, RegistrationAction.remove, current_user)
    form = RemoveRegistrationForm()
    if form.validate_on_submit():
        services.remove_registration(registration, current_user, form.message.data)
        db.session.commit()
        flash(_("%(name)s has been taken off the session and told why.", name=registration.display_name),
              "success")
        return redirect(url_for("colabs.participants", session_id=session.id))
    return render_template("colabs/remove.html", session=session, registration=registration, form=form)


@bp.route("/<int:session_id>/close", methods=["GET", "POST"])
@login_required
def close_session(session_id):
    session = _load_session(session_id)
    SESSION_LIFECYCLE.check(session, SessionAction.complete, current_user)
    if not session.has_started():
        flash(_("A session can be closed once it has started, and only once."), "error")
        return redirect(url_for("colabs.show_session", session_id=session.id))
    form = CloseSessionForm(session=session)
    if form.validate_on_submit():
        services.close_session(session, current_user, notes=form.outcome_notes.data, decisions=form.decisions.data,
                               actions=form.action_values)
        return done(_("The session is closed and its outcomes are recorded."),
                    "colabs.show_session", session_id=session.id)
    return render_template("colabs/close.html", form=form, session=session)


# -- outcomes and follow-up actions, after closing -------------------------------------
@bp.route("/<int:session_id>/outcomes", methods=["GET", "POST"])
@login_required
def edit_outcomes(session_id):
    """Change a completed session's notes and decisions; each earlier version is kept."""
    session = _load_session(session_id, selectinload(ColabSession.outcome_revisions))
    require(session.can_edit_outcomes(current_user))
    form = OutcomesForm(obj=session)
    if form.validate_on_submit():
        services.edit_outcomes(session, current_user, notes=form.outcome_notes.data, decisions=form.decisions.data)
        return done(_("The outcomes have been saved; the earlier version is kept in the history."),
                    "colabs.show_session", session_id=session.id)
    return render_template("colabs/outcomes.html", session=session, form=form)


def _load_action(session, action_id):
    item = db.session.scalar(sa.select(ColabAction).where(ColabAction.id == action_id,
                                                          ColabAction.session_id == session.id))
    if item is None:
        abort(404)
    return item


@bp.route("/<int:session_id>/actions/new", methods=["GET", "POST"])
@login_required
def add_action(session_id):
    session = _load_session(session_id, selectinload(ColabSession.registrations))
    require(session.can_edit_outcomes(current_user))
    form = ActionItemForm()
    form.owner.choices = choices(owner_choices(session))
    if form.validate_on_submit():
        services.add_action(session, current_user, **form.values)
        return done(_("The action has been added."),
                    "colabs.show_session", session_id=session.id, _anchor="actions-heading")
    return render_template("colabs/action.html", session=session, form=form, item=None, history=[])


@bp.route("/<int:session_id>/actions/<int:action_id>/edit", methods=["GET", "POST"])
@login_required
def edit_action(session_id, action_id):
    session = _load_session(session_id, selectinload(ColabSession.registrations))
    item = _load_action(session, action_id)
    require(item.can_edit(current_user))
    form = ActionItemForm(obj=item)
    form.owner.choices = choices(owner_choices(session))
    if request.method == "GET":
        form.owner.data = item.owner_id
    if form.validate_on_submit():
        services.edit_action(item, current_user, **form.values)
        return done(_("The action has been saved."),
                    "colabs.show_session", session_id=session.id, _anchor="actions-heading")
    return render_template("colabs/action.html", session=session, form=form, item=item,
                           history=services.action_history(item))


def _action_step(session_id, action_id, action, step, message):
    session = _load_session(session_id)
    item = _load_action(session, action_id)
    ACTION_LIFECYCLE.check(item, action, current_user)
    require(EmptyForm().validate_on_submit())
    step(item, current_user)
    return done(message, "colabs.show_session", session_id=session.id, _anchor="actions-heading")


@bp.route("/<int:session_id>/actions/<int:action_id>/done", methods=["POST"])
@login_required
def finish_action(session_id, action_id):
    return _action_step(session_id, action_id, ActionAction.finish, services.finish_action,
                        _("The action is marked done."))


@bp.route("/<int:session_id>/actions/<int:action_id>/reopen", methods=["POST"])
@login_required
def reopen_action(session_id, action_id):
    return _action_step(session_id, action_id, ActionAction.reopen, services.reopen_action,
                        _("The action is open again."))


@bp.route("/actions/overdue")
@login_required
def overdue_actions():
    """Every overdue follow-up action (coordinators); a facilitator sees those of the sessions they run."""
    require(can_create_sessions(current_user))
    pagination = db.paginate(queries.overdue_actions_query(current_user), page=page_number(), per_page=PER_PAGE,
                             error_out=False)
    return render_template("colabs/overdue.html", pagination=pagination, today=queries.today(),
                           button_form=EmptyForm())
