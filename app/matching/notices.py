"""The match lists' kinds of notification."""
from app.i18n import lazy_gettext as _l
from app.notifications import kinds as k

k.register_area("matching", _l("Match lists"))


def _either_side(user):
    return k.business_members(user) or k.stakeholder_members(user)


FOLLOWED = k.register_kind("matching.followed", _l("An organisation follows your offering for one of its needs"),
                           k.business_members)
BOTH_INTERESTED = k.register_kind("matching.both_interested", _l("Both sides of a match are interested"),
                                  lambda user: _either_side(user) or user.is_coordinator)
INTRODUCED = k.register_kind("matching.introduced", _l("You were introduced to the other side of a match"),
                             _either_side, template="matching/email/introduction")
