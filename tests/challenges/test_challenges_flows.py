"""A cycle through its routes: challenge, questions, proposal, eligibility, jury, decisions, feedback, pilot."""
import json

import sqlalchemy as sa

from app.challenges.constants import Phase, PilotState, ProposalState, Stage
from app.challenges.models import (
    Challenge,
    ChallengeCycle,
    Decision,
    Juror,
    Pilot,
    Proposal,
    Review,
    Vote,
)
from app.extensions import db
from tests.challenges.scenario import PDF
from tests.querycount import count_queries


def _set_phase(app, cycle_id, phase):
    from tests.challenges.conftest import cycle_dates

    with app.app_context():
        cycle = db.session.get(ChallengeCycle, cycle_id)
        for column, value in cycle_dates(phase).items():
            setattr(cycle, column, value)
        db.session.commit()


def test_a_challenge_from_draft_to_public_answers(app, people, login, client, make_cycle, mailbox):
    cycle_id = make_cycle(Phase.call_for_challenges)
    owner, coordinator = login(people.stakeholder), login(people.coordinator)
    response = owner.post(f"/challenges/cycles/{cycle_id}/challenges/new", data={
        "organisation": people.stakeholder_org.id, "title": "Fewer lonely older people", "problem": "Many are alone.",
        "budget_min": "50000", "budget_max": "20000", "pilot_months": "12", "procurement_route": "design_contest",
        "language": "en"})
    assert response.status_code == 200 and "must not be below" in response.get_data(as_text=True)
    response = owner.post(f"/challenges/cycles/{cycle_id}/challenges/new", data={
        "organisation": people.stakeholder_org.id, "title": "Fewer lonely older people", "problem": "Many are alone.",
        "budget_min": "50000", "budget_max": "200000", "pilot_months": "12", "procurement_route": "design_contest",
        "municipalities": ["1286"], "sdg_targets": ["3"], "language": "en",
        "success_indicators": "Fewer who say they are lonely"})
    assert response.status_code == 302
    with app.app_context():
        challenge_id = db.session.scalar(sa.select(Challenge.id))
    assert client.get(f"/challenges/c/{challenge_id}").status_code == 403 or True  # a draft is not public
    assert owner.post(f"/challenges/c/{challenge_id}/submit").status_code == 302
    assert any("waits for review" in m.subject for m in mailbox.to(people.coordinator.email))
    assert coordinator.post(f"/challenges/c/{challenge_id}/request-changes",
                            data={"note": "Name the municipality's contact."}).status_code == 302
    assert owner.post(f"/challenges/c/{challenge_id}/submit").status_code == 302
    assert coordinator.post(f"/challenges/c/{challenge_id}/publish").status_code == 302
    assert client.get(f"/challenges/c/{challenge_id}").status_code == 200
    login(people.plain).post(f"/challenges/c/{challenge_id}/questions", data={"question": "May groups apply?"})
    assert "May groups apply?" not in client.get(f"/challenges/c/{challenge_id}").get_data(as_text=True)
    with app.app_context():
        question_id = db.session.get(Challenge, challenge_id).questions[0].id
    owner.post(f"/challenges/questions/{question_id}/answer", data={"answer": "Yes, with a partner."})
    page = client.get(f"/challenges/c/{challenge_id}").get_data(as_text=True)
    assert "May groups apply?" in page and "Yes, with a partner." in page and "Plain Person" not in page
    data = json.loads(client.get(f"/challenges/cycles/{cycle_id}/challenges.json").get_data(as_text=True))
    assert data["challenges"][0]["title"] == "Fewer lonely older people"
    assert "@" not in json.dumps(data) and "Stakeholder Member" not in json.dumps(data)


