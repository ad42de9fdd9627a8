"""The transition table, exhaustively: every state x action x role, through the real routes."""
import pytest

from app.requests.constants import EventKind, RequestState
from app.requests.lifecycle import BY_ACTION, TRANSITIONS
from app.requests.models import ASSIGNEE, COORDINATOR, FACILITATOR, GROUP, RESEARCHER
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


def roles_held(role, state):
    """Return the roles a test person holds towards a request in this state."""
    if role == "assignee":
        return {RESEARCHER, ASSIGNEE} if state in ASSIGNED_STATES else {RESEARCHER}
    return {"group": {GROUP}, "coordinator": {COORDINATOR}, "researcher": {RESEARCHER},
            "facilitator": {FACILITATOR}}[role]


def test_the_table_covers_every_action_once():
    assert len({t.action for t in TRANSITIONS}) == len(TRANSITIONS)
    assert set(DATA) == set(BY_ACTION)


@pytest.mark.parametrize("state", list(RequestState), ids=[s.value for s in RequestState])
def test_every_action_and_role_in_this_state(app, people, login, make_request, make_researcher, state):
    researcher = make_researcher(name="Some Researcher")
    assignee = make_researcher(name="Assigned Researcher", capacity=50)
    users = {"group": people.group, "coordinator": people.coordinator, "researcher": researcher,
             "assignee": assignee, "facilitator": people.facilitator}
    outcomes = []
    for transition in TRANSITIONS:
        for role in ROLES:
            request_id = make_request(people.group_org, state=state, assignee=assignee)
            before_state, before_events = fetch(app, request_id)
            response = login(users[role]).post(f"/requests/{request_id}/do/{transition.action.value}",
                                               data=DATA[transition.action])
            after_state, after_events = fetch(app, request_id)
            may = bool(roles_held(role, state) & transition.who)
            allowed = may and state in transition.sources
            case = (state.value, transition.action.value, role)
            if allowed:
                assert response.status_code == 302, (case, response.get_data(as_text=True)[:800])
                assert after_state == transition.target, case
                assert after_events == before_events + 1, case
            else:
                expected = 409 if may else 403
                assert response.status_code == expected, (case, response.status_code)
                assert (after_state, after_events) == (before_state, before_events), case
            outcomes.append(allowed)
    assert len(outcomes) == len(TRANSITIONS) * len(ROLES)


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
