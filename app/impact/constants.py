"""Fixed lists of the impact area: indicator levels, types, rules, states, periods and evidence."""
import enum
from datetime import date, timedelta

from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l

MIN_ORGANISATIONS = 3  # no published figure describes fewer organisations
REPORT_DUE_DAYS = 30  # a period's report is due this many days after the period ends
REMINDER_DAYS = 14  # the reminder goes out this many days before the deadline


class Level(LabelledEnum):
    output = "output", _l("Output")
    outcome = "outcome", _l("Outcome")
    impact = "impact", _l("Impact")



class DataType(LabelledEnum):
    count = "count", _l("Count")
    amount_sek = "amount_sek", _l("Amount in SEK")
    ratio = "ratio", _l("Ratio (numerator and denominator)")
    scale = "scale", _l("Scale")
    yes_no = "yes_no", _l("Yes or no")



class Direction(LabelledEnum):
    higher = "higher", _l("Higher is better")
    lower = "lower", _l("Lower is better")



class Aggregation(LabelledEnum):
    sum = "sum", _l("Sum")
    unique_people = "unique_people", _l("Sum of unique people")
    pooled_ratio = "pooled_ratio", _l("Pooled ratio")
    none = "none", _l("Not aggregable")


DISAGGREGATIONS = {
    "gender": (_l("Gender"), {"woman": _l("Woman"), "man": _l("Man"), "other": _l("Other or not stated")}),
    "age_band": (_l("Age band"), {"under_18": _l("Under 18"), "18_29": _l("18–29"), "30_64": _l("30–64"),
                                  "65_plus": _l("65 or older")}),
    "municipality": (_l("Municipality"), None),  # categories: the Skåne municipalities
    "target_group": (_l("Target group"), {
        "long_term_unemployed": _l("Long-term unemployed"), "newly_arrived": _l("Newly arrived"),
        "disability": _l("People with a disability"), "young": _l("Young people"),
        "older": _l("Older people"), "other": _l("Other")}),
}


def disaggregation_categories(dimension):
    """Return {key: label} of one dimension's categories."""
    label, categories = DISAGGREGATIONS[dimension]
    if categories is None:
        from app.accounts.constants import municipality_choices

        return dict(municipality_choices())
    return categories


class VersionState(LabelledEnum):
    draft = "draft", _l("Draft")
    published = "published", _l("Published")
    superseded = "superseded", _l("Superseded")



class VersionAction(enum.Enum):
    create = "create"
    edit = "edit"
    publish = "publish"
    supersede = "supersede"


class ReportState(LabelledEnum):
    draft = "draft", _l("Draft")
    submitted = "submitted", _l("Submitted")
    returned = "returned", _l("Returned with comments")
    approved = "approved", _l("Approved")



class ReportAction(LabelledEnum):
    create = "create", _l("Started")
    edit = "edit", _l("Edited")
    submit = "submit", _l("Submitted")
    return_ = "return", _l("Returned with comments")
    approve = "approve", _l("Approved")



class EvidenceLevel(LabelledEnum):
    self_reported = "self_reported", _l("Self-reported")
    documented = "documented", _l("Documented")
    verified = "verified", _l("Verified by a third party")



class Frequency(LabelledEnum):
    half_yearly = "half_yearly", _l("Twice a year")
    yearly = "yearly", _l("Once a year")



class GuideKind(LabelledEnum):
    guide = "guide", _l("Guide")
    course = "course", _l("Short course")



class GuideState(LabelledEnum):
    draft = "draft", _l("Draft")
    published = "published", _l("Published")



# -- periods -----------------------------------------------------------------------
# A period is named by a code: "2025" (a year) or "2025H1" / "2025H2" (a half year). Half-year reports of
# a commitment and year reports of another meet in the snapshot of their own period code only.
def parse_period(code):
    """Return (start, end) of a period code, or None when the code is not one."""
    code = (code or "").strip().upper()
    try:
        if len(code) == 4 and code.isdigit():
            year = int(code)
            start, end = date(year, 1, 1), date(year, 12, 31)
        elif len(code) == 6 and code[:4].isdigit() and code[4:] in ("H1", "H2"):
            year = int(code[:4])
            start, end = (date(year, 1, 1), date(year, 6, 30)) if code[4:] == "H1" else (date(year, 7, 1),
                                                                                        date(year, 12, 31))
        else:
            return None
    except ValueError:
        return None
    if not 2000 <= start.year <= 2100:
        return None
    return start, end


def period_code(frequency, day):
    """Return the code of the period of this frequency that holds the day."""
    if frequency == Frequency.yearly:
        return f"{day.year}"
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def periods_between(frequency, first, last):
    """Return the period codes of a frequency from the one holding `first` to the one holding `last`."""
    codes = []
    day = first
    while day <= last:
        code = period_code(frequency, day)
        if code not in codes:
            codes.append(code)
        day = parse_period(code)[1] + timedelta(days=1)
    return codes


def deadline_of(code):
    """Return the day a period's report is due."""
    return parse_period(code)[1] + timedelta(days=REPORT_DUE_DAYS)
