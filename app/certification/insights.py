"""Aggregated answers: why businesses seek certification, how needed it is, what stands in the way.

Three grouped queries (respondents, research items, section scores), each grouped by sector
and municipality, are rolled up here into the whole, per sector and per municipality. A group
with fewer than MIN_GROUP respondents is suppressed: it shows no numbers at all.
"""
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.accounts.constants import SECTOR_LABELS, Sector, municipality_choices, municipality_label
from app.certification.models import Assessment, ResponseItem, SectionScoreRow
from app.extensions import db

MIN_GROUP = 5
REASONS, NEED, BARRIERS = "reasons", "need", "barriers"


@dataclass
class Group:
    """The aggregates of one group of respondents."""

    label: object  # a (lazy) label
    respondents: int = 0
    total_sum: float = 0.0
    total_count: int = 0
    rank_counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))  # option -> rank -> n
    ticks: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))  # question -> option -> n
    scale: dict = field(default_factory=lambda: defaultdict(int))  # need value -> n
    section_sums: dict = field(default_factory=lambda: defaultdict(lambda: [0.0, 0]))

    @property
    def suppressed(self):
        return self.respondents < MIN_GROUP

    @property
    def mean_total(self):
        return round(self.total_sum / self.total_count, 1) if self.total_count else None

    # reasons ----------------------------------------------------------
    @property
    def ranked_respondents(self):
        """Everyone who ranked anything ranked exactly one reason first."""
        return sum(ranks.get(1, 0) for ranks in self.rank_counts.values())

    def borda(self, options):
        """Return [(option key, Borda score, share ranked first %)] best first.

        With n reasons, rank 1 earns n points, rank 2 n-1, ... ; unranked reasons earn 0.
        """
        n = len(options)
        answered = self.ranked_respondents
        rows = []
        for key in options:
            ranks = self.rank_counts.get(key, {})
            score = sum(count * (n - rank + 1) for rank, count in ranks.items())
            first = ranks.get(1, 0)
            rows.append((key, score, round(100 * first / answered, 1) if answered else 0.0))
        rows.sort(key=lambda row: (-row[1], -row[2], options.index(row[0])))
        return rows

    # need ---------------------------------------------------------------
    @property
    def need_respondents(self):
        return sum(self.scale.values())

    @property
    def mean_need(self):
        n = self.need_respondents
        return round(sum(v * c for v, c in self.scale.items()) / n, 2) if n else None

    # barriers -----------------------------------------------------------
    def tick_shares(self, question, options):
        """Return [(option, count, share of respondents %)] most ticked first."""
        counts = self.ticks.get(question, {})
        rows = [(key, counts.get(key, 0), round(100 * counts.get(key, 0) / self.respondents, 1)
                 if self.respondents else 0.0) for key in options]
        rows.sort(key=lambda row: (-row[1], options.index(row[0])))
        return rows

    # sections -----------------------------------------------------------
    def section_mean(self, key):
        total, count = self.section_sums.get(key, (0.0, 0))
        return round(total / count, 1) if count else None


@dataclass
class Insights:
    overall: Group
    by_sector: list
    by_municipality: list


def _responding():
    return sa.select(Assessment.id).where(Assessment.in_insights.is_(True))


def compute():
    """Return the aggregates for everyone, per sector and per municipality."""
    overall = Group("all")
    sectors = {}
    municipalities = {}

    def groups(sector, municipality):
        sector = Sector(sector) if not isinstance(sector, Sector) else sector
        if sector not in sectors:
            sectors[sector] = Group(SECTOR_LABELS[sector])
        if municipality not in municipalities:
            municipalities[municipality] = Group(municipality_label(municipality))
        return overall, sectors[sector], municipalities[municipality]

    # Three grouped scans of one table each; the facts exist only for counted submissions.
    respondents = db.session.execute(
        sa.select(Assessment.insight_sector, Assessment.insight_municipality, sa.func.count(),
                  sa.func.sum(Assessment.total_percent), sa.func.count(Assessment.total_percent))
        .where(Assessment.in_insights.is_(True))
        .group_by(Assessment.insight_sector, Assessment.insight_municipality)
    ).all()
    for sector, municipality, count, total_sum, total_count in respondents:
        for group in groups(sector, municipality):
            group.respondents += count
            group.total_sum += total_sum or 0
            group.total_count += total_count

    items = db.session.execute(
        sa.select(ResponseItem.sector, ResponseItem.municipality, ResponseItem.question_key,
                  ResponseItem.option_key, ResponseItem.number, sa.func.count())
        .where(ResponseItem.question_key.in_([REASONS, NEED, BARRIERS]))
        .group_by(ResponseItem.sector, ResponseItem.municipality, ResponseItem.question_key,
                  ResponseItem.option_key, ResponseItem.number)
    ).all()
    for sector, municipality, question, option, number, count in items:
        for group in groups(sector, municipality):
            if question == REASONS:
                group.rank_counts[option][number] += count
            elif question == NEED:
                group.scale[number] += count
            else:
                group.ticks[question][option] += count

    scores = db.session.execute(
        sa.select(SectionScoreRow.sector, SectionScoreRow.municipality, SectionScoreRow.section_key,
                  sa.func.sum(SectionScoreRow.percent), sa.func.count())
        .group_by(SectionScoreRow.sector, SectionScoreRow.municipality, SectionScoreRow.section_key)
    ).all()
    for sector, municipality, section, total, count in scores:
        for group in groups(sector, municipality):
            group.section_sums[section][0] += total
            group.section_sums[section][1] += count

    by_sector = [sectors[s] for s in Sector if s in sectors]
    order = {code: index for index, (code, _name) in enumerate(municipality_choices())}
    by_municipality = [municipalities[code] for code in sorted(municipalities, key=lambda c: order.get(c, len(order)))]
    return Insights(overall, by_sector, by_municipality)


