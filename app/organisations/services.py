"""Domain actions on organisations and their memberships. They flush, never commit."""

from app.accounts.constants import MembershipState
from app.accounts.models import Membership, Organisation
from app.accounts.services import coordinators
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.db_types import utcnow
from app.links import path_for
from app.notifications.services import notify
from app.organisations import notices
from app.errors import Conflict
from app.extensions import db
from app.i18n import lazy_gettext as _l


def create_organisation(creator, **fields):
    """Register an organisation; its creator becomes its first admin."""
    organisation = Organisation(created_by_id=creator.id, **fields)
    db.session.add(organisation)
    db.session.add(Membership(
        user=creator, organisation=organisation, state=MembershipState.approved, is_admin=True,
        approved_at=utcnow(), approved_by_id=creator.id,
    ))
    db.session.flush()
    return organisation


def update_organisation(organisation, **fields):
    for name, value in fields.items():
        setattr(organisation, name, value)


def request_membership(user, organisation):
    """Ask to join; the organisation's admins (or coordinators when it has none) are told."""
    if organisation.membership_of(user) is not None:
        raise Conflict(_l("You are already a member of this organisation or have asked to join."))
    membership = Membership(user=user, organisation=organisation, state=MembershipState.pending)
    db.session.add(membership)
    db.session.flush()
    admins = [m.user for m in organisation.memberships if m.is_admin and m.state == MembershipState.approved]
    if not admins:
        admins = coordinators()
    notify(admins, notices.JOIN_REQUESTED, title=organisation.name,
           link=path_for("organisations.show", organisation_id=organisation.id),
           subject=_l("%(name)s asks to join %(organisation)s", name=user.name, organisation=organisation.name),
           applicant=user, organisation=organisation)
    return membership


def approve_membership(membership, approver):
    if membership.state != MembershipState.pending:
        raise Conflict(_l("This request has already been handled."))
    membership.state = MembershipState.approved
    membership.approved_at = utcnow()
    membership.approved_by_id = approver.id
    record_audit(approver, AuditAction.membership_approved, membership.organisation,
                 detail=membership.user.display_name)
    notify([membership.user], notices.JOIN_APPROVED, title=membership.organisation.name,
           link=path_for("organisations.show", organisation_id=membership.organisation_id),
           subject=_l("You are now a member of %(organisation)s", organisation=membership.organisation.name),
           membership=membership)


def remove_membership(membership, actor):
    """Decline a request or end a membership; an organisation keeps at least one admin."""
    organisation = membership.organisation
    if membership.is_admin and membership.state == MembershipState.approved:
        other_admins = [m for m in organisation.memberships
                        if m.is_admin and m.state == MembershipState.approved and m.id != membership.id]
        if not other_admins:
            raise Conflict(_l("An organisation needs at least one admin. Make someone else admin first."))
    if actor.id != membership.user_id:  # leaving is one's own business; removing someone else is audited
        record_audit(actor, AuditAction.member_removed, organisation, detail=membership.user.display_name)
    db.session.delete(membership)


def set_membership_admin(membership, is_admin):
    if membership.state != MembershipState.approved:
        raise Conflict(_l("Approve the membership first."))
    if not is_admin:
        others = [m for m in membership.organisation.memberships
                  if m.is_admin and m.state == MembershipState.approved and m.id != membership.id]
        if not others:
            raise Conflict(_l("An organisation needs at least one admin. Make someone else admin first."))
    membership.is_admin = is_admin


def set_alliance_membership(organisation, member_since, contact_person_id, actor):
    if member_since != organisation.member_since:
        record_audit(actor, AuditAction.alliance_membership_changed, organisation,
                     detail=f"member since {member_since.isoformat()}" if member_since else "not a member")
    organisation.member_since = member_since
    organisation.contact_person_id = contact_person_id if member_since else None


# -- handing an organisation over before an admin leaves ---------------------------------
def _approved_admins(organisation):
    return [m for m in organisation.memberships if m.is_admin and m.state == MembershipState.approved]


def last_admin_memberships(user):
    """Return the person's memberships in which they are the organisation's only admin."""
    return [m for m in user.approved_memberships
            if m.is_admin and [a.id for a in _approved_admins(m.organisation)] == [m.id]]


def successors(organisation, admin):
    """Return the approved members (other than the admin) who could take the admin role over."""
    return sorted((m for m in organisation.memberships
                   if m.state == MembershipState.approved and m.user_id != admin.id and m.user.deleted_at is None),
                  key=lambda m: (m.user.name.lower(), m.id))


def organisations_to_hand_over(user):
    """Return the organisations whose only admin is the person while other members could take over."""
    return [m.organisation for m in last_admin_memberships(user) if successors(m.organisation, user)]


def organisations_left_to_coordinators(user):
    """Return the organisations the person is the only member of: deleting the account leaves them to the coordinators."""
    return [m.organisation for m in last_admin_memberships(user) if not successors(m.organisation, user)]


def hand_over_organisation(organisation, admin, successor=None):
    """Give the admin role to another member (`successor`, a membership), or step down; return whether the
    organisation is left to the coordinators (nobody else is admin)."""
    own = organisation.membership_of(admin)
    if own is None or not own.is_admin or own.state != MembershipState.approved:
        raise Conflict(_l("You are not an admin of this organisation."))
    link = path_for("organisations.show", organisation_id=organisation.id)
    if successor is not None:
        if successor.organisation_id != organisation.id or successor.state != MembershipState.approved \
                or successor.user_id == admin.id:
            raise Conflict(_l("Choose an approved member of this organisation."))
        successor.is_admin = True
        notify([successor.user], notices.ADMIN_HANDED_OVER, title=organisation.name, link=link,
               subject=_l("You are now an admin of %(organisation)s", organisation=organisation.name),
               body=_l("%(name)s handed the admin role of %(organisation)s over to you.",
                       name=admin.name, organisation=organisation.name))
    left_alone = successor is None and [m.id for m in _approved_admins(organisation)] == [own.id]
    if left_alone:
        leave_to_coordinators(organisation, admin)
    own.is_admin = False
    db.session.flush()
    return left_alone


def leave_to_coordinators(organisation, admin):
    """Tell the coordinators that an organisation no longer has an admin of its own."""
    notify(coordinators(), notices.HANDED_TO_COORDINATORS, title=organisation.name,
           link=path_for("organisations.show", organisation_id=organisation.id), exclude=admin,
           subject=_l("%(organisation)s has no admin any more", organisation=organisation.name),
           body=_l("%(name)s has left the organisation in the coordinators' care. Approve new members and "
                   "make one of them admin.", name=admin.name))
