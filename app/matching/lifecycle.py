"""The lifecycle of a tracked match: rows for the one kernel in app/lifecycle.py."""
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition
from app.matching.constants import MatchAction as A
from app.matching.constants import MatchState as S
from app.matching.models import Match, MatchEvent

OPEN = {S.suggested, S.introduced, S.meeting_held}


def _needs_field(name, label):
    def check(match, changes, actor):
        return None if changes.get(name) not in (None, "") else _l("Give %(what)s.", what=label)
    return check


# A match is created suggested (LIFECYCLE.create); marking interest is recorded without a move.
MATCH_LIFECYCLE = Lifecycle(Match, MatchEvent, "match_id", (
    transition(A.introduce, {S.suggested}, S.introduced, "can_coordinate"),
    transition(A.record_meeting, {S.introduced}, S.meeting_held, "can_view", ["meeting_on"]),
    transition(A.record_customer, {S.meeting_held}, S.became_customer, "can_answer_for_customer",
               ["value_band", "customer_since"]),
    transition(A.record_no_fit, OPEN, S.no_fit, "can_view", ["no_fit_reason"]),
    transition(A.decline, OPEN, S.no_fit, "sides_of", ["no_fit_reason"]),
), needs={
    "meeting_on": _needs_field("meeting_on", _l("the date of the meeting")),
    "value_band": _needs_field("value_band", _l("the value of the deal")),
    "customer_since": _needs_field("customer_since", _l("the date it became a customer")),
    "no_fit_reason": _needs_field("no_fit_reason", _l("the reason")),
})
