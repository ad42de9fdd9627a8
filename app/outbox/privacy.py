"""Mail to a person who deletes their account is removed from the outbox, sent or not."""
import sqlalchemy as sa

from app.extensions import db
from app.outbox.models import OutboxMessage
from app.privacy import account_erasing


@account_erasing.connect
def erase_outbox(sender, user, **extra):
    """Delete the messages addressed to the person alone."""
    address = user.email.lower()
    candidates = db.session.scalars(sa.select(OutboxMessage).where(
        sa.func.lower(sa.cast(OutboxMessage.recipients, sa.Text)).contains(address, autoescape=True)))
    for message in candidates:
        if [r.lower() for r in message.recipients] == [address]:
            db.session.delete(message)
