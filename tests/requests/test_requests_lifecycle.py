"""The transition table, exhaustively: every state x action x role, through the real routes."""
import pytest

from app.requests.constants import EventKind, RequestState
from app.requests.lifecycle import BY_ACTION, LIFECYCLE, TRANSITIONS
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
}


# Who may take each action, by the roles a person holds towards the request (written by hand).
WHO = {
    EventKind.submit: {GROUP}, EventKind.withdraw: {GROUP},
    EventKind.accept: {COORDINATOR}, EventKind.ask_info: {COORDINATOR}, EventKind.decline: {COORDINATOR},
    EventKind.refer: {COORDINATOR}, EventKind.advise: {COORDINATOR}, EventKind.open: {COORDINATOR},
    EventKind.route_colab: {COORDINATOR},
    EventKind.claim: {RESEARCHER}, EventKind.start: {ASSIGNEE}, EventKind.complete: {ASSIGNEE},
    EventKind.complete_colab: {COORDINATOR, FACILITATOR},
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
    cases = walk_transition_table(
        LIFECYCLE, state, ROLES, lambda action, role, at: bool(roles_held(role, at) & WHO[action]),
        make=lambda at: make_request(people.group_org, state=at, assignee=assignee),
        act=lambda action, role, request_id: login(users[role]).post(f"/requests/{request_id}/do/{action.value}",
                                                                     data=DATA[action]),
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
