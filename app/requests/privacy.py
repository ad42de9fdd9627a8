"""What the science shop keeps about a person: their export, and what deleting the account removes."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.privacy import account_erasing, personal_data_requested
from app.requests.constants import RequestState
from app.requests.models import Assignment, FollowUp, Message, Request, RequestEvent, Suggestion


def _iso(value):
    return value.isoformat() if value else None


def _request_text(r):
    return {"id": r.id, "organisation": r.organisation.name, "title": r.title, "state": r.state.value,
            "question": r.question, "background": r.background, "intended_use": r.intended_use,
            "beneficiaries": r.beneficiaries, "timeframe": r.timeframe, "created_at": _iso(r.created_at),
            "submitted_at": _iso(r.submitted_at)}


@personal_data_requested.connect
def export_requests(sender, user, **extra):
    """Return the requests the person started and worked on, with their text, and what they wrote in them."""
    started = db.session.scalars(sa.select(Request).where(Request.created_by_id == user.id)
                                 .options(selectinload(Request.organisation)).order_by(Request.id))
    worked_on = db.session.scalars(sa.select(Assignment).where(Assignment.user_id == user.id)
                                   .options(selectinload(Assignment.request).selectinload(Request.organisation))
                                   .order_by(Assignment.id))
    suggested = db.session.scalars(sa.select(Suggestion).where(Suggestion.user_id == user.id).order_by(Suggestion.id))
    messages = db.session.scalars(sa.select(Message).where(Message.author_id == user.id).order_by(Message.id))
    steps = db.session.scalars(sa.select(RequestEvent).where(RequestEvent.actor_id == user.id)
                               .order_by(RequestEvent.id))
    follow_ups = db.session.scalars(sa.select(FollowUp).where(FollowUp.answered_by_id == user.id)
                                    .order_by(FollowUp.id))
    return {"science_shop": {
        "requests_started": [
            _request_text(r) | {"rating": r.rating, "rating_comment": r.rating_comment} for r in started],
        "requests_worked_on": [
            _request_text(a.request) | {
                "role": a.role.value, "added_at": _iso(a.added_at), "public_summary": a.request.public_summary,
                "result_text": a.request.result_text, "result_link": a.request.result_link,
                "recommendations": a.request.recommendations, "completed_at": _iso(a.request.completed_at)}
            for a in worked_on],
        "suggested_for": [{"request_id": s.request_id, "at": _iso(s.created_at)} for s in suggested],
        "messages": [{"request_id": m.request_id, "body": m.body, "internal_note": m.internal,
                      "created_at": _iso(m.created_at)} for m in messages],
        "timeline_steps": [{"request_id": e.request_id, "action": e.action.value,
                            "to": e.to_state.value if e.to_state else None, "note": e.note,
                            "at": _iso(e.created_at)} for e in steps],
        "follow_ups_answered": [{"request_id": f.request_id, "used_results": f.used_results.value if f.used_results
                                 else None, "used_for": f.used_for, "what_changed": f.what_changed,
                                 "cooperation": f.cooperation, "would_return": f.would_return,
                                 "new_question": f.new_question, "answered_at": _iso(f.answered_at)}
                                for f in follow_ups],
    }}


@account_erasing.connect
def erase_requests(sender, user, **extra):
    """Delete the drafts the person started: nobody else has been sent them. Sent requests stay with the group."""
    for draft in db.session.scalars(sa.select(Request).where(
            Request.created_by_id == user.id, Request.state == RequestState.draft)):
        db.session.delete(draft)
    db.session.flush()
