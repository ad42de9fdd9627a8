"""What matching contributes to a person's data export and account deletion."""
import sqlalchemy as sa

from app.extensions import db
from app.matching.models import Match, MatchEvent, Need, Offering
from app.privacy import account_erasing, personal_data_requested


@personal_data_requested.connect
def export_matching(sender, user, **extra):
    """Return the needs and offerings a person wrote, the matches they shared contact details in, and their steps."""
    needs = db.session.scalars(sa.select(Need).where(Need.created_by_id == user.id).order_by(Need.id))
    offerings = db.session.scalars(sa.select(Offering).where(Offering.created_by_id == user.id).order_by(Offering.id))
    shared = db.session.scalars(sa.select(Match).where(
        sa.or_(Match.need_contact_id == user.id, Match.offering_contact_id == user.id)).order_by(Match.id))
    steps = db.session.scalars(sa.select(MatchEvent).where(MatchEvent.actor_id == user.id).order_by(MatchEvent.id))
    return {"matching": {
        "needs": [{"id": n.id, "title": n.title, "description": n.description, "organisation_id": n.organisation_id}
                  for n in needs],
        "offerings": [{"id": o.id, "title": o.title, "description": o.description,
                       "organisation_id": o.organisation_id} for o in offerings],
        "contact_details_shared_in_matches": [m.id for m in shared],
        "match_steps": [{"match_id": e.match_id, "to": e.to_state.value, "at": e.created_at.isoformat(), "note": e.note}
                        for e in steps],
    }}


@account_erasing.connect
def erase_matching(sender, user, **extra):
    """Withdraw the person's consent to share contact details; the matches stay, without them."""
    db.session.execute(sa.update(Match).where(Match.need_contact_id == user.id).values(need_contact_id=None))
    db.session.execute(sa.update(Match).where(Match.offering_contact_id == user.id)
                       .values(offering_contact_id=None))
