"""Template filters for dates and numbers in the reader's language."""
from flask_babel import format_date, format_datetime, format_decimal


def datetime_filter(value, format="medium"):
    """Format an aware UTC datetime in Stockholm time."""
    if value is None:
        return ""
    return format_datetime(value, format)


def date_filter(value, format="medium"):
    if value is None:
        return ""
    return format_date(value, format)


def number_filter(value):
    if value is None:
        return ""
    return format_decimal(value)


FILTERS = {"datetime": datetime_filter, "date": date_filter, "number": number_filter}
