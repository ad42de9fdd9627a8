"""The structured questionnaire editor: changes to one section or question of a draft, checked as a whole.

Each change is made on the raw form of the draft's definition (`to_raw`), which the pydantic models
then check; nothing is stored unless the whole definition passes. Problems come back as
(path, message), and `attach_errors` puts each one on the form field it belongs to.
"""
import copy

from flask import abort

from app.certification import services
from app.certification.definition import DefinitionError, normalise, parse_yaml, to_raw
from app.forms import choices
from app.i18n import lazy_gettext as _l

OPTION_TYPES = ("single", "multiple", "ranking")
MAX_IMPORT_BYTES = 200_000

# pydantic's wording, as a coordinator reads it next to a field
MESSAGES = {
    "Field required": _l("Fill this in."),
    "String should have at least 1 character": _l("Fill this in."),
    "must be a number": _l("Write a number."),
    "must be an identifier (letters, digits and _, not starting with a digit)":
        _l("Use letters, digits and _ only, not starting with a digit."),
    "minimum is a percentage, from 0 to 100": _l("Write a percentage from 0 to 100."),
    "a scored section needs a positive weight": _l("A scored section needs a weight above 0."),
    "needs at least two options": _l("Give at least two options."),
}


def message(text):
    return MESSAGES.get(text, text)


def raw_of(version):
    return copy.deepcopy(to_raw(version.definition))


def section_of(raw, s):
    if not 0 <= s < len(raw["sections"]):
        abort(404)
    return raw["sections"][s]


def question_of(raw, s, q):
    questions = section_of(raw, s)["questions"]
    if not 0 <= q < len(questions):
        abort(404)
    return questions[q]


def save(version, raw):
    """Check the whole raw definition and store it on the draft; DefinitionError names every problem."""
    services.save_draft(version, normalise(raw))


def number(value):
    """A typed number as int or float; what is not a number is passed on, for the models to refuse with its path."""
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        as_float = float(value)
    except ValueError:
        return value
    return int(as_float) if as_float.is_integer() else as_float


def texts(en, sv):
    en, sv = (en or "").strip(), (sv or "").strip()
    return {"en": en, "sv": sv} if en or sv else None


def _set(mapping, key, value):
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


# -- sections -------------------------------------------------------------------------------------------
def fill_section_form(form, section):
    form.title_en.data, form.title_sv.data = section["title"]["en"], section["title"]["sv"]
    form.weight.data = "" if section.get("weight") is None else str(section["weight"])
    form.minimum.data = str(section.get("minimum", 0))


def apply_section(section, form):
    section["title"] = texts(form.title_en.data, form.title_sv.data) or {}
    _set(section, "weight", number(form.weight.data))
    _set(section, "minimum", number(form.minimum.data))


def new_section(raw, form):
    key = (form.key.data or "").strip()
    raw["sections"].append({
        "key": key, "title": texts(form.title_en.data, form.title_sv.data) or {}, "scored": True, "weight": 1,
        "minimum": 0, "questions": [{"key": f"{key}_question", "type": "text",
                                     "text": {"en": "New question", "sv": "Ny fråga"}}],
    })
    return len(raw["sections"]) - 1


# -- questions ------------------------------------------------------------------------------------------
def fill_question_form(form, question, earlier):
    form.condition_question.choices = choices([("", form.no_condition)] + [(k, k) for k in earlier])
    if form.is_submitted():
        return
    form.key.data, form.type.data = question["key"], question["type"]
    form.text_en.data, form.text_sv.data = question["text"]["en"], question["text"]["sv"]
    advice = question.get("advice") or {}
    form.advice_en.data, form.advice_sv.data = advice.get("en", ""), advice.get("sv", "")
    form.points.data = "" if question.get("points") is None else str(question["points"])
    form.must_pass.data = bool(question.get("must_pass"))
    form.pass_points.data = "" if question.get("pass_points") is None else str(question["pass_points"])
    condition = question.get("show_if") or {}
    form.condition_question.data = condition.get("question", "")
    values = condition.get("in") or ([condition["equals"]] if "equals" in condition else [])
    form.condition_values.data = ", ".join(str(v) for v in values)
    options = question.get("options") or []
    for index, entry in enumerate(form.options):
        option = options[index] if index < len(options) else {}
        entry.key.data = option.get("key", "")
        entry.text_en.data = (option.get("text") or {}).get("en", "")
        entry.text_sv.data = (option.get("text") or {}).get("sv", "")
        entry.points.data = "" if not option else str(option.get("points", 0))


