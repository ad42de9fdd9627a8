"""Questionnaire definitions: read a YAML file, check it with pydantic models, hand back a normalised dict.

A definition is plain data (it is stored as JSON on each questionnaire version), so the
scoring module and the templates never depend on the database. Every problem is reported with
its place in the YAML, for example `sections[2].questions[0].options[1].points: must be a number`.
"""
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l

CHOICE_TYPES = {"single", "multiple", "yes_no"}
NOT_APPLICABLE = "__na__"  # the stored value of a number or percentage answered "not applicable"
LANGUAGES = ("en", "sv")


class QuestionType(LabelledEnum):
    """The kinds of answer a question takes."""

    single = "single", _l("One choice")
    multiple = "multiple", _l("Several choices")
    yes_no = "yes_no", _l("Yes or no")
    number = "number", _l("Number")
    percentage = "percentage", _l("Percentage")
    scale = "scale", _l("Scale")
    text = "text", _l("Free text")
    ranking = "ranking", _l("Ranking")


QUESTION_TYPES = tuple(t.value for t in QuestionType)


class DefinitionError(ValueError):
    """The definition breaks a rule; `problems` is a list of (path, message), the message names each place."""

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [("", problems)]
        self.problems = list(problems)
        super().__init__("; ".join(f"{path}: {message}" if path else message for path, message in self.problems))


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number")
    return value


def _identifier(value):
    if not isinstance(value, str) or not value.isidentifier():
        raise ValueError("must be an identifier (letters, digits and _, not starting with a digit)")
    return value


Number = Annotated[Any, AfterValidator(_number)]
Key = Annotated[Any, AfterValidator(_identifier)]


class Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    en: str = Field(min_length=1)
    sv: str = Field(min_length=1)


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    text: Texts
    points: Number = 0
    not_applicable: bool = False
    exclusive: bool | None = None

    def normalised(self):
        return {"key": self.key, "text": self.text.model_dump(), "points": self.points,
                "not_applicable": self.not_applicable,
                "exclusive": self.not_applicable if self.exclusive is None else self.exclusive}


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: Number | None = None
    max: Number | None = None
    points: Number
    label: Texts | None = None

    @model_validator(mode="after")
    def bounded(self):
        if self.min is None and self.max is None:
            raise ValueError("a band needs min or max")
        return self


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    question: Key
    equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")

    @property
    def values(self):
        if self.in_ is not None:
            return list(self.in_)
        return [] if self.equals is None else [self.equals]

    @model_validator(mode="after")
    def has_values(self):
        if not self.values:
            raise ValueError("show_if needs `equals` or `in`")
        return self


