"""Local Stockholm wall-clock times to UTC and back, across daylight-saving changes."""
from datetime import datetime, timezone

from app.i18n import local_timezone


class NonExistentLocalTime(ValueError):
    """The wall-clock time falls in the hour skipped when clocks go forward."""


def local_to_utc(naive: datetime) -> datetime:
    """Return the aware UTC time of a Stockholm wall-clock time; refuse times that do not exist.

    A time in the spring-forward gap does not survive a round trip through UTC; an ambiguous
    autumn time (it happens twice) is read as its first occurrence, still in summer time.
    """
    local = local_timezone()
    aware = naive.replace(tzinfo=local, fold=0)
    as_utc = aware.astimezone(timezone.utc)
    if as_utc.astimezone(local).replace(tzinfo=None) != naive:
        raise NonExistentLocalTime(naive)
    return as_utc


def utc_to_local(value: datetime | None) -> datetime | None:
    """Return the naive Stockholm wall-clock time of an aware datetime (for form fields)."""
    if value is None:
        return None
    return value.astimezone(local_timezone()).replace(tzinfo=None)


def in_stockholm(value: datetime) -> datetime:
    return value.astimezone(local_timezone())
