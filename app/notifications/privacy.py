"""What the notification centre keeps about a person: their export, and what deleting the account removes."""
import sqlalchemy as sa

from app.accounts.privacy import eraser, exporter
from app.extensions import db
from app.notifications.models import Notification, NotificationPreference


@exporter("notifications")
def export_notifications(user):
    """Return the person's notifications and their delivery choices."""
    rows = db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    choices = db.session.scalars(sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
                                 .order_by(NotificationPreference.kind))
    return {
        "notifications": [{"kind": n.kind, "title": n.title, "link": n.link, "body": n.body, "delivery": n.mode.value,
                           "created_at": n.created_at.isoformat(),
                           "read_at": n.read_at.isoformat() if n.read_at else None} for n in rows],
        "choices": {p.kind: p.mode.value for p in choices},
    }


@eraser
def erase_notifications(user):
    """Remove the person's notifications and choices."""
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(sa.delete(NotificationPreference).where(NotificationPreference.user_id == user.id))
