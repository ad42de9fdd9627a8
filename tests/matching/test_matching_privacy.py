"""A person's matching data in their export; deleting the account withdraws their shared contact details."""
from app.extensions import db
from app.matching.models import Match
from tests.matching.conftest import get_match


def test_export_and_deletion(app, people, login, market):
    stakeholder = login(people.stakeholder)
    stakeholder.post(f"/matches/needs/{market.need.id}/offerings/{market.offering.id}/track")
    match = get_match(app, market.need.id, market.offering.id)
    stakeholder.post(f"/matches/tracked/{match.id}/interest", data={"share_contact": "y"})
    data = stakeholder.get("/account/data.json").get_json()
    assert data["matching"]["needs"][0]["title"] == market.need.title
    assert data["matching"]["contact_details_shared_in_matches"] == [match.id]
    assert data["matching"]["match_steps"][0]["to"] == "suggested"

    with app.app_context():
        from app.accounts.models import User
        from app.accounts.services import delete_account

        delete_account(db.session.get(User, people.stakeholder.id))
        db.session.commit()
        assert db.session.get(Match, match.id).need_contact_id is None
