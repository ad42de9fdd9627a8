"""The co-lab transition tables, exhaustively: every state x action x role of sessions and registrations."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.constants import Role
from app.colabs.constants import RegistrationAction as RA
from app.colabs.constants import RegistrationState
from app.colabs.constants import SessionAction as SA
from app.colabs.constants import SessionState
from app.colabs.constants import ActionAction as AA
from app.colabs.constants import ActionState
from app.colabs.lifecycle import ACTION_LIFECYCLE, REGISTRATION_LIFECYCLE, SESSION_LIFECYCLE
from app.colabs.models import (
    ColabAction,
    ColabActionEvent,
    ColabRegistration,
    ColabRegistrationEvent,
    ColabSession,
    ColabSessionEvent,
)
from app.db_types import utcnow
from app.extensions import db
from tests.colabs.conftest import in_days
from tests.lifecycle_table import apply_as, walk_transition_table


def person_facing(lifecycle):
    return {t.action for t in lifecycle.transitions if t.permission is not None}


# -- sessions ------------------------------------------------------------------------------
SESSION_ROLES = ["facilitator", "other_facilitator", "coordinator", "member", "researcher"]

# Who may take each step of a session (written by hand): its own facilitators and every coordinator.
SESSION_WHO = {
    SA.publish: {"facilitator", "coordinator"},
    SA.cancel: {"facilitator", "coordinator"},
    SA.complete: {"facilitator", "coordinator"},
}

# Valid form data for each route, so that only the table decides.
SESSION_STEPS = {
    SA.publish: ("publish", {}),
    SA.cancel: ("cancel", {"note": "The library is closed that day."}),
    SA.complete: ("close", {"outcome_notes": "We mapped five unsafe crossings.",
                            "decisions": "Ask the city for speed bumps.",
                            "actions-0-what": "Write to the traffic office", "actions-0-who": "Goran",
                            "actions-0-due_on": "2027-01-15"}),
}


def test_the_session_table_covers_every_action_once():
    assert len({t.action for t in SESSION_LIFECYCLE.transitions}) == len(SESSION_LIFECYCLE.transitions)
    assert person_facing(SESSION_LIFECYCLE) == set(SESSION_LIFECYCLE.by_action) == set(SESSION_WHO) == set(SESSION_STEPS)


def read_session(app, session_id):
    """Return (state, number of lifecycle moves) of a session, read fresh.

    Only the table's own actions count: closing also writes a `record_outcomes` entry, which is
    the outcomes' own history and not a move of the state.
    """
    with app.app_context():
        state = db.session.scalar(sa.select(ColabSession.state).where(ColabSession.id == session_id))
        moves = db.session.scalar(sa.select(sa.func.count()).select_from(ColabSessionEvent).where(
            ColabSessionEvent.session_id == session_id,
            ColabSessionEvent.action.in_(list(SESSION_LIFECYCLE.by_action))))
    return state, moves


@pytest.mark.parametrize("state", list(SessionState), ids=[s.value for s in SessionState])
def test_every_session_action_and_role_in_this_state(app, people, login, make_user, make_session, state):
    users = {"facilitator": people.facilitator, "coordinator": people.coordinator, "member": people.group,
             "researcher": people.researcher,
             "other_facilitator": make_user(name="Other Facilitator", roles=[Role.facilitator])}
    clients = {role: login(user) for role, user in users.items()}

    def make(at, action):
        # Closing needs a session that has started, publishing one that has not; a completed one has started.
        started = action == SA.complete or at == SessionState.completed
        return make_session(facilitators=[people.facilitator], state=at,
                            starts_at=utcnow() - timedelta(minutes=30) if started else in_days(7))

    def act(action, role, session_id):
        path, data = SESSION_STEPS[action]
        return clients[role].post(f"/colabs/{session_id}/{path}", data=data)

    cases = walk_transition_table(
        SESSION_LIFECYCLE, state, SESSION_ROLES, lambda action, role, at: role in SESSION_WHO[action],
        make=make, act=act, read=lambda session_id: read_session(app, session_id))
    assert cases == len(SESSION_LIFECYCLE.transitions) * len(SESSION_ROLES)


def test_closing_a_session_that_has_not_started_changes_nothing(app, people, login, make_session):
    """The state allows closing, the moment does not: the facilitator is sent back and nothing moves."""
    session_id = make_session(facilitators=[people.facilitator], starts_at=in_days(2))
    response = login(people.facilitator).post(f"/colabs/{session_id}/close", data=SESSION_STEPS[SA.complete][1])
    assert response.status_code == 302
    assert read_session(app, session_id) == (SessionState.published, 0)


def test_publishing_a_session_that_has_started_is_refused(app, people, login, make_session):
    session_id = make_session(facilitators=[people.facilitator], state=SessionState.draft,
                              starts_at=utcnow() - timedelta(minutes=30))
    assert login(people.facilitator).post(f"/colabs/{session_id}/publish").status_code == 409
    assert read_session(app, session_id) == (SessionState.draft, 0)


# -- registrations -------------------------------------------------------------------------
REGISTRATION_ROLES = ["registrant", "other", "facilitator", "coordinator"]

# Who may take each step of a registration (written by hand): only the person it is about.
REGISTRATION_WHO = {
    RA.register: {"registrant"},
    RA.join_waitlist: {"registrant"},
    RA.cancel: {"registrant"},
    # By hand, by the session's own facilitators and coordinators.
    RA.admit: {"facilitator", "coordinator"},
    RA.remove: {"facilitator", "coordinator"},
    RA.mark_no_show: {"facilitator", "coordinator"},
    RA.mark_arrived: {"facilitator", "coordinator"},
}
# Whether someone came is marked once the session has started; the other steps come before.
AT_THE_DOOR = {RA.mark_no_show, RA.mark_arrived}
# Taken by the application alone, when a seat frees up.
REGISTRATION_SYSTEM = {RA.promote}


def registration_changes(action):
    """Return the columns the services write with each step, so that the kernel alone decides."""
    now = utcnow()
    return {RA.register: {"registered_at": now}, RA.join_waitlist: {"waitlisted_at": now},
            RA.cancel: {"cancelled_at": now, "seat_sector": None},
            RA.admit: {"registered_at": now, "promoted_at": now},
            RA.remove: {"note": "You registered twice; we kept your other place.", "cancelled_at": now},
            RA.mark_no_show: {"attended": False}, RA.mark_arrived: {"attended": True}}[action]


def test_the_registration_table_covers_every_action_once():
    transitions = REGISTRATION_LIFECYCLE.transitions
    assert len({t.action for t in transitions}) == len(transitions)
    assert {t.action for t in transitions if t.permission is None} == REGISTRATION_SYSTEM
    assert person_facing(REGISTRATION_LIFECYCLE) == set(REGISTRATION_WHO)
    assert set(REGISTRATION_WHO) | REGISTRATION_SYSTEM == set(REGISTRATION_LIFECYCLE.by_action)


def read_registration(app, registration_id):
    """Return (state, number of events) of a registration, read fresh."""
    with app.app_context():
        state = db.session.scalar(sa.select(ColabRegistration.state).where(ColabRegistration.id == registration_id))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(ColabRegistrationEvent)
                                   .where(ColabRegistrationEvent.registration_id == registration_id))
    return state, events


@pytest.fixture
def make_registration(app, make_session):
    """Create a registration directly in a state, at its own published session that has not started."""
    def make(user, state, facilitators=(), started=False):
        session_id = make_session(facilitators=facilitators,
                                  starts_at=utcnow() - timedelta(minutes=30) if started else in_days(5))
        now = utcnow()
        stamps = {RegistrationState.registered: {"registered_at": now},
                  RegistrationState.waitlisted: {"waitlisted_at": now},
                  RegistrationState.cancelled: {"registered_at": now, "cancelled_at": now},
                  RegistrationState.no_show: {"registered_at": now, "attended": False}}[state]
        with app.app_context():
            registration = ColabRegistration(session_id=session_id, user_id=user.id, state=state, arrival=1, **stamps)
            db.session.add(registration)
            db.session.execute(sa.update(ColabSession).where(ColabSession.id == session_id).values(arrivals=1))
            db.session.commit()
            return registration.id
    return make


@pytest.mark.parametrize("state", list(RegistrationState), ids=[s.value for s in RegistrationState])
def test_every_registration_action_and_role_in_this_state(app, people, make_user, make_registration, state):
    registrant = make_user(name="Registrant")
    users = {"registrant": registrant, "other": make_user(name="Someone Else"),
             "facilitator": people.facilitator, "coordinator": people.coordinator}
    cases = walk_transition_table(
        REGISTRATION_LIFECYCLE, state, REGISTRATION_ROLES, lambda action, role, at: role in REGISTRATION_WHO[action],
        make=lambda at, action: make_registration(registrant, at, facilitators=[people.facilitator],
                                                  started=action in AT_THE_DOOR),
        act=lambda action, role, registration_id: apply_as(app, REGISTRATION_LIFECYCLE, registration_id, action,
                                                           users[role], **registration_changes(action)),
        read=lambda registration_id: read_registration(app, registration_id))
    assert cases == len(REGISTRATION_WHO) * len(REGISTRATION_ROLES)


def test_a_registration_cannot_be_cancelled_once_its_session_started(app, make_user, make_registration):
    """The registrant may and the state allows it, but the `open_session` need refuses (409)."""
    registrant = make_user()
    registration_id = make_registration(registrant, RegistrationState.registered)
    with app.app_context():
        session_id = db.session.get(ColabRegistration, registration_id).session_id
        db.session.execute(sa.update(ColabSession).where(ColabSession.id == session_id)
                           .values(starts_at=utcnow() - timedelta(minutes=30)))
        db.session.commit()
    answer = apply_as(app, REGISTRATION_LIFECYCLE, registration_id, RA.cancel, registrant,
                      **registration_changes(RA.cancel))
    assert answer.status_code == 409
    assert read_registration(app, registration_id) == (RegistrationState.registered, 0)


def test_removing_someone_needs_a_message(app, people, make_user, make_registration):
    registration_id = make_registration(make_user(), RegistrationState.registered, facilitators=[people.facilitator])
    answer = apply_as(app, REGISTRATION_LIFECYCLE, registration_id, RA.remove, people.facilitator, note="  ")
    assert answer.status_code == 409
    assert read_registration(app, registration_id) == (RegistrationState.registered, 0)


def test_no_show_cannot_be_marked_before_the_start(app, people, make_user, make_registration):
    registration_id = make_registration(make_user(), RegistrationState.registered, facilitators=[people.facilitator])
    answer = apply_as(app, REGISTRATION_LIFECYCLE, registration_id, RA.mark_no_show, people.facilitator)
    assert answer.status_code == 409
    assert read_registration(app, registration_id) == (RegistrationState.registered, 0)


# -- follow-up actions ---------------------------------------------------------------------
ACTION_ROLES = ["owner", "facilitator", "coordinator", "other_facilitator", "member"]
# Who may mark an action done or open it again: its owner and the session's managers.
ACTION_WHO = {AA.finish: {"owner", "facilitator", "coordinator"}, AA.reopen: {"owner", "facilitator", "coordinator"}}


def read_action(app, action_id):
    with app.app_context():
        state = db.session.scalar(sa.select(ColabAction.state).where(ColabAction.id == action_id))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(ColabActionEvent)
                                   .where(ColabActionEvent.action_id == action_id))
    return state, events


def test_the_action_table_covers_every_action_once():
    assert set(ACTION_LIFECYCLE.by_action) == set(ACTION_WHO) == person_facing(ACTION_LIFECYCLE)


@pytest.mark.parametrize("state", list(ActionState), ids=[s.value for s in ActionState])
def test_every_follow_up_action_step_and_role_in_this_state(app, people, login, make_user, make_session, state):
    owner = make_user(name="Action Owner")
    users = {"owner": owner, "facilitator": people.facilitator, "coordinator": people.coordinator,
             "member": people.group, "other_facilitator": make_user(name="Other Facilitator", roles=[Role.facilitator])}
    clients = {role: login(user) for role, user in users.items()}

    def make(at):
        session_id = make_session(facilitators=[people.facilitator], state=SessionState.completed,
                                  starts_at=utcnow() - timedelta(days=3))
        with app.app_context():
            item = ColabAction(session_id=session_id, what="Send the map to the city", owner_id=owner.id, state=at)
            db.session.add(item)
            db.session.commit()
            return session_id, item.id

    ids = {}

    def make_id(at):
        session_id, action_id = make(at)
        ids[action_id] = session_id
        return action_id

    def act(action, role, action_id):
        path = {AA.finish: "done", AA.reopen: "reopen"}[action]
        return clients[role].post(f"/colabs/{ids[action_id]}/actions/{action_id}/{path}")

    cases = walk_transition_table(
        ACTION_LIFECYCLE, state, ACTION_ROLES, lambda action, role, at: role in ACTION_WHO[action],
        make=make_id, act=act, read=lambda action_id: read_action(app, action_id))
    assert cases == len(ACTION_WHO) * len(ACTION_ROLES)