def _dump(texts):
    return texts.model_dump() if texts is not None else None


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    type: Literal[QUESTION_TYPES]
    text: Texts
    help: Texts | None = None
    advice: Texts | None = None
    indicators: list[str] = []  # codes of the impact catalogue the advice points to
    required: bool = True
    must_pass: bool = False
    pass_points: Number | None = None
    criterion: Texts | None = None
    evidence: bool = False
    evidence_required: bool = False
    show_if: Condition | None = None
    options: list[Option] = []
    points: Number | None = None  # yes_no: the points for "yes"
    not_applicable: Texts | None = None  # yes_no, number, percentage: offer "not applicable" with this text
    bands: list[Band] = []
    min: Number | None = None
    max: Number | None = None
    unit: Texts | None = None
    min_label: Texts | None = None
    max_label: Texts | None = None
    points_per_step: Number | None = None
    max_length: Number | None = None
    max_ranked: Number | None = None
    max_points: Number | None = None  # multiple: a cap; computed for the others
    scored: bool | None = None  # computed; accepted so that an exported definition loads back

    @field_validator("options")
    @classmethod
    def unique_options(cls, options):
        keys = [o.key for o in options]
        doubles = sorted({k for k in keys if keys.count(k) > 1})
        if doubles:
            raise ValueError(f"option keys used twice: {', '.join(doubles)}")
        return options

    @model_validator(mode="after")
    def consistent(self):
        kind = self.type
        if kind in {"single", "multiple", "ranking"} and len(self.options) < 2:
            raise ValueError("needs at least two options")
        if kind == "ranking" and any(o.not_applicable or o.points for o in self.options):
            raise ValueError("ranking options carry neither points nor not-applicable")
        if kind == "percentage" and not (0 <= self.low <= self.high <= 100):
            raise ValueError("a percentage lies between 0 and 100")
        if kind in {"number", "percentage"} and self.low > self.high:
            raise ValueError("min must not be above max")
        if kind == "scale":
            if self.high <= self.low or self.high - self.low > 10:
                raise ValueError("a scale runs from min to max, at most 11 steps")
            if self.min_label is None or self.max_label is None:
                raise ValueError("a scale needs min_label and max_label")
        return self

    @property
    def low(self):
        return self.min if self.min is not None else {"scale": 1}.get(self.type, 0)

    @property
    def high(self):
        if self.max is not None:
            return self.max
        return {"percentage": 100, "scale": 5}.get(self.type, 10**9)

    def normalised(self, scored_section):
        kind = self.type
        question = {
            "key": self.key, "type": kind, "text": self.text.model_dump(), "help": _dump(self.help),
            "advice": _dump(self.advice), "indicators": list(self.indicators), "required": self.required,
            "must_pass": self.must_pass,
            "criterion": _dump(self.criterion), "evidence": self.evidence or self.evidence_required,
            "evidence_required": self.evidence_required, "show_if": None, "options": [], "bands": [],
            "scored": False, "max_points": 0, "not_applicable": None,
        }
        if kind == "yes_no":
            question["options"] = [
                {"key": "yes", "text": {"en": "Yes", "sv": "Ja"}, "points": self.points or 0,
                 "not_applicable": False, "exclusive": False},
                {"key": "no", "text": {"en": "No", "sv": "Nej"}, "points": 0, "not_applicable": False, "exclusive": False},
            ]
            if self.not_applicable is not None:
                question["options"].append({"key": "na", "text": self.not_applicable.model_dump(), "points": 0,
                                            "not_applicable": True, "exclusive": True})
        elif kind in {"single", "multiple", "ranking"}:
            question["options"] = [o.normalised() for o in self.options]
        if kind in {"number", "percentage"}:
            question.update(min=self.low, max=self.high, unit=_dump(self.unit),
                            not_applicable=_dump(self.not_applicable))
            question["bands"] = [{"min": b.min, "max": b.max, "points": b.points, "label": _dump(b.label)}
                                 for b in self.bands]
        if kind == "scale":
            question.update(min=int(self.low), max=int(self.high), min_label=_dump(self.min_label),
                            max_label=_dump(self.max_label), points_per_step=self.points_per_step or 0)
        if kind == "text":
            question["max_length"] = int(self.max_length if self.max_length is not None else 2000)
        if kind == "ranking":
            question["max_ranked"] = int(self.max_ranked if self.max_ranked is not None else len(self.options))
        if kind in {"single", "yes_no"}:
            question["max_points"] = max([o["points"] for o in question["options"]] + [0])
        elif kind == "multiple":
            question["max_points"] = sum(o["points"] for o in question["options"] if o["points"] > 0)
            if self.max_points is not None:
                question["max_points"] = min(question["max_points"], self.max_points)
        elif kind in {"number", "percentage"}:
            question["max_points"] = max([b["points"] for b in question["bands"]] + [0])
        elif kind == "scale":
            question["max_points"] = question["points_per_step"] * (question["max"] - question["min"])
        question["scored"] = scored_section and question["max_points"] > 0
        if self.must_pass:
            question["pass_points"] = self.pass_points if self.pass_points is not None else question["max_points"]
            if question["criterion"] is None:
                question["criterion"] = question["text"]
        if self.show_if is not None:
            question["show_if"] = {"question": self.show_if.question, "in": self.show_if.values}
        return question


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: Key
    title: Texts
    intro: Texts | None = None
    scored: bool = True
    weight: Number | None = None
    minimum: Number = 0
    questions: list[Question] = Field(min_length=1)

    @field_validator("minimum")
    @classmethod
    def percentage(cls, value):
        if not 0 <= value <= 100:
            raise ValueError("minimum is a percentage, from 0 to 100")
        return value

    @model_validator(mode="after")
    def weighted(self):
        if self.scored and self.weight is not None and self.weight <= 0:
            raise ValueError("a scored section needs a positive weight")
        return self


class Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    slug: str = Field(min_length=1)
    title: Texts
    description: Texts | None = None
    ready_threshold: Number = 75
    nearly_threshold: Number = 50
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def consistent(self):
        problems = []
        if not 0 <= self.nearly_threshold <= self.ready_threshold <= 100:
            problems.append(("ready_threshold", "thresholds must satisfy 0 <= nearly_threshold <= ready_threshold <= 100"))
        seen_sections, earlier = set(), {}
        for s_index, section in enumerate(self.sections):
            where = f"sections[{s_index}]"
            if section.key in seen_sections:
                problems.append((f"{where}.key", f"section key {section.key} is used twice"))
            seen_sections.add(section.key)
            for q_index, question in enumerate(section.questions):
                here = f"{where}.questions[{q_index}]"
                problems.extend(_context_problems(question, here, section.scored, earlier))
                earlier[question.key] = question
        if not any(s.scored for s in self.sections):
            problems.append(("sections", "a definition needs at least one scored section"))
        if problems:
            raise ValueError("\n".join(f"{path}\t{message}" for path, message in problems))
        return self

    def normalised(self):
        sections = []
        for section in self.sections:
            sections.append({
                "key": section.key, "title": section.title.model_dump(), "intro": _dump(section.intro),
                "scored": section.scored,
                "weight": section.weight if section.weight is not None else (1 if section.scored else 0),
                "minimum": section.minimum,
                "questions": [q.normalised(section.scored) for q in section.questions],
            })
        return {"slug": self.slug, "title": self.title.model_dump(), "description": _dump(self.description),
                "ready_threshold": self.ready_threshold, "nearly_threshold": self.nearly_threshold,
                "sections": sections}


