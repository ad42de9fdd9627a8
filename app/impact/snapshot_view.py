"""How a stored snapshot is shown and exported: the same stored figures, in the reader's language."""
from app.i18n import current_language
from app.impact.constants import MIN_ORGANISATIONS, Aggregation, EvidenceLevel

SNAPSHOT_HEADER = [
    "period", "code", "version", "name", "unit", "aggregation", "organisations_committed", "organisations_reported",
    "coverage", "raw", "adjusted", "unique_people", "unique_people_adjusted", "numerator", "denominator",
    "people_covered", "self_reported", "documented", "verified", "suppressed",
]


def snapshot_entries(figures):
    """Return the indicator entries with their name in the reader's language and their labels."""
    language = current_language()
    entries = []
    for entry in figures.get("indicators", []):
        entries.append({
            **entry,
            "name": entry["name_sv"] if language == "sv" else entry["name_en"],
            "aggregation_label": Aggregation(entry["aggregation"]).label,
            "evidence_mix": [(level.label, (entry.get("evidence") or {}).get(level.value, 0))
                             for level in EvidenceLevel] if entry.get("evidence") else [],
        })
    return entries


def snapshot_csv_rows(figures, language):
    for entry in figures.get("indicators", []):
        evidence = entry.get("evidence") or {}
        committed = entry["organisations_committed"]
        yield [
            figures["period"], entry["code"], entry["version"], entry["name_sv"] if language == "sv" else entry["name_en"],
            entry["unit"], entry["aggregation"], committed, entry["organisations_reported"],
            round(entry["organisations_reported"] / committed, 4) if committed else None,
            entry["raw"], entry["adjusted"], entry["unique_people"], entry["unique_people_adjusted"],
            entry["numerator"], entry["denominator"], entry["people_covered"],
            evidence.get("self_reported"), evidence.get("documented"), evidence.get("verified"),
            entry["suppressed"],
        ]


__all__ = ["SNAPSHOT_HEADER", "snapshot_entries", "snapshot_csv_rows", "MIN_ORGANISATIONS"]