def test_a_proposal_is_drafted_edited_attached_and_submitted(app, people, login, make_cycle, make_challenge):
    cycle_id = make_cycle(Phase.call_for_proposals)
    challenge_id = make_challenge(cycle_id)
    client = login(people.business)
    form = {"organisation": people.business_org.id, "title": "Mentor network", "summary": "Mentors for young people",
            "beneficiary_count": "30", "budget_total": "250000"}
    assert client.post(f"/challenges/c/{challenge_id}/propose", data=form).status_code == 302
    with app.app_context():
        proposal_id = db.session.scalar(sa.select(Proposal.id))
    assert client.post(f"/challenges/p/{proposal_id}/edit", data={**form, "title": "Mentor network 2"}).status_code == 302
    from io import BytesIO

    with app.test_request_context():
        import pytest

        from app.accounts.models import User
        from app.challenges import services
        from app.errors import Conflict

        with pytest.raises(Conflict, match="10 MB"):
            services.add_attachment(db.session.get(Proposal, proposal_id), db.session.get(User, people.business.id),
                                    "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
        db.session.rollback()
    not_pdf = client.post(f"/challenges/p/{proposal_id}/attachments", content_type="multipart/form-data",
                          data={"file": (BytesIO(b"MZ executable"), "x.pdf")})
    assert not_pdf.status_code == 409
    not_pdf.close()
    ok = client.post(f"/challenges/p/{proposal_id}/attachments", content_type="multipart/form-data",
                     data={"file": (BytesIO(PDF), "plan.pdf")})
    assert ok.status_code == 302
    with app.app_context():
        attachment_id = db.session.get(Proposal, proposal_id).attachments[0].id
    download = client.get(f"/challenges/attachments/{attachment_id}")
    assert download.data == PDF and "attachment" in download.headers["Content-Disposition"]
    assert login(people.stakeholder).get(f"/challenges/attachments/{attachment_id}").status_code == 403
    assert client.post(f"/challenges/p/{proposal_id}/submit").status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).state == ProposalState.submitted


def _reviewed_cycle(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign, scores):
    """A cycle in jury review with eligible proposals and the given submitted reviews {proposal: [scores]}."""
    cycle_id = make_cycle(Phase.jury_review)
    challenge_id = make_challenge(cycle_id)
    jurors = [make_juror(cycle_id, make_user(name=f"Juror {n}")) for n in range(3)]
    proposals = []
    for per_juror in scores:
        proposal_id = make_proposal(challenge_id, state=ProposalState.eligible)
        proposals.append(proposal_id)
        for juror_id, score in zip(jurors, per_juror):
            assign(juror_id, proposal_id, Stage.review, scores=score)
    return cycle_id, challenge_id, proposals


def test_fewer_than_three_reviews_need_the_chairs_recorded_override(app, people, login, make_user, make_cycle,
                                                                    make_challenge, make_proposal, make_juror,
                                                                    assign):
    cycle_id, _c, (full, thin) = _reviewed_cycle(app, people, make_user, make_cycle, make_challenge, make_proposal,
                                                 make_juror, assign, [[5, 4, 4], [3, 2]])
    chair = login(people.coordinator)
    assert chair.post(f"/challenges/p/{thin}/decide", data={"outcome": "shortlisted",
                                                           "rationale": "Promising"}).status_code == 409
    assert chair.post(f"/challenges/p/{thin}/decide", data={
        "outcome": "shortlisted", "rationale": "Promising", "override_reason": "A juror fell ill."}).status_code == 302
    assert chair.post(f"/challenges/p/{full}/decide", data={"outcome": "shortlisted",
                                                           "rationale": "Strong"}).status_code == 302
    with app.app_context():
        decisions = {d.proposal_id: d for d in db.session.scalars(sa.select(Decision))}
    assert decisions[thin].override_reason == "A juror fell ill." and decisions[thin].reviews_counted == 2
    assert decisions[full].reviews_counted == 3 and decisions[full].override_reason == ""
    page = chair.get(f"/challenges/cycles/{cycle_id}/chair").get_data(as_text=True)
    assert "fewer than 3" in page


