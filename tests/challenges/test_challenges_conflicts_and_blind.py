"""Conflicts keep a juror away from a proposal on every route; blind stages carry no applicant names."""
import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.accounts.models import Membership
from app.challenges import services
from app.challenges.anonymise import anonymised, names_in_text
from app.challenges.constants import ConflictDecision, ConflictSource, Phase, ProposalState, Stage
from app.challenges.models import Conflict, Juror, Proposal, ProposalAttachment
from app.extensions import db
from app.storage import file_storage
from tests.challenges.scenario import PDF, build
from tests.challenges.test_challenges_permissions import ROUTES

PROPOSAL_ROUTES = {"challenges.review_proposal", "challenges.juror_attachment"}


def _world(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign):
    return build(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign,
                 phase=Phase.jury_review, title="Mentors in Kroksbäck")


def _walk_as(login, user, ids):
    """Visit every GET route of the area and post a review; return {endpoint: response}."""
    browser = login(user)
    answers = {}
    for endpoint, method, path, _allowed, _data in ROUTES:
        if method == "GET":
            answers[endpoint] = browser.get(path.format(**vars(ids), vote_cycle=ids.cycle))
    answers["post_review"] = browser.post(f"/challenges/jury/p/{ids.proposal}", data={
        "score_1": "5", "recommendation": "advance", "submit_review": "1"})
    return answers


def _assert_kept_away(answers, title):
    for endpoint, response in answers.items():
        body = response.get_data(as_text=True)
        assert response.status_code != 500, endpoint
        if endpoint in PROPOSAL_ROUTES or endpoint == "post_review":
            assert response.status_code == 403, (endpoint, response.status_code)
        assert title is None or title not in body or endpoint in {"challenges.show_cycle", "challenges.index"}, endpoint


@pytest.mark.parametrize("decision", [ConflictDecision.pending, ConflictDecision.recused])
def test_a_declared_conflict_keeps_the_juror_away_on_every_route(app, people, login, make_user, make_cycle,
                                                                 make_challenge, make_proposal, make_juror, assign,
                                                                 decision):
    world = _world(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign)
    with app.app_context():
        conflict = db.session.get(Conflict, world.ids.conflict)
        conflict.decision = decision
        db.session.commit()
    _assert_kept_away(_walk_as(login, world.conflicted, world.ids), "Mentors in Kroksbäck")
    # the juror without a conflict does get in
    assert login(world.juror).get(f"/challenges/jury/p/{world.ids.proposal}").status_code == 200


def test_a_waived_conflict_lets_the_juror_in(app, people, login, make_user, make_cycle, make_challenge,
                                             make_proposal, make_juror, assign):
    world = _world(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign)
    with app.app_context():
        db.session.get(Conflict, world.ids.conflict).decision = ConflictDecision.waived
        db.session.commit()
    assert login(world.conflicted).get(f"/challenges/jury/p/{world.ids.proposal}").status_code == 200


def test_a_detected_conflict_keeps_the_juror_away_even_before_it_is_recorded(app, people, login, make_user,
                                                                           make_cycle, make_challenge, make_proposal,
                                                                           make_juror, assign):
    """The juror joined the applicant's organisation after being assigned: no conflict row exists yet."""
    world = _world(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign)
    with app.app_context():
        db.session.add(Membership(user_id=world.juror.id, organisation_id=people.business_org.id,
                                  state="approved"))
        db.session.commit()
    # as a member of the applicant the juror now sees the proposal as its own, never as a juror
    _assert_kept_away(_walk_as(login, world.juror, world.ids), None)
    with app.test_request_context():
        cycle = db.session.get(Juror, world.ids.juror).cycle
        assert services.detect_conflicts(cycle) >= 1
        db.session.commit()
        detected = db.session.scalar(sa.select(Conflict).where(Conflict.juror_id == world.ids.juror))
        assert detected.source == ConflictSource.detected and detected.blocks


def test_a_coordinator_on_the_jury_with_a_conflict_never_sees_that_proposals_scores(
        app, people, login, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign):
    world = _world(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign)
    juror_id = make_juror(world.ids.cycle, people.coordinator)
    with app.app_context():
        db.session.add(Conflict(juror_id=juror_id, proposal_id=world.ids.proposal, source=ConflictSource.declared))
        db.session.commit()
    assign(world.ids.juror, world.ids.winner, Stage.review, scores=4)
    client = login(people.coordinator)
    page = client.get(f"/challenges/cycles/{world.ids.cycle}/chair").get_data(as_text=True)
    assert "its figures are hidden from you" in page
    assert client.get(f"/challenges/p/{world.ids.proposal}/decide").status_code == 403
    assert client.post(f"/challenges/p/{world.ids.proposal}/decide", data={
        "outcome": "shortlisted", "rationale": "x", "override_reason": "y"}).status_code == 403


