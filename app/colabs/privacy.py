"""The co-labs part of "download my data" and "delete my account"."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.colabs import services
from app.colabs.constants import SessionState
from app.colabs.models import ColabFeedToken, ColabRegistration, ColabSession, colab_session_facilitators
from app.extensions import db
from app.privacy import account_erasing, personal_data_requested


def _iso(value):
    return value.isoformat() if value else None


def _facilitated(user):
    return sa.select(ColabSession).join(
        colab_session_facilitators, colab_session_facilitators.c.session_id == ColabSession.id
    ).where(colab_session_facilitators.c.user_id == user.id)


@personal_data_requested.connect
def export_colabs(sender, user, **extra):
    """Return the person's registrations (with their answers while kept) and the sessions they facilitated."""
    registrations = db.session.scalars(
        sa.select(ColabRegistration).where(ColabRegistration.user_id == user.id)
        .options(selectinload(ColabRegistration.session)).order_by(ColabRegistration.created_at))
    facilitated = db.session.scalars(
        _facilitated(user).options(selectinload(ColabSession.actions)).order_by(ColabSession.starts_at))
    return {
        "colab_registrations": [
            {
                "session": r.session.title, "session_id": r.session_id, "starts_at": _iso(r.session.starts_at),
                "state": r.state.value, "organisation": r.organisation_name,
                "sector": r.sector.value if r.sector else None, "answers": r.answers, "attended": r.attended,
                "registered_at": _iso(r.registered_at), "waitlisted_at": _iso(r.waitlisted_at),
                "cancelled_at": _iso(r.cancelled_at),
            }
            for r in registrations
        ],
        "colab_sessions_facilitated": [
            {
                "session_id": s.id, "title": s.title, "state": s.state.value, "format": s.format.value,
                "starts_at": _iso(s.starts_at), "ends_at": _iso(s.ends_at), "venue": s.venue,
                "description": s.description, "created_by_you": s.created_by_id == user.id,
                "outcome_notes": s.outcome_notes, "decisions": s.decisions,
                "cancellation_note": s.cancellation_note,
                "actions": [{"what": a.what, "who": a.who, "due_on": _iso(a.due_on)} for a in s.actions],
            }
            for s in facilitated
        ],
    }


@account_erasing.connect
def erase_colabs(sender, user, **extra):
    """Give up future places (the waitlist moves up), delete answers, the calendar feed and draft sessions.

    A draft session the person facilitates alone is deleted; with co-facilitators it stays, without them.
    """
    for registration in db.session.scalars(
            sa.select(ColabRegistration).where(ColabRegistration.user_id == user.id)):
        if registration.can_cancel(user):
            services.cancel_registration(registration, user)
        registration.answers = None
        registration.organisation_name = ""
    db.session.execute(sa.delete(ColabFeedToken).where(ColabFeedToken.user_id == user.id))
    for draft in db.session.scalars(_facilitated(user).where(ColabSession.state == SessionState.draft)):
        others = [f for f in draft.facilitators if f.id != user.id]
        if others:
            draft.facilitators = others
        else:
            db.session.delete(draft)
    db.session.flush()