def apply_question(question, form):
    kind = form.type.data
    question.update(key=(form.key.data or "").strip(), type=kind,
                    text=texts(form.text_en.data, form.text_sv.data) or {})
    _set(question, "advice", texts(form.advice_en.data, form.advice_sv.data))
    question["must_pass"] = bool(form.must_pass.data)
    _set(question, "pass_points", number(form.pass_points.data) if form.must_pass.data else None)
    values = [v.strip() for v in (form.condition_values.data or "").split(",") if v.strip()]
    _set(question, "show_if", {"question": form.condition_question.data, "in": values}
         if form.condition_question.data else None)
    _set(question, "points", number(form.points.data) if kind == "yes_no" else None)
    if kind in OPTION_TYPES:
        old = {o["key"]: o for o in question.get("options") or []}
        if kind == "multiple" and question.get("max_points") == sum(
                o.get("points", 0) for o in old.values() if o.get("points", 0) > 0):
            question.pop("max_points", None)  # no cap was set: the maximum follows the options
        question["options"] = []
        for entry in form.options:
            key = (entry.key.data or "").strip()
            if not (key or entry.text_en.data or entry.text_sv.data or entry.points.data):
                continue  # an empty row: an option removed, or a spare row not used
            option = dict(old.get(key, {}), key=key, text=texts(entry.text_en.data, entry.text_sv.data) or {})
            _set(option, "points", number(entry.points.data) if kind != "ranking" else None)
            question["options"].append(option)
    else:
        question.pop("options", None)


def new_question(section, form):
    key, kind = (form.key.data or "").strip(), form.type.data
    question = {"key": key, "type": kind, "text": texts(form.text_en.data, form.text_sv.data) or {}}
    if kind in OPTION_TYPES:
        question["options"] = [{"key": f"option_{n}", "text": {"en": f"Option {n}", "sv": f"Alternativ {n}"}}
                               for n in (1, 2)]
    if kind == "scale":
        question.update(min_label={"en": "Not at all", "sv": "Inte alls"},
                        max_label={"en": "Completely", "sv": "Helt"})
    section["questions"].append(question)
    return len(section["questions"]) - 1


def move(items, index, action):
    """Move an item one place up or down, or remove it."""
    if action == "remove":
        del items[index]
        return
    other = index - 1 if action == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


# -- errors ---------------------------------------------------------------------------------------------
QUESTION_FIELDS = {"key": "key", "type": "type", "text.en": "text_en", "text.sv": "text_sv", "text": "text_en",
                   "advice.en": "advice_en", "advice.sv": "advice_sv", "points": "points", "must_pass": "must_pass",
                   "pass_points": "pass_points", "show_if.question": "condition_question",
                   "show_if": "condition_values", "show_if.in": "condition_values", "options": "options_errors"}
SECTION_FIELDS = {"key": "key", "title.en": "title_en", "title.sv": "title_sv", "title": "title_en",
                  "weight": "weight", "minimum": "minimum"}


def attach_errors(form, problems, prefix, fields):
    """Put each problem under `prefix` on its field; return the others as [(path, message)] for the summary."""
    others = []
    for path, text in problems:
        rest = path[len(prefix):].lstrip(".") if path.startswith(prefix) else None
        target = _field_for(form, rest, fields) if rest is not None else None
        if target is None:
            others.append((path, message(text)))
        else:
            target.errors = [*target.errors, message(text)]
    return others


def _field_for(form, rest, fields):
    if rest.startswith("options[") and hasattr(form, "options"):
        index, _, name = rest[len("options["):].partition("]")
        name = {"text.en": "text_en", "text.sv": "text_sv", "text": "text_en"}.get(name.lstrip("."), name.lstrip("."))
        entries = [e for e in form.options if (e.key.data or e.text_en.data or e.text_sv.data or e.points.data)]
        if index.isdigit() and int(index) < len(entries) and name in ("key", "text_en", "text_sv", "points"):
            return getattr(entries[int(index)], name)
        return getattr(form, "options_errors", None)
    name = fields.get(rest)
    return getattr(form, name) if name and hasattr(form, name) else None


def error_list(form, others):
    """Every error of a form with its field's id and label, for the summary at the top of the page."""
    listed = []
    for field in form:
        if field.type == "FieldList":
            for entry in field:
                for sub in entry.form:
                    listed.extend((sub.id, f"{sub.label.text}", e) for e in sub.errors)
        elif field.type == "HiddenField":
            listed.extend((f"{field.id}-error", field.label.text, e) for e in field.errors)
        elif field.type != "CSRFTokenField":
            listed.extend((field.id, field.label.text, e) for e in field.errors)
    listed.extend((None, path, text) for path, text in others)
    return listed


def import_file(version, upload):
    """Replace the draft with an uploaded YAML file, checked the same way; DefinitionError when it does not pass."""
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise DefinitionError(str(_l("The file is larger than 200 kB.")))
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DefinitionError(str(_l("The file is not UTF-8 text."))) from None
    services.save_draft(version, parse_yaml(content))


def earlier_keys(raw, s, q):
    """The keys of the questions before question q of section s: a condition may refer to these."""
    keys = []
    for s_index, section in enumerate(raw["sections"]):
        for q_index, question in enumerate(section["questions"]):
            if (s_index, q_index) >= (s, q):
                return keys
            keys.append(question["key"])
    return keys
