"""Domain actions on science-shop requests. They flush and queue notifications, never commit."""
import secrets
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.uploads import max_upload_bytes
from app.accounts.constants import Role
from app.accounts.models import ResearcherProfile, User, UserRole
from app.accounts.services import coordinators
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.db_types import utcnow
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.requests import lifecycle, search
from app.requests.queries import has_capacity, within_capacity
from app.requests.constants import (
    ACTIVE_WORK_STATES,
    FOLLOW_UP_MONTHS,
    FOLLOW_UP_REMINDER_DAYS,
    INFO_REMINDER_DAYS,
    AssignmentRole,
    EventKind,
    NotificationKind,
    RequestState,
)
from app.requests.models import Assignment, FollowUp, Message, Request, RequestTheme, Suggestion
from app.requests.notices import notify
from app.storage import store_file

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


def suggested_researchers(request):
    return [s.user for s in request.suggestions]


class _Lines:
    """Paragraphs of a notice, put together when read: a mail renders translated parts in its recipient's language."""

    def __init__(self, *parts):
        self.parts = [part for part in parts if part]

    def __str__(self):
        return "\n\n".join(str(part) for part in self.parts)

    def __bool__(self):
        return bool(self.parts)


def _lines(*parts):
    return _Lines(*parts)


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


SIMILAR_SHARED_TERMS = 2  # one shared ordinary word ("association", "children") is not enough


def similar_requests(request, limit=5):
    """Return (the group's own earlier requests, others' published results) whose text is most like this one's."""
    return similar_to(request.title, request.question, [request.organisation_id], limit=limit,
                      exclude_id=request.id)


def similar_to(title, question, organisation_ids, limit=5, exclude_id=None):
    """Return (the groups' own earlier requests, others' published results) like a title and question.

    Nothing is stored: the intake form asks this while the group types. A request counts as similar when it
    shares at least SIMILAR_SHARED_TERMS analysed terms with the text; the requests of `organisation_ids`
    are the group's own and never count as "others have asked".
    """
    from app.text.analysis import analyse

    organisation_ids = [i for i in organisation_ids if i is not None]
    visible = sa.select(Request.id).where(
        Request.state != RequestState.draft,
        sa.or_(Request.organisation_id.in_(organisation_ids),
               sa.and_(Request.state == RequestState.completed, Request.consent_to_publish.is_(True))),
    )
    ids = search.similar(title, question, visible, limit * 4, exclude_id=exclude_id)
    if not ids:
        return [], []
    found = {r.id: r for r in db.session.scalars(
        sa.select(Request).where(Request.id.in_(ids)).options(selectinload(Request.organisation)))}
    words = set(analyse(title or "", question or "").terms)
    own, others = [], []
    for other in (found[i] for i in ids if i in found):
        shared = words & set(analyse(other.title or "", " ".join([other.question or "", other.public_summary or ""])
                                     ).terms)
        if len(shared) < SIMILAR_SHARED_TERMS:
            continue
        (own if other.organisation_id in organisation_ids else others).append(other)
    return own[:limit], others[:limit]


def delete_draft(request, actor):
    """Delete a draft the group never submitted."""
    if not (request.can_act_for_group(actor) and request.state == RequestState.draft):
        raise NotAllowed(_l("Only the group deletes its own drafts."))
    db.session.delete(request)
    db.session.flush()


def submit_request(request, actor, note=""):
    """Send a draft to the science shop, or send back a request it asked more information about."""
    resubmitted = request.state == RequestState.needs_info
    event = lifecycle.apply(request, EventKind.submit, actor, note=note)
    kind = NotificationKind.updated_request if resubmitted else NotificationKind.new_request
    notify(coordinators(), kind, request, exclude=actor, body=note)
    return event


def withdraw_request(request, actor, note=""):
    """Take the request back before work starts; coordinators and suggested researchers are told why."""
    event = lifecycle.apply(request, EventKind.withdraw, actor, note=note)
    notify(coordinators() + suggested_researchers(request), NotificationKind.withdrawn, request, exclude=actor,
           body=note)
    return event


# -- triage ---------------------------------------------------------------------------
def accept_request(request, actor, note=""):
    event = lifecycle.apply(request, EventKind.accept, actor, note=note)
    notify(group_members(request), NotificationKind.accepted, request, exclude=actor)
    return event


def ask_for_information(request, actor, note):
    """Ask the group for more (from submitted or accepted); the question goes to the thread as a message."""
    event = lifecycle.apply(request, EventKind.ask_info, actor, note=note)
    db.session.add(Message(request_id=request.id, author_id=actor.id, body=note, internal=False))
    notify(group_members(request), NotificationKind.info_requested, request, exclude=actor, body=note)
    return event


