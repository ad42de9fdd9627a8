"""One row per audited action."""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.i18n import lazy_gettext as _l


class AuditAction(enum.Enum):
    role_granted = "role_granted"
    role_removed = "role_removed"
    membership_approved = "membership_approved"
    member_removed = "member_removed"
    alliance_membership_changed = "alliance_membership_changed"
    assessment_approved = "assessment_approved"
    changes_requested = "changes_requested"
    certificate_revoked = "certificate_revoked"
    evidence_deleted = "evidence_deleted"
    export = "export"
    account_deleted = "account_deleted"
    impact_indicator_published = "impact_indicator_published"
    impact_report_approved = "impact_report_approved"
    impact_report_returned = "impact_report_returned"
    impact_snapshot_published = "impact_snapshot_published"
    request_assigned = "request_assigned"
    request_reassigned = "request_reassigned"
    request_released = "request_released"
    researcher_removed = "researcher_removed"
    challenge_published = "challenge_published"
    challenge_changes_requested = "challenge_changes_requested"
    challenge_eligibility_checked = "challenge_eligibility_checked"
    challenge_conflict_decided = "challenge_conflict_decided"
    challenge_decided = "challenge_decided"
    challenge_decision_corrected = "challenge_decision_corrected"
    challenge_results_announced = "challenge_results_announced"

    @property
    def label(self):
        return ACTION_LABELS[self]


ACTION_LABELS = {
    AuditAction.role_granted: _l("Role granted"),
    AuditAction.role_removed: _l("Role removed"),
    AuditAction.membership_approved: _l("Membership approved"),
    AuditAction.member_removed: _l("Member removed"),
    AuditAction.alliance_membership_changed: _l("Alliance membership changed"),
    AuditAction.assessment_approved: _l("Assessment approved"),
    AuditAction.changes_requested: _l("Changes requested"),
    AuditAction.certificate_revoked: _l("Certificate revoked"),
    AuditAction.evidence_deleted: _l("Evidence deleted"),
    AuditAction.export: _l("Data exported"),
    AuditAction.account_deleted: _l("Account deleted"),
    AuditAction.impact_indicator_published: _l("Impact indicator published"),
    AuditAction.impact_report_approved: _l("Impact report approved"),
    AuditAction.impact_report_returned: _l("Impact report returned"),
    AuditAction.impact_snapshot_published: _l("Impact figures published"),
    AuditAction.request_assigned: _l("Request assigned to a researcher"),
    AuditAction.request_reassigned: _l("Request reassigned"),
    AuditAction.request_released: _l("Request released back to researchers"),
    AuditAction.researcher_removed: _l("Researcher removed from a request"),
    AuditAction.challenge_published: _l("Challenge published"),
    AuditAction.challenge_changes_requested: _l("Changes to a challenge requested"),
    AuditAction.challenge_eligibility_checked: _l("Proposal's eligibility checked"),
    AuditAction.challenge_conflict_decided: _l("Juror's conflict decided"),
    AuditAction.challenge_decided: _l("Jury decision recorded"),
    AuditAction.challenge_decision_corrected: _l("Jury decision corrected"),
    AuditAction.challenge_results_announced: _l("Challenge results announced"),
}


class AuditEntry(db.Model):
    """Who did what to which object, when, with a short detail."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_at_id", "at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction, "audit_action"), index=True)
    target_type: Mapped[str] = mapped_column(sa.String(40), default="")
    target_id: Mapped[int | None] = mapped_column(sa.Integer)
    target_label: Mapped[str] = mapped_column(sa.String(200), default="")
    detail: Mapped[str] = mapped_column(sa.Text, default="")

    actor = relationship("User", lazy="joined")
