"""What the notification centre keeps about a person: their export, and what deleting the account removes."""
import sqlalchemy as sa

from app.extensions import db
from app.notifications.kinds import kinds_for
from app.notifications.models import Notification, NotificationPreference
from app.privacy import account_erasing, personal_data_requested


@personal_data_requested.connect
def export_notifications(sender, user, **extra):
    """Return the person's notifications, the choices they made and the settings in force for each kind."""
    rows = db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
    choices = db.session.scalars(sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
                                 .order_by(NotificationPreference.kind))
    chosen = {p.kind: p.mode.value for p in choices}
    return {"notifications": {
        "notifications": [{"kind": n.kind, "title": n.title, "link": n.link, "body": n.body, "delivery": n.mode.value,
                           "created_at": n.created_at.isoformat(),
                           "read_at": n.read_at.isoformat() if n.read_at else None} for n in rows],
        "choices": chosen,
        "settings": {kind.key: chosen.get(kind.key, kind.default.value)
                     for _area, kinds in kinds_for(user) for kind in kinds},
    }}


@account_erasing.connect
def erase_notifications(sender, user, **extra):
    """Remove the person's notifications and choices."""
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(sa.delete(NotificationPreference).where(NotificationPreference.user_id == user.id))
