"""The challenge's transition tables, exhaustively: every state x action x role of challenges, proposals, pilots."""
import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.challenges.constants import ChallengeAction as CA
from app.challenges.constants import ChallengeState, Phase, PilotState, ProposalState
from app.challenges.constants import PilotAction as PA
from app.challenges.constants import ProposalAction as A
from app.challenges.lifecycle import CHALLENGE_LIFECYCLE, PILOT_LIFECYCLE, PROPOSAL_LIFECYCLE
from app.challenges.models import (
    Challenge,
    ChallengeEvent,
    EligibilityCheck,
    Pilot,
    PilotEvent,
    Proposal,
    ProposalEvent,
)
from app.accounts.constants import Role
from app.extensions import db
from tests.lifecycle_table import apply_as, walk_transition_table


def person_facing(lifecycle):
    return {t.action for t in lifecycle.transitions if t.permission is not None}


def read(app, model, event_model, key, lifecycle, object_id):
    """Return (state, number of lifecycle moves) read fresh; steps that move nothing are not counted."""
    with app.app_context():
        state = db.session.scalar(sa.select(model.state).where(model.id == object_id))
        moves = db.session.scalar(sa.select(sa.func.count()).select_from(event_model).where(
            getattr(event_model, key) == object_id, event_model.action.in_(list(lifecycle.by_action))))
    return state, moves


# -- challenges -------------------------------------------------------------------------------
CHALLENGE_ROLES = ["owner", "other_stakeholder", "coordinator", "business", "plain"]
# Who may take each step (by hand): the owner's members send and withdraw, coordinators review.
CHALLENGE_WHO = {
    CA.submit: {"owner"},
    CA.withdraw: {"owner"},
    CA.request_changes: {"coordinator"},
    CA.publish: {"coordinator"},
    CA.close: {"coordinator"},
}
CHALLENGE_STEPS = {
    CA.submit: ("submit", {}), CA.withdraw: ("withdraw", {}), CA.publish: ("publish", {}), CA.close: ("close", {}),
    CA.request_changes: ("request-changes", {"note": "Say who pays for the pilot."}),
}


def test_the_challenge_table_covers_every_action_once():
    assert person_facing(CHALLENGE_LIFECYCLE) == set(CHALLENGE_LIFECYCLE.by_action) == set(CHALLENGE_WHO)
    assert set(CHALLENGE_WHO) == set(CHALLENGE_STEPS)


@pytest.mark.parametrize("state", list(ChallengeState), ids=[s.value for s in ChallengeState])
def test_every_challenge_action_and_role_in_this_state(app, people, login, make_user, make_org, make_cycle,
                                                       make_challenge, state):
    other = make_user(name="Other Stakeholder")
    make_org(name="Other Established", kind=OrganisationKind.established, admins=[other])
    users = {"owner": people.stakeholder, "other_stakeholder": other, "coordinator": people.coordinator,
             "business": people.business, "plain": people.plain}
    clients = {role: login(user) for role, user in users.items()}
    cycle_id = make_cycle(Phase.call_for_proposals)

    def act(action, role, challenge_id):
        path, data = CHALLENGE_STEPS[action]
        return clients[role].post(f"/challenges/c/{challenge_id}/{path}", data=data)

    cases = walk_transition_table(
        CHALLENGE_LIFECYCLE, state, CHALLENGE_ROLES, lambda action, role, at: role in CHALLENGE_WHO[action],
        make=lambda at: make_challenge(cycle_id, state=at), act=act,
        read=lambda i: read(app, Challenge, ChallengeEvent, "challenge_id", CHALLENGE_LIFECYCLE, i))
    assert cases == len(CHALLENGE_WHO) * len(CHALLENGE_ROLES)


def test_a_challenge_cannot_be_sent_or_published_once_proposals_are_closed(app, people, login, make_cycle,
                                                                          make_challenge):
    cycle_id = make_cycle(Phase.jury_review)
    draft = make_challenge(cycle_id, state=ChallengeState.draft)
    submitted = make_challenge(cycle_id, state=ChallengeState.submitted)
    assert login(people.stakeholder).post(f"/challenges/c/{draft}/submit").status_code == 409
    assert login(people.coordinator).post(f"/challenges/c/{submitted}/publish").status_code == 409
    assert read(app, Challenge, ChallengeEvent, "challenge_id", CHALLENGE_LIFECYCLE, submitted) == (
        ChallengeState.submitted, 0)


def test_asking_for_changes_needs_a_note(app, people, login, make_cycle, make_challenge):
    challenge_id = make_challenge(make_cycle(), state=ChallengeState.submitted)
    assert login(people.coordinator).post(f"/challenges/c/{challenge_id}/request-changes",
                                          data={"note": ""}).status_code == 409


# -- proposals --------------------------------------------------------------------------------
PROPOSAL_ROLES = ["applicant", "other_business", "coordinator", "owner", "plain"]
PROPOSAL_WHO = {
    A.submit: {"applicant"},
    A.withdraw: {"applicant"},
    A.mark_eligible: {"coordinator"},
    A.mark_ineligible: {"coordinator"},
    A.shortlist: {"coordinator"},
    A.make_finalist: {"coordinator"},
    A.award: {"coordinator"},
    A.not_select: {"coordinator"},
}
OUTCOME_OF = {A.shortlist: "shortlisted", A.make_finalist: "finalist", A.award: "winner",
              A.not_select: "not_selected"}


