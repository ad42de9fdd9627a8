"""Signals between areas: one area asks or tells, the areas that care answer, neither imports the other.

Blinker signals (Flask ships blinker). The data export and the account erasure have theirs in
`app.privacy`, the demo data in `app.demo`; the questions one area asks of another are here.
"""
from blinker import Namespace

signals = Namespace()

# Sent with `organisation_ids` (a set); a receiver returns the subset that holds a valid certificate.
certified_organisations_asked = signals.signal("certified-organisations-asked")


def certified_organisations(organisation_ids) -> set[int]:
    """Return the organisations among `organisation_ids` that hold a valid certificate."""
    ids = set(organisation_ids)
    certified = set()
    for _receiver, answer in certified_organisations_asked.send(None, organisation_ids=ids):
        certified |= set(answer or ()) & ids
    return certified
