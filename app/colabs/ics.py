"""Calendar files (RFC 5545) for sessions and personal feeds, made with icalendar."""
from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, Event, Timezone, vCalAddress

from app.colabs.constants import SessionState
from app.colabs.links import external_url
from app.colabs.timezones import in_stockholm
from app.db_types import utcnow
from app.i18n import gettext as _

PRODID = "-//Samverka//Co-labs//EN"


def session_url(session):
    return external_url("colabs.show_session", session_id=session.id)


def session_event(session, url=None, with_link=False, waitlist_place=None):
    """Return the VEVENT of one session, times in Europe/Stockholm; the online link only `with_link`.

    A person on the waitlist (`waitlist_place`) holds no seat yet: the event is TENTATIVE and says
    which place in the queue they have.
    """
    url = url or session_url(session)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", utcnow())
    event.add("created", session.created_at)
    event.add("last-modified", session.updated_at)
    event.add("dtstart", in_stockholm(session.starts_at))
    event.add("dtend", in_stockholm(session.ends_at))
    event.add("summary", session.title)
    event.add("organizer", _organizer())
    description = (session.description or "").strip()
    parts = [_("Waitlist place %(place)d: you do not have a seat yet.", place=waitlist_place)] \
        if waitlist_place else []
    parts += [description, url] if description else [url]
    event.add("description", "\n\n".join(parts))
    event.add("url", url)
    location = ", ".join(part for part in [session.venue, session.online_url if with_link else None] if part)
    if location:
        event.add("location", location)
    if session.state == SessionState.cancelled:
        event.add("status", "CANCELLED")
    elif waitlist_place:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def _organizer():
    """Return the alliance's sender address as ORGANIZER (required by iTIP for PUBLISH and CANCEL)."""
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    organizer = vCalAddress(f"mailto:{address or 'noreply@samverka.example.org'}")
    organizer.params["cn"] = name or "Samverka"
    return organizer


# Europe/Stockholm as yearly rules (the EU's since 1996): one VTIMEZONE that holds for every year a
# session can fall in. A list of dates (RDATE) for a span of years is misread by some readers (vobject
# put July 2027 in winter time), and a span always ends somewhere.
STOCKHOLM_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Stockholm
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19960331T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def _add_timezones(calendar, sessions):
    """Add the VTIMEZONE of Europe/Stockholm, valid for every year, when the calendar holds sessions."""
    if sessions:
        calendar.add_component(Timezone.from_ical(STOCKHOLM_VTIMEZONE.replace("\n", "\r\n")))


def _calendar(method=None, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Stockholm")
    return calendar


def session_ics(session, url=None, with_link=False) -> bytes:
    """Return the .ics of one session; a cancelled session is a METHOD:CANCEL message."""
    method = "CANCEL" if session.state == SessionState.cancelled else "PUBLISH"
    calendar = _calendar(method)
    calendar.add_component(session_event(session, url, with_link))
    _add_timezones(calendar, [session])
    return calendar.to_ical()


def feed_ics(entries, name) -> bytes:
    """Return one person's feed from [(session, has a seat, waitlist place)]; cancelled sessions stay, marked so."""
    calendar = _calendar(name=name)
    for session, has_seat, place in entries:
        calendar.add_component(session_event(session, with_link=has_seat, waitlist_place=place))
    _add_timezones(calendar, [entry[0] for entry in entries])
    return calendar.to_ical()
