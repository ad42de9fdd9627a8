"""The request lifecycle: ONE transition table, and the one function that changes a request's state."""
from dataclasses import dataclass

import sqlalchemy as sa

from app.db_types import utcnow
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.requests.constants import EventKind
from app.requests.constants import RequestState as S
from app.requests.models import ASSIGNEE, COORDINATOR, FACILITATOR, GROUP, RESEARCHER, Request, RequestEvent


@dataclass(frozen=True)
class Transition:
    """One row: the action, the states it starts from, where it leads, who may, what it needs."""

    action: EventKind
    sources: frozenset
    target: S
    who: frozenset
    needs: tuple = ()


def _row(action, sources, target, who, needs=()):
    return Transition(action, frozenset(sources), target, frozenset(who), tuple(needs))


TRANSITIONS = (
    _row(EventKind.submit, {S.draft, S.needs_info}, S.submitted, {GROUP}, ["complete_intake"]),
    _row(EventKind.withdraw, {S.draft, S.submitted, S.needs_info, S.accepted, S.open}, S.withdrawn, {GROUP}),
    _row(EventKind.accept, {S.submitted}, S.accepted, {COORDINATOR}),
    _row(EventKind.ask_info, {S.submitted}, S.needs_info, {COORDINATOR}, ["note"]),
    _row(EventKind.decline, {S.submitted, S.accepted}, S.declined, {COORDINATOR}, ["decline_reason"]),
    _row(EventKind.refer, {S.submitted, S.accepted}, S.referred, {COORDINATOR}, ["referred_to"]),
    _row(EventKind.advise, {S.submitted, S.accepted}, S.advised, {COORDINATOR}, ["advice"]),
    _row(EventKind.open, {S.accepted}, S.open, {COORDINATOR}),
    _row(EventKind.route_colab, {S.accepted}, S.colab, {COORDINATOR}),
    _row(EventKind.claim, {S.open}, S.claimed, {RESEARCHER}, ["capacity"]),
    _row(EventKind.start, {S.claimed}, S.in_progress, {ASSIGNEE}),
    _row(EventKind.complete, {S.in_progress}, S.completed, {ASSIGNEE}, ["public_summary", "result"]),
    _row(EventKind.complete_colab, {S.colab}, S.completed, {COORDINATOR, FACILITATOR}, ["public_summary"]),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}
ANSWERS = {EventKind.accept, EventKind.ask_info, EventKind.decline, EventKind.refer, EventKind.advise}


def _needs_complete_intake(request, changes, actor):
    if not (request.title.strip() and request.question.strip() and request.theme_rows):
        return _l("Give a title, the question and at least one theme before submitting.")
    return None


def _needs_value(name, message):
    def check(request, changes, actor):
        value = changes.get(name, getattr(request, name, None) if name != "note" else None)
        return None if value else message
    return check


def _needs_result(request, changes, actor):
    if changes.get("result_text") or changes.get("result_link") or changes.get("result_file_key"):
        return None
    return _l("Give the result as text, a link or a PDF file.")


def _needs_capacity(request, changes, actor):
    from app.requests.services import has_capacity

    if not has_capacity(actor):
        return _l("You have reached your capacity. Finish or hand over a request before claiming another.")
    return None


NEEDS = {
    "complete_intake": _needs_complete_intake,
    "note": _needs_value("note", _l("Write a message to the group.")),
    "decline_reason": _needs_value("decline_reason", _l("Choose a reason.")),
    "referred_to": _needs_value("referred_to", _l("Say where the request is referred.")),
    "advice": _needs_value("advice", _l("Write the advice.")),
    "public_summary": _needs_value("public_summary", _l("Write a plain-language summary.")),
    "result": _needs_result,
    "capacity": _needs_capacity,
}


def allowed_actions(request, user):
    """Return the actions this person may take on the request in its current state."""
    roles = request.roles_of(user)
    return [t.action for t in TRANSITIONS if request.state in t.sources and roles & t.who]


def check(request, action, actor):
    """Raise NotAllowed (403) or Conflict (409) unless the person may take the action now."""
    transition = BY_ACTION[action]
    if not request.roles_of(actor) & transition.who:
        raise NotAllowed(_l("You may not do this with this request."))
    if request.state not in transition.sources:
        raise Conflict(_l("This request is %(state)s, so this cannot be done now.", state=request.state_label))
    return transition


def apply(request, action, actor, note="", **changes):
    """Take one transition: check it, change the state atomically, record one event.

    The state changes with a conditional UPDATE (`... WHERE state = <current>`), so that of two
    people acting at once exactly one succeeds and the other gets a Conflict.
    """
    transition = check(request, action, actor)
    for need in transition.needs:
        problem = NEEDS[need](request, {"note": note, **changes}, actor)
        if problem:
            raise Conflict(problem)
    now = utcnow()
    values = {"state": transition.target, "updated_at": now, **changes}
    if action == EventKind.submit and request.submitted_at is None:
        values["submitted_at"] = now
    if action in ANSWERS and request.first_answer_at is None:
        values["first_answer_at"] = now
    if action == EventKind.claim:
        values["claimed_at"] = now
    if transition.target == S.completed:
        values["completed_at"] = now
    source = request.state
    db.session.flush()
    result = db.session.execute(
        sa.update(Request).where(Request.id == request.id, Request.state == source).values(**values)
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        raise Conflict(_l("Someone else changed this request at the same moment. Nothing was saved; look again."))
    event = RequestEvent(request_id=request.id, kind=action, from_state=source, to_state=transition.target,
                         actor_id=actor.id if actor is not None else None, note=note or "", created_at=now)
    db.session.add(event)
    db.session.flush()
    return event
