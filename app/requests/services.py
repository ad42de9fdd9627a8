"""Domain actions on science-shop requests. They flush and queue notifications, never commit."""
import secrets
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.constants import Role
from app.accounts.models import ResearcherProfile, User, UserRole
from app.accounts.services import coordinators
from app.db_types import utcnow
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.requests import lifecycle, search
from app.requests.queries import active_load, capacity_of
from app.requests.constants import (
    ACTIVE_WORK_STATES,
    THEME_LABELS,
    AssignmentRole,
    EventKind,
    NotificationKind,
    RequestState,
)
from app.requests.models import Assignment, Message, Request, RequestTheme, Suggestion
from app.requests.notices import notify
from app.storage import store_file

MAX_PDF_BYTES = 10 * 1024 * 1024
INTAKE_FIELDS = ("title", "question", "background", "intended_use", "beneficiaries", "help_kind", "timeframe",
                 "deadline", "language", "consent_to_publish")


# -- people ---------------------------------------------------------------------------
def group_members(request):
    """Return the approved members of the request's organisation."""
    return [m.user for m in request.organisation.memberships if m.state.value == "approved"]


def assignees(request):
    return [a.user for a in request.assignments]


def participants(request):
    return group_members(request) + assignees(request) + coordinators()


# -- intake ---------------------------------------------------------------------------
def _set_fields(request, fields, themes):
    for name in INTAKE_FIELDS:
        if name in fields:
            setattr(request, name, fields[name])
    if themes is not None:
        wanted = list(dict.fromkeys(themes))
        request.theme_rows = [row for row in request.theme_rows if row.theme in wanted] + [
            RequestTheme(theme=theme) for theme in wanted if theme not in request.themes
        ]
    request.updated_at = utcnow()


def save_draft(author, organisation, fields, themes):
    """Start a request as a draft for one of the author's organisations."""
    if not author.is_member_of(organisation):
        raise NotAllowed(_l("You can only ask on behalf of your own organisations."))
    request = Request(organisation=organisation, created_by_id=author.id, state=RequestState.draft)
    _set_fields(request, fields, themes)
    db.session.add(request)
    db.session.flush()
    return request


def update_request(request, editor, fields, themes):
    """Change a draft, or a request the science shop asked more information about."""
    if not request.can_edit(editor):
        raise NotAllowed(_l("This request cannot be changed now."))
    _set_fields(request, fields, themes)
    db.session.flush()
    return request


def similar_requests(request, limit=5):
    """Return earlier requests and published results whose text is most like this one's."""
    visible = sa.select(Request.id).where(
        Request.state != RequestState.draft,
        sa.or_(Request.organisation_id == request.organisation_id,
               sa.and_(Request.state == RequestState.completed, Request.consent_to_publish.is_(True))),
    )
    ids = search.similar(request, visible, limit)
    if not ids:
        return []
    found = {r.id: r for r in db.session.scalars(
        sa.select(Request).where(Request.id.in_(ids)).options(selectinload(Request.organisation)))}
    return [found[i] for i in ids if i in found]


def submit_request(request, actor):
    """Send a draft (or a completed request for more information) to the science shop."""
    event = lifecycle.apply(request, EventKind.submit, actor)
    notify(coordinators(), NotificationKind.new_request, request, exclude=actor)
    return event


def withdraw_request(request, actor, note=""):
    return lifecycle.apply(request, EventKind.withdraw, actor, note=note)


# -- triage ---------------------------------------------------------------------------
def accept_request(request, actor, note=""):
    event = lifecycle.apply(request, EventKind.accept, actor, note=note)
    notify(group_members(request), NotificationKind.accepted, request, exclude=actor)
    return event


def ask_for_information(request, actor, note):
    """Ask the group for more; the question goes to the thread as a message they see."""
    event = lifecycle.apply(request, EventKind.ask_info, actor, note=note)
    db.session.add(Message(request_id=request.id, author_id=actor.id, body=note, internal=False))
    notify(group_members(request), NotificationKind.info_requested, request, exclude=actor, body=note)
    return event


