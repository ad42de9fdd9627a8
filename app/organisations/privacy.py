"""Organisations in "download my data" and "delete my account": no organisation is left without an admin."""
import sqlalchemy as sa

from app.accounts.models import Organisation
from app.errors import Conflict
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.organisations import services
from app.privacy import account_erasing, personal_data_requested


@personal_data_requested.connect
def export_organisations(sender, user, **extra):
    """Return the organisations the person registered and those they are the contact person of."""
    registered = db.session.scalars(sa.select(Organisation).where(Organisation.created_by_id == user.id)
                                    .order_by(Organisation.id))
    contact_of = db.session.scalars(sa.select(Organisation).where(Organisation.contact_person_id == user.id)
                                    .order_by(Organisation.id))
    return {"organisations": {
        "registered": [{"id": o.id, "name": o.name, "org_number": o.org_number, "description": o.description,
                        "created_at": o.created_at.isoformat()} for o in registered],
        "alliance_contact_person_of": [{"id": o.id, "name": o.name} for o in contact_of],
    }}


@account_erasing.connect
def erase_organisations(sender, user, **extra):
    """Refuse while an organisation still needs the person's admin role handed over; leave the rest to the
    coordinators, and tell them."""
    if services.organisations_to_hand_over(user):
        raise Conflict(_l("Hand the admin role of your organisations over before you delete your account."))
    for organisation in services.organisations_left_to_coordinators(user):
        services.leave_to_coordinators(organisation, user)
