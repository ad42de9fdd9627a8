"""The organisation directory's kinds of notification."""
from app.i18n import lazy_gettext as _l
from app.notifications import kinds as k

k.register_area("organisations", _l("Organisations"))

JOIN_REQUESTED = k.register_kind("organisations.join_requested", _l("Someone asks to join your organisation"),
                                 lambda user: k.members(user) or user.is_coordinator,
                                 template="email/membership_requested")
JOIN_APPROVED = k.register_kind("organisations.join_approved", _l("You became a member of an organisation"),
                                k.anyone, template="email/membership_approved")
ADMIN_HANDED_OVER = k.register_kind("organisations.admin_handed_over", _l("You were made admin of an organisation"),
                                    k.members)
HANDED_TO_COORDINATORS = k.register_kind(
    "organisations.handed_to_coordinators", _l("An organisation was left without an admin"),
    lambda user: user.is_coordinator)
