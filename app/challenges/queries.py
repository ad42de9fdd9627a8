"""Queries the challenge pages need."""
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.models import Organisation
from app.challenges.constants import SENT, ChallengeState, ProposalState, ReviewState
from app.challenges.models import (
    JuryAssignment,
    Challenge,
    ChallengeCycle,
    Conflict,
    Criterion,
    Decision,
    Juror,
    Pilot,
    Proposal,
    Review,
    ReviewScore,
    Vote,
)
from app.challenges.scoring import compute_results
from app.extensions import db

PUBLIC_STATES = [ChallengeState.published, ChallengeState.closed]


def current_cycle():
    """Return the newest cycle."""
    return db.session.scalars(sa.select(ChallengeCycle).order_by(ChallengeCycle.year.desc())).first()


def cycles():
    return list(db.session.scalars(sa.select(ChallengeCycle).order_by(ChallengeCycle.year.desc())))


def public_challenges(cycle):
    """Return the cycle's published challenges with their owners."""
    return list(db.session.scalars(
        sa.select(Challenge).where(Challenge.cycle_id == cycle.id, Challenge.state.in_(PUBLIC_STATES))
        .options(selectinload(Challenge.organisation), selectinload(Challenge.co_owners))
        .order_by(Challenge.title, Challenge.id)))


def proposal_counts(challenge_ids):
    """Return {challenge id: number of proposals sent} (drafts and withdrawn ones not counted)."""
    if not challenge_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Proposal.challenge_id, sa.func.count()).where(
            Proposal.challenge_id.in_(list(challenge_ids)), Proposal.state.in_(list(SENT)))
        .group_by(Proposal.challenge_id)).all())


def challenges_of(user):
    """Return the challenges of the person's organisations, newest first."""
    ids = [m.organisation_id for m in user.approved_memberships]
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Challenge).where(Challenge.organisation_id.in_(ids)).options(selectinload(Challenge.cycle))
        .order_by(Challenge.created_at.desc(), Challenge.id.desc())))


def proposals_of(user):
    ids = [m.organisation_id for m in user.approved_memberships]
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Proposal).where(Proposal.organisation_id.in_(ids))
        .options(selectinload(Proposal.challenge), selectinload(Proposal.organisation))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())))


def challenges_to_review(cycle):
    return list(db.session.scalars(
        sa.select(Challenge).where(Challenge.cycle_id == cycle.id).options(selectinload(Challenge.organisation))
        .order_by(Challenge.state, Challenge.title, Challenge.id)))


def stage_scale(cycle_id, stage):
    """Return the largest scale of the stage's scored criteria (the reference for weighted means)."""
    return db.session.scalar(sa.select(sa.func.max(Criterion.scale_max)).where(
        Criterion.cycle_id == cycle_id, Criterion.stage == stage, Criterion.is_gate.is_(False))) or 5


def weighted_reviews(cycle_id, stage):
    """Return [(juror id, proposal id, weighted score)] of the stage's submitted reviews, in one query."""
    rows = db.session.execute(
        sa.select(JuryAssignment.juror_id, JuryAssignment.proposal_id, Review.weighted_score)
        .select_from(Review).join(JuryAssignment, JuryAssignment.id == Review.assignment_id)
        .join(Juror, Juror.id == JuryAssignment.juror_id)
        .where(Juror.cycle_id == cycle_id, JuryAssignment.stage == stage, Review.state == ReviewState.submitted,
               Review.weighted_score.is_not(None)))
    return [(j, p, float(s)) for j, p, s in rows]


def stage_results(cycle, stage, proposal_ids=None):
    """Return {proposal id: Result} for the stage (normalised over every juror's reviews in the cycle)."""
    scale = stage_scale(cycle.id, stage)
    return compute_results(weighted_reviews(cycle.id, stage), scale, proposal_ids)


def chair_proposals(cycle, challenge_id=None):
    """Return the cycle's sent proposals (of one challenge, if given) for the chair's page."""
    query = (sa.select(Proposal).join(Challenge).where(Challenge.cycle_id == cycle.id, Proposal.state.in_(list(SENT)))
             .options(selectinload(Proposal.organisation), selectinload(Proposal.challenge),
                      selectinload(Proposal.decisions))
             .order_by(Proposal.challenge_id, Proposal.id))
    if challenge_id is not None:
        query = query.where(Proposal.challenge_id == challenge_id)
    return list(db.session.scalars(query))


