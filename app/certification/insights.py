"""Aggregated answers: why businesses seek certification, how needed it is, what stands in the way.

Three grouped queries (respondents, research items, section scores), each grouped by sector
and municipality, are rolled up here into the whole, per sector and per municipality.

What cannot be de-anonymised (issue 14):
- Only organisations a coordinator has verified, with an assessment a coordinator has reviewed, count:
  made-up businesses cannot fill a small group up to five.
- The public sees only snapshots a coordinator published; a new submission changes nothing public.
- A group describing fewer than MIN_GROUP organisations is suppressed; within each breakdown, further
  groups are suppressed until the suppressed ones together describe at least MIN_GROUP organisations
  (or none), so that no group follows from the whole minus the others.
- Against every earlier snapshot, a group whose organisations changed by fewer than MIN_GROUP is
  suppressed, with the same complementary rule on the changes; a snapshot whose whole changed by fewer
  than MIN_GROUP is refused.
- Inside a shown group, every figure (a count, a share, a mean, a point of a scale) describing 1 to 4
  organisations is hidden, with complementary suppression within the group and across each breakdown,
  and the same rule on each figure's change since every earlier snapshot (see suppression.py).
"""
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.accounts.constants import Sector, municipality_choices, municipality_label
from app.certification.models import (
    Assessment, AssessmentState, InsightSnapshot, OrganisationCheck, ResponseItem, SectionScoreRow,
)
from app.certification.suppression import Relation, suppress_cells
from app.errors import Conflict
from app.extensions import db
from app.i18n import lazy_gettext as _l

MIN_GROUP = 5
REASONS, NEED, BARRIERS = "reasons", "need", "barriers"


@dataclass
class Group:
    """The aggregates of one group of respondents."""

    label: object  # a (lazy) label
    key: str = "all"  # "all", "sector:<value>" or "municipality:<code>"
    withheld: bool | None = None  # set by a snapshot's suppression; None: by size alone
    members: set = field(default_factory=set)  # the counted submissions (never published)
    respondents: int = 0
    total_sum: float = 0.0
    total_count: int = 0
    rank_counts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))  # option -> rank -> n
    ticks: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))  # question -> option -> n
    scale: dict = field(default_factory=lambda: defaultdict(int))  # need value -> n
    section_sums: dict = field(default_factory=lambda: defaultdict(lambda: [0.0, 0]))
    cells: dict = field(default_factory=dict)  # set by suppress_cells_of: name -> published value (None: withheld)
    cell_sizes: dict = field(default_factory=dict)  # of the shown cells, for the next snapshot (never published)
    top_reason: str | None = None
    top_barrier: str | None = None

    @property
    def suppressed(self):
        return self.respondents < MIN_GROUP if self.withheld is None else self.withheld

    def to_json(self):
        """Return the group's published figures (nothing at all when it is suppressed)."""
        if self.suppressed:
            return {"key": self.key, "suppressed": True}
        return {"key": self.key, "suppressed": False, "respondents": self.respondents, "total_sum": self.total_sum,
                "total_count": self.total_count,
                "rank_counts": {o: {str(r): n for r, n in ranks.items()} for o, ranks in self.rank_counts.items()},
                "ticks": {q: dict(options) for q, options in self.ticks.items()},
                "scale": {str(v): n for v, n in self.scale.items()},
                "section_sums": {k: list(v) for k, v in self.section_sums.items()}}

    @classmethod
    def from_json(cls, data):
        group = cls(_label_of(data["key"]), key=data["key"], withheld=data["suppressed"])
        if data["suppressed"]:
            return group
        group.respondents, group.total_sum, group.total_count = (data["respondents"], data["total_sum"],
                                                                 data["total_count"])
        for option, ranks in data["rank_counts"].items():
            for rank, n in ranks.items():
                group.rank_counts[option][int(rank)] = n
        for question, options in data["ticks"].items():
            group.ticks[question].update(options)
        group.scale.update({int(v): n for v, n in data["scale"].items()})
        group.section_sums.update({k: list(v) for k, v in data["section_sums"].items()})
        return group

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


def _label_of(key):
    if key == "all":
        return _l("Everyone")
    dimension, value = key.split(":", 1)
    return Sector(value).label if dimension == "sector" else municipality_label(value)


@dataclass
class Insights:
    overall: Group
    by_sector: list
    by_municipality: list
    published_at: object = None

    def groups(self):
        return [self.overall, *self.by_sector, *self.by_municipality]


