"""What the science shop keeps about a person: their export, and what deleting the account removes."""
import sqlalchemy as sa

from app.accounts.privacy import exporter
from app.extensions import db
from app.requests.models import Message, Request


@exporter("science_shop")
def export_requests(user):
    """Return the requests the person started and the messages they wrote."""
    started = db.session.scalars(sa.select(Request).where(Request.created_by_id == user.id).order_by(Request.id))
    messages = db.session.scalars(sa.select(Message).where(Message.author_id == user.id).order_by(Message.id))
    return {
        "requests_started": [{"id": r.id, "title": r.title, "state": r.state.value,
                              "created_at": r.created_at.isoformat()} for r in started],
        "messages": [{"request_id": m.request_id, "body": m.body, "internal_note": m.internal,
                      "created_at": m.created_at.isoformat()} for m in messages],
    }
