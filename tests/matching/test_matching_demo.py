"""The demo data loads, has a match in every stage, and its lists rank as a reader would expect."""
import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db
from app.matching.constants import MatchState
from app.matching.models import Match, Need


def test_demo_data_has_every_stage_and_sensible_lists(app, login, demo):
    with app.app_context():
        stages = set(db.session.scalars(sa.select(Match.state)))
        assert stages == set(MatchState)
        stakeholder = db.session.scalar(sa.select(User).where(User.email == "stakeholder@example.org"))
        need = db.session.scalar(sa.select(Need).where(Need.title.like("Återvinningen%")))
        db.session.expunge(stakeholder)
    page = login(stakeholder).get(f"/matches/needs/{need.id}/matches").get_data(as_text=True)
    assert "Returkraft Malmö ek. för." in page and "Tracked: Became a customer" in page
    english = login(stakeholder).get("/matches/").get_data(as_text=True)
    assert "Computers for reuse" in english