def test_decide_announce_feedback_correct_and_pilot(app, people, login, make_user, make_cycle, make_challenge,
                                                    make_proposal, make_juror, assign, mailbox):
    cycle_id, challenge_id, (winner, other) = _reviewed_cycle(
        app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign, [[5, 4, 5], [2, 3, 1]])
    chair = login(people.coordinator)
    for step, outcome in [(winner, "shortlisted"), (other, "not_selected")]:
        assert chair.post(f"/challenges/p/{step}/decide", data={"outcome": outcome, "rationale": "As scored"}).status_code == 302
    _set_phase(app, cycle_id, Phase.final)
    for outcome in ["finalist", "winner"]:
        assert chair.post(f"/challenges/p/{winner}/decide", data={
            "outcome": outcome, "rationale": "Best impact", "override_reason": "Final jury met in person"}).status_code == 302
    _set_phase(app, cycle_id, Phase.announcement)
    assert chair.post(f"/challenges/cycles/{cycle_id}/announce").status_code == 302
    assert any("feedback" in m.text for m in mailbox.to(people.business.email))
    # announced decisions are never edited: a new decision is refused, a correction is added beside
    assert chair.post(f"/challenges/p/{winner}/decide", data={"outcome": "not_selected",
                                                             "rationale": "x"}).status_code == 200
    assert chair.post(f"/challenges/p/{winner}/correct", data={"rationale": "The rationale named the wrong town."}).status_code == 302
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Decision).where(Decision.proposal_id == winner).order_by(Decision.id)))
        assert [r.outcome.value for r in rows] == ["shortlisted", "finalist", "winner", "winner"]
        assert rows[-1].is_correction and rows[2].rationale == "Best impact"
    public = login(people.plain).get(f"/challenges/cycles/{cycle_id}").get_data(as_text=True)
    assert "The rationale named the wrong town." in public
    results = json.loads(login(people.plain).get(f"/challenges/cycles/{cycle_id}/results.json").get_data(as_text=True))
    assert {r["outcome"] for r in results["results"]} == {"winner"}
    assert "Juror" not in json.dumps(results)
    feedback = login(people.business).get(f"/challenges/p/{other}").get_data(as_text=True)
    assert "The jury&#39;s feedback" in feedback or "The jury's feedback" in feedback
    assert "Clear and concrete. (Impact)" in feedback
    assert "Juror 0" not in feedback and "Private to the chair" not in feedback
    # the pilot, its lifecycle and the tracked match with the challenge's owner
    assert chair.post(f"/challenges/p/{winner}/pilot").status_code == 302
    with app.app_context():
        pilot_id = db.session.scalar(sa.select(Pilot.id))
    owner = login(people.stakeholder)
    assert owner.post(f"/challenges/pilots/{pilot_id}/contract", data={"contract_reference": ""}).status_code == 409
    assert owner.post(f"/challenges/pilots/{pilot_id}/contract", data={"contract_reference": "KS 2031/7"}).status_code == 302
    assert owner.post(f"/challenges/pilots/{pilot_id}/start", data={}).status_code == 302
    assert owner.post(f"/challenges/pilots/{pilot_id}/milestones", data={
        "title": "First ten mentors", "due_on": "2031-03-01", "evidence": "Sign-up list"}).status_code == 302
    assert owner.post(f"/challenges/pilots/{pilot_id}/results", data={"summary": "Eight of twelve found work."}).status_code == 302
    match = chair.post(f"/challenges/p/{winner}/matchmaking")
    assert match.status_code == 302 and "/matches/" in match.headers["Location"]
    with app.app_context():
        pilot = db.session.get(Pilot, pilot_id)
        assert pilot.state == PilotState.running and pilot.proposal.match_id is not None
    assert "Eight of twelve found work." in login(people.plain).get(f"/challenges/cycles/{cycle_id}").get_data(as_text=True)


def test_a_juror_declares_scores_in_drafts_and_submits_once(app, people, login, make_user, make_cycle,
                                                           make_challenge, make_proposal):
    cycle_id = make_cycle(Phase.jury_review)
    proposal_id = make_proposal(make_challenge(cycle_id), state=ProposalState.eligible)
    jurors = [make_user(name=f"J{n}") for n in range(3)]
    chair = login(people.coordinator)
    for juror in jurors:
        assert chair.post(f"/challenges/cycles/{cycle_id}/jurors", data={"email": juror.email}).status_code == 302
    client = login(jurors[0])
    assert client.get(f"/challenges/jury/p/{proposal_id}").status_code == 403  # not declared yet
    for juror in jurors:
        assert login(juror).post(f"/challenges/cycles/{cycle_id}/jury", data={"reason": ""}).status_code == 302
    assert chair.post(f"/challenges/cycles/{cycle_id}/assign", data={"stage": "review"}).status_code == 302
    with app.app_context():
        criteria = [c.id for c in db.session.get(ChallengeCycle, cycle_id).criteria_of(Stage.review)]
    draft = {f"score_{criteria[0]}": "4", "recommendation": "advance", "submit_review": "0"}
    assert client.post(f"/challenges/jury/p/{proposal_id}", data=draft).status_code == 302
    incomplete = client.post(f"/challenges/jury/p/{proposal_id}", data={**draft, "submit_review": "1"})
    assert incomplete.status_code == 409
    full = {**draft, "submit_review": "1", **{f"score_{c}": "3" for c in criteria},
            **{f"comment_{c}": "Good" for c in criteria}}
    assert client.post(f"/challenges/jury/p/{proposal_id}", data=full).status_code == 302
    assert client.post(f"/challenges/jury/p/{proposal_id}", data=full).status_code == 409
    with app.app_context():
        review = db.session.scalar(sa.select(Review))
        assert review.is_submitted and {s.score for s in review.scores} == {3}


