"""The transition table of tracked matches, exhaustively: every state x action x role, through the real routes."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.matching.constants import Capacity, Category, MatchAction, MatchState, NoFitReason, ValueBand
from app.matching.lifecycle import MATCH_LIFECYCLE
from app.matching.models import Match, MatchEvent, Offering
from tests.lifecycle_table import walk_transition_table

ROLES = ["coordinator", "need_side", "offering_side", "unrelated"]

# Who may take each step of a match (written by hand): coordinators introduce; either side or a
# coordinator records the meeting or that it did not fit; the customer's side or a coordinator
# records the deal; only the two sides decline.
WHO = {
    MatchAction.introduce: {"coordinator"},
    MatchAction.record_meeting: {"coordinator", "need_side", "offering_side"},
    MatchAction.record_customer: {"coordinator", "need_side"},
    MatchAction.record_no_fit: {"coordinator", "need_side", "offering_side"},
    MatchAction.decline: {"need_side", "offering_side"},
}

# The route of each step and valid form data for it, so that only the table decides.
TODAY = date.today().isoformat()
STEPS = {
    MatchAction.introduce: ("introduce", {"note": "Ni borde träffas."}),
    MatchAction.record_meeting: ("meeting", {"meeting_on": TODAY, "note": ""}),
    MatchAction.record_customer: ("customer", {"value_band": ValueBand.up_to_250k.value, "customer_since": TODAY}),
    MatchAction.record_no_fit: ("no-fit", {"reason": NoFitReason.price.value, "note": ""}),
    MatchAction.decline: ("decline", {"note": "Vi har inte tid i vår."}),
}


def test_the_table_covers_every_action_once():
    transitions = MATCH_LIFECYCLE.transitions
    assert len({t.action for t in transitions}) == len(transitions)
    assert {t.action for t in transitions if t.permission is not None} == set(MATCH_LIFECYCLE.by_action)
    assert set(MATCH_LIFECYCLE.by_action) == set(WHO) == set(STEPS)


def read_match(app, match_id):
    """Return (state, number of events) of a match, read fresh."""
    with app.app_context():
        state = db.session.scalar(sa.select(Match.state).where(Match.id == match_id))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(MatchEvent)
                                   .where(MatchEvent.match_id == match_id))
    return state, events


@pytest.fixture
def make_match(app, people, make_need):
    """Create a match directly in a state, each with an offering of its own, with the columns its state has."""
    need = make_need(people.stakeholder_org, creator=people.stakeholder)

    def make(state):
        week_ago = date.today() - timedelta(days=7)
        fields = {}
        if state in (MatchState.meeting_held, MatchState.became_customer):
            fields["meeting_on"] = week_ago
        if state == MatchState.became_customer:
            fields.update(value_band=ValueBand.under_50k, customer_since=week_ago)
        if state == MatchState.no_fit:
            fields["no_fit_reason"] = NoFitReason.timing
        with app.app_context():
            offering = Offering(organisation_id=people.business_org.id, title="Städning av kontor",
                                description="Vi städar kontor och trapphus i Malmö.", category=Category.cleaning,
                                capacity=Capacity.medium, created_by_id=people.business.id)
            db.session.add(offering)
            db.session.flush()
            match = Match(need_id=need.id, offering_id=offering.id, state=state, created_by_id=people.coordinator.id,
                          **fields)
            db.session.add(match)
            db.session.commit()
            return match.id
    return make


@pytest.mark.parametrize("state", list(MatchState), ids=[s.value for s in MatchState])
def test_every_action_and_role_in_this_state(app, people, login, make_match, state):
    users = {"coordinator": people.coordinator, "need_side": people.stakeholder, "offering_side": people.business,
             "unrelated": people.group}
    clients = {role: login(user) for role, user in users.items()}

    def act(action, role, match_id):
        path, data = STEPS[action]
        return clients[role].post(f"/matches/tracked/{match_id}/{path}", data=data)

    cases = walk_transition_table(
        MATCH_LIFECYCLE, state, ROLES, lambda action, role, at: role in WHO[action],
        make=make_match, act=act, read=lambda match_id: read_match(app, match_id))
    assert cases == len(WHO) * len(ROLES)


def test_a_meeting_in_the_future_changes_nothing(app, people, login, make_match):
    """The side may and the state allows it, but the form refuses a date to come (400)."""
    match_id = make_match(MatchState.introduced)
    response = login(people.business).post(f"/matches/tracked/{match_id}/meeting",
                                           data={"meeting_on": (date.today() + timedelta(days=3)).isoformat()})
    assert response.status_code == 400
    assert read_match(app, match_id) == (MatchState.introduced, 0)
