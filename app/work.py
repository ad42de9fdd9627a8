"""My work: what waits for a person, gathered from each area's providers.

An area adds what waits for people in it with one small function:

    @work_provider("colabs", _l("Co-labs"))
    def overdue_actions(user):
        if not user.is_coordinator:
            return []
        return [WorkItem(_l("Overdue follow-up actions"), count, url_for("colabs.manage", actions="overdue"))]

A provider runs a fixed number of statements (none when the person's roles make it irrelevant), and
each item links to a list filtered so that it shows exactly the rows the count counted.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for a person: a label, how many, and the list that shows them."""

    label: str
    count: int | None
    url: str
    detail: str = ""

    @property
    def is_waiting(self):
        """Return whether the item deserves a line: a positive count, or a status without a count."""
        return self.count is None or self.count > 0


@dataclass(frozen=True)
class WorkArea:
    key: str
    title: str
    items: list


_PROVIDERS = []


def work_provider(area, title):
    """Register a function `provider(user) -> [WorkItem]` under an area; areas show in registration order."""
    def register(provider):
        _PROVIDERS.append((area, title, provider))
        return provider
    return register


def work_for(user):
    """Return the areas with something waiting for the person, each with its waiting items, in navigation order."""
    from app import AREAS

    def order(entry):
        return AREAS.index(entry[0]) if entry[0] in AREAS else len(AREAS)

    areas = {}
    for key, title, provider in sorted(_PROVIDERS, key=order):
        items = [item for item in provider(user) if item.is_waiting]
        if items:
            areas.setdefault(key, WorkArea(key, title, [])).items.extend(items)
    return list(areas.values())
