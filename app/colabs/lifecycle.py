"""The lifecycles of co-lab sessions, registrations and follow-up actions: rows for the one kernel in app/lifecycle.py."""
from app.colabs.constants import ActionAction as AA
from app.colabs.constants import ActionState as A
from app.colabs.constants import RegistrationAction as RA
from app.colabs.constants import RegistrationState as R
from app.colabs.constants import SessionAction as SA
from app.colabs.constants import SessionState as S
from app.colabs.models import (
    ColabAction,
    ColabActionEvent,
    ColabRegistration,
    ColabRegistrationEvent,
    ColabSession,
    ColabSessionEvent,
)
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition


def _needs_open_session(registration, changes, actor):
    session = registration.session
    if session.state != S.published or session.has_started():
        return _l("The session has started or is no longer open, so the registration cannot change now.")
    return None


def _needs_running_session(registration, changes, actor):
    session = registration.session
    if session.state != S.published or session.has_ended():
        return _l("The session is over or no longer on, so its registrations cannot change now.")
    return None


def _needs_started_session(registration, changes, actor):
    session = registration.session
    if session.state not in (S.published, S.completed) or not session.has_started():
        return _l("Whether someone came can be marked once the session has started.")
    return None


def _needs_message(registration, changes, actor):
    return None if (changes.get("note") or "").strip() else _l("Write a message to the person you remove.")


def _needs_not_started(session, changes, actor):
    return _l("A session that has already started cannot be published.") if session.has_started() else None


def _needs_started(session, changes, actor):
    return None if session.has_started() else _l("A session can be closed once it has started.")


SESSION_LIFECYCLE = Lifecycle(ColabSession, ColabSessionEvent, "session_id", (
    transition(SA.publish, {S.draft}, S.published, "can_edit", ["not_started"]),
    transition(SA.cancel, {S.draft, S.published}, S.cancelled, "can_edit"),
    transition(SA.complete, {S.published}, S.completed, "can_edit", ["started"]),
), needs={"not_started": _needs_not_started, "started": _needs_started})

# A first registration is created in its state (LIFECYCLE.create, also for a walk-in at the door);
# these rows move it afterwards.
REGISTRATION_LIFECYCLE = Lifecycle(ColabRegistration, ColabRegistrationEvent, "registration_id", (
    transition(RA.register, {R.cancelled}, R.registered, "is_registrant", ["open_session"]),
    transition(RA.join_waitlist, {R.cancelled}, R.waitlisted, "is_registrant", ["open_session"]),
    transition(RA.promote, {R.waitlisted}, R.registered, None),  # by the application, when a seat frees up
    transition(RA.cancel, {R.registered, R.waitlisted}, R.cancelled, "is_registrant", ["open_session"]),
    # By hand, by the session's facilitators (and coordinators).
    transition(RA.admit, {R.waitlisted}, R.registered, "can_be_managed_by", ["running_session"]),
    transition(RA.remove, {R.registered, R.waitlisted}, R.cancelled, "can_be_managed_by",
               ["running_session", "message"]),
    transition(RA.mark_no_show, {R.registered}, R.no_show, "can_be_managed_by", ["started_session"]),
    transition(RA.mark_arrived, {R.no_show}, R.registered, "can_be_managed_by", ["started_session"]),
), needs={"open_session": _needs_open_session, "running_session": _needs_running_session,
          "started_session": _needs_started_session, "message": _needs_message})

# An action is added open (LIFECYCLE.create); its owner or the session's managers mark it done.
ACTION_LIFECYCLE = Lifecycle(ColabAction, ColabActionEvent, "action_id", (
    transition(AA.finish, {A.open}, A.done, "can_update"),
    transition(AA.reopen, {A.done}, A.open, "can_update"),
))
