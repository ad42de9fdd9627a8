"""Factories for challenge cycles in any phase, challenges, proposals, criteria, jurors and reviews."""
from datetime import timedelta

import pytest

from app.accounts.constants import OrganisationKind
from app.accounts.models import Organisation
from app.challenges.constants import (
    PHASE_STARTS,
    ChallengeState,
    Phase,
    ProcurementRoute,
    ProposalState,
    Recommendation,
    ReviewState,
    Stage,
)
from app.challenges.models import (
    Challenge,
    ChallengeCycle,
    Criterion,
    JuryAssignment,
    Juror,
    Proposal,
    Review,
    ReviewScore,
)
from app.challenges.models import stockholm_today
from app.extensions import db


def cycle_dates(phase):
    """Return the eight phase dates such that today (in Stockholm) falls in `phase`."""
    today = stockholm_today()
    phases = list(PHASE_STARTS)
    index = phases.index(phase) if phase in phases else -1  # preparation: every phase starts later
    # Ten days between phases: those up to `phase` started on or before today, the later ones start after.
    dates = {column: today + timedelta(days=(position - index) * 10)
             for position, column in enumerate(PHASE_STARTS.values())}
    return dates


@pytest.fixture
def make_cycle(app):
    years = iter(range(2030, 2400))

    def make(phase=Phase.call_for_proposals, announced=False, peoples_choice=False, criteria=True):
        from app.db_types import utcnow

        with app.app_context():
            cycle = ChallengeCycle(year=next(years), theme="Young people and work", rules="Open to everyone.",
                                   prizes="Pilot funding", peoples_choice=peoples_choice, **cycle_dates(phase),
                                   announced_at=utcnow() if announced else None)
            db.session.add(cycle)
            db.session.flush()
            if criteria:
                for stage in Stage:
                    for position, (name, weight) in enumerate([("Innovation", 1), ("Impact", 2), ("Scalability", 1)]):
                        db.session.add(Criterion(cycle_id=cycle.id, stage=stage, position=position, name=name,
                                                 question=f"How does your idea show {name.lower()}?",
                                                 weight=weight, scale_max=5))
            db.session.commit()
            return cycle.id
    return make


@pytest.fixture
def make_challenge(app, people):
    def make(cycle_id, state=ChallengeState.published, organisation=None, title="Jobs for young people"):
        with app.app_context():
            challenge = Challenge(cycle_id=cycle_id, organisation_id=(organisation or people.stakeholder_org).id,
                                  title=title, problem="Too few young people find work.", affected="Young people",
                                  pilot_plan="A pilot in two schools.", budget_min=100000, budget_max=400000,
                                  pilot_months=12, municipalities=["1280"], sdg_targets=["8"],
                                  success_indicators="Young people in work after six months",
                                  procurement_route=ProcurementRoute.design_contest, state=state)
            db.session.add(challenge)
            db.session.commit()
            return challenge.id
    return make


@pytest.fixture
def make_proposal(app, people):
    counter = iter(range(1, 100000))

    def make(challenge_id, state=ProposalState.submitted, organisation=None, **fields):
        number = next(counter)
        values = dict(title=f"Proposal {number}", summary="Mentors for young people.", problem="No contacts.",
                      solution="Local employers mentor young people.", beneficiaries="Young people",
                      beneficiary_count=40, activities="Mentoring", outputs="Meetings", outcomes="Jobs",
                      team="A coordinator and ten mentors", budget="Salaries", budget_total=300000,
                      ask="Pilot funding")
        values.update(fields)
        with app.app_context():
            proposal = Proposal(challenge_id=challenge_id, organisation_id=(organisation or people.business_org).id,
                                state=state, **values)
            db.session.add(proposal)
            db.session.commit()
            return proposal.id
    return make


@pytest.fixture
def make_juror(app):
    def make(cycle_id, user, declared=True):
        from app.db_types import utcnow

        with app.app_context():
            juror = Juror(cycle_id=cycle_id, user_id=user.id, conflicts_declared_at=utcnow() if declared else None)
            db.session.add(juror)
            db.session.commit()
            return juror.id
    return make


@pytest.fixture
def assign(app):
    """Assign a proposal to a juror at a stage; with `scores`, add a submitted review."""
    def do(juror_id, proposal_id, stage=Stage.review, scores=None, comment="Clear and concrete."):
        with app.app_context():
            assignment = JuryAssignment(juror_id=juror_id, proposal_id=proposal_id, stage=stage)
            db.session.add(assignment)
            db.session.flush()
            if scores is not None:
                cycle_id = db.session.get(Juror, juror_id).cycle_id
                criteria = [c for c in db.session.get(ChallengeCycle, cycle_id).criteria_of(stage) if not c.is_gate]
                review = Review(assignment_id=assignment.id, state=ReviewState.submitted,
                                recommendation=Recommendation.advance, note_to_chair="Private to the chair")
                db.session.add(review)
                db.session.flush()
                values = scores if isinstance(scores, (list, tuple)) else [scores] * len(criteria)
                for criterion, value in zip(criteria, values):
                    db.session.add(ReviewScore(review_id=review.id, criterion_id=criterion.id, score=value,
                                               comment=f"{comment} ({criterion.name})"))
                from app.challenges.services import review_weighted_score

                review.weighted_score = review_weighted_score([(v, c.id) for c, v in zip(criteria, values)], criteria)
            db.session.commit()
            return assignment.id
    return do


def organisation(app, make_org, name, kind=OrganisationKind.social_business, members=()):
    return make_org(name=name, kind=kind, admins=list(members))


__all__ = ["cycle_dates", "Organisation"]
