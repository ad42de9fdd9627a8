"""The request lifecycle: the rows of its transition table for the one kernel in app/lifecycle.py."""
from app.db_types import utcnow
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition
from app.requests.constants import EventKind
from app.requests.constants import RequestState as S
from app.requests.models import Request, RequestEvent
from app.requests.queries import has_capacity

TRANSITIONS = (
    transition(EventKind.submit, {S.draft, S.needs_info}, S.submitted, "can_act_for_group", ["complete_intake"]),
    transition(EventKind.withdraw, {S.draft, S.submitted, S.needs_info, S.accepted, S.open}, S.withdrawn,
               "can_act_for_group"),
    transition(EventKind.accept, {S.submitted}, S.accepted, "can_coordinate"),
    transition(EventKind.ask_info, {S.submitted}, S.needs_info, "can_coordinate", ["note"]),
    transition(EventKind.decline, {S.submitted, S.accepted}, S.declined, "can_coordinate", ["decline_reason"]),
    transition(EventKind.refer, {S.submitted, S.accepted}, S.referred, "can_coordinate", ["referred_to"]),
    transition(EventKind.advise, {S.submitted, S.accepted}, S.advised, "can_coordinate", ["advice"]),
    transition(EventKind.open, {S.accepted}, S.open, "can_coordinate"),
    transition(EventKind.route_colab, {S.accepted}, S.colab, "can_coordinate"),
    transition(EventKind.claim, {S.open}, S.claimed, "can_research", ["capacity"]),
    transition(EventKind.start, {S.claimed}, S.in_progress, "can_work_on"),
    transition(EventKind.complete, {S.in_progress}, S.completed, "can_work_on", ["public_summary", "result"]),
    transition(EventKind.complete_colab, {S.colab}, S.completed, "can_close_colab", ["public_summary"]),
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
    if not has_capacity(actor):
        return _l("You have reached your capacity. Finish or hand over a request before claiming another.")
    return None


LIFECYCLE = Lifecycle(Request, RequestEvent, "request_id", TRANSITIONS, needs={
    "complete_intake": _needs_complete_intake,
    "note": _needs_value("note", _l("Write a message to the group.")),
    "decline_reason": _needs_value("decline_reason", _l("Choose a reason.")),
    "referred_to": _needs_value("referred_to", _l("Say where the request is referred.")),
    "advice": _needs_value("advice", _l("Write the advice.")),
    "public_summary": _needs_value("public_summary", _l("Write a plain-language summary.")),
    "result": _needs_result,
    "capacity": _needs_capacity,
})
allowed_actions = LIFECYCLE.allowed_actions
check = LIFECYCLE.check


def apply(request, action, actor, note="", **changes):
    """Take one transition of a request, stamping the moments the timeline figures read."""
    stamps = []
    if action == EventKind.submit and request.submitted_at is None:
        stamps.append("submitted_at")
    if action in ANSWERS and request.first_answer_at is None:
        stamps.append("first_answer_at")
    if action == EventKind.claim:
        stamps.append("claimed_at")
    if BY_ACTION[action].target == S.completed:
        stamps.append("completed_at")
    now = utcnow()
    return LIFECYCLE.apply(request, action, actor, note=note, **dict.fromkeys(stamps, now), **changes)


def record(request, action, actor, note=""):
    """Record a step that does not change the state (progress, a researcher added, a rating)."""
    return LIFECYCLE.record(request, action, actor, note=note)
