"""The outbox: every mail is a row, written in the transaction that caused it, sent by the worker."""
import base64
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l


class OutboxState(LabelledEnum):
    queued = "queued", _l("Waiting")  # waiting for its first try or for the next retry
    sending = "sending", _l("Being sent")  # claimed by one worker, which is talking to the SMTP server
    sent = "sent", _l("Sent")  # the server accepted it
    failed = "failed", _l("Failed")  # refused for good (5xx) or out of tries; a coordinator may retry it



class OutboxMessage(db.Model):
    """One rendered message waiting for, or done with, delivery."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.Index("ix_outbox_messages_state_next_attempt_at", "state", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipients: Mapped[list] = mapped_column(sa.JSON)
    subject: Mapped[str] = mapped_column(sa.String(998))
    text: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str | None] = mapped_column(sa.Text)
    headers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Each attachment: {"filename", "maintype", "subtype", "content" (base64)}.
    attachments: Mapped[list] = mapped_column(sa.JSON, default=list)
    state: Mapped[OutboxState] = mapped_column(enum_type(OutboxState, "outbox_state"), default=OutboxState.queued)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @staticmethod
    def can_manage(user):
        """Return whether the person may see the outbox and retry failed mail (coordinators)."""
        return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_coordinator)

    def attachment_parts(self):
        """Return (filename, content bytes, maintype, subtype) for each attachment."""
        return [(a["filename"], base64.b64decode(a["content"]), a["maintype"], a["subtype"])
                for a in self.attachments or []]

    @staticmethod
    def encode_attachment(filename, content: bytes, maintype, subtype):
        """Return an attachment as it is stored in the JSON column."""
        return {"filename": filename, "maintype": maintype, "subtype": subtype,
                "content": base64.b64encode(content).decode("ascii")}