def _context_problems(question, where, scored_section, earlier):
    """The rules that need the rest of the definition: unique keys, gates, conditions on earlier answers."""
    if question.key in earlier:
        yield f"{where}.key", f"question key {question.key} is used twice"
    max_points = question.normalised(True)["max_points"]
    if not scored_section and max_points > 0:
        yield where, "questions in an unscored section give no points"
    if question.must_pass and not (scored_section and max_points > 0):
        yield f"{where}.must_pass", "a must-pass criterion must be a scored question"
    if question.show_if is not None:
        target = earlier.get(question.show_if.question)
        if target is None:
            yield f"{where}.show_if.question", (
                f"show_if must refer to an earlier question, not {question.show_if.question!r}")
        else:
            options = target.normalised(True)["options"]
            if options:
                known = {o["key"] for o in options}
                unknown = [v for v in question.show_if.values if v not in known]
                if unknown:
                    yield f"{where}.show_if", f"show_if names unknown options {unknown}"


def path_of(loc):
    """("sections", 2, "questions", 0, "weight") -> "sections[2].questions[0].weight"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problems_of(error):
    """Return [(path, message)] of a pydantic ValidationError."""
    problems = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        loc = tuple(p for p in item["loc"] if p not in ("function-after",))
        if not loc and "\t" in message:
            problems.extend(tuple(line.split("\t", 1)) for line in message.splitlines())
            continue
        problems.append((path_of(loc), message))
    return problems


def normalise(raw):
    """Check a raw definition and return it with every default filled in; raise DefinitionError naming each place."""
    if not isinstance(raw, dict):
        raise DefinitionError("the definition must be a mapping")
    try:
        model = Definition.model_validate(raw)
    except ValidationError as error:
        raise DefinitionError(problems_of(error)) from None
    return model.normalised()


def parse_yaml(text):
    """Read YAML text and check it; a YAML syntax error is a DefinitionError too."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DefinitionError(f"This is not valid YAML: {str(error)[:300]}") from None
    return normalise(raw)


def load_file(path):
    """Read and check a definition file (YAML or JSON)."""
    with Path(path).open(encoding="utf-8") as handle:
        return parse_yaml(handle.read())


def text(value, language="en"):
    """Return the text of a {en, sv} mapping in one language, falling back to English."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get(language) or value.get("en") or ""


def iter_questions(definition):
    """Yield (section, question) in order."""
    for section in definition["sections"]:
        for question in section["questions"]:
            yield section, question


def questions_by_key(definition):
    return {q["key"]: q for _s, q in iter_questions(definition)}


def section_by_key(definition, key):
    return next((s for s in definition["sections"] if s["key"] == key), None)


def is_visible(question, answers):
    """Return whether a question is shown, given the answers so far."""
    condition = question["show_if"]
    if condition is None:
        return True
    value = answers.get(condition["question"])
    if value is None:
        return False
    if isinstance(value, list):
        return any(v in condition["in"] for v in value)
    return value in condition["in"]


def visible_answers(definition, answers):
    """Return the answers with those to hidden questions removed (in question order)."""
    kept = {}
    for _section, question in iter_questions(definition):
        if question["key"] in answers and is_visible(question, kept):
            kept[question["key"]] = answers[question["key"]]
    return kept


def questions_on_page(definition, section, answers):
    """Return a section's questions to show: those visible given the saved answers, and those whose
    condition is on the same page (the browser shows or hides them as the person answers)."""
    shown = visible_answers(definition, answers)
    own = {q["key"] for q in section["questions"]}
    return [q for q in section["questions"]
            if q["show_if"] is None or q["show_if"]["question"] in own or is_visible(q, shown)]


def to_raw(definition):
    """Return a definition as one would write it in YAML: `normalise(to_raw(d)) == d`.

    Yes/no questions are written with their points and not-applicable text, not their generated options.
    """
    import copy

    raw = copy.deepcopy(definition)
    for section in raw["sections"]:
        for question in section["questions"]:
            if question["type"] != "yes_no":
                continue
            options = {o["key"]: o for o in question.pop("options")}
            question["points"] = options["yes"]["points"]
            if "na" in options:
                question["not_applicable"] = options["na"]["text"]
    return raw