def decline_request(request, actor, reason, text=""):
    event = lifecycle.apply(request, EventKind.decline, actor, note=text, decline_reason=reason, decline_text=text)
    notify(group_members(request), NotificationKind.declined, request, exclude=actor,
           body=_lines(reason.label, text))
    return event


def refer_request(request, actor, referred_to, note=""):
    event = lifecycle.apply(request, EventKind.refer, actor, note=note, referred_to=referred_to)
    notify(group_members(request), NotificationKind.referred, request, exclude=actor, body=_lines(referred_to, note))
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
    if not within_capacity(researcher.id):
        raise Conflict(_l("%(name)s has reached their capacity.", name=researcher.display_name))
    if any(s.user_id == researcher.id for s in request.suggestions):
        return False
    request.suggestions.append(Suggestion(user_id=researcher.id))
    db.session.flush()
    if request.state == RequestState.open:
        notify([researcher], NotificationKind.suggested, request, exclude=actor)
    return True


def route_to_colab(request, actor, note=""):
    """Send an accepted request to a co-lab session (linked to a session by the co-labs area); tell the group."""
    event = lifecycle.apply(request, EventKind.route_colab, actor, note=note)
    notify(group_members(request), NotificationKind.routed_colab, request, exclude=actor, body=note)
    return event


def complete_from_colab(request, outcome_text, actor, public_summary=None):
    """Close a request routed to a co-lab with the session's outcome (for the co-labs area to call)."""
    summary = public_summary or outcome_text
    event = lifecycle.apply(request, EventKind.complete_colab, actor, note=outcome_text,
                            public_summary=summary, result_text=outcome_text)
    _tell_completed(request, actor)
    return event


def _tell_completed(request, actor):
    search.reindex(request)  # the summary, result and recommendations came in the kernel's UPDATE
    notify(group_members(request), NotificationKind.completed, request, exclude=actor,
           body=_l("Please rate the result and confirm whether it may be published: it takes a minute."))
    notify(coordinators(), NotificationKind.completed_staff, request, exclude=actor)


# -- researchers ----------------------------------------------------------------------
def claim_request(request, researcher):
    """Claim an open request: atomic, and within the researcher's capacity."""
    event = lifecycle.apply(request, EventKind.claim, researcher)
    request.assignments.append(Assignment(user=researcher, role=AssignmentRole.lead, added_by_id=researcher.id))
    db.session.flush()
    notify(group_members(request), NotificationKind.claimed, request, exclude=researcher)
    notify(coordinators(), NotificationKind.claimed_staff, request, exclude=researcher,
           body=researcher.display_name)
    return event


def _require_capacity(researcher):
    if not researcher.is_researcher:
        raise Conflict(_l("Only researchers can work on requests."))
    if not has_capacity(researcher):
        raise Conflict(_l("%(name)s has reached their capacity.", name=researcher.display_name))


def assign_request(request, actor, researcher, note=""):
    """Give an open request to a researcher directly (a coordinator's claim on their behalf)."""
    lifecycle.check(request, EventKind.assign, actor)
    _require_capacity(researcher)
    event = lifecycle.apply(request, EventKind.assign, actor, note=note or researcher.display_name)
    request.assignments.append(Assignment(user=researcher, role=AssignmentRole.lead, added_by_id=actor.id))
    db.session.flush()
    notify([researcher], NotificationKind.assigned, request, exclude=actor, body=note)
    notify(group_members(request), NotificationKind.claimed, request, exclude=actor)
    record_audit(actor, AuditAction.request_assigned, request, detail=str(_lines(researcher.display_name, note)))
    return event


def _clear_assignments(request):
    people = assignees(request)
    for assignment in list(request.assignments):
        request.assignments.remove(assignment)
    db.session.flush()
    return people


def release_request(request, actor, reason):
    """Take a claimed request back from its researchers and open it again; they are told the reason."""
    event = lifecycle.apply(request, EventKind.release, actor, note=reason)
    released = _clear_assignments(request)
    notify(released, NotificationKind.released, request, exclude=actor, body=reason)
    record_audit(actor, AuditAction.request_released, request,
                 detail=str(_lines(", ".join(u.display_name for u in released), reason)))
    return event


def hand_back_request(request, actor, note=""):
    """Let the researchers give a request back to the science shop; it is open again."""
    event = lifecycle.apply(request, EventKind.hand_back, actor, note=note)
    _clear_assignments(request)
    notify(coordinators(), NotificationKind.released, request, exclude=actor, body=note)
    return event