def test_the_proposal_table_covers_every_action_once():
    assert person_facing(PROPOSAL_LIFECYCLE) == set(PROPOSAL_LIFECYCLE.by_action) == set(PROPOSAL_WHO)


@pytest.mark.parametrize("state", list(ProposalState), ids=[s.value for s in ProposalState])
def test_every_proposal_action_and_role_in_this_state(app, people, login, make_user, make_org, make_cycle,
                                                      make_challenge, make_proposal, state):
    other = make_user(name="Other Business")
    make_org(name="Other Business Org", kind=OrganisationKind.social_business, admins=[other])
    second = make_user(name="Second Coordinator", roles=[Role.coordinator])
    users = {"applicant": people.business, "other_business": other, "coordinator": people.coordinator,
             "owner": people.stakeholder, "plain": people.plain}
    clients = {role: login(user) for role, user in users.items()}
    cycle_id = make_cycle(Phase.call_for_proposals)
    challenge_id = make_challenge(cycle_id)

    def make(at, action):
        proposal_id = make_proposal(challenge_id, state=at)
        if action in (A.mark_eligible, A.mark_ineligible):  # two coordinators have checked, and agree
            with app.app_context():
                for checker in (people.coordinator, second):
                    db.session.add(EligibilityCheck(proposal_id=proposal_id, checked_by_id=checker.id,
                                                    passed=action == A.mark_eligible))
                db.session.commit()
        return proposal_id

    def act(action, role, proposal_id):
        if action in (A.submit, A.withdraw):
            return clients[role].post(f"/challenges/p/{proposal_id}/{action.value}")
        if action in OUTCOME_OF:
            return clients[role].post(f"/challenges/p/{proposal_id}/decide", data={
                "outcome": OUTCOME_OF[action], "rationale": "Strong on impact.",
                "override_reason": "Tested without reviews."})
        return apply_as(app, PROPOSAL_LIFECYCLE, proposal_id, action, users[role])

    cases = walk_transition_table(
        PROPOSAL_LIFECYCLE, state, PROPOSAL_ROLES, lambda action, role, at: role in PROPOSAL_WHO[action],
        make=make, act=act,
        read=lambda i: read(app, Proposal, ProposalEvent, "proposal_id", PROPOSAL_LIFECYCLE, i))
    assert cases == len(PROPOSAL_WHO) * len(PROPOSAL_ROLES)


def test_one_coordinators_check_is_not_enough(app, people, login, make_cycle, make_challenge, make_proposal):
    proposal_id = make_proposal(make_challenge(make_cycle(Phase.eligibility)))
    response = login(people.coordinator).post(f"/challenges/p/{proposal_id}/eligibility", data={"passed": "yes"})
    assert response.status_code == 302
    assert read(app, Proposal, ProposalEvent, "proposal_id", PROPOSAL_LIFECYCLE, proposal_id)[0] == ProposalState.submitted


def test_after_the_deadline_a_proposal_is_neither_submitted_nor_withdrawn(app, people, login, make_cycle,
                                                                         make_challenge, make_proposal):
    challenge_id = make_challenge(make_cycle(Phase.eligibility))
    draft = make_proposal(challenge_id, state=ProposalState.draft)
    client = login(people.business)
    assert client.post(f"/challenges/p/{draft}/submit").status_code == 409
    assert client.post(f"/challenges/p/{draft}/withdraw").status_code == 409
    assert client.get(f"/challenges/p/{draft}/edit").status_code == 403


# -- pilots -----------------------------------------------------------------------------------
PILOT_ROLES = ["coordinator", "owner", "applicant", "plain"]
PILOT_WHO = {action: {"coordinator", "owner"} for action in (PA.contract, PA.start, PA.complete, PA.cancel)}


def test_the_pilot_table_covers_every_action_once():
    assert person_facing(PILOT_LIFECYCLE) == set(PILOT_LIFECYCLE.by_action) == set(PILOT_WHO)


@pytest.mark.parametrize("state", list(PilotState), ids=[s.value for s in PilotState])
def test_every_pilot_action_and_role_in_this_state(app, people, login, make_cycle, make_challenge, make_proposal,
                                                   state):
    users = {"coordinator": people.coordinator, "owner": people.stakeholder, "applicant": people.business,
             "plain": people.plain}
    clients = {role: login(user) for role, user in users.items()}
    challenge_id = make_challenge(make_cycle(Phase.follow_up, announced=True))

    def make(at):
        proposal_id = make_proposal(challenge_id, state=ProposalState.winner)
        with app.app_context():
            pilot = Pilot(proposal_id=proposal_id, state=at)
            db.session.add(pilot)
            db.session.commit()
            return pilot.id

    def act(action, role, pilot_id):
        return clients[role].post(f"/challenges/pilots/{pilot_id}/{action.value}",
                                  data={"contract_reference": "KS 2027/114", "note": ""})

    cases = walk_transition_table(
        PILOT_LIFECYCLE, state, PILOT_ROLES, lambda action, role, at: role in PILOT_WHO[action], make=make, act=act,
        read=lambda i: read(app, Pilot, PilotEvent, "pilot_id", PILOT_LIFECYCLE, i))
    assert cases == len(PILOT_WHO) * len(PILOT_ROLES)
