"""Outbox actions: write a message, retry a failed one, forget old sent ones. They flush, never commit."""
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.db_types import utcnow
from app.email import wake_worker_after_commit
from app.errors import Conflict
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.outbox.models import OutboxMessage, OutboxState


def add_to_outbox(message):
    """Write a rendered message (app.email.OutgoingEmail) as a queued outbox row in this transaction."""
    row = OutboxMessage(
        recipients=list(message.to), subject=message.subject, text=message.text, html=message.html,
        headers={str(k): str(v) for k, v in (message.headers or {}).items()},
        attachments=[OutboxMessage.encode_attachment(a.filename, a.content, a.maintype, a.subtype)
                     for a in message.attachments],
        state=OutboxState.queued, attempts=0, next_attempt_at=utcnow(),
    )
    db.session.add(row)
    wake_worker_after_commit()
    return row


def retry_message(message):
    """Queue a failed message again, with a fresh set of tries."""
    if message.state != OutboxState.failed:
        raise Conflict(_l("Only failed mail can be sent again."))
    changed = db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.state == OutboxState.failed)
        .values(state=OutboxState.queued, attempts=0, next_attempt_at=utcnow(), claim_token=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict(_l("This mail is no longer waiting for a retry."))
    db.session.refresh(message)
    wake_worker_after_commit()
    return message



def purge_sent_mail(now=None, days=None):
    """Delete sent messages older than `days` (they hold personal data); return how many."""
    now = now or utcnow()
    days = days or current_app.config["MAIL_SENT_KEPT_DAYS"]
    return db.session.execute(
        sa.delete(OutboxMessage).where(OutboxMessage.state == OutboxState.sent,
                                       OutboxMessage.sent_at < now - timedelta(days=days))
        .execution_options(synchronize_session=False)).rowcount
