"""What waits for organisation administrators, for their "My work" page."""
import sqlalchemy as sa
from flask import url_for

from app.accounts.constants import MembershipState
from app.accounts.models import Membership
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.work import WorkItem, work_provider


@work_provider("organisations", _l("Organisations"))
def people_asking_to_join(user):
    """People asking to join the organisations the person administers, per organisation."""
    admin_of = {m.organisation_id: m.organisation for m in user.approved_memberships if m.is_admin}
    if not admin_of:
        return []
    counts = dict(db.session.execute(
        sa.select(Membership.organisation_id, sa.func.count())
        .where(Membership.organisation_id.in_(admin_of), Membership.state == MembershipState.pending)
        .group_by(Membership.organisation_id)).all())
    return [WorkItem(_l("People asking to join %(organisation)s", organisation=organisation.name),
                     counts.get(organisation_id, 0), url_for("organisations.show", organisation_id=organisation_id, _anchor="members-heading"))
            for organisation_id, organisation in admin_of.items()]
