"""What the certification area holds about a person, for "download my data".

Answers and evidence belong to the organisation and stay when a person deletes their account;
the links to the person are then shown as "deleted user" (the foreign keys are SET NULL on removal).
Concerns from the public are tied to no account; a reporter's address is cleared once they are told
the outcome.
"""
import sqlalchemy as sa

from app.certification.models import Answer, Assessment, AssessmentEvent, CommentReply, Evidence, ReviewComment
from app.extensions import db
from app.privacy import personal_data_requested


def _iso(value):
    return value.isoformat() if value else None


@personal_data_requested.connect
def export_certification(sender, user, **extra):
    """Return the person's actions in self-assessments and reviews, with the answers and comments they wrote."""
    return {"certification": {
        "assessments_started": [
            {"assessment_id": a.id, "organisation": a.organisation.name, "created_at": _iso(a.created_at)}
            for a in db.session.scalars(sa.select(Assessment).where(Assessment.created_by_id == user.id))
        ],
        "answers_last_changed": [
            {"assessment_id": a.assessment_id, "question": a.question_key, "answer": a.value,
             "updated_at": _iso(a.updated_at)}
            for a in db.session.scalars(sa.select(Answer).where(Answer.updated_by_id == user.id))
        ],
        "evidence_uploaded": [
            {"assessment_id": e.assessment_id, "question": e.question_key, "filename": e.filename,
             "uploaded_at": _iso(e.uploaded_at)}
            for e in db.session.scalars(sa.select(Evidence).where(Evidence.uploaded_by_id == user.id))
        ],
        "review_comments": [
            {"assessment_id": c.assessment_id, "question": c.question_key, "comment": c.body,
             "created_at": _iso(c.created_at)}
            for c in db.session.scalars(sa.select(ReviewComment).where(ReviewComment.author_id == user.id))
        ],
        "review_replies": [
            {"comment_id": r.comment_id, "reply": r.body, "created_at": _iso(r.created_at)}
            for r in db.session.scalars(sa.select(CommentReply).where(CommentReply.author_id == user.id))
        ],
        "status_changes": [
            {"assessment_id": e.assessment_id, "to": e.to_state.value, "note": e.note, "at": _iso(e.created_at)}
            for e in db.session.scalars(sa.select(AssessmentEvent).where(AssessmentEvent.actor_id == user.id))
        ],
    }}
