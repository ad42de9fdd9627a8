"""The transition table, exhaustively: every state x action x role, through the real routes."""
import pytest

from app.requests.constants import EventKind, RequestState
from app.requests.lifecycle import BY_ACTION, FINAL_STATES, LIFECYCLE, TRANSITIONS
from app.requests.models import ASSIGNEE, COORDINATOR, FACILITATOR, GROUP, RESEARCHER
from tests.lifecycle_table import walk_transition_table
from tests.requests.conftest import ASSIGNED_STATES, fetch

ROLES = ["group", "coordinator", "researcher", "assignee", "facilitator"]

# Valid form data for each action, so that only the table decides.
DATA = {
    EventKind.submit: {},
    EventKind.withdraw: {},
    EventKind.accept: {"accept-note": "Fits our scope."},
    EventKind.ask_info: {"ask_info-note": "Which courtyards do you mean?"},
    EventKind.decline: {"decline-reason": "outside_scope", "decline-text": "This is a question for the municipality."},
    EventKind.refer: {"refer-referred_to": "Malmö stad, stadsbyggnadskontoret", "refer-note": ""},
    EventKind.advise: {"advise-advice": "Start with the municipality's tree plan."},
    EventKind.open: {"open-note": ""},
    EventKind.route_colab: {"route_colab-note": "A workshop suits this."},
    EventKind.claim: {},
    EventKind.start: {},
    EventKind.complete: {"complete-public_summary": "Tenants can plant together.",
                         "complete-result_text": "The full result."},
    EventKind.complete_colab: {"complete_colab-public_summary": "The co-lab found three ideas.",
                               "complete_colab-outcome": "Ideas and an action plan."},
    EventKind.assign: {"assign-note": "You know this field."},  # the researcher is added per test
    EventKind.release: {"release-note": "No progress for three months."},
    EventKind.hand_back: {"hand_back-note": "I am on leave."},
}


# Who may take each action, by the roles a person holds towards the request (written by hand).
WHO = {
    EventKind.submit: {GROUP}, EventKind.withdraw: {GROUP},
    EventKind.accept: {COORDINATOR}, EventKind.ask_info: {COORDINATOR}, EventKind.decline: {COORDINATOR},
    EventKind.refer: {COORDINATOR}, EventKind.advise: {COORDINATOR}, EventKind.open: {COORDINATOR},
    EventKind.route_colab: {COORDINATOR},
    EventKind.claim: {RESEARCHER}, EventKind.start: {ASSIGNEE}, EventKind.complete: {ASSIGNEE},
    EventKind.complete_colab: {COORDINATOR, FACILITATOR},
    EventKind.assign: {COORDINATOR}, EventKind.release: {COORDINATOR}, EventKind.hand_back: {ASSIGNEE},
}


def roles_held(role, state):
    """Return the roles a test person holds towards a request in this state."""
    if role == "assignee":
        return {RESEARCHER, ASSIGNEE} if state in ASSIGNED_STATES else {RESEARCHER}
    return {"group": {GROUP}, "coordinator": {COORDINATOR}, "researcher": {RESEARCHER},
            "facilitator": {FACILITATOR}}[role]


def test_the_table_covers_every_action_once():
    assert len({t.action for t in TRANSITIONS}) == len(TRANSITIONS)
    assert set(DATA) == set(BY_ACTION) == set(WHO)


@pytest.mark.parametrize("state", list(RequestState), ids=[s.value for s in RequestState])
def test_every_action_and_role_in_this_state(app, people, login, make_request, make_researcher, state):
    researcher = make_researcher(name="Some Researcher")
    assignee = make_researcher(name="Assigned Researcher", capacity=50)
    users = {"group": people.group, "coordinator": people.coordinator, "researcher": researcher,
             "assignee": assignee, "facilitator": people.facilitator}
    data = {**DATA, EventKind.assign: {**DATA[EventKind.assign], "assign-researcher": str(researcher.id)}}
    cases = walk_transition_table(
        LIFECYCLE, state, ROLES, lambda action, role, at: bool(roles_held(role, at) & WHO[action]),
        # Open for long enough that coordinators may close it unclaimed with an outcome.
        make=lambda at: make_request(people.group_org, state=at, assignee=assignee, age_days=400),
        act=lambda action, role, request_id: login(users[role]).post(f"/requests/{request_id}/do/{action.value}",
                                                                     data=data[action]),
        read=lambda request_id: fetch(app, request_id))
    assert cases == len(TRANSITIONS) * len(ROLES)


def test_a_failed_need_changes_nothing(app, people, login, make_request, make_researcher):
    """A researcher at capacity is refused (409) and the request stays open."""
    researcher = make_researcher(capacity=1)
    make_request(people.group_org, state=RequestState.claimed, assignee=researcher)
    open_id = make_request(people.group_org, state=RequestState.open)
    response = login(researcher).post(f"/requests/{open_id}/do/claim")
    assert response.status_code == 409
    assert "capacity" in response.get_data(as_text=True)
    assert fetch(app, open_id) == (RequestState.open, 0)


def test_incomplete_draft_cannot_be_submitted(app, people, login, make_request):
    draft = make_request(people.group_org, state=RequestState.draft, question="", themes=())
    response = login(people.group).post(f"/requests/{draft}/do/submit")
    assert response.status_code == 409
    assert fetch(app, draft) == (RequestState.draft, 0)


def test_invalid_action_form_stores_nothing(app, people, login, make_request):
    submitted = make_request(people.group_org, state=RequestState.submitted)
    response = login(people.coordinator).post(f"/requests/{submitted}/do/decline",
                                              data={"decline-reason": "other", "decline-text": ""})
    assert response.status_code == 400
    assert "Explain the reason" in response.get_data(as_text=True)
    assert fetch(app, submitted) == (RequestState.submitted, 0)


# States nobody leaves, written by hand: the request has its answer, or the group took it back.
FINAL = {RequestState.declined, RequestState.referred, RequestState.advised, RequestState.completed,
         RequestState.withdrawn}


def test_every_state_that_is_not_final_has_a_way_out_for_some_role():
    """Walk the table: from every state but the final ones some role in ROLES takes some row out of it."""
    assert FINAL_STATES == FINAL
    for state in RequestState:
        ways = [(row.action, role) for row in TRANSITIONS if state in row.sources and row.target != state
                for role in ROLES if roles_held(role, state) & WHO[row.action]]
        assert bool(ways) == (state not in FINAL), (state, ways)


def test_an_open_request_is_closed_unclaimed_only_after_the_set_time(app, people, login, make_request):
    fresh = make_request(people.group_org, state=RequestState.open, age_days=5)
    client = login(people.coordinator)
    assert "Decline with a reason" not in client.get(f"/requests/{fresh}").get_data(as_text=True)
    response = client.post(f"/requests/{fresh}/do/refer", data=DATA[EventKind.refer])
    assert response.status_code == 409 and "60 days" in response.get_data(as_text=True)
    old = make_request(people.group_org, state=RequestState.open, age_days=90)
    assert "Decline with a reason" in client.get(f"/requests/{old}").get_data(as_text=True)
    assert client.post(f"/requests/{old}/do/refer", data=DATA[EventKind.refer]).status_code == 302
    assert fetch(app, old) == (RequestState.referred, 1)