def hand_over_request(request, actor, to_user, note=""):
    """Hand the request over to a co-researcher on it, who becomes the lead; the one handing over leaves."""
    if not request.can_work_on(actor) or request.state not in ACTIVE_WORK_STATES:
        raise NotAllowed(_l("Only the people working on the request hand it over."))
    target = next((a for a in request.assignments if a.user_id == to_user.id and a.user_id != actor.id), None)
    if target is None:
        raise Conflict(_l("Add the co-researcher to the request before handing it over."))
    for assignment in list(request.assignments):
        if assignment.user_id == actor.id:
            request.assignments.remove(assignment)
    target.role = AssignmentRole.lead
    event = lifecycle.record(request, EventKind.hand_over, actor, note=str(_lines(to_user.display_name, note)))
    notify([to_user], NotificationKind.handed_over, request, exclude=actor, body=note)
    notify(coordinators(), NotificationKind.handed_over, request, exclude=actor, body=to_user.display_name)
    return event


def reassign_request(request, actor, researcher, note=""):
    """Give the lead of a request under way to another researcher; the former lead is told."""
    if not request.can_coordinate(actor) or request.state not in ACTIVE_WORK_STATES:
        raise NotAllowed(_l("Only coordinators reassign requests under way."))
    if any(a.user_id == researcher.id and a.role == AssignmentRole.lead for a in request.assignments):
        raise Conflict(_l("%(name)s already leads this request.", name=researcher.display_name))
    _require_capacity(researcher)
    former = [a.user for a in request.assignments if a.role == AssignmentRole.lead]
    request.assignments[:] = [a for a in request.assignments
                              if a.role != AssignmentRole.lead and a.user_id != researcher.id]
    request.assignments.append(Assignment(user=researcher, role=AssignmentRole.lead, added_by_id=actor.id))
    event = lifecycle.record(request, EventKind.assign, actor, note=str(_lines(researcher.display_name, note)))
    notify(former, NotificationKind.released, request, exclude=actor, body=note)
    notify([researcher], NotificationKind.assigned, request, exclude=actor, body=note)
    record_audit(actor, AuditAction.request_reassigned, request, detail=str(_lines(
        f"{', '.join(u.display_name for u in former)} → {researcher.display_name}", note)))
    return event


def remove_researcher(request, actor, user, note=""):
    """Take a co-researcher or student off a request under way (the lead is released or reassigned instead)."""
    if not request.can_coordinate(actor) or request.state not in ACTIVE_WORK_STATES:
        raise NotAllowed(_l("Only coordinators remove researchers from requests under way."))
    assignment = next((a for a in request.assignments if a.user_id == user.id), None)
    if assignment is None:
        raise Conflict(_l("%(name)s does not work on this request.", name=user.display_name))
    if assignment.role == AssignmentRole.lead:
        raise Conflict(_l("Reassign or release the request to take the lead researcher off it."))
    request.assignments.remove(assignment)
    event = lifecycle.record(request, EventKind.remove_member, actor, note=str(_lines(user.display_name, note)))
    notify([user], NotificationKind.released, request, exclude=actor, body=note)
    record_audit(actor, AuditAction.researcher_removed, request, detail=str(_lines(user.display_name, note)))
    return event


def start_work(request, actor):
    """Start the work; the group is told."""
    event = lifecycle.apply(request, EventKind.start, actor)
    notify(group_members(request), NotificationKind.started, request, exclude=actor)
    return event


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
    if user.is_researcher and not has_capacity(user):
        raise Conflict(_l("%(name)s has reached their capacity.", name=user.display_name))
    assignment = Assignment(user=user, role=role, added_by_id=actor.id)
    request.assignments.append(assignment)
    lifecycle.record(request, EventKind.add_researcher, actor, note=user.display_name)
    db.session.flush()
    return assignment


def store_pdf(file_storage):
    """Store an uploaded PDF (outside static/) and return its key."""
    data = file_storage.read(max_upload_bytes() + 1)
    if len(data) > max_upload_bytes():
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
    _tell_completed(request, actor)
    return event


# -- conversation and rating ----------------------------------------------------------
def post_message(request, author, body, internal=False):
    """Add a message to the thread; internal notes reach only coordinators and the researchers on it.

    The group's answer in the thread to a question of the science shop sends the request back to the
    coordinators' queue as "information received", as if they had edited and sent it.
    """
    if not request.can_post_message(author):
        raise NotAllowed(_l("You cannot write in this thread."))
    if internal and not request.can_write_internal_notes(author):
        raise NotAllowed(_l("Only coordinators and the researchers on the request write internal notes."))
    message = Message(request_id=request.id, author_id=author.id, body=body, internal=internal)
    db.session.add(message)
    db.session.flush()
    if not internal and request.state == RequestState.needs_info and request.can_act_for_group(author):
        submit_request(request, author, note=body)
        notify(assignees(request), NotificationKind.new_message, request, exclude=author, body=body)
        return message
    if internal:
        recipients = assignees(request) + coordinators()
    else:
        recipients = participants(request)
    notify(recipients, NotificationKind.new_message, request, exclude=author, body=body)
    return message


