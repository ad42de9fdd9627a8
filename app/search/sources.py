"""What site-wide search looks through: one source per kind of page, with that page's own permission.

Each area answers `search_sources_asked` with its sources (in its own `search.py`): the index kind it
reads, a SELECT of the ids the person may see (the same rule as the page the hit links to: `can_view`
on the model, written as a query), how to show a hit, and an order number that places its group.
"""
from collections.abc import Callable
from dataclasses import dataclass

from app.signals import signals

# Sent with no arguments; a receiver returns a list of Source, the area's kinds of page.
search_sources_asked = signals.signal("search-sources-asked")


@dataclass(frozen=True)
class Hit:
    """One found page: its title and address, the text to quote from, and a line about it."""

    title: str
    url: str
    text: str
    meta: str


@dataclass(frozen=True)
class Source:
    name: str  # in the address: ?kind=results
    kind: str  # the index kind it reads
    label: object  # lazy, plural ("Published results")
    visible: Callable  # visible(user) -> SELECT of ids, or None if the person may see none
    load: Callable  # load(ids) -> {id: object}
    hit: Callable  # hit(object) -> Hit
    order: int = 100  # place of its group on the page (10, 20, ...)


def signed_in(user):
    return user is not None and user.is_authenticated


def all_sources():
    """Return every area's sources, in their order."""
    found = [source for _receiver, answer in search_sources_asked.send(None) for source in answer or ()]
    return sorted(found, key=lambda source: source.order)


def sources_for(user):
    """Return [(source, SELECT of visible ids)] for the sources this person may search."""
    found = []
    for source in all_sources():
        ids = source.visible(user)
        if ids is not None:
            found.append((source, ids))
    return found
