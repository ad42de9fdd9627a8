"""Template filters for dates and numbers in the reader's language."""
from flask_babel import format_date, format_datetime, format_decimal, get_locale

# English dates in the European order with a 24-hour clock ("1 Dec 2026, 20:04"), not the American
# "12/1/26, 8:04 PM" that Babel's plain English gives; Swedish keeps its own conventions.
_ENGLISH_DATETIME = {"short": "d MMM y, HH:mm", "medium": "d MMM y, HH:mm", "long": "d MMMM y, HH:mm",
                     "full": "EEEE d MMMM y, HH:mm"}
_ENGLISH_DATE = {"short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y", "full": "EEEE d MMMM y"}


def _pattern(format, english):
    locale = get_locale()
    if locale is not None and locale.language == "en":
        return english.get(format, format)
    return format


def datetime_filter(value, format="medium"):
    """Format an aware UTC datetime in Stockholm time."""
    if value is None:
        return ""
    return format_datetime(value, _pattern(format, _ENGLISH_DATETIME))


def date_filter(value, format="medium"):
    if value is None:
        return ""
    return format_date(value, _pattern(format, _ENGLISH_DATE))


def number_filter(value):
    if value is None:
        return ""
    return format_decimal(value)


FILTERS = {"datetime": datetime_filter, "date": date_filter, "number": number_filter}
