"""The science shop's kinds of notification, and telling people about a request."""
from app.i18n import lazy_gettext as _l
from app.links import path_for
from app.notifications import kinds as k
from app.notifications.services import notify as notify_people
from app.requests.constants import NotificationKind as N

k.register_area("requests", _l("Science shop"))

def _staff(user):
    return user.is_coordinator or user.is_researcher


_AUDIENCE = {
    N.new_request: k.coordinators, N.new_open_request: k.researchers, N.suggested: k.researchers,
    N.new_message: lambda user: k.members(user) or _staff(user),
    N.updated_request: k.coordinators, N.claimed_staff: k.coordinators, N.completed_staff: k.coordinators,
    N.withdrawn: _staff, N.rated: _staff, N.consent_changed: _staff,
    N.assigned: k.researchers, N.released: _staff, N.handed_over: _staff, N.follow_up_answered: _staff,
}
KINDS = {
    kind: k.register_kind(f"requests.{kind.value}", kind.label, _AUDIENCE.get(kind, k.members),
                          default=k.DeliveryMode.daily if kind == N.new_open_request else k.DeliveryMode.immediate)
    for kind in N
}


def notify(users, kind: N, request, exclude=None, body="", endpoint="requests.show"):
    """Tell these people about a request, as each chose for this kind (linking to its page, or another of it)."""
    return notify_people(users, KINDS[kind], title=request.title, link=path_for(endpoint, request_id=request.id),
                         body=body, exclude=exclude)
