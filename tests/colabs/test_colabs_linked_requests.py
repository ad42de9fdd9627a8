"""Requests routed to a co-lab: linked to a session, completed by its outcomes, on their timeline."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.colabs.models import ColabSession
from app.db_types import utcnow
from app.extensions import db
from app.requests.constants import RequestState
from app.requests.models import Request, RequestEvent
from tests.conftest import persist

EN = {"Accept-Language": "en"}


@pytest.fixture
def routed(app, people):
    """Two requests routed to a co-lab and one still open to researchers."""
    made = [persist(app, Request(organisation_id=people.group_org.id, title=title, question="Q?", state=state))
            for title, state in [("Unsafe crossings near the school", RequestState.colab),
                                 ("Dark paths in the park", RequestState.colab),
                                 ("Noise from the motorway", RequestState.open)]]
    return made


def test_only_requests_routed_to_a_colab_can_be_linked(app, login, make_user, make_session, routed):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator])
    client = login(facilitator)
    page = client.get(f"/colabs/{session_id}/requests", headers=EN).get_data(as_text=True)
    assert "Unsafe crossings near the school" in page and "Noise from the motorway" not in page
    response = client.post(f"/colabs/{session_id}/requests", data={"requests": [str(routed[2].id)]}, headers=EN)
    assert response.status_code == 200 and "not a valid choice" in response.get_data(as_text=True).lower()
    response = client.post(f"/colabs/{session_id}/requests", data={"requests": [str(routed[0].id), str(routed[1].id)]})
    assert response.status_code == 302
    with app.app_context():
        linked = db.session.get(ColabSession, session_id).linked_requests
        assert [r.id for r in linked] == [routed[0].id, routed[1].id]


def test_only_the_sessions_managers_link_requests(app, people, login, make_user, make_session, routed):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator])
    for user, expected in [(people.facilitator, 403), (people.group, 403), (people.coordinator, 200)]:
        assert login(user).get(f"/colabs/{session_id}/requests").status_code == expected


def test_recording_outcomes_completes_the_linked_requests(app, login, make_user, make_session, routed):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], starts_at=utcnow() + timedelta(days=1))
    client = login(facilitator)
    client.post(f"/colabs/{session_id}/requests", data={"requests": [str(routed[0].id)]})
    with app.app_context():
        session = db.session.get(ColabSession, session_id)
        session.starts_at = utcnow() - timedelta(hours=3)
        session.ends_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    response = client.post(f"/colabs/{session_id}/close", data={
        "outcome_notes": "We mapped five unsafe crossings.", "decisions": "Ask the city for speed bumps.",
        "actions-0-what": "Write to the traffic office", "actions-0-who": "Goran", "actions-0-due_on": "2027-01-15"},
        headers=EN)
    assert response.status_code == 302
    with app.app_context():
        done = db.session.get(Request, routed[0].id)
        waiting = db.session.get(Request, routed[1].id)
        assert done.state == RequestState.completed and waiting.state == RequestState.colab
        assert done.public_summary == "We mapped five unsafe crossings."
        event = db.session.scalars(sa.select(RequestEvent).where(RequestEvent.request_id == done.id)
                                   .order_by(RequestEvent.id.desc())).first()
        assert event.to_state == RequestState.completed
        for text in ("We mapped five unsafe crossings.", "Ask the city for speed bumps.",
                     "Write to the traffic office (Goran)"):
            assert text in event.note


def test_the_request_page_names_its_session_and_links_the_ranked_researchers(app, people, login, make_user,
                                                                              make_session, routed):
    facilitator = make_user(roles=["facilitator"])
    session_id = make_session(facilitators=[facilitator], title="Safer streets co-lab")
    login(facilitator).post(f"/colabs/{session_id}/requests", data={"requests": [str(routed[0].id)]})
    page = login(people.group).get(f"/requests/{routed[0].id}", headers=EN).get_data(as_text=True)
    assert "Safer streets co-lab" in page and f"/colabs/{session_id}" in page
    assert "Researchers ranked for this request" not in page
    page = login(people.coordinator).get(f"/requests/{routed[2].id}", headers=EN).get_data(as_text=True)
    assert f"/matches/requests/{routed[2].id}/researchers" in page