def decline_request(request, actor, reason, text=""):
    event = lifecycle.apply(request, EventKind.decline, actor, note=text, decline_reason=reason, decline_text=text)
    notify(group_members(request), NotificationKind.declined, request, exclude=actor, body=text)
    return event


def refer_request(request, actor, referred_to, note=""):
    event = lifecycle.apply(request, EventKind.refer, actor, note=note, referred_to=referred_to)
    notify(group_members(request), NotificationKind.referred, request, exclude=actor, body=referred_to)
    return event


def give_advice(request, actor, advice):
    event = lifecycle.apply(request, EventKind.advise, actor, advice=advice)
    notify(group_members(request), NotificationKind.advice, request, exclude=actor, body=advice)
    return event


# -- routing --------------------------------------------------------------------------
def matching_researchers(request):
    """Return available researchers whose expertise shares a term with the request's text or themes."""
    from app.text.analysis import analyse

    words = set(analyse(" ".join([request.title, request.question] + [str(t) for t in request.theme_labels]),
                        "").terms)
    profiles = db.session.scalars(
        sa.select(ResearcherProfile).where(ResearcherProfile.available.is_(True))
        .options(selectinload(ResearcherProfile.user))
    )
    matched = []
    for profile in profiles:
        if words & set(analyse(profile.expertise or "", "").terms):
            matched.append(profile.user)
    return matched


def open_to_researchers(request, actor, suggested=(), note=""):
    """Open an accepted request to researchers; named ones are told at once, matching ones in their digest."""
    event = lifecycle.apply(request, EventKind.open, actor, note=note)
    earlier = [s.user for s in request.suggestions]  # named from the researchers' list before it opened
    named = {u.id for u in earlier}
    suggested = [u for u in suggested if u.is_researcher]
    for user in suggested:
        if user.id not in named:
            request.suggestions.append(Suggestion(user_id=user.id))
            named.add(user.id)
    suggested = earlier + [u for u in suggested if u not in earlier]
    notify(suggested, NotificationKind.suggested, request, exclude=actor)
    others = [u for u in matching_researchers(request) if u.id not in {s.id for s in suggested}]
    notify(others, NotificationKind.new_open_request, request, exclude=actor)
    return event


SUGGESTABLE_STATES = (RequestState.accepted, RequestState.open)


def suggest_researcher(request, actor, researcher):
    """Name a researcher for an accepted or open request: told at once if it is open, else when it opens."""
    if not actor.is_coordinator:
        raise NotAllowed(_l("Only coordinators suggest researchers."))
    if request.state not in SUGGESTABLE_STATES:
        raise Conflict(_l("Researchers can be suggested for accepted and open requests only."))
    if not researcher.is_researcher:
        raise Conflict(_l("Only researchers can be suggested."))
    if any(s.user_id == researcher.id for s in request.suggestions):
        return False
    request.suggestions.append(Suggestion(user_id=researcher.id))
    db.session.flush()
    if request.state == RequestState.open:
        notify([researcher], NotificationKind.suggested, request, exclude=actor)
    return True


def route_to_colab(request, actor, note=""):
    """Send an accepted request to a co-lab session (linked to a session by the co-labs area)."""
    return lifecycle.apply(request, EventKind.route_colab, actor, note=note)


def complete_from_colab(request, outcome_text, actor, public_summary=None):
    """Close a request routed to a co-lab with the session's outcome (for the co-labs area to call)."""
    summary = public_summary or outcome_text
    event = lifecycle.apply(request, EventKind.complete_colab, actor, note=outcome_text,
                            public_summary=summary, result_text=outcome_text)
    notify(group_members(request), NotificationKind.completed, request, exclude=actor)
    return event


# -- researchers ----------------------------------------------------------------------
def claim_request(request, researcher):
    """Claim an open request: atomic, and within the researcher's capacity."""
    event = lifecycle.apply(request, EventKind.claim, researcher)
    request.assignments.append(Assignment(user=researcher, role=AssignmentRole.lead, added_by_id=researcher.id))
    db.session.flush()
    notify(group_members(request), NotificationKind.claimed, request, exclude=researcher)
    return event


