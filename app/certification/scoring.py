"""Score a set of answers against a questionnaire definition. Pure: no database, no Flask.

Rules (issue 5):
- A section's percentage is points earned / points available. Questions that are hidden
  (their "shown only if" condition is not met) or answered "not applicable" leave the
  available total. Unanswered visible questions count as zero of their maximum.
- The total is the mean of the scored sections' percentages weighted by section weight
  (sections with nothing available drop out of the mean).
- "ready" needs every must-pass criterion met, the total at or above the ready threshold
  and every section at or above its minimum; "nearly ready" needs every must-pass
  criterion met and the total at or above the nearly-ready threshold; else "not yet".
"""
from dataclasses import dataclass, field

from app.certification.definition import NOT_APPLICABLE, is_visible

READY, NEARLY_READY, NOT_YET = "ready", "nearly_ready", "not_yet"


@dataclass
class QuestionScore:
    key: str
    section_key: str
    earned: float
    available: float
    not_applicable: bool = False
    answered: bool = True


@dataclass
class SectionScore:
    key: str
    weight: float
    minimum: float
    earned: float = 0
    available: float = 0

    @property
    def percent(self):
        """Return the percentage earned, or None when nothing was available."""
        if not self.available:
            return None
        return round(100 * self.earned / self.available, 1)

    @property
    def meets_minimum(self):
        return self.percent is None or self.percent >= self.minimum


@dataclass
class MustPass:
    key: str
    met: bool | None  # None: not applicable or hidden, so not counted


@dataclass
class Gap:
    key: str
    section_key: str
    missing: float
    gain: float  # percentage points of the total this question could still add


@dataclass
class Result:
    sections: list[SectionScore]
    questions: dict[str, QuestionScore]
    must_pass: list[MustPass]
    total: float
    band: str
    gaps: list[Gap] = field(default_factory=list)

    @property
    def must_pass_met(self):
        return all(m.met is not False for m in self.must_pass)

    def section(self, key):
        return next(s for s in self.sections if s.key == key)


def is_not_applicable(question, value):
    """Return whether an answer is "not applicable"."""
    if value == NOT_APPLICABLE:
        return True
    options = {o["key"]: o for o in question["options"]}
    if question["type"] in {"single", "yes_no"}:
        option = options.get(value)
        return bool(option and option["not_applicable"])
    if question["type"] == "multiple" and isinstance(value, list):
        return any(options.get(v, {}).get("not_applicable") for v in value)
    return False


def points_for(question, value):
    """Return the points an answer earns (0 for no answer)."""
    if value is None or value == NOT_APPLICABLE:
        return 0
    kind = question["type"]
    options = {o["key"]: o for o in question["options"]}
    if kind in {"single", "yes_no"}:
        return options.get(value, {}).get("points", 0)
    if kind == "multiple":
        earned = sum(options.get(v, {}).get("points", 0) for v in value)
        return max(0, min(earned, question["max_points"]))
    if kind in {"number", "percentage"}:
        for band in question["bands"]:
            low, high = band["min"], band["max"]
            if (low is None or value >= low) and (high is None or value <= high):
                return band["points"]
        return 0
    if kind == "scale":
        return question["points_per_step"] * (value - question["min"])
    return 0


def score(definition, answers):
    """Score `answers` ({question key: value}) against `definition`; return a Result."""
    shown = {}
    sections = []
    questions = {}
    must_pass = []
    for section in definition["sections"]:
        section_score = SectionScore(section["key"], section["weight"], section["minimum"])
        for question in section["questions"]:
            value = answers.get(question["key"])
            if not is_visible(question, shown):
                continue  # hidden: neither available nor earned
            if value is not None:
                shown[question["key"]] = value
            if not section["scored"] or not question["scored"]:
                continue
            not_applicable = is_not_applicable(question, value)
            if not_applicable:
                questions[question["key"]] = QuestionScore(question["key"], section["key"], 0, 0, True)
            else:
                earned = points_for(question, value)
                questions[question["key"]] = QuestionScore(
                    question["key"], section["key"], earned, question["max_points"], answered=value is not None,
                )
                section_score.earned += earned
                section_score.available += question["max_points"]
            if question["must_pass"]:
                met = None if not_applicable else points_for(question, value) >= question["pass_points"]
                must_pass.append(MustPass(question["key"], met))
        if section["scored"]:
            sections.append(section_score)
    weighted = [(s.percent, s.weight) for s in sections if s.percent is not None]
    total_weight = sum(w for _p, w in weighted)
    total = round(sum(p * w for p, w in weighted) / total_weight, 1) if total_weight else 0.0
    result = Result(sections, questions, must_pass, total, NOT_YET)
    result.band = band_for(definition, result)
    result.gaps = gaps_for(result, total_weight)
    return result


def band_for(definition, result):
    """Return ready, nearly ready or not yet."""
    if not result.must_pass_met:
        return NOT_YET
    if result.total >= definition["ready_threshold"] and all(s.meets_minimum for s in result.sections):
        return READY
    if result.total >= definition["nearly_threshold"]:
        return NEARLY_READY
    return NOT_YET


def gaps_for(result, total_weight):
    """Return the questions with points still to gain, the largest gain to the total first."""
    gaps = []
    by_section = {s.key: s for s in result.sections}
    for question in result.questions.values():
        missing = question.available - question.earned
        section = by_section[question.section_key]
        if missing <= 0 or not section.available or not total_weight:
            continue
        gain = 100 * missing / section.available * section.weight / total_weight
        gaps.append(Gap(question.key, question.section_key, missing, round(gain, 1)))
    gaps.sort(key=lambda g: (-g.gain, g.key))
    return gaps
