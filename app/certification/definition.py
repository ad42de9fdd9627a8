"""Questionnaire definitions: read a YAML file, check it, and hand back a normalised dict.

A definition is plain data (it is stored as JSON on each questionnaire version), so the
scoring module and the templates never depend on the database.
"""
from pathlib import Path

import yaml

QUESTION_TYPES = {"single", "multiple", "yes_no", "number", "percentage", "scale", "text", "ranking"}
CHOICE_TYPES = {"single", "multiple", "yes_no"}
NOT_APPLICABLE = "__na__"  # the stored value of a number or percentage answered "not applicable"
LANGUAGES = ("en", "sv")


class DefinitionError(ValueError):
    """The definition file breaks a rule; the message says where."""


def load_file(path):
    """Read and check a definition file (YAML or JSON)."""
    with Path(path).open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return normalise(raw)


def text(value, language="en"):
    """Return the text of a {en, sv} mapping in one language, falling back to English."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get(language) or value.get("en") or ""


def _texts(value, where, required=True):
    if value is None:
        if required:
            raise DefinitionError(f"{where}: text missing")
        return None
    if not isinstance(value, dict) or not all(value.get(lang) for lang in LANGUAGES):
        raise DefinitionError(f"{where}: needs both an English (en) and a Swedish (sv) text")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def _number(value, where, default=None):
    if value is None:
        if default is None:
            raise DefinitionError(f"{where}: number missing")
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DefinitionError(f"{where}: must be a number")
    return value


def normalise(raw):
    """Check a raw definition and return it with every default filled in."""
    if not isinstance(raw, dict):
        raise DefinitionError("the definition must be a mapping")
    definition = {
        "slug": str(raw.get("slug") or "").strip(),
        "title": _texts(raw.get("title"), "title"),
        "description": _texts(raw.get("description"), "description", required=False),
        "ready_threshold": _number(raw.get("ready_threshold"), "ready_threshold", 75),
        "nearly_threshold": _number(raw.get("nearly_threshold"), "nearly_threshold", 50),
        "sections": [],
    }
    if not definition["slug"]:
        raise DefinitionError("slug missing")
    if not 0 <= definition["nearly_threshold"] <= definition["ready_threshold"] <= 100:
        raise DefinitionError("thresholds must satisfy 0 <= nearly_threshold <= ready_threshold <= 100")
    seen = {}
    sections = raw.get("sections") or []
    if not sections:
        raise DefinitionError("a definition needs at least one section")
    for s_index, raw_section in enumerate(sections):
        where = f"sections[{s_index}]"
        key = str(raw_section.get("key") or "")
        if not key.isidentifier():
            raise DefinitionError(f"{where}: key must be an identifier")
        if any(s["key"] == key for s in definition["sections"]):
            raise DefinitionError(f"{where}: duplicate section key {key}")
        scored = bool(raw_section.get("scored", True))
        section = {
            "key": key,
            "title": _texts(raw_section.get("title"), f"{where}.title"),
            "intro": _texts(raw_section.get("intro"), f"{where}.intro", required=False),
            "scored": scored,
            "weight": _number(raw_section.get("weight"), f"{where}.weight", 1 if scored else 0),
            "minimum": _number(raw_section.get("minimum"), f"{where}.minimum", 0),
            "questions": [],
        }
        if scored and section["weight"] <= 0:
            raise DefinitionError(f"{where}: a scored section needs a positive weight")
        if not 0 <= section["minimum"] <= 100:
            raise DefinitionError(f"{where}: minimum is a percentage")
        for q_index, raw_question in enumerate(raw_section.get("questions") or []):
            question = _question(raw_question, f"{where}.questions[{q_index}]", scored, seen)
            section["questions"].append(question)
            seen[question["key"]] = question
        if not section["questions"]:
            raise DefinitionError(f"{where}: a section needs at least one question")
        definition["sections"].append(section)
    if not any(s["scored"] for s in definition["sections"]):
        raise DefinitionError("a definition needs at least one scored section")
    return definition


def _question(raw, where, scored_section, earlier):
    key = str(raw.get("key") or "")
    if not key.isidentifier():
        raise DefinitionError(f"{where}: key must be an identifier")
    if key in earlier:
        raise DefinitionError(f"{where}: duplicate question key {key}")
    kind = raw.get("type")
    if kind not in QUESTION_TYPES:
        raise DefinitionError(f"{where}: type must be one of {sorted(QUESTION_TYPES)}")
    question = {
        "key": key,
        "type": kind,
        "text": _texts(raw.get("text"), f"{where}.text"),
        "help": _texts(raw.get("help"), f"{where}.help", required=False),
        "advice": _texts(raw.get("advice"), f"{where}.advice", required=False),
        "indicators": [str(code) for code in raw.get("indicators") or []],  # impact catalogue codes
        "required": bool(raw.get("required", True)),
        "must_pass": bool(raw.get("must_pass", False)),
        "criterion": _texts(raw.get("criterion"), f"{where}.criterion", required=False),
        "evidence": bool(raw.get("evidence", False)),
        "evidence_required": bool(raw.get("evidence_required", False)),
        "show_if": None,
        "options": [],
        "bands": [],
        "scored": False,
        "max_points": 0,
        "not_applicable": None,
    }
    if question["evidence_required"]:
        question["evidence"] = True
    if kind in CHOICE_TYPES or kind == "ranking":
        question["options"] = _options(raw, where, kind)
    if kind == "yes_no":
        pass
    if kind in {"number", "percentage"}:
        question["min"] = _number(raw.get("min"), f"{where}.min", 0)
        question["max"] = _number(raw.get("max"), f"{where}.max", 100 if kind == "percentage" else 10**9)
        if kind == "percentage" and not (0 <= question["min"] <= question["max"] <= 100):
            raise DefinitionError(f"{where}: a percentage lies between 0 and 100")
        question["unit"] = _texts(raw.get("unit"), f"{where}.unit", required=False)
        question["not_applicable"] = _texts(raw.get("not_applicable"), f"{where}.not_applicable", required=False)
        for b_index, band in enumerate(raw.get("bands") or []):
            bw = f"{where}.bands[{b_index}]"
            low = band.get("min")
            high = band.get("max")
            if low is None and high is None:
                raise DefinitionError(f"{bw}: a band needs min or max")
            question["bands"].append({
                "min": _number(low, f"{bw}.min", float("-inf")) if low is not None else None,
                "max": _number(high, f"{bw}.max", float("inf")) if high is not None else None,
                "points": _number(band.get("points"), f"{bw}.points"),
                "label": _texts(band.get("label"), f"{bw}.label", required=False),
            })
    if kind == "scale":
        question["min"] = int(_number(raw.get("min"), f"{where}.min", 1))
        question["max"] = int(_number(raw.get("max"), f"{where}.max", 5))
        if question["max"] <= question["min"] or question["max"] - question["min"] > 10:
            raise DefinitionError(f"{where}: a scale runs from min to max, at most 11 steps")
        question["min_label"] = _texts(raw.get("min_label"), f"{where}.min_label")
        question["max_label"] = _texts(raw.get("max_label"), f"{where}.max_label")
        question["points_per_step"] = _number(raw.get("points_per_step"), f"{where}.points_per_step", 0)
    if kind == "text":
        question["max_length"] = int(_number(raw.get("max_length"), f"{where}.max_length", 2000))
    if kind == "ranking":
        question["max_ranked"] = int(_number(raw.get("max_ranked"), f"{where}.max_ranked", len(question["options"])))
    # Points
    if kind in {"single", "yes_no"}:
        question["max_points"] = max([o["points"] for o in question["options"]] + [0])
    elif kind == "multiple":
        question["max_points"] = sum(o["points"] for o in question["options"] if o["points"] > 0)
        if raw.get("max_points") is not None:
            question["max_points"] = min(question["max_points"], _number(raw["max_points"], f"{where}.max_points"))
    elif kind in {"number", "percentage"}:
        question["max_points"] = max([b["points"] for b in question["bands"]] + [0])
    elif kind == "scale":
        question["max_points"] = question["points_per_step"] * (question["max"] - question["min"])
    question["scored"] = scored_section and question["max_points"] > 0
    if not scored_section and question["max_points"] > 0:
        raise DefinitionError(f"{where}: questions in an unscored section give no points")
    if question["must_pass"]:
        if not question["scored"]:
            raise DefinitionError(f"{where}: a must-pass criterion must be a scored question")
        question["pass_points"] = _number(raw.get("pass_points"), f"{where}.pass_points", question["max_points"])
        if question["criterion"] is None:
            question["criterion"] = question["text"]
    show_if = raw.get("show_if")
    if show_if is not None:
        target = show_if.get("question")
        if target not in earlier:
            raise DefinitionError(f"{where}: show_if must refer to an earlier question, not {target!r}")
        values = show_if.get("in")
        if values is None and "equals" in show_if:
            values = [show_if["equals"]]
        if not values:
            raise DefinitionError(f"{where}: show_if needs `equals` or `in`")
        target_question = earlier[target]
        if target_question["options"]:
            known = {o["key"] for o in target_question["options"]}
            unknown = [v for v in values if v not in known]
            if unknown:
                raise DefinitionError(f"{where}: show_if names unknown options {unknown}")
        question["show_if"] = {"question": target, "in": list(values)}
    return question


def _options(raw, where, kind):
    if kind == "yes_no":
        points = _number(raw.get("points"), f"{where}.points", 0)
        options = [
            {"key": "yes", "text": {"en": "Yes", "sv": "Ja"}, "points": points, "not_applicable": False, "exclusive": False},
            {"key": "no", "text": {"en": "No", "sv": "Nej"}, "points": 0, "not_applicable": False, "exclusive": False},
        ]
        if raw.get("not_applicable"):
            options.append({"key": "na", "text": _texts(raw["not_applicable"], f"{where}.not_applicable"),
                            "points": 0, "not_applicable": True, "exclusive": True})
        return options
    options = []
    raw_options = raw.get("options") or []
    if len(raw_options) < 2:
        raise DefinitionError(f"{where}: needs at least two options")
    for o_index, raw_option in enumerate(raw_options):
        ow = f"{where}.options[{o_index}]"
        key = str(raw_option.get("key") or "")
        if not key.isidentifier() or any(o["key"] == key for o in options):
            raise DefinitionError(f"{ow}: key must be a unique identifier")
        not_applicable = bool(raw_option.get("not_applicable", False))
        option = {
            "key": key,
            "text": _texts(raw_option.get("text"), f"{ow}.text"),
            "points": _number(raw_option.get("points"), f"{ow}.points", 0),
            "not_applicable": not_applicable,
            "exclusive": bool(raw_option.get("exclusive", not_applicable)),
        }
        if kind == "ranking" and (not_applicable or option["points"]):
            raise DefinitionError(f"{ow}: ranking options carry neither points nor not-applicable")
        options.append(option)
    return options


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