def start_work(request, actor):
    return lifecycle.apply(request, EventKind.start, actor)


def post_progress(request, actor, text):
    """Record a progress update on the timeline and tell the group."""
    if not request.can_post_progress(actor):
        raise NotAllowed(_l("Only the people working on the request post progress."))
    event = lifecycle.record(request, EventKind.progress, actor, note=text)
    notify(group_members(request), NotificationKind.progress, request, exclude=actor, body=text)
    return event


def add_researcher(request, actor, user, role):
    """Add a co-researcher or student; a researcher's capacity counts for them too."""
    if not request.can_add_researchers(actor):
        raise NotAllowed(_l("Only the people working on the request add others."))
    if any(a.user_id == user.id for a in request.assignments):
        raise Conflict(_l("%(name)s already works on this request.", name=user.display_name))
    if user.is_researcher and active_load(user.id) >= capacity_of(user.id):
        raise Conflict(_l("%(name)s has reached their capacity.", name=user.display_name))
    assignment = Assignment(user=user, role=role, added_by_id=actor.id)
    request.assignments.append(assignment)
    lifecycle.record(request, EventKind.add_researcher, actor, note=user.display_name)
    db.session.flush()
    return assignment


def store_pdf(file_storage):
    """Store an uploaded PDF (outside static/) and return its key."""
    data = file_storage.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        raise Conflict(_l("The file is larger than 10 MB."))
    if not data.startswith(b"%PDF-"):
        raise Conflict(_l("The file is not a PDF."))
    key = secrets.token_hex(16)
    store_file(f"requests/{key}.pdf", data, "application/pdf")
    return key


def result_file_storage_key(request):
    """Return the storage key of a request's result file."""
    return f"requests/{request.result_file_key}.pdf"


def complete_request(request, actor, public_summary, result_text="", result_link="", recommendations="",
                     result_file=None):
    """Complete the work with a public summary, the result (text, link or PDF) and recommendations."""
    lifecycle.check(request, EventKind.complete, actor)
    changes = {"public_summary": public_summary, "result_text": result_text or "", "result_link": result_link or "",
               "recommendations": recommendations or ""}
    if result_file is not None and getattr(result_file, "filename", ""):
        changes["result_file_key"] = store_pdf(result_file)
        changes["result_file_name"] = Path(result_file.filename).name[:255]
    event = lifecycle.apply(request, EventKind.complete, actor, **changes)
    notify(group_members(request), NotificationKind.completed, request, exclude=actor)
    return event


# -- conversation and rating ----------------------------------------------------------
def post_message(request, author, body, internal=False):
    """Add a message to the thread; internal notes reach only coordinators and assignees."""
    if not request.can_post_message(author):
        raise NotAllowed(_l("You cannot write in this thread."))
    if internal and not request.can_write_internal_notes(author):
        raise NotAllowed(_l("Only coordinators write internal notes."))
    message = Message(request_id=request.id, author_id=author.id, body=body, internal=internal)
    db.session.add(message)
    db.session.flush()
    if internal:
        recipients = assignees(request) + coordinators()
    else:
        recipients = participants(request)
    notify(recipients, NotificationKind.new_message, request, exclude=author, body=body)
    return message


def rate_request(request, actor, rating, comment=""):
    """Let the group rate the result once, 1 to 5."""
    if not request.can_rate(actor):
        raise Conflict(_l("This request cannot be rated now."))
    request.rating = rating
    request.rating_comment = comment or ""
    request.rated_at = utcnow()
    lifecycle.record(request, EventKind.rate, actor, note=str(rating))
    db.session.flush()


def researcher_choices():
    """Return (id, name) of every researcher, for suggesting."""
    return db.session.execute(
        sa.select(User.id, User.name).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.researcher, User.deleted_at.is_(None)).order_by(User.name)
    ).all()


def theme_label(theme):
    return THEME_LABELS[theme]
