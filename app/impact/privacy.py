"""The impact area's part of "download my data" and "delete my account".

Impact models, commitments and reports belong to organisations, not to people: they stay when a person
leaves. What is personal is who wrote or decided what; erasure keeps the rows and drops the name.
"""
import sqlalchemy as sa

from app.accounts.privacy import eraser, exporter
from app.extensions import db
from app.impact.models import (
    Commitment,
    GuideCompletion,
    ImpactModel,
    MaturityAssessment,
    Report,
    ReportEvent,
    ReportEvidence,
    TargetRevision,
)

AUTHORED = [
    (ImpactModel, ImpactModel.created_by_id, "impact model"),
    (Commitment, Commitment.created_by_id, "commitment"),
    (TargetRevision, TargetRevision.created_by_id, "target revision"),
    (ReportEvidence, ReportEvidence.uploaded_by_id, "evidence file"),
    (GuideCompletion, GuideCompletion.completed_by_id, "guide completion"),
    (MaturityAssessment, MaturityAssessment.created_by_id, "maturity self-assessment"),
    (Report, Report.approved_by_id, "report approved"),
]


@exporter("impact")
def export_impact(user):
    """Return what the person wrote or decided in the impact area."""
    out = []
    for model, column, label in AUTHORED:
        for row in db.session.scalars(sa.select(model).where(column == user.id).order_by(model.id)):
            at = getattr(row, "created_at", None) or getattr(row, "uploaded_at", None) or getattr(
                row, "completed_at", None) or getattr(row, "approved_at", None)
            item = {"what": label, "id": row.id, "at": at.isoformat() if at else None}
            if isinstance(row, TargetRevision):
                item.update(period=row.period, value=str(row.value), reason=row.reason)
            if isinstance(row, ReportEvidence):
                item.update(filename=row.filename)
            out.append(item)
    acted_on = sa.select(ReportEvent.report_id).where(ReportEvent.actor_id == user.id)
    for report in db.session.scalars(sa.select(Report).where(Report.id.in_(acted_on)).order_by(Report.id)):
        out.append({"what": "report written or decided", "id": report.id, "period": report.period,
                    "state": report.state.value, "value": None if report.value is None else str(report.value),
                    "narrative": report.narrative, "return_comment": report.return_comment})
    return out


@eraser
def erase_impact(user):
    """Keep the organisations' records, without the person's name on them."""
    for model, column, _label in AUTHORED:
        db.session.execute(sa.update(model).where(column == user.id).values({column.key: None}))
