"""The alliance's figures for one period, by each indicator's own rule.

Plain functions over plain rows, so the rules can be checked by hand:
- values meet only when code, version and unit are the same (one group per triple);
- a sum adds raw values; the adjusted sum takes deadweight and attribution off each value first;
- a pooled ratio is Σ numerators ÷ Σ denominators (never the mean of the organisations' ratios);
- "unique people" shows the reach (Σ values) and, apart from it, the unique people: organisations
  that name each other as co-deliverers served one group of people, which counts once (its largest
  figure), since the same person may be in both organisations' counts;
- a group reported by fewer than MIN_ORGANISATIONS organisations shows no figure at all;
- every group shows its coverage (organisations reporting of those committed) and evidence mix.
Custom indicators never reach this module: they have no catalogue version.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from app.impact.constants import MIN_ORGANISATIONS, Aggregation, EvidenceLevel

ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass
class Row:
    """One approved report, as the aggregation sees it."""

    organisation_id: int
    code: str
    version: int
    unit: str
    aggregation: Aggregation
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    people_covered: int | None = None
    evidence_level: EvidenceLevel = EvidenceLevel.self_reported
    deadweight_pct: Decimal | None = None
    attribution_pct: Decimal | None = None
    co_deliverer_ids: frozenset = field(default_factory=frozenset)

    @property
    def factor(self):
        factor = ONE
        for pct in (self.deadweight_pct, self.attribution_pct):
            if pct is not None:
                factor *= (HUNDRED - Decimal(pct)) / HUNDRED
        return factor


def _number(value, places=4):
    if value is None:
        return None
    rounded = round(Decimal(value), places)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _groups_of_co_deliverers(rows):
    """Return the rows joined into groups of organisations that co-delivered (union-find)."""
    parent = {r.organisation_id: r.organisation_id for r in rows}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        for other in row.co_deliverer_ids:
            if other in parent:
                parent[find(row.organisation_id)] = find(other)
    groups = defaultdict(list)
    for row in rows:
        groups[find(row.organisation_id)].append(row)
    return list(groups.values())


def aggregate_group(rows, committed, rule):
    """Return the figures of one (code, version, unit) group."""
    organisations = {r.organisation_id for r in rows}
    figure = {
        "organisations_committed": committed, "organisations_reported": len(organisations),
        "evidence": {level.value: sum(1 for r in rows if r.evidence_level == level) for level in EvidenceLevel},
        "suppressed": len(organisations) < MIN_ORGANISATIONS,
        "raw": None, "adjusted": None, "unique_people": None, "unique_people_adjusted": None,
        "numerator": None, "denominator": None, "people_covered": None,
    }
    if figure["suppressed"]:
        figure["evidence"] = None
        return figure
    figure["people_covered"] = sum(r.people_covered or 0 for r in rows)
    if rule in (Aggregation.sum, Aggregation.unique_people):
        figure["raw"] = _number(sum((r.value for r in rows), Decimal(0)))
        figure["adjusted"] = _number(sum((r.value * r.factor for r in rows), Decimal(0)))
    if rule == Aggregation.unique_people:
        groups = _groups_of_co_deliverers(rows)
        figure["unique_people"] = _number(sum((max(r.value for r in g) for g in groups), Decimal(0)))
        figure["unique_people_adjusted"] = _number(
            sum((max(r.value * r.factor for r in g) for g in groups), Decimal(0)))
    if rule == Aggregation.pooled_ratio:
        numerator = sum((r.numerator for r in rows), Decimal(0))
        denominator = sum((r.denominator for r in rows), Decimal(0))
        adjusted = sum((r.numerator * r.factor for r in rows), Decimal(0))
        figure["numerator"], figure["denominator"] = _number(numerator), _number(denominator)
        figure["raw"] = _number(numerator / denominator, 6) if denominator else None
        figure["adjusted"] = _number(adjusted / denominator, 6) if denominator else None
    return figure


def aggregate(rows, committed, names):
    """Return the figures of a period: one entry per (code, version, unit), in code order.

    `committed` maps (code, version, unit) to the number of organisations committed to it;
    `names` maps (code, version) to {"name_en", "name_sv", "aggregation", "direction", "level"}.
    """
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row.code, row.version, row.unit)].append(row)
    keys = sorted(set(grouped) | set(committed), key=lambda k: (k[0], k[1], k[2]))
    entries = []
    for code, version, unit in keys:
        meta = names[(code, version)]
        rule = Aggregation(meta["aggregation"])
        figures = aggregate_group(grouped.get((code, version, unit), []), committed.get((code, version, unit), 0),
                                  rule)
        entries.append({"code": code, "version": version, "unit": unit, **meta, **figures})
    return entries