def send_info_reminders(now=None):
    """Remind groups, once per question, of a question the science shop asked INFO_REMINDER_DAYS ago.

    The reminder is an event on the timeline, written with the outbox row of its mail: a second run
    finds it and sends nothing. Return how many requests were reminded.
    """
    from app.requests.queries import due_info_reminders

    now = now or utcnow()
    due = due_info_reminders(now - timedelta(days=INFO_REMINDER_DAYS))
    for request in due:
        lifecycle.record(request, EventKind.remind_info, None)
        notify(group_members(request), NotificationKind.info_reminder, request)
    return len(due)


def change_consent(request, actor, consent):
    """Let the group give or withdraw consent to publish a completed result; it leaves the library at once."""
    if not request.can_change_consent(actor):
        raise NotAllowed(_l("Only the group changes its consent to publish."))
    if request.consent_to_publish == bool(consent):
        return None
    request.consent_to_publish = bool(consent)
    request.updated_at = utcnow()
    note = _l("Consent given: the result may be published.") if consent else _l(
        "Consent withdrawn: the result is no longer published.")
    event = lifecycle.record(request, EventKind.consent, actor, note=str(note))
    notify(coordinators() + assignees(request), NotificationKind.consent_changed, request, exclude=actor,
           body=note)
    return event


def rate_request(request, actor, rating, comment=""):
    """Let the group rate the result once, 1 to 5."""
    if not request.can_rate(actor):
        raise Conflict(_l("This request cannot be rated now."))
    request.rating = rating
    request.rating_comment = comment or ""
    request.rated_at = utcnow()
    lifecycle.record(request, EventKind.rate, actor, note=str(rating))
    db.session.flush()
    notify(assignees(request) + coordinators(), NotificationKind.rated, request, exclude=actor,
           body=_lines(_l("%(rating)s of 5", rating=rating), comment))


def researcher_choices():
    """Return (id, name) of every researcher, for suggesting."""
    return db.session.execute(
        sa.select(User.id, User.name).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.researcher, User.deleted_at.is_(None)).order_by(User.name)
    ).all()



# -- after delivery: the follow-up evaluation ---------------------------------------------------
def follow_up_delay():
    """Return how long after completion the group is asked the follow-up (REQUEST_FOLLOW_UP_MONTHS, default 6)."""
    from flask import current_app

    months = float(current_app.config.get("REQUEST_FOLLOW_UP_MONTHS", FOLLOW_UP_MONTHS))
    return timedelta(days=round(months * 365.25 / 12))


def send_follow_ups(now=None):
    """Send the follow-up once to each group whose request was completed the set time ago; remind once after
    FOLLOW_UP_REMINDER_DAYS. The follow-up row (one per request) is written with the outbox rows of its mail,
    so a second run sends nothing. Return (sent, reminded)."""
    from app.requests.queries import due_follow_up_reminders, due_follow_ups

    now = now or utcnow()
    due = due_follow_ups(now - follow_up_delay())
    for request in due:
        db.session.add(FollowUp(request_id=request.id, sent_at=now))
        notify(group_members(request), NotificationKind.follow_up, request, endpoint="requests.follow_up")
    reminders = due_follow_up_reminders(now - timedelta(days=FOLLOW_UP_REMINDER_DAYS))
    for follow_up in reminders:
        follow_up.reminded_at = now
        notify(group_members(follow_up.request), NotificationKind.follow_up, follow_up.request,
               endpoint="requests.follow_up", body=_l("A reminder: five short questions, answered in a few minutes."))
    db.session.flush()
    return len(due), len(reminders)


FOLLOW_UP_FIELDS = ("used_results", "used_for", "what_changed", "cooperation", "would_return", "new_question")


def answer_follow_up(request, actor, answers):
    """Save the group's follow-up answers, once, on the request's timeline."""
    if not request.can_answer_follow_up(actor):
        raise Conflict(_l("This follow-up cannot be answered now."))
    follow_up = request.follow_up
    for name in FOLLOW_UP_FIELDS:
        setattr(follow_up, name, answers.get(name))
    follow_up.answered_at = utcnow()
    follow_up.answered_by_id = actor.id
    lifecycle.record(request, EventKind.follow_up, actor)
    notify(coordinators() + assignees(request), NotificationKind.follow_up_answered, request, exclude=actor)
    db.session.flush()
    return follow_up
