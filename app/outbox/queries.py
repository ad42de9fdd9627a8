"""What the outbox pages and commands read."""
import sqlalchemy as sa

from app.extensions import db
from app.outbox.models import OutboxMessage, OutboxState


def failed_messages(limit):
    """Return the most recently tried failed messages, newest first."""
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.state == OutboxState.failed)
        .order_by(OutboxMessage.last_attempt_at.desc(), OutboxMessage.id.desc()).limit(limit)))


def outbox_counts():
    """Return {state: count} for every state."""
    counts = dict(db.session.execute(
        sa.select(OutboxMessage.state, sa.func.count()).group_by(OutboxMessage.state)).all())
    return {state: counts.get(state, 0) for state in OutboxState}
