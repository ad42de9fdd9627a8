"""The kinds of notification: each area registers its own, with who may receive it and the default delivery."""
from collections.abc import Callable
from dataclasses import dataclass

from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l


class DeliveryMode(LabelledEnum):
    immediate = "immediate", _l("Email at once")
    daily = "daily", _l("Daily digest")
    weekly = "weekly", _l("Weekly digest")
    off = "off", _l("Off")


DIGESTS = (DeliveryMode.daily, DeliveryMode.weekly)


@dataclass(frozen=True)
class Kind:
    """One kind of news: its key (`area.name`), label, who may receive it, default delivery, mail template."""

    key: str
    label: object
    audience: Callable[[object], bool]
    default: DeliveryMode = DeliveryMode.immediate
    template: str = "notifications/email/notification"

    @property
    def area(self):
        return self.key.split(".", 1)[0]


AREAS: dict[str, object] = {}
KINDS: dict[str, Kind] = {}


def register_area(key, label):
    """Name an area whose kinds are grouped under `label` on the settings page and in digests."""
    AREAS.setdefault(key, label)


def register_kind(key, label, audience, default=DeliveryMode.immediate, template=None) -> Kind:
    """Add one kind (once; registering the same key again returns the first)."""
    if key in KINDS:
        return KINDS[key]
    area = key.split(".", 1)[0]
    if area not in AREAS:
        raise ValueError(f"register the area {area!r} before its kinds")
    kind = Kind(key, label, audience, default, template or "notifications/email/notification")
    KINDS[key] = kind
    return kind


def area_rank(area):
    """Return where an area stands in the navigation order (unknown areas last)."""
    from app import AREAS as ORDER

    return ORDER.index(area) if area in ORDER else len(ORDER)


def kinds_for(user):
    """Return [(area label, [kinds])] of the kinds this person can receive, areas in navigation order."""
    grouped = {}
    for kind in KINDS.values():
        if kind.audience(user):
            grouped.setdefault(kind.area, []).append(kind)
    return [(AREAS[area], grouped[area]) for area in sorted(grouped, key=area_rank)]


# Who may receive what: the audiences areas use most.
def anyone(user):
    return True


def coordinators(user):
    return user.is_coordinator


def researchers(user):
    return user.is_researcher


def facilitators(user):
    return user.is_facilitator or user.is_coordinator


def members(user):
    """A member of any organisation."""
    return bool(user.approved_memberships)


def business_members(user):
    return user.is_business_member


def stakeholder_members(user):
    return user.is_stakeholder_member