def assignment_counts(cycle_id, stage):
    """Return {proposal id: (assigned, submitted)} at the stage."""
    rows = db.session.execute(
        sa.select(JuryAssignment.proposal_id, sa.func.count(JuryAssignment.id),
                  sa.func.count(Review.id).filter(Review.state == ReviewState.submitted))
        .join(Juror, Juror.id == JuryAssignment.juror_id).outerjoin(Review, Review.assignment_id == JuryAssignment.id)
        .where(Juror.cycle_id == cycle_id, JuryAssignment.stage == stage).group_by(JuryAssignment.proposal_id))
    return {p: (a, s) for p, a, s in rows}


def cycle_conflicts(cycle):
    return list(db.session.scalars(
        sa.select(Conflict).join(Juror).where(Juror.cycle_id == cycle.id)
        .options(selectinload(Conflict.juror).selectinload(Juror.user),
                 selectinload(Conflict.proposal).selectinload(Proposal.organisation))
        .order_by(Conflict.decision, Conflict.id)))


def cycle_jurors(cycle):
    return list(db.session.scalars(sa.select(Juror).where(Juror.cycle_id == cycle.id)
                                   .options(selectinload(Juror.user)).order_by(Juror.id)))


def juror_assignments(juror, stage):
    """Return the juror's assignments at the stage with their proposals and reviews."""
    return list(db.session.scalars(
        sa.select(JuryAssignment).where(JuryAssignment.juror_id == juror.id, JuryAssignment.stage == stage)
        .options(selectinload(JuryAssignment.proposal).selectinload(Proposal.challenge), selectinload(JuryAssignment.review))
        .order_by(JuryAssignment.proposal_id)))


def blocking_conflicts_of(juror):
    return {c.proposal_id for c in juror.conflicts if c.blocks}


def feedback(proposal):
    """Return [(criterion, [comments])] from the submitted reviews of each stage, without jurors' names."""
    rows = db.session.execute(
        sa.select(Criterion, ReviewScore.comment).join(ReviewScore, ReviewScore.criterion_id == Criterion.id)
        .join(Review, Review.id == ReviewScore.review_id).join(JuryAssignment, JuryAssignment.id == Review.assignment_id)
        .where(JuryAssignment.proposal_id == proposal.id, Review.state == ReviewState.submitted)
        .order_by(Criterion.stage, Criterion.position, Criterion.id, Review.id))
    grouped, order = defaultdict(list), []
    for criterion, comment in rows:
        if criterion.id not in grouped:
            order.append(criterion)
        if comment and comment.strip():
            grouped[criterion.id].append(comment)
        else:
            grouped.setdefault(criterion.id, [])
    return [(c, grouped[c.id]) for c in order]


def announced_results(cycle):
    """Return the decided proposals of an announced cycle, winners first, with their latest decision."""
    proposals = list(db.session.scalars(
        sa.select(Proposal).join(Challenge).where(Challenge.cycle_id == cycle.id, Proposal.state.in_(
            [ProposalState.winner, ProposalState.finalist, ProposalState.shortlisted]))
        .options(selectinload(Proposal.organisation), selectinload(Proposal.challenge),
                 selectinload(Proposal.decisions))))
    order = {ProposalState.winner: 0, ProposalState.finalist: 1, ProposalState.shortlisted: 2}
    # A not-selected proposal that was shortlisted earlier is listed among the shortlist.
    shortlisted_earlier = list(db.session.scalars(
        sa.select(Proposal).join(Challenge)
        .where(Challenge.cycle_id == cycle.id, Proposal.state == ProposalState.not_selected,
               Proposal.id.in_(sa.select(Decision.proposal_id).where(Decision.outcome.in_(["shortlisted", "finalist"]))))
        .options(selectinload(Proposal.organisation), selectinload(Proposal.challenge),
                 selectinload(Proposal.decisions))))
    proposals.sort(key=lambda p: (order[p.state], p.challenge.title, p.id))
    return proposals + sorted(shortlisted_earlier, key=lambda p: (p.challenge.title, p.id))


def vote_counts(cycle):
    return dict(db.session.execute(sa.select(Vote.proposal_id, sa.func.count()).where(Vote.cycle_id == cycle.id)
                                   .group_by(Vote.proposal_id)).all())


def pilots_of(cycle):
    return list(db.session.scalars(
        sa.select(Pilot).join(Proposal).join(Challenge).where(Challenge.cycle_id == cycle.id)
        .options(selectinload(Pilot.proposal).selectinload(Proposal.organisation),
                 selectinload(Pilot.proposal).selectinload(Proposal.challenge))))


def organisation_choices(user, kinds=None, exclude=()):
    """Return (id, name) of the person's organisations."""
    return [(m.organisation.id, m.organisation.name) for m in user.approved_memberships
            if (kinds is None or m.organisation.kind in kinds) and m.organisation.id not in exclude]


def all_organisations(exclude=()):
    return [(o.id, o.name) for o in db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
            if o.id not in exclude]
