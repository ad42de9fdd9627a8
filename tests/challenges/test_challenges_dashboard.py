"""The challenge on the alliance dashboard: proposals per challenge and organisations per sector, small groups folded."""
from datetime import date, timedelta

from app.accounts.constants import OrganisationKind, Sector
from app.challenges.constants import ChallengeAction, ChallengeState, ProposalAction, ProposalState
from app.challenges.figures import _grouped, dashboard_breakdowns
from app.challenges.models import ChallengeEvent, ProposalEvent
from app.dashboard.figures import DateRange
from app.extensions import db


def test_small_groups_are_folded_and_never_shown_alone():
    assert _grouped([("A", 7), ("B", 3), ("C", 2)], "Other") == ([("A", 7), ("Other", 5)], 0)
    assert _grouped([("A", 7), ("B", 3)], "Other") == ([("A", 7)], 1)  # one small group would stand alone
    assert _grouped([("A", 7), ("B", 1), ("C", 1)], "Other") == ([("A", 7)], 2)  # together still fewer than 5
    assert _grouped([(str(n), 5 + n) for n in range(12)], "Other", most=10)[0][-1] == ("Other", 11)


def _sent(app, proposal_ids, actor):
    with app.app_context():
        for proposal_id in proposal_ids:
            db.session.add(ProposalEvent(proposal_id=proposal_id, action=ProposalAction.submit, actor_id=actor.id,
                                         from_state=ProposalState.draft, to_state=ProposalState.submitted))
        db.session.commit()


def test_the_dashboard_shows_proposals_per_challenge_and_sectors_without_small_groups(
        app, people, login, make_org, make_cycle, make_challenge, make_proposal):
    cycle_id = make_cycle()
    busy = make_challenge(cycle_id, title="Meals for older people")
    quiet = make_challenge(cycle_id, title="Safe routes to school")
    with app.app_context():
        for challenge_id in (busy, quiet):
            db.session.add(ChallengeEvent(challenge_id=challenge_id, action=ChallengeAction.publish,
                                          actor_id=people.coordinator.id, from_state=ChallengeState.submitted,
                                          to_state=ChallengeState.published))
        db.session.commit()
    businesses = [make_org(kind=OrganisationKind.social_business, sector=Sector.social_economy) for _ in range(5)]
    group = make_org(kind=OrganisationKind.community_group, sector=Sector.civil_society)
    _sent(app, [make_proposal(busy, organisation=org) for org in businesses] + [make_proposal(busy)], people.business)
    _sent(app, [make_proposal(quiet, organisation=group)], people.group)

    today = date.today()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        (per_challenge, challenges_left_out), (per_sector, sectors_left_out) = dashboard_breakdowns(
            DateRange(today - timedelta(days=1), today))
        # The business of the last proposal is in the social economy too; the one community group and the
        # owner's public sector (one organisation each, two in all) are not singled out, nor shown together.
        assert [(str(label), n) for label, n in per_sector] == [("Social economy", 6)] and sectors_left_out == 2
    assert per_challenge == [("Meals for older people", 6)] and challenges_left_out == 1

    page = login(people.coordinator).get("/dashboard/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Proposals per challenge" in text and "Meals for older people" in text
    assert "Safe routes to school" not in text and "fewer than 5 proposals" in text
