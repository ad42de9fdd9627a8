"""The lifecycles of co-lab sessions and registrations: rows for the one kernel in app/lifecycle.py."""
from app.colabs.constants import RegistrationAction as RA
from app.colabs.constants import RegistrationState as R
from app.colabs.constants import SessionAction as SA
from app.colabs.constants import SessionState as S
from app.colabs.models import ColabRegistration, ColabRegistrationEvent, ColabSession, ColabSessionEvent
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition


def _needs_open_session(registration, changes, actor):
    session = registration.session
    if session.state != S.published or session.has_started():
        return _l("The session has started or is no longer open, so the registration cannot change now.")
    return None


SESSION_LIFECYCLE = Lifecycle(ColabSession, ColabSessionEvent, "session_id", (
    transition(SA.publish, {S.draft}, S.published, "can_edit"),
    transition(SA.cancel, {S.draft, S.published}, S.cancelled, "can_edit"),
    transition(SA.complete, {S.published}, S.completed, "can_edit"),
))

# A first registration is created in its state (LIFECYCLE.create); these rows move it afterwards.
REGISTRATION_LIFECYCLE = Lifecycle(ColabRegistration, ColabRegistrationEvent, "registration_id", (
    transition(RA.register, {R.cancelled}, R.registered, "is_registrant"),
    transition(RA.join_waitlist, {R.cancelled}, R.waitlisted, "is_registrant"),
    transition(RA.promote, {R.waitlisted}, R.registered, None),  # by the application, when a seat frees up
    transition(RA.cancel, {R.registered, R.waitlisted}, R.cancelled, "is_registrant", ["open_session"]),
), needs={"open_session": _needs_open_session})
