"""One row per audited action."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l


class AuditAction(LabelledEnum):
    role_granted = "role_granted", _l("Role granted")
    role_removed = "role_removed", _l("Role removed")
    membership_approved = "membership_approved", _l("Membership approved")
    member_removed = "member_removed", _l("Member removed")
    alliance_membership_changed = "alliance_membership_changed", _l("Alliance membership changed")
    assessment_approved = "assessment_approved", _l("Assessment approved")
    changes_requested = "changes_requested", _l("Changes requested")
    certificate_revoked = "certificate_revoked", _l("Certificate revoked")
    evidence_deleted = "evidence_deleted", _l("Evidence deleted")
    export = "export", _l("Data exported")
    account_deleted = "account_deleted", _l("Account deleted")
    impact_indicator_published = "impact_indicator_published", _l("Impact indicator published")
    impact_report_approved = "impact_report_approved", _l("Impact report approved")
    impact_report_returned = "impact_report_returned", _l("Impact report returned")
    impact_snapshot_published = "impact_snapshot_published", _l("Impact figures published")
    request_assigned = "request_assigned", _l("Request assigned to a researcher")
    request_reassigned = "request_reassigned", _l("Request reassigned")
    request_released = "request_released", _l("Request released back to researchers")
    researcher_removed = "researcher_removed", _l("Researcher removed from a request")
    challenge_published = "challenge_published", _l("Challenge published")
    challenge_changes_requested = "challenge_changes_requested", _l("Changes to a challenge requested")
    challenge_eligibility_checked = "challenge_eligibility_checked", _l("Proposal's eligibility checked")
    challenge_conflict_decided = "challenge_conflict_decided", _l("Juror's conflict decided")
    challenge_decided = "challenge_decided", _l("Jury decision recorded")
    challenge_decision_corrected = "challenge_decision_corrected", _l("Jury decision corrected")
    challenge_results_announced = "challenge_results_announced", _l("Challenge results announced")



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
