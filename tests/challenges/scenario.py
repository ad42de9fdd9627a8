"""One cycle with something of everything, for the permission table and the conflict walk."""
from types import SimpleNamespace

from app.accounts.constants import OrganisationKind
from app.challenges.constants import ChallengeState, ConflictDecision, ConflictSource, Outcome, Phase, ProposalState, Stage
from app.challenges.models import (
    ChallengeQuestion,
    Conflict,
    Criterion,
    Decision,
    Pilot,
    ProposalAttachment,
)
from app.extensions import db
from app.storage import file_storage

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def build(app, people, make_user, make_cycle, make_challenge, make_proposal, make_juror, assign,
          phase=Phase.call_for_proposals, **proposal_fields):
    """Return the ids of a cycle in `phase` with a published and a draft challenge, a proposal in it,
    a juror assigned to it, a conflicted juror, a question, an attachment, and a winner with a pilot."""
    juror = make_user(name="Judith Juror")
    conflicted = make_user(name="Conrad Conflicted")
    cycle_id = make_cycle(phase)
    challenge_id = make_challenge(cycle_id)
    draft_id = make_challenge(cycle_id, state=ChallengeState.draft, title="A draft")
    proposal_id = make_proposal(challenge_id, state=ProposalState.submitted, **proposal_fields)
    winner_id = make_proposal(challenge_id, state=ProposalState.winner, title="The winner")
    juror_id = make_juror(cycle_id, juror)
    conflicted_id = make_juror(cycle_id, conflicted)
    assignment_id = assign(juror_id, proposal_id, Stage.review)
    assign(conflicted_id, proposal_id, Stage.review)
    with app.app_context():
        conflict = Conflict(juror_id=conflicted_id, proposal_id=proposal_id, source=ConflictSource.declared,
                            reason="Sits on its board", decision=ConflictDecision.pending)
        question = ChallengeQuestion(challenge_id=challenge_id, question="Is there a budget?",
                                     asked_by_id=people.plain.id)
        key = f"challenges/test/{proposal_id}.pdf"
        file_storage().save(key, PDF, "application/pdf")
        attachment = ProposalAttachment(proposal_id=proposal_id, filename="plan.pdf", storage_key=key, size=len(PDF),
                                        free_of_names=True)
        pilot = Pilot(proposal_id=winner_id)
        decision = Decision(proposal_id=winner_id, stage=Stage.final, outcome=Outcome.winner, rationale="Best.")
        db.session.add_all([conflict, question, attachment, pilot, decision])
        db.session.commit()
        criterion_id = db.session.query(Criterion.id).filter_by(cycle_id=cycle_id).first()[0]
        ids = SimpleNamespace(cycle=cycle_id, challenge=challenge_id, draft=draft_id, proposal=proposal_id,
                              winner=winner_id, juror=juror_id, conflicted_juror=conflicted_id,
                              assignment=assignment_id, conflict=conflict.id, question=question.id,
                              attachment=attachment.id, pilot=pilot.id, criterion=criterion_id)
    return SimpleNamespace(ids=ids, juror=juror, conflicted=conflicted)


__all__ = ["build", "OrganisationKind", "PDF"]