def test_assignment_never_gives_a_proposal_to_a_conflicted_juror_and_balances_the_load(
        app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror):
    cycle_id = make_cycle(Phase.jury_review)
    challenge_id = make_challenge(cycle_id)
    proposals = [make_proposal(challenge_id, state=ProposalState.eligible) for _ in range(5)]
    jurors = [make_juror(cycle_id, make_user()) for _ in range(4)]
    insider = make_user()
    with app.app_context():
        db.session.add(Membership(user_id=insider.id, organisation_id=people.business_org.id, state="approved"))
        db.session.commit()
    insider_seat = make_juror(cycle_id, insider)
    undeclared = make_juror(cycle_id, make_user(), declared=False)
    with app.test_request_context():
        db.session.add(Conflict(juror_id=jurors[0], proposal_id=proposals[0], source=ConflictSource.declared))
        cycle = db.session.get(Juror, jurors[0]).cycle
        short = services.assign_jurors(cycle, Stage.review)
        db.session.commit()
        assert short == []
        pairs = [(a.juror_id, a.proposal_id) for j in cycle.jurors for a in j.assignments]
    assert (jurors[0], proposals[0]) not in pairs
    assert not [p for j, p in pairs if j in (insider_seat, undeclared)]
    per_proposal = {p: sum(1 for _j, q in pairs if q == p) for p in proposals}
    assert set(per_proposal.values()) == {3}
    load = [sum(1 for j, _p in pairs if j == juror) for juror in jurors]
    assert max(load) - min(load) <= 1, load


# -- blind stages -----------------------------------------------------------------------------
PLANTED = ["Solrosen", "Maja Lindqvist", "Lindqvist", "Grönskan"]


def _planted_world(app, people, login, make_user, make_org, make_cycle, make_challenge, make_proposal, make_juror,
                   assign):
    maja = make_user(name="Maja Lindqvist")
    applicant = make_org(name="Solrosen Social AB", kind=OrganisationKind.social_business, admins=[maja])
    partner = make_org(name="Grönskan ideell förening", kind=OrganisationKind.community_group)
    cycle_id = make_cycle(Phase.jury_review)
    challenge_id = make_challenge(cycle_id)
    proposal_id = make_proposal(
        challenge_id, state=ProposalState.eligible, organisation=applicant,
        title="Solrosen mentors", summary="Maja Lindqvist and Solrosen Social AB run mentoring with Grönskan.",
        team="Lindqvist leads; two mentors from Grönskan.", solution="Mentors, as SOLROSEN did before.",
        criterion_answers={"1": "Solrosen has done this for years."})
    juror = make_user(name="Judith Juror")
    juror_id = make_juror(cycle_id, juror)
    assign(juror_id, proposal_id, Stage.review)
    with app.app_context():
        from app.accounts.models import Organisation

        proposal = db.session.get(Proposal, proposal_id)
        proposal.partners.append(db.session.get(Organisation, partner.id))
        key = f"challenges/test/planted-{proposal_id}.pdf"
        file_storage().save(key, PDF, "application/pdf")
        blind_file = ProposalAttachment(proposal_id=proposal_id, filename="Solrosen Lindqvist plan.pdf",
                                        storage_key=key, size=len(PDF), free_of_names=True)
        named_file = ProposalAttachment(proposal_id=proposal_id, filename="Solrosen CV.pdf", storage_key=key + "2",
                                        size=len(PDF), free_of_names=False)
        file_storage().save(key + "2", PDF, "application/pdf")
        db.session.add_all([blind_file, named_file])
        db.session.commit()
        return proposal_id, cycle_id, juror, maja, blind_file.id, named_file.id


def test_a_jurors_pages_and_downloads_in_a_blind_stage_carry_no_names(app, people, login, make_user, make_org,
                                                                       make_cycle, make_challenge, make_proposal,
                                                                       make_juror, assign):
    proposal_id, cycle_id, juror, _maja, blind_file, named_file = _planted_world(
        app, people, login, make_user, make_org, make_cycle, make_challenge, make_proposal, make_juror, assign)
    client = login(juror)
    answers = [client.get(f"/challenges/cycles/{cycle_id}/jury"), client.get(f"/challenges/jury/p/{proposal_id}")]
    download = client.get(f"/challenges/jury/attachments/{blind_file}")
    assert download.status_code == 200 and download.data == PDF
    assert client.get(f"/challenges/jury/attachments/{named_file}").status_code == 403
    assert "mentors" in answers[1].get_data(as_text=True)
    for response in [*answers, download]:
        assert response.status_code == 200
        text = response.get_data(as_text=True) + str(response.headers)
        for name in PLANTED:
            assert name.casefold() not in text.casefold(), (response.request.path, name)


def test_the_applicant_is_warned_of_the_names_in_the_text(app, people, login, make_user, make_org, make_cycle,
                                                          make_challenge, make_proposal, make_juror, assign):
    proposal_id, *_rest, maja, _b, _n = _planted_world(
        app, people, login, make_user, make_org, make_cycle, make_challenge, make_proposal, make_juror, assign)
    page = login(maja).get(f"/challenges/p/{proposal_id}").get_data(as_text=True)
    assert "Names in your text" in page
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        found = {n.casefold() for n in names_in_text(proposal)}
        assert {"solrosen", "maja lindqvist", "lindqvist", "grönskan", "solrosen social ab"} <= found
        blind = anonymised(proposal)
        assert "Solrosen" not in blind.summary and "Grönskan" not in blind.team
        assert blind.criterion_answers["1"] == "[…] has done this for years."
