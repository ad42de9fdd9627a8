"""Every page answers for the people it is for (a first walk, before the permission table)."""
from app.challenges.constants import Phase


def test_pages_answer(app, people, login, client, make_cycle, make_challenge, make_proposal):
    cycle_id = make_cycle(Phase.call_for_proposals)
    challenge_id = make_challenge(cycle_id)
    proposal_id = make_proposal(challenge_id)
    coordinator = login(people.coordinator)
    for path in ["/challenges/", f"/challenges/cycles/{cycle_id}", f"/challenges/c/{challenge_id}",
                 f"/challenges/cycles/{cycle_id}/challenges.csv", f"/challenges/cycles/{cycle_id}/challenges.json"]:
        assert client.get(path).status_code == 200, path
    for path in [f"/challenges/cycles/{cycle_id}/chair", f"/challenges/cycles/{cycle_id}/jurors",
                 f"/challenges/cycles/{cycle_id}/rubric", f"/challenges/cycles/{cycle_id}/edit", "/challenges/cycles/new",
                 f"/challenges/p/{proposal_id}", "/challenges/mine"]:
        response = coordinator.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[-2000:])
    business = login(people.business)
    for path in [f"/challenges/p/{proposal_id}", f"/challenges/p/{proposal_id}/edit",
                 f"/challenges/c/{challenge_id}/propose"]:
        response = business.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[-2000:])
    stakeholder = login(people.stakeholder)
    assert stakeholder.get(f"/challenges/cycles/{cycle_id}/challenges/new").status_code == 200