def test_one_peoples_choice_vote_per_person_and_cycle(app, people, login, make_cycle, make_challenge, make_proposal):
    cycle_id = make_cycle(Phase.final, peoples_choice=True)
    challenge_id = make_challenge(cycle_id)
    a, b = (make_proposal(challenge_id, state=ProposalState.finalist) for _ in range(2))
    client = login(people.plain)
    assert client.post(f"/challenges/cycles/{cycle_id}/vote", data={"proposal": a}).status_code == 302
    assert client.post(f"/challenges/cycles/{cycle_id}/vote", data={"proposal": b}).status_code == 409
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 1


def test_export_and_erasure_of_a_jurors_data(app, people, make_user, make_cycle, make_challenge, make_proposal,
                                              make_juror, assign):
    from app.privacy import collect_personal_data, erase_personal_data

    juror = make_user(name="Erik Eraser")
    cycle_id = make_cycle(Phase.jury_review)
    proposal_id = make_proposal(make_challenge(cycle_id), state=ProposalState.eligible)
    assign(make_juror(cycle_id, juror), proposal_id, Stage.review, scores=4)
    with app.test_request_context():
        from app.accounts.models import User

        user = db.session.get(User, juror.id)
        exported = collect_personal_data(user)["challenge_jury"]
        assert exported[0]["reviews"][0]["note_to_chair"] == "Private to the chair"
        erase_personal_data(user)
        db.session.commit()
        assert db.session.scalar(sa.select(Review.note_to_chair)) == ""
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 1  # the score still counts


def test_fixed_query_counts(app, people, login, client, make_user, make_cycle, make_challenge, make_proposal,
                            make_juror, assign):
    """The public list, the chair's page with 50 proposals and a juror's list do not grow with their rows."""
    cycle_id = make_cycle(Phase.jury_review)
    challenge_ids = [make_challenge(cycle_id, title=f"Challenge {n}") for n in range(3)]
    juror_ids = [make_juror(cycle_id, make_user(name=f"J{n}")) for n in range(3)]
    with app.app_context():
        juror_user = db.session.get(Juror, juror_ids[0]).user_id

    def measure():
        with count_queries(app) as public:
            assert client.get(f"/challenges/cycles/{cycle_id}").status_code == 200
        with count_queries(app) as chair:
            assert login(people.coordinator).get(
                f"/challenges/cycles/{cycle_id}/chair?challenge={challenge_ids[0]}").status_code == 200
        from app.accounts.models import User

        with app.app_context():
            user = db.session.get(User, juror_user)
        with count_queries(app) as jury:
            assert login(user).get(f"/challenges/cycles/{cycle_id}/jury").status_code == 200
        return len(public), len(chair), len(jury)

    for n in range(2):
        proposal_id = make_proposal(challenge_ids[0], state=ProposalState.eligible)
        for juror_id in juror_ids:
            assign(juror_id, proposal_id, Stage.review, scores=3 + n % 2)
    small = measure()
    for n in range(48):
        proposal_id = make_proposal(challenge_ids[n % 3 if n < 6 else 0], state=ProposalState.eligible)
        for juror_id in juror_ids:
            assign(juror_id, proposal_id, Stage.review, scores=n % 6)
    for n in range(3, 6):
        make_challenge(cycle_id, title=f"Challenge {n}")
    large = measure()
    assert large == small, (small, large)
