"""The request lifecycle: the rows of its transition table for the one kernel in app/lifecycle.py."""
from datetime import timedelta

from flask import current_app

from app.db_types import utcnow
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition
from app.requests.constants import EventKind
from app.requests.constants import RequestState as S
from app.requests.models import Request, RequestEvent
from app.requests.queries import has_capacity

# An open request nobody claimed may be closed with an outcome after this many days.
UNCLAIMED_DAYS = 60

TRANSITIONS = (
    transition(EventKind.submit, {S.draft, S.needs_info}, S.submitted, "can_act_for_group", ["complete_intake"]),
    transition(EventKind.withdraw, {S.draft, S.submitted, S.needs_info, S.accepted, S.open}, S.withdrawn,
               "can_act_for_group"),
    transition(EventKind.accept, {S.submitted}, S.accepted, "can_coordinate"),
    transition(EventKind.ask_info, {S.submitted, S.accepted}, S.needs_info, "can_coordinate", ["note"]),
    transition(EventKind.decline, {S.submitted, S.needs_info, S.accepted, S.open}, S.declined, "can_coordinate",
               ["decline_reason", "unclaimed_long_enough"]),
    transition(EventKind.refer, {S.submitted, S.accepted, S.open}, S.referred, "can_coordinate",
               ["referred_to", "unclaimed_long_enough"]),
    transition(EventKind.advise, {S.submitted, S.accepted, S.open}, S.advised, "can_coordinate",
               ["advice", "unclaimed_long_enough"]),
    transition(EventKind.open, {S.accepted}, S.open, "can_coordinate"),
    transition(EventKind.route_colab, {S.accepted}, S.colab, "can_coordinate"),
    transition(EventKind.claim, {S.open}, S.claimed, "can_research", ["capacity"]),
    transition(EventKind.assign, {S.open}, S.claimed, "can_coordinate"),
    transition(EventKind.release, {S.claimed, S.in_progress}, S.open, "can_coordinate", ["note"]),
    transition(EventKind.hand_back, {S.claimed, S.in_progress}, S.open, "can_work_on"),
    transition(EventKind.start, {S.claimed}, S.in_progress, "can_work_on"),
    transition(EventKind.complete, {S.in_progress}, S.completed, "can_work_on", ["public_summary", "result"]),
    transition(EventKind.complete_colab, {S.colab}, S.completed, "can_close_colab", ["public_summary"]),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}
ANSWERS = {EventKind.accept, EventKind.ask_info, EventKind.decline, EventKind.refer, EventKind.advise}
# States nobody leaves: the request has its answer, or the group took it back.
FINAL_STATES = frozenset(S) - {source for t in TRANSITIONS for source in t.sources}


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


def unclaimed_days():
    """Return after how many days an open request nobody claimed may be closed."""
    return int(current_app.config.get("REQUEST_UNCLAIMED_DAYS", UNCLAIMED_DAYS))


def open_since(request):
    """Return when the request was last opened to researchers (its first answer for older data)."""
    moments = [e.created_at for e in request.events if e.to_state == S.open]
    return max(moments) if moments else (request.first_answer_at or request.submitted_at)


def _needs_unclaimed_long_enough(request, changes, actor):
    if request.state != S.open:
        return None
    since = open_since(request)
    if since is not None and utcnow() - since < timedelta(days=unclaimed_days()):
        return _l("An open request can be closed once nobody has claimed it for %(days)s days.",
                  days=unclaimed_days())
    return None


CLOSING = (EventKind.decline, EventKind.refer, EventKind.advise)


def may_close_unclaimed(request):
    """Return whether an open request has waited long enough, unclaimed, to be closed with an outcome."""
    return _needs_unclaimed_long_enough(request, {}, None) is None


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
    "unclaimed_long_enough": _needs_unclaimed_long_enough,
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
    if action in (EventKind.claim, EventKind.assign):
        stamps.append("claimed_at")
    if BY_ACTION[action].target == S.completed:
        stamps.append("completed_at")
    now = utcnow()
    return LIFECYCLE.apply(request, action, actor, note=note, **dict.fromkeys(stamps, now), **changes)


def record(request, action, actor, note=""):
    """Record a step that does not change the state (progress, a researcher added, a rating)."""
    return LIFECYCLE.record(request, action, actor, note=note)