# A reviewed assessment: a coordinator asked for changes to it or approved it (after a resubmission it
# waits for review again).
REVIEWED_STATES = (AssessmentState.changes_requested, AssessmentState.approved)


def _responding():
    """The counted submissions: the latest of each verified organisation, reviewed by a coordinator."""
    return (sa.select(Assessment.id)
            .join(OrganisationCheck, OrganisationCheck.organisation_id == Assessment.organisation_id)
            .where(Assessment.in_insights.is_(True), Assessment.state.in_(REVIEWED_STATES)))


def compute():
    """Return the aggregates for everyone, per sector and per municipality (of counted submissions only)."""
    overall = Group(_label_of("all"))
    sectors = {}
    municipalities = {}

    def groups(sector, municipality):
        sector = Sector(sector) if not isinstance(sector, Sector) else sector
        if sector not in sectors:
            sectors[sector] = Group(sector.label, key=f"sector:{sector.value}")
        if municipality not in municipalities:
            municipalities[municipality] = Group(municipality_label(municipality), key=f"municipality:{municipality}")
        return overall, sectors[sector], municipalities[municipality]

    counted = _responding()
    # Three grouped scans of one table each; the facts exist only for counted submissions.
    respondents = db.session.execute(
        sa.select(Assessment.id, Assessment.submitted_at, Assessment.insight_sector, Assessment.insight_municipality,
                  Assessment.total_percent)
        .where(Assessment.id.in_(counted))
    ).all()
    for assessment_id, submitted_at, sector, municipality, total in respondents:
        member = f"{assessment_id}@{submitted_at.isoformat() if submitted_at else ''}"
        for group in groups(sector, municipality):
            group.members.add(member)
            group.respondents += 1
            if total is not None:
                group.total_sum += total
                group.total_count += 1

    items = db.session.execute(
        sa.select(ResponseItem.sector, ResponseItem.municipality, ResponseItem.question_key,
                  ResponseItem.option_key, ResponseItem.number, sa.func.count())
        .where(ResponseItem.question_key.in_([REASONS, NEED, BARRIERS]), ResponseItem.assessment_id.in_(counted))
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
        .where(SectionScoreRow.assessment_id.in_(counted))
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


# -- published snapshots -------------------------------------------------------------------------------
def _suppress_complements(cells, size, published):
    """Suppress the smallest published cells until the suppressed ones together describe 0 or >= MIN_GROUP."""
    while True:
        hidden = sum(size[key] for key in cells if key not in published)
        if hidden == 0 or hidden >= MIN_GROUP:
            return
        candidates = sorted((size[key], key) for key in cells if key in published and size[key] > 0)
        if not candidates:
            return
        published.discard(candidates[0][1])


def suppress(data, earlier=()):
    """Mark which groups of `data` may be published, against the earlier snapshots' members.

    Raise Conflict when the whole changed by 1 to MIN_GROUP - 1 organisations since a snapshot (publishing
    would reveal those few), or when fewer than MIN_GROUP organisations are counted at all.
    """
    groups = {g.key: g for g in data.groups()}
    overall = data.overall
    published = {key for key, g in groups.items() if g.respondents >= MIN_GROUP}
    if "all" not in published:
        for group in groups.values():
            group.withheld = True
        return data
    for snapshot in earlier:
        before = set(snapshot.members.get("all", []))
        changed = len(before ^ overall.members)
        if 0 < changed < MIN_GROUP:
            raise Conflict(_l("Only %(n)s organisations have joined, changed or left since the snapshot of %(date)s. "
                              "Publishing now would let anyone compare the two; wait until at least %(min)s have.",
                              n=changed, date=snapshot.published_at.date().isoformat(), min=MIN_GROUP))
    dimensions = [[g.key for g in data.by_sector], [g.key for g in data.by_municipality]]
    size = {key: g.respondents for key, g in groups.items()}
    for _round in range(len(groups) + 1):  # each round only suppresses more; it settles quickly
        before_round = set(published)
        for cells in dimensions:
            _suppress_complements(cells, size, published)
        for snapshot in earlier:
            was_published = set(snapshot.figures.get("published", []))
            for cells in dimensions:
                keys = set(cells) | {k for k in snapshot.members if k.split(":", 1)[0] == cells_dimension(cells)}
                change = {k: len(set(snapshot.members.get(k, [])) ^ (groups[k].members if k in groups else set()))
                          for k in keys}
                for key in keys:
                    if key in published and key in was_published and 0 < change[key] < MIN_GROUP:
                        published.discard(key)
                # The changes hidden in this breakdown must together be 0 or at least MIN_GROUP.
                both = {k for k in keys if k in published and k in was_published}
                while True:
                    hidden = sum(change[k] for k in keys if k not in both)
                    if hidden == 0 or hidden >= MIN_GROUP:
                        break
                    candidates = sorted((change[k], k) for k in both if change[k] > 0)
                    if not candidates:
                        break
                    both.discard(candidates[0][1])
                    published.discard(candidates[0][1])
        if published == before_round:
            break
    for key, group in groups.items():
        group.withheld = key not in published
    return data


def cells_dimension(cells):
    return cells[0].split(":", 1)[0] if cells else ""


# -- cells inside the shown groups ----------------------------------------------------------------------
VIRTUAL = ("unranked", "need_none", "untick:")  # follow from shown figures, so they count; never displayed


@dataclass
class Layout:
    """The options whose figures are published: from the questionnaire, plus any found in the answers."""

    reasons: list
    scale: list
    barriers: list
    sections: list


def layout_of(definition, data=None):
    """Return the Layout of a questionnaire definition (None: the newest published one)."""
    from app.certification.definition import questions_by_key

    if definition is None:
        from app.certification.services import current_version

        version = current_version()
        definition = version.definition if version else {"sections": []}
    questions = questions_by_key(definition)

    def keys(question, extra=()):
        found = [o["key"] for o in questions[question]["options"]] if question in questions else []
        return found + sorted(set(extra) - set(found))

    groups = data.groups() if data else []
    scale = list(range(questions[NEED]["min"], questions[NEED]["max"] + 1)) if NEED in questions else []
    return Layout(
        reasons=keys(REASONS, {o for g in groups for o in g.rank_counts}),
        scale=scale + sorted({v for g in groups for v in g.scale} - set(scale)),
        barriers=keys(BARRIERS, {o for g in groups for o in g.ticks.get(BARRIERS, {})}),
        sections=[s["key"] for s in definition["sections"] if s.get("scored")]
        + sorted({k for g in groups for k in g.section_sums} - {s["key"] for s in definition["sections"]}),
    )


def cells_of(group, layout):
    """Return {name: (published value, organisations it describes)} of every figure of a group."""
    n = group.respondents
    ranked = group.ranked_respondents
    need = group.need_respondents
    cells = {"n": (n, n), "ranked": (ranked, ranked), "unranked": (n - ranked, n - ranked)}
    for key, score, _share in group.borda(layout.reasons):
        ranks = group.rank_counts.get(key, {})
        cells[f"first:{key}"] = (ranks.get(1, 0), ranks.get(1, 0))
        cells[f"borda:{key}"] = (score, sum(ranks.values()))
    cells["need_n"], cells["need_none"] = (need, need), (n - need, n - need)
    for value in layout.scale:
        cells[f"need:{value}"] = (group.scale.get(value, 0), group.scale.get(value, 0))
    cells["mean_need"] = (group.mean_need, need)
    for key in layout.barriers:
        ticked = group.ticks.get(BARRIERS, {}).get(key, 0)
        cells[f"tick:{key}"], cells[f"untick:{key}"] = (ticked, ticked), (n - ticked, n - ticked)
    for key in layout.sections:
        cells[f"section:{key}"] = (group.section_mean(key), group.section_sums.get(key, (0.0, 0))[1])
    cells["mean_total"] = (group.mean_total, group.total_count)
    return cells


def relations_of(data, layout):
    """Return the relations between the cells: within each group, and each breakdown against the whole."""
    relations, dependants = [], []
    names = list(cells_of(Group(""), layout))
    for g in data.groups():
        k = g.key
        relations += [
            Relation((k, "n"), ((k, "ranked"), (k, "unranked"))),
            Relation((k, "ranked"), tuple((k, f"first:{o}") for o in layout.reasons)),
            Relation((k, "n"), ((k, "need_n"), (k, "need_none"))),
            Relation((k, "need_n"), tuple((k, f"need:{v}") for v in layout.scale)),
            *(Relation((k, "n"), ((k, f"tick:{o}"), (k, f"untick:{o}"))) for o in layout.barriers),
        ]
        dependants.append(((k, "mean_need"), tuple((k, f"need:{v}") for v in layout.scale)))
    for dimension in (data.by_sector, data.by_municipality):
        if dimension:
            relations += [Relation(("all", name), tuple((g.key, name) for g in dimension))
                          for name in names if name != "n"]
    return relations, dependants


def _earlier_sizes(snapshot, cell_names):
    """Return ({cell: size then} of cells whose size is known from `snapshot`, the cells that are not)."""
    shown = snapshot.members.get("_cells")
    known, unknown = {}, set()
    for group_key, name in cell_names:
        if group_key not in snapshot.members:
            known[(group_key, name)] = 0  # the group had no one then
        elif shown is not None and name in shown.get(group_key, {}):
            known[(group_key, name)] = shown[group_key][name]
        else:
            unknown.add((group_key, name))
    return known, unknown


def suppress_cells_of(data, layout, earlier=()):
    """Hide every figure of a shown group that describes, or whose change describes, 1 to 4 organisations."""
    cells = {g.key: cells_of(g, layout) for g in data.groups()}
    sizes = {(key, name): size for key, figures in cells.items() for name, (_value, size) in figures.items()}
    relations, dependants = relations_of(data, layout)
    fixed = {(g.key, "n") for g in data.groups()}
    hidden = {(g.key, name) for g in data.groups() if g.suppressed for name in cells[g.key]}
    hidden = suppress_cells(sizes, relations, dependants, hidden, fixed)
    while True:
        before = set(hidden)
        for snapshot in earlier:
            then, unknown_then = _earlier_sizes(snapshot, sizes)
            changes = {cell: size - then[cell] for cell, size in sizes.items() if cell in then}
            result = suppress_cells(changes, relations, dependants, hidden | unknown_then, fixed)
            hidden |= result - unknown_then
        hidden = suppress_cells(sizes, relations, dependants, hidden, fixed)
        if hidden == before:
            break
    for g in data.groups():
        g.cells = {name: (None if (g.key, name) in hidden else value) for name, (value, _size) in cells[g.key].items()}
        g.cell_sizes = {name: size for name, (_value, size) in cells[g.key].items() if (g.key, name) not in hidden}
        g.top_reason = _top(g, [(o, s) for o, s, _x in g.borda(layout.reasons) if s], "borda")
        g.top_barrier = _top(g, [(o, n) for o, n, _x in g.tick_shares(BARRIERS, layout.barriers) if n], "tick")
    return data


def _top(group, ranked, prefix):
    """Return the first-placed option if its figure is shown (naming a hidden one would hint at it)."""
    if not ranked or group.cells.get(f"{prefix}:{ranked[0][0]}") is None:
        return None
    return ranked[0][0]


@dataclass
class Shown:
    """A group as published: its label and the figures that may be shown (None: withheld)."""

    label: object
    key: str
    suppressed: bool
    respondents: int | None = None
    values: dict = field(default_factory=dict)
    top_reason: str | None = None
    top_barrier: str | None = None

    @classmethod
    def of(cls, group):
        if group.suppressed:
            return cls(group.label, group.key, True)
        values = {name: value for name, value in group.cells.items() if name != "n" and not name.startswith(VIRTUAL)}
        return cls(group.label, group.key, False, group.respondents, values, group.top_reason, group.top_barrier)

    def to_json(self):
        if self.suppressed:
            return {"key": self.key, "suppressed": True}
        return {"key": self.key, "suppressed": False, "respondents": self.respondents, "values": self.values,
                "top_reason": self.top_reason, "top_barrier": self.top_barrier}

    @classmethod
    def from_json(cls, data):
        if data["suppressed"]:
            return cls(_label_of(data["key"]), data["key"], True)
        return cls(_label_of(data["key"]), data["key"], False, data["respondents"], data["values"],
                   data.get("top_reason"), data.get("top_barrier"))

    def value(self, name):
        return None if self.suppressed else self.values.get(name)

    def share(self, name, of="n"):
        """Return the cell as a percentage of `of`, or None when either is withheld."""
        part, whole = self.value(name), (self.respondents if of == "n" else self.value(of))
        return round(100 * part / whole, 1) if part is not None and whole else None

    @property
    def ranked_respondents(self):
        return self.value("ranked")

    @property
    def need_respondents(self):
        return self.value("need_n")

    @property
    def mean_need(self):
        return self.value("mean_need")

    @property
    def mean_total(self):
        return self.value("mean_total")

    def section_mean(self, key):
        return self.value(f"section:{key}")

    @staticmethod
    def _ordered(rows):
        shown = sorted((r for r in rows if r[1] is not None), key=lambda r: -r[1])
        return shown + [r for r in rows if r[1] is None]  # withheld last, in the questionnaire's order

    def reason_rows(self, options):
        """Return [(option, Borda score, share ranked first %)], best first, withheld ones last."""
        return self._ordered([(o, self.value(f"borda:{o}"), self.share(f"first:{o}", "ranked")) for o in options])

    def barrier_rows(self, options):
        """Return [(option, businesses, share %)], most named first, withheld ones last."""
        return self._ordered([(o, self.value(f"tick:{o}"), self.share(f"tick:{o}")) for o in options])

    def need_rows(self, low, high):
        return [(v, self.value(f"need:{v}")) for v in range(low, high + 1)]

    def rows(self):
        """Yield (figure, value) of every published figure, None where withheld."""
        yield "respondents", None if self.suppressed else self.respondents
        if not self.suppressed:
            yield from self.values.items()


def shown(data):
    """Return the Insights as they are published: Shown groups."""
    return Insights(Shown.of(data.overall), [Shown.of(g) for g in data.by_sector],
                    [Shown.of(g) for g in data.by_municipality], published_at=data.published_at)


def preview(definition=None):
    """Return today's figures suppressed as a snapshot would be (before comparing with earlier ones)."""
    data = compute()
    return shown(suppress_cells_of(suppress(data), layout_of(definition, data)))


def publish_snapshot(user, definition=None):
    """Publish today's insights as a snapshot, suppressed against every earlier one; return it."""
    earlier = list(db.session.scalars(sa.select(InsightSnapshot).order_by(InsightSnapshot.id)))
    data = suppress(compute(), earlier)
    if data.overall.suppressed:
        raise Conflict(_l("Fewer than %(min)s verified organisations with a reviewed assessment are counted; "
                          "there is nothing to publish yet.", min=MIN_GROUP))
    suppress_cells_of(data, layout_of(definition, data), earlier)
    public = shown(data)
    members = {g.key: sorted(g.members) for g in data.groups()}
    members["_cells"] = {g.key: g.cell_sizes for g in data.groups()}
    snapshot = InsightSnapshot(
        published_by_id=user.id,
        figures={"format": 2, "published": [g.key for g in data.groups() if not g.suppressed],
                 "overall": public.overall.to_json(), "by_sector": [g.to_json() for g in public.by_sector],
                 "by_municipality": [g.to_json() for g in public.by_municipality]},
        members=members,
    )
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def latest_snapshot():
    return db.session.scalar(sa.select(InsightSnapshot).order_by(InsightSnapshot.id.desc()).limit(1))


def published(snapshot, definition=None):
    """Return the Insights of a published snapshot, as Shown groups (withheld figures carry no numbers)."""
    figures = snapshot.figures
    if figures.get("format") == 2:
        return Insights(Shown.from_json(figures["overall"]), [Shown.from_json(g) for g in figures["by_sector"]],
                        [Shown.from_json(g) for g in figures["by_municipality"]], published_at=snapshot.published_at)
    # A snapshot published before figures were suppressed inside groups: suppress them now.
    data = Insights(Group.from_json(figures["overall"]), [Group.from_json(g) for g in figures["by_sector"]],
                    [Group.from_json(g) for g in figures["by_municipality"]], published_at=snapshot.published_at)
    return shown(suppress_cells_of(data, layout_of(definition, data)))


def summary_rows(data):
    """Yield the CSV rows of a published snapshot: group, figure, value (withheld: empty)."""
    yield ["group", "figure", "value"]
    for group in data.groups():
        for figure, value in group.rows():
            yield [group.key, figure, "withheld" if value is None else value]


def verify_organisation(organisation, user):
    """Record that a coordinator checked the organisation is real; from now on it can count in the insights."""
    if db.session.scalar(sa.select(OrganisationCheck).where(OrganisationCheck.organisation_id == organisation.id)):
        return None
    check = OrganisationCheck(organisation_id=organisation.id, verified_by_id=user.id)
    db.session.add(check)
    db.session.flush()
    return check


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
        .where(Assessment.id.in_(_responding()))
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
