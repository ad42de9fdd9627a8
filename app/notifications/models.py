"""In-app notifications and each person's choice of delivery per kind."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.notifications.kinds import AREAS, KINDS, DeliveryMode


class Notification(db.Model):
    """One piece of news for one person: in the list, and by email at once or in a digest."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        sa.Index("ix_notifications_mode_digested_at", "mode", "digested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    mode: Mapped[DeliveryMode] = mapped_column(enum_type(DeliveryMode, "notification_mode"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def label(self):
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def area(self):
        return self.kind.split(".", 1)[0]

    @property
    def area_label(self):
        return AREAS.get(self.area, self.area)


class NotificationPreference(db.Model):
    """How one person wants to hear about one kind."""

    __tablename__ = "notification_preferences"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_id_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(80))
    mode: Mapped[DeliveryMode] = mapped_column(enum_type(DeliveryMode, "notification_preference_mode"))
