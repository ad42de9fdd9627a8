"""Read one section's answers from a submitted form, check them, and say what is wrong beside each field.

The questions are data, so the form is built from the definition rather than from a WTForms
class; the CSRF token still comes from Flask-WTF (EmptyForm).
"""
from decimal import Decimal, InvalidOperation

from app.certification.definition import NOT_APPLICABLE, is_visible, visible_answers
from app.i18n import gettext as _


def field_name(question, option=None):
    return f"q-{question['key']}" + (f"-{option}" if option else "")


def parse_section(definition, section, form, saved):
    """Return (values, errors, typed) for one section.

    values: {key: value or None} for every visible question of the section (None clears it);
    errors: {key: message}; typed: what the person typed, to show again on error.
    """
    values, errors, typed = {}, {}, {}
    known = visible_answers(definition, saved)
    for question in section["questions"]:
        key = question["key"]
        value, error, raw = _parse(question, form)
        typed[key] = raw
        if error:
            errors[key] = error
            continue
        values[key] = value
        # Later questions in this section may depend on this one.
        if value is None:
            known.pop(key, None)
        else:
            known[key] = value
    # Questions hidden by the answers just given are cleared, not kept.
    for question in section["questions"]:
        if not is_visible(question, known):
            values[question["key"]] = None
            errors.pop(question["key"], None)
    return values, errors, typed


def _number(raw):
    cleaned = raw.replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _parse(question, form):
    """Return (value, error, raw) for one question."""
    kind = question["type"]
    name = field_name(question)
    options = {o["key"]: o for o in question["options"]}
    if kind in {"single", "yes_no"}:
        raw = form.get(name, "")
        if not raw:
            return None, None, raw
        if raw not in options:
            return None, _("Choose one of the options."), ""
        return raw, None, raw
    if kind == "multiple":
        raw = [v for v in form.getlist(name) if v]
        if not raw:
            return None, None, raw
        if any(v not in options for v in raw):
            return None, _("Choose among the options shown."), [v for v in raw if v in options]
        if len(raw) > 1 and any(options[v]["exclusive"] for v in raw):
            exclusive = next(options[v] for v in raw if options[v]["exclusive"])
            return None, _("“%(option)s” cannot be combined with other choices.",
                           option=_option_text(exclusive)), raw
        return [k for k in options if k in raw], None, raw
    if kind in {"number", "percentage"}:
        raw = form.get(name, "").strip()
        if question["not_applicable"] and form.get(field_name(question, "na")):
            if raw:
                return None, _("Either give a number or tick “not applicable”, not both."), raw
            return NOT_APPLICABLE, None, NOT_APPLICABLE
        if not raw:
            return None, None, raw
        number = _number(raw)
        if number is None:
            return None, _("Give a number, for example 42 or 42.5."), raw
        if not question["min"] <= number <= question["max"]:
            return None, _("Give a number from %(min)s to %(max)s.", min=question["min"], max=question["max"]), raw
        return number, None, raw
    if kind == "scale":
        raw = form.get(name, "")
        if not raw:
            return None, None, raw
        try:
            number = int(raw)
        except ValueError:
            return None, _("Choose a point on the scale."), ""
        if not question["min"] <= number <= question["max"]:
            return None, _("Choose a point on the scale."), ""
        return number, None, raw
    if kind == "text":
        raw = form.get(name, "").strip()
        if not raw:
            return None, None, raw
        if len(raw) > question["max_length"]:
            return None, _("Write at most %(max)s characters (now %(count)s).", max=question["max_length"],
                           count=len(raw)), raw
        return raw, None, raw
    if kind == "ranking":
        ranks = {}
        raw = {}
        for option in question["options"]:
            given = form.get(field_name(question, option["key"]), "")
            raw[option["key"]] = given
            if given:
                try:
                    ranks[option["key"]] = int(given)
                except ValueError:
                    return None, _("Choose a rank from the list."), raw
        if not ranks:
            return None, None, raw
        numbers = sorted(ranks.values())
        if len(set(numbers)) != len(numbers):
            return None, _("Give each rank to one reason only."), raw
        if numbers != list(range(1, len(numbers) + 1)):
            return None, _("Use the ranks in order from 1 without gaps."), raw
        if len(numbers) > question["max_ranked"]:
            return None, _("Rank at most %(max)s reasons.", max=question["max_ranked"]), raw
        return sorted(ranks, key=ranks.get), None, raw
    return None, None, ""


def typed_from_value(question, value):
    """Return how a saved value is shown in the form."""
    if value is None:
        return [] if question["type"] == "multiple" else ({} if question["type"] == "ranking" else "")
    if question["type"] == "ranking":
        return {key: str(index + 1) for index, key in enumerate(value)}
    if question["type"] in {"number", "percentage", "scale"}:
        return value if value == NOT_APPLICABLE else str(value)
    return value


def _option_text(option):
    from app.certification.i18n import t

    return t(option["text"])
