"""The coordinators' decisions in the challenge area are written to the audit log."""
import sqlalchemy as sa

from app.audit.models import AuditAction, AuditEntry
from app.challenges import services
from app.challenges.constants import ChallengeState, Phase
from app.challenges.models import Challenge, ChallengeCycle, Proposal
from app.extensions import db


def _entries(app):
    with app.app_context():
        return [(e.action, e.target_type, e.target_label, e.detail)
                for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def test_publishing_asking_for_changes_and_eligibility_are_audited(
        app, people, make_cycle, make_challenge, make_proposal):
    cycle_id = make_cycle(Phase.eligibility)
    waiting = make_challenge(cycle_id, state=ChallengeState.submitted, title="Meals for older people")
    proposal_id = make_proposal(make_challenge(cycle_id))
    with app.app_context():
        challenge = db.session.get(Challenge, waiting)
        services.request_challenge_changes(challenge, people.coordinator, "Name the municipalities.")
        proposal = db.session.get(Proposal, proposal_id)
        services.check_eligibility(proposal, people.coordinator, True, "Within the theme.")
        db.session.commit()
    entries = _entries(app)
    assert (AuditAction.challenge_changes_requested, "Meals for older people", "Name the municipalities.") in [
        (a, label, d) for a, _t, label, d in entries]
    assert any(a == AuditAction.challenge_eligibility_checked and d == "eligible: Within the theme."
               for a, _t, _l, d in entries)


def test_announcing_results_is_audited_and_every_action_has_a_label(app, people, make_cycle):
    cycle_id = make_cycle(Phase.announcement)
    with app.app_context():
        services.announce_results(db.session.get(ChallengeCycle, cycle_id), people.coordinator)
        db.session.commit()
    assert any(a == AuditAction.challenge_results_announced for a, *_rest in _entries(app))
    assert all(str(action.label) for action in AuditAction)


def test_the_audit_log_lists_a_published_challenge(app, people, login, make_cycle, make_challenge):
    waiting = make_challenge(make_cycle(), state=ChallengeState.submitted, title="Safe routes to school")
    with app.app_context():
        services.publish_challenge(db.session.get(Challenge, waiting), people.coordinator)
        db.session.commit()
    assert [a for a, *_rest in _entries(app)] == [AuditAction.challenge_published]
    page = login(people.coordinator).get("/audit/")
    assert page.status_code == 200 and "Challenge published" in page.get_data(as_text=True)
    assert "Safe routes to school" in page.get_data(as_text=True)
