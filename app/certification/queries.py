"""Read-only queries of the certification pages: the start page and the review queue."""
import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.certification.models import Assessment, AssessmentState, QuestionnaireVersion
from app.extensions import db


def assessments_of(organisation_ids):
    """Return the organisations' assessments, newest first, with their version, answers and certificate."""
    return list(db.session.scalars(
        sa.select(Assessment).where(Assessment.organisation_id.in_(organisation_ids))
        .options(joinedload(Assessment.version), selectinload(Assessment.answers),
                 joinedload(Assessment.certificate))
        .order_by(Assessment.id.desc())
    ))


def count_waiting():
    """Return how many assessments wait for review."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Assessment).where(Assessment.state == AssessmentState.submitted))


def review_queue(state):
    """Select the assessments in one state, the longest waiting first."""
    return (sa.select(Assessment).where(Assessment.state == state)
            .options(joinedload(Assessment.organisation),
                     joinedload(Assessment.version).load_only(QuestionnaireVersion.number))
            .order_by(Assessment.submitted_at.is_(None), Assessment.submitted_at, Assessment.id))


def count_per_state():
    """Return {state: number of assessments}."""
    return dict(db.session.execute(sa.select(Assessment.state, sa.func.count()).group_by(Assessment.state)).all())
