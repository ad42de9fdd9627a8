"""What the science shop keeps about a person: their export, and what deleting the account removes."""
import sqlalchemy as sa

from app.accounts.privacy import exporter
from app.extensions import db
from app.requests.models import FollowUp, Message, Request


@exporter("science_shop")
def export_requests(user):
    """Return the requests the person started, the messages they wrote and the follow-ups they answered."""
    started = db.session.scalars(sa.select(Request).where(Request.created_by_id == user.id).order_by(Request.id))
    messages = db.session.scalars(sa.select(Message).where(Message.author_id == user.id).order_by(Message.id))
    follow_ups = db.session.scalars(sa.select(FollowUp).where(FollowUp.answered_by_id == user.id)
                                    .order_by(FollowUp.id))
    return {
        "requests_started": [{"id": r.id, "title": r.title, "state": r.state.value,
                              "created_at": r.created_at.isoformat()} for r in started],
        "messages": [{"request_id": m.request_id, "body": m.body, "internal_note": m.internal,
                      "created_at": m.created_at.isoformat()} for m in messages],
        "follow_ups_answered": [{"request_id": f.request_id, "used_results": f.used_results.value if f.used_results
                                 else None, "used_for": f.used_for, "what_changed": f.what_changed,
                                 "cooperation": f.cooperation, "would_return": f.would_return,
                                 "new_question": f.new_question, "answered_at": f.answered_at.isoformat()}
                                for f in follow_ups],
    }
