"""Outbox actions: write a message, retry a failed one. They flush, never commit."""
import sqlalchemy as sa

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


def outbox_counts():
    """Return {state: count} for every state."""
    counts = dict(db.session.execute(
        sa.select(OutboxMessage.state, sa.func.count()).group_by(OutboxMessage.state)).all())
    return {state: counts.get(state, 0) for state in OutboxState}
