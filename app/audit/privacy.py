"""What the audit log holds about a person: the actions they took stay (others must be able to check them),
entries about them lose their name when they delete their account."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.privacy import account_erasing, personal_data_requested


@personal_data_requested.connect
def export_audit(sender, user, **extra):
    """Return the audited actions the person took."""
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
    return {"audited_actions": [{"action": e.action.value, "target": e.target_type, "target_label": e.target_label,
                                 "detail": e.detail, "at": e.at.isoformat()} for e in entries]}


@account_erasing.connect
def erase_audit(sender, user, **extra):
    """Remove the person's name from entries about them; the entries stay."""
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.target_type == "users", AuditEntry.target_id == user.id)
                       .values(target_label=""))