def can_export_responses(user):
    """Researchers among the coordinators may export the anonymised responses."""
    return bool(user and user.is_authenticated and user.is_coordinator and user.is_researcher)


def anonymised_rows(definition):
    """Yield one CSV row per responding business: no names, ids or free text.

    Sector and municipality are kept only where at least MIN_GROUP businesses share them;
    otherwise the cell says "fewer than 5" so that no small group can be singled out.
    """
    from app.certification.definition import iter_questions

    research = [q for s, q in iter_questions(definition) if not s["scored"] and q["type"] != "text"]
    scored_sections = [s["key"] for s in definition["sections"] if s["scored"]]
    header = ["respondent", "sector", "municipality", "questionnaire_version", "total_percent", "band"]
    header += [f"section_{key}" for key in scored_sections]
    for question in research:
        if question["type"] == "ranking":
            header += [f"{question['key']}_rank_{o['key']}" for o in question["options"]]
        elif question["type"] == "multiple":
            header += [f"{question['key']}_{o['key']}" for o in question["options"]]
        else:
            header.append(question["key"])
    yield header
    from app.certification.models import QuestionnaireVersion

    rows = db.session.execute(
        sa.select(Assessment.id, Assessment.insight_sector, Assessment.insight_municipality,
                  QuestionnaireVersion.number, Assessment.total_percent, Assessment.band)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.version_id)
        .where(Assessment.in_insights.is_(True))
        .order_by(Assessment.insight_sector, Assessment.insight_municipality, Assessment.total_percent,
                  Assessment.id)
    ).all()
    sections = defaultdict(dict)
    for assessment_id, key, percent in db.session.execute(
        sa.select(SectionScoreRow.assessment_id, SectionScoreRow.section_key, SectionScoreRow.percent)
        .where(SectionScoreRow.assessment_id.in_(_responding()))
    ):
        sections[assessment_id][key] = percent
    items = defaultdict(list)
    for assessment_id, question, option, number in db.session.execute(
        sa.select(ResponseItem.assessment_id, ResponseItem.question_key, ResponseItem.option_key, ResponseItem.number)
        .where(ResponseItem.assessment_id.in_(_responding()))
    ):
        items[assessment_id].append((question, option, number))
    per_cell = defaultdict(int)
    per_sector = defaultdict(int)
    for _id, sector, municipality, *_rest in rows:
        per_cell[(sector, municipality)] += 1
        per_sector[sector] += 1
    suppressed = f"fewer than {MIN_GROUP}"
    for index, (assessment_id, sector, municipality, version, total, band) in enumerate(rows, start=1):
        sector_value = Sector(sector).value if sector else ""
        if per_sector[sector] < MIN_GROUP:
            sector_value = suppressed
        municipality_value = municipality if per_cell[(sector, municipality)] >= MIN_GROUP else suppressed
        row = [index, sector_value, municipality_value, version,
               "" if total is None else total, band.value if band else ""]
        row += ["" if sections[assessment_id].get(key) is None else sections[assessment_id][key]
                for key in scored_sections]
        given = items[assessment_id]
        for question in research:
            mine = [(o, n) for q, o, n in given if q == question["key"]]
            if question["type"] == "ranking":
                ranks = {o: n for o, n in mine}
                row += [ranks.get(o["key"], "") for o in question["options"]]
            elif question["type"] == "multiple":
                ticked = {o for o, _n in mine}
                row += [1 if o["key"] in ticked else 0 for o in question["options"]]
            elif question["type"] == "scale":
                row.append(mine[0][1] if mine else "")
            else:
                row.append(mine[0][0] if mine else "")
        yield row
