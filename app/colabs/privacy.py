"""The co-labs part of "download my data" and "delete my account"."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.privacy import eraser, exporter
from app.colabs import services
from app.colabs.models import ColabFeedToken, ColabRegistration
from app.extensions import db


def _iso(value):
    return value.isoformat() if value else None


@exporter("colab_registrations")
def export_registrations(user):
    """Return the person's registrations, with their answers while they are kept."""
    registrations = db.session.scalars(
        sa.select(ColabRegistration).where(ColabRegistration.user_id == user.id)
        .options(selectinload(ColabRegistration.session)).order_by(ColabRegistration.created_at))
    return [
        {
            "session": r.session.title, "session_id": r.session_id, "starts_at": _iso(r.session.starts_at),
            "state": r.state.value, "organisation": r.organisation_name,
            "sector": r.sector.value if r.sector else None, "answers": r.answers, "attended": r.attended,
            "registered_at": _iso(r.registered_at), "waitlisted_at": _iso(r.waitlisted_at),
            "cancelled_at": _iso(r.cancelled_at),
        }
        for r in registrations
    ]


@eraser
def erase_registrations(user):
    """Give up future places (the waitlist moves up), delete answers and the calendar feed."""
    for registration in db.session.scalars(
            sa.select(ColabRegistration).where(ColabRegistration.user_id == user.id)):
        if registration.can_cancel(user):
            services.cancel_registration(registration, user)
        registration.answers = None
        registration.organisation_name = ""
    db.session.execute(sa.delete(ColabFeedToken).where(ColabFeedToken.user_id == user.id))
