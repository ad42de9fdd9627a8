"""Signals between areas: one area asks or tells, the areas that care answer, neither imports the other.

Blinker signals (Flask ships blinker). The data export and the account erasure have theirs in
`app.privacy`, the demo data in `app.demo`; the questions one area asks of another are here.
"""
from dataclasses import dataclass
from statistics import median

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


# Sent with `period` (the dashboard's DateRange: .start, .end, .start_at, .end_at); a receiver returns its
# area's figures for that period, a list of DashboardFigure (see app/dashboard/figures.py).
dashboard_figures_asked = signals.signal("dashboard-figures-asked")


@dataclass(frozen=True)
class DashboardFigure:
    """One figure of the dashboard: listed (a row of the CSV and trend table, by `order`) or page-only."""

    key: str  # the name the dashboard's templates read it by (`figures.key`)
    value: object
    order: int | None = None  # place among the listed figures (10, 20, ...); None: a breakdown or share
    area: str = ""
    label: str = ""


def median_days(pairs):
    """Return the median of days between each (earlier, later) pair, to one decimal, or None."""
    waits = [(later - earlier).total_seconds() / 86400 for earlier, later in pairs]
    return round(median(waits), 1) if waits else None
