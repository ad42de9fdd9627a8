"""The one audit hook: every area calls record_audit from its services."""
from app.audit.models import AuditAction, AuditEntry
from app.extensions import db

LABEL_ATTRIBUTES = ("number", "name", "title", "email")


def record_audit(actor, action: AuditAction, target=None, detail=""):
    """Add an audit entry for `action` by `actor` on `target` (a model instance or None); flush, never commit."""
    label = ""
    if target is not None:
        label = next((str(getattr(target, name)) for name in LABEL_ATTRIBUTES if getattr(target, name, None)), "")
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), action=action,
        target_type=getattr(target, "__tablename__", "") if target is not None else "",
        target_id=getattr(target, "id", None), target_label=label[:200], detail=(detail or "")[:2000],
    )
    db.session.add(entry)
    db.session.flush()
    return entry
