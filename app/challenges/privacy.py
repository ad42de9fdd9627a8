"""The challenge part of "download my data" and "delete my account".

Challenges and proposals belong to organisations and stay; what is the person's own is their
questions, their reviews and notes as a juror, their eligibility checks and their vote.
"""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.privacy import eraser, exporter
from app.challenges.models import (
    Challenge,
    JuryAssignment,
    Proposal,
    ChallengeQuestion,
    EligibilityCheck,
    Juror,
    Review,
    Vote,
)
from app.extensions import db


def _iso(value):
    return value.isoformat() if value else None


@exporter("challenge_questions")
def export_questions(user):
    """Return the questions the person asked about challenges."""
    return [{"challenge_id": q.challenge_id, "question": q.question, "asked_at": _iso(q.asked_at),
             "answer": q.answer} for q in db.session.scalars(
        sa.select(ChallengeQuestion).where(ChallengeQuestion.asked_by_id == user.id).order_by(ChallengeQuestion.id))]


@exporter("challenge_writing")
def export_writing(user):
    """Return the challenges and proposals the person started, with their text."""
    challenges = db.session.scalars(sa.select(Challenge).where(Challenge.created_by_id == user.id)
                                    .order_by(Challenge.id))
    proposals = db.session.scalars(sa.select(Proposal).where(Proposal.created_by_id == user.id).order_by(Proposal.id))
    return {
        "challenges_started": [{"id": c.id, "title": c.title, "problem": c.problem, "state": c.state.value}
                               for c in challenges],
        "proposals_started": [{"id": p.id, "challenge_id": p.challenge_id, "title": p.title, "summary": p.summary,
                               "problem": p.problem, "solution": p.solution, "state": p.state.value,
                               "created_at": _iso(p.created_at), "submitted_at": _iso(p.submitted_at)}
                              for p in proposals],
    }


@exporter("challenge_jury")
def export_jury(user):
    """Return the person's jury seats, declarations and reviews with their scores and notes."""
    seats = db.session.scalars(sa.select(Juror).where(Juror.user_id == user.id).options(
        selectinload(Juror.conflicts), selectinload(Juror.assignments).selectinload(JuryAssignment.review)
        .selectinload(Review.scores)))
    data = []
    for juror in seats:
        data.append({
            "cycle_id": juror.cycle_id, "invited_at": _iso(juror.invited_at),
            "conflicts_declared_at": _iso(juror.conflicts_declared_at),
            "conflicts": [{"proposal_id": c.proposal_id, "source": c.source.value, "reason": c.reason,
                           "decision": c.decision.value} for c in juror.conflicts],
            "reviews": [{"proposal_id": a.proposal_id, "stage": a.stage.value, "state": a.review.state.value,
                         "recommendation": a.review.recommendation.value if a.review.recommendation else None,
                         "note_to_chair": a.review.note_to_chair,
                         "scores": [{"criterion_id": s.criterion_id, "score": s.score, "comment": s.comment}
                                    for s in a.review.scores]}
                        for a in juror.assignments if a.review is not None],
        })
    return data


@exporter("challenge_votes")
def export_votes(user):
    return [{"cycle_id": v.cycle_id, "proposal_id": v.proposal_id, "at": _iso(v.created_at)}
            for v in db.session.scalars(sa.select(Vote).where(Vote.user_id == user.id))]


@eraser
def erase_challenge_data(user):
    """Keep the jury's record (scores and comments count for decisions) but drop the private notes.

    Questions stay, without who asked; the juror's seat goes with the account (its reviews stay,
    unnamed); the vote goes, since it only ever counted as a number.
    """
    db.session.execute(sa.update(ChallengeQuestion).where(ChallengeQuestion.asked_by_id == user.id)
                       .values(asked_by_id=None))
    review_ids = sa.select(Review.id).join(JuryAssignment).join(Juror).where(Juror.user_id == user.id)
    db.session.execute(sa.update(Review).where(Review.id.in_(review_ids)).values(note_to_chair=""))
    db.session.execute(sa.update(EligibilityCheck).where(EligibilityCheck.checked_by_id == user.id)
                       .values(note=""))
    db.session.execute(sa.delete(Vote).where(Vote.user_id == user.id))
