"""Domain actions of the co-labs area. They flush and queue mail, never commit."""
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.accounts.constants import SECTOR_LABELS
from app.accounts.models import User
from app.colabs.constants import (
    ANSWERS_KEPT_DAYS,
    REMINDER_HOURS,
    RegistrationAction,
    RegistrationState,
    SessionAction,
    SessionState,
)
from app.colabs.ics import session_ics, session_url
from app.colabs.lifecycle import REGISTRATION_LIFECYCLE, SESSION_LIFECYCLE
from app.colabs import notices
from app.colabs.links import external_url
from app.colabs.models import (
    ColabAction,
    ColabFeedToken,
    ColabRegistration,
    ColabReservedSeats,
    ColabSession,
    ColabSessionEvent,
    ColabSessionTheme,
)
from app.db_types import utcnow
from app.email import Attachment
from app.errors import Conflict, NotAllowed
from app.extensions import db
from app.formatting import date_filter
from app.i18n import gettext as _
from app.i18n import lazy_gettext as _l
from app.notifications.services import notify
from app.requests.constants import RequestState
from app.requests.models import Request
from app.requests.services import complete_from_colab

SESSIONS = ColabSession.__table__
# A change to one of these tells the registrants, with the updated calendar file.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


# -- sessions ------------------------------------------------------------------
def create_session(actor, *, facilitators, themes, reserved, **fields):
    """Create a draft session; a facilitator who creates it always runs it (a coordinator only if no one else does)."""
    session = ColabSession(created_by_id=actor.id, state=SessionState.draft, **fields)
    people = list(facilitators)
    if actor.id not in {p.id for p in people} and (actor.is_facilitator or not people):
        people.append(actor)
    session.facilitators = people
    session.theme_links = [ColabSessionTheme(theme=t) for t in themes]
    session.reserved_seats = [ColabReservedSeats(sector=s, seats=n) for s, n in reserved.items() if n]
    SESSION_LIFECYCLE.create(session, SessionAction.create, actor)
    return session


def update_session(session, actor, *, facilitators, themes, reserved, **fields):
    """Change a session's details; the calendar SEQUENCE goes up and freed seats go to the waitlist."""
    if not session.can_change_details(actor):
        raise NotAllowed(_l("This session can no longer be changed."))
    before = {name: getattr(session, name) for name in NOTIFIED_FIELDS}
    for name, value in fields.items():
        setattr(session, name, value)
    session.facilitators = list(facilitators) or session.facilitators
    wanted = set(themes)
    session.theme_links = [link for link in session.theme_links if link.theme in wanted] + [
        ColabSessionTheme(theme=t) for t in wanted - set(session.themes)]
    kept = {r.sector: r for r in session.reserved_seats}
    new_reserved = []
    for sector, seats in reserved.items():
        if not seats:
            continue
        row = kept.get(sector) or ColabReservedSeats(sector=sector)
        row.seats = seats
        new_reserved.append(row)
    session.reserved_seats = new_reserved
    _touch(session)
    SESSION_LIFECYCLE.record(session, SessionAction.update, actor, from_state=session.state, to_state=session.state)
    if session.state == SessionState.published:
        _lock_session(session)
        fill_free_seats(session, actor)
        if any(getattr(session, name) != value for name, value in before.items()):
            _send_change_notice(session)
    return session


def _send_change_notice(session):
    """Tell everyone with a place or on the waitlist about a new time or place, with the updated .ics."""
    registrations = _active_registrations(session)
    for has_seat in (True, False):
        people = [r.user for r in registrations if (r.state == RegistrationState.registered) == has_seat]
        notify(people, notices.CHANGED, title=session.title, link=session_url(session),
               subject=_l("Changed: %(title)s", title=session.title), session=session, has_seat=has_seat,
               attachments=[_ics_attachment(session, with_link=has_seat)])


def _touch(session):
    session.sequence = (session.sequence or 0) + 1
    session.updated_at = utcnow()


def publish_session(session, actor):
    """Put a draft in the public calendar."""
    SESSION_LIFECYCLE.apply(session, SessionAction.publish, actor, published_at=utcnow())
    return session


def cancel_session(session, actor, note=""):
    """Cancel a session; everyone with a place or on the waitlist gets the cancellation."""
    SESSION_LIFECYCLE.check(session, SessionAction.cancel, actor)
    _touch(session)
    SESSION_LIFECYCLE.apply(session, SessionAction.cancel, actor, note=note or "", cancelled_at=utcnow(),
                            cancellation_note=note or "")
    notify([r.user for r in _active_registrations(session)], notices.CANCELLED, title=session.title,
           link=session_url(session), subject=_l("Cancelled: %(title)s", title=session.title), session=session,
           attachments=[_ics_attachment(session)])
    return session


def close_session(session, actor, *, notes, decisions, actions):
    """Complete a session that has taken place, recording its outcomes."""
    SESSION_LIFECYCLE.apply(session, SessionAction.complete, actor, completed_at=utcnow(),
                            completed_by_id=actor.id)
    record_outcomes(session, actor, notes=notes, decisions=decisions, actions=actions, closing=True)
    return session


def record_outcomes(session, actor, *, notes, decisions, actions, closing=False):
    """Store a session's notes, decisions and follow-up actions (what, who, due date)."""
    session.outcome_notes = notes or ""
    session.decisions = decisions or ""
    session.actions = [
        ColabAction(position=index, what=action["what"], who=action.get("who") or "", due_on=action.get("due_on"))
        for index, action in enumerate(a for a in actions if a.get("what"))
    ]
    session.updated_at = utcnow()
    if not closing:  # closing is one event; a later change of the outcomes is one more
        SESSION_LIFECYCLE.record(session, SessionAction.record_outcomes, actor, from_state=session.state,
                                 to_state=session.state)
    db.session.flush()
    complete_linked_requests(session, actor)
    return session


def session_history(session):
    """Return the session's events, oldest first, with who took each step."""
    return list(db.session.scalars(
        sa.select(ColabSessionEvent).where(ColabSessionEvent.session_id == session.id)
        .options(selectinload(ColabSessionEvent.actor)).order_by(ColabSessionEvent.id)))


# -- linked science-shop requests -------------------------------------------------
def linkable_requests(session):
    """Return the requests a session can take on: those routed to a co-lab, and those already linked."""
    routed = db.session.scalars(
        sa.select(Request).where(Request.state == RequestState.colab).options(selectinload(Request.organisation))
        .order_by(Request.id)
    ).all()
    return sorted({*routed, *session.linked_requests}, key=lambda r: r.id)


def link_requests(session, requests):
    """Link exactly these requests to the session (only requests routed to a co-lab may be added)."""
    current = {r.id for r in session.linked_requests}
    for item in requests:
        if item.id not in current and item.state != RequestState.colab:
            raise Conflict(_l("Only requests routed to a co-lab can be linked to a session."))
    session.linked_requests = list(requests)
    _touch(session)
    db.session.flush()


def outcome_text(session):
    """Write the session's outcomes as the text that goes on each linked request's timeline."""
    parts = [_("Outcome of the co-lab session “%(title)s”:", title=session.title)]
    if session.outcome_notes:
        parts.append(session.outcome_notes)
    if session.decisions:
        parts.append(_("Decisions:") + "\n" + session.decisions)
    if session.actions:
        lines = []
        for action in session.actions:
            line = f"- {action.what}"
            if action.who:
                line += f" ({action.who})"
            if action.due_on:
                line += " " + _("by %(date)s", date=date_filter(action.due_on))
            lines.append(line)
        parts.append(_("Follow-up actions:") + "\n" + "\n".join(lines))
    return "\n\n".join(parts)


def complete_linked_requests(session, actor):
    """Complete each linked request still waiting for the co-lab, with the outcomes on its timeline."""
    text = None
    for item in session.linked_requests:
        if item.state == RequestState.colab:
            text = text or outcome_text(session)
            complete_from_colab(item, text, actor, public_summary=session.outcome_notes or text)


def _active_registrations(session):
    return list(db.session.scalars(
        sa.select(ColabRegistration).where(
            ColabRegistration.session_id == session.id,
            ColabRegistration.state.in_([RegistrationState.registered, RegistrationState.waitlisted]))
        .options(selectinload(ColabRegistration.user)).order_by(ColabRegistration.arrival)
    ))


def _ics_attachment(session, with_link=False):
    return Attachment(filename="colab-session.ics",
                      content=session_ics(session, session_url(session), with_link=with_link),
                      maintype="text", subtype="calendar")


# -- counts --------------------------------------------------------------------
def registration_counts(session_ids):
    """Return {session id: (registered, waitlisted)} for many sessions in one query."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        sa.select(ColabRegistration.session_id, ColabRegistration.state, sa.func.count())
        .where(ColabRegistration.session_id.in_(list(session_ids)),
               ColabRegistration.state.in_([RegistrationState.registered, RegistrationState.waitlisted]))
        .group_by(ColabRegistration.session_id, ColabRegistration.state)
    ).all()
    counts = {session_id: [0, 0] for session_id in session_ids}
    for session_id, state, number in rows:
        counts[session_id][0 if state == RegistrationState.registered else 1] = number
    return {key: tuple(value) for key, value in counts.items()}


def seats_left(session, registered):
    return max(session.capacity - registered, 0)


def sector_mix(session, registrations):
    """Return [(label, people registered, seats kept)] per sector, "no organisation" last."""
    counts = Counter(r.sector for r in registrations if r.state == RegistrationState.registered)
    mix = [(label, counts[sector], session.reserved_for(sector)) for sector, label in SECTOR_LABELS.items()
           if counts[sector] or session.reserved_for(sector)]
    if counts[None]:
        mix.append((_l("No organisation"), counts[None], 0))
    return mix


# -- registration --------------------------------------------------------------
def _lock_session(session):
    """Take the session's row lock for this transaction and return the next arrival number.

    The UPDATE makes concurrent sign-ups and cancellations of one session wait for each other,
    on PostgreSQL (row lock) and SQLite (database write lock) alike.
    """
    arrival = db.session.execute(
        sa.update(SESSIONS).where(SESSIONS.c.id == session.id)
        .values(arrivals=SESSIONS.c.arrivals + 1).returning(SESSIONS.c.arrivals)
    ).scalar_one()
    db.session.refresh(session, ["state", "capacity", "starts_at", "registration_opens_at",
                                 "registration_closes_at", "reserved_seats", "arrivals"])
    return arrival


def person_sectors(user):
    """Return the sectors of the organisations the person is an approved member of, sorted."""
    return sorted({m.organisation.sector for m in user.approved_memberships}, key=lambda s: list(SECTOR_LABELS).index(s))


def _free_seats(session):
    """Return (free general seats, {sector: free reserved seats}) counted now, under the lock."""
    used = dict(db.session.execute(
        sa.select(ColabRegistration.seat_sector, sa.func.count())
        .where(ColabRegistration.session_id == session.id, ColabRegistration.state == RegistrationState.registered)
        .group_by(ColabRegistration.seat_sector)
    ).all())
    reserved_free = {r.sector: max(r.seats - used.get(r.sector, 0), 0) for r in session.reserved_seats}
    general_used = sum(n for sector, n in used.items() if sector is None or sector not in reserved_free)
    return session.general_seats - general_used, reserved_free


def _seat_for(sectors, general_free, reserved_free):
    """Return (True, sector or None) for the seat a person may take, or (False, None)."""
    for sector in sectors:
        if reserved_free.get(sector, 0) > 0:
            return True, sector
    if general_free > 0:
        return True, None
    return False, None


def register_for_session(session, user, answers=None):
    """Give the person a seat, or a place on the waitlist when no seat they may take is free."""
    if not user.is_authenticated:
        raise NotAllowed(_l("Sign in to register."))
    arrival = _lock_session(session)
    if not session.registration_is_open():
        raise Conflict(_l("Registration for this session is not open."))
    registration = db.session.scalar(
        sa.select(ColabRegistration).where(ColabRegistration.session_id == session.id,
                                           ColabRegistration.user_id == user.id))
    if registration is not None and registration.state != RegistrationState.cancelled:
        raise Conflict(_l("You are already registered for this session."))
    sectors = person_sectors(user)
    general_free, reserved_free = _free_seats(session)
    has_seat, seat_sector = _seat_for(sectors, general_free, reserved_free)
    now = utcnow()
    first = registration is None
    if first:
        registration = ColabRegistration(session_id=session.id, user_id=user.id)
    registration.arrival = arrival
    registration.sector = seat_sector or (sectors[0] if sectors else None)
    registration.seat_sector = seat_sector
    registration.organisation_name = ", ".join(
        sorted(m.organisation.name for m in user.approved_memberships))[:200]
    registration.answers = {str(k): v for k, v in (answers or {}).items() if v} or None
    registration.attended = None
    registration.cancelled_at = None
    registration.reminded_at = None
    registration.promoted_at = None
    registration.user = user
    registration.session = session
    stamp = {"registered_at": now} if has_seat else {"waitlisted_at": now}
    action = RegistrationAction.register if has_seat else RegistrationAction.join_waitlist
    if first:
        registration.state = RegistrationState.registered if has_seat else RegistrationState.waitlisted
        for name, value in stamp.items():
            setattr(registration, name, value)
        REGISTRATION_LIFECYCLE.create(registration, action, user)
    else:
        REGISTRATION_LIFECYCLE.apply(registration, action, user, **stamp)
    if has_seat:
        _send_confirmation(registration)
    else:
        notify([user], notices.WAITLISTED, title=session.title, link=session_url(session),
               subject=_l("Waitlist: %(title)s", title=session.title), session=session,
               position=waitlist_position(registration))
    return registration


def _send_confirmation(registration, promoted=False):
    session, user = registration.session, registration.user
    subject = (_l("You have a place: %(title)s", title=session.title) if promoted
               else _l("Registered: %(title)s", title=session.title))
    notify([user], notices.PROMOTED if promoted else notices.REGISTERED, title=session.title,
           link=session_url(session), subject=subject, attachments=[_ics_attachment(session, with_link=True)],
           session=session, promoted=promoted)


def waitlist_position(registration):
    """Return the person's place in the waitlist, 1 for the first."""
    if registration.state != RegistrationState.waitlisted:
        return None
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(ColabRegistration).where(
            ColabRegistration.session_id == registration.session_id,
            ColabRegistration.state == RegistrationState.waitlisted,
            ColabRegistration.arrival <= registration.arrival))


def cancel_registration(registration, actor):
    """Give up a place (or leave the waitlist) before the start; the first who fits moves up."""
    session = registration.session
    REGISTRATION_LIFECYCLE.check(registration, RegistrationAction.cancel, actor)
    _lock_session(session)
    db.session.refresh(registration, ["state"])
    if not registration.is_active:
        raise Conflict(_l("This registration has already been cancelled."))
    held_seat = registration.state == RegistrationState.registered
    REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.cancel, actor, cancelled_at=utcnow(),
                                 seat_sector=None)
    promoted = fill_free_seats(session, actor) if held_seat else []
    if held_seat:
        notify(session.facilitators, notices.REGISTRANT_CANCELLED, title=session.title,
               link=external_url("colabs.participants", session_id=session.id),
               subject=_l("Cancellation: %(title)s", title=session.title), session=session,
               cancelled=registration, promoted=promoted)
    return promoted


def fill_free_seats(session, actor=None):
    """Promote waitlisted people, first come first served, into every seat they may take.

    A reserved seat nobody waiting may take goes to a registered person of its sector who holds
    a general seat, which frees that general seat for the waitlist.
    """
    general_free, reserved_free = _free_seats(session)
    waiting = list(db.session.scalars(
        sa.select(ColabRegistration).where(ColabRegistration.session_id == session.id,
                                           ColabRegistration.state == RegistrationState.waitlisted)
        .options(selectinload(ColabRegistration.user)).order_by(ColabRegistration.arrival)))
    waiting_sectors = {r.sector for r in waiting}
    for sector, free in list(reserved_free.items()):
        if free <= 0 or sector in waiting_sectors:
            continue
        movers = db.session.scalars(
            sa.select(ColabRegistration).where(
                ColabRegistration.session_id == session.id, ColabRegistration.state == RegistrationState.registered,
                ColabRegistration.sector == sector, ColabRegistration.seat_sector.is_(None))
            .order_by(ColabRegistration.arrival).limit(free)).all()
        for mover in movers:
            mover.seat_sector = sector
            reserved_free[sector] -= 1
            general_free += 1
    promoted = []
    now = utcnow()
    for registration in waiting:
        has_seat, seat_sector = _seat_for([registration.sector] if registration.sector else [],
                                          general_free, reserved_free)
        if not has_seat:
            continue
        if seat_sector is None:
            general_free -= 1
        else:
            reserved_free[seat_sector] -= 1
        REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.promote, actor, system=True,
                                     seat_sector=seat_sector, promoted_at=now, registered_at=now)
        promoted.append(registration)
    for registration in promoted:
        _send_confirmation(registration, promoted=True)
    return promoted


# -- facilitators ----------------------------------------------------------------
def mark_attendance(session, present_ids):
    """Record who came: everyone registered is marked present or absent."""
    present = set(present_ids)
    for registration in session.registrations:
        if registration.state == RegistrationState.registered:
            registration.attended = registration.id in present
    db.session.flush()


def message_participants(session, actor, subject, body, include_waitlist=False):
    """Email everyone registered (and, if asked, those waiting); return how many were written to."""
    states = [RegistrationState.registered] + ([RegistrationState.waitlisted] if include_waitlist else [])
    recipients = [r.user for r in _active_registrations(session) if r.state in states]
    notify(recipients, notices.MESSAGE, title=session.title, link=session_url(session), subject=subject, body=body,
           session=session, sender=actor)
    return len(recipients)


# -- scheduled jobs ------------------------------------------------------------------
def send_due_reminders(now=None):
    """Email each registered person once, within 24 hours before their session; return how many.

    The reminder is marked sent in the transaction that writes its mail to the outbox.
    """
    now = now or utcnow()
    due = list(db.session.scalars(
        sa.select(ColabRegistration).join(ColabSession)
        .where(ColabRegistration.state == RegistrationState.registered, ColabRegistration.reminded_at.is_(None),
               ColabSession.state == SessionState.published, ColabSession.starts_at > now,
               ColabSession.starts_at <= now + timedelta(hours=REMINDER_HOURS))
        .options(selectinload(ColabRegistration.user), selectinload(ColabRegistration.session))
    ))
    sent = 0
    for registration in due:
        claimed = db.session.execute(
            sa.update(ColabRegistration).where(ColabRegistration.id == registration.id,
                                               ColabRegistration.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            continue
        session, user = registration.session, registration.user
        notify([user], notices.REMINDER, title=session.title, link=session_url(session),
               subject=_l("Tomorrow: %(title)s", title=session.title),
               attachments=[_ics_attachment(session, with_link=True)], session=session)
        sent += 1
    return sent


def purge_expired_answers(now=None):
    """Delete registrants' answers 30 days after their session ended; return how many."""
    now = now or utcnow()
    ended = sa.select(ColabSession.id).where(ColabSession.ends_at < now - timedelta(days=ANSWERS_KEPT_DAYS))
    result = db.session.execute(
        sa.update(ColabRegistration)
        .where(ColabRegistration.session_id.in_(ended), ColabRegistration.answers.is_not(None),
               ColabRegistration.answers_purged_at.is_(None))  # once each, however often the job runs
        .values(answers=sa.null(), answers_purged_at=now).execution_options(synchronize_session=False))
    return result.rowcount


# -- personal calendar feed ----------------------------------------------------------
def feed_token_of(user):
    return db.session.scalar(sa.select(ColabFeedToken).where(ColabFeedToken.user_id == user.id))


def renew_feed_token(user):
    """Make (or replace) the person's secret feed address; the old address stops working."""
    feed = feed_token_of(user)
    if feed is None:
        feed = ColabFeedToken(user_id=user.id)
        db.session.add(feed)
    else:
        from app.colabs.models import new_feed_token

        feed.token = new_feed_token()
        feed.created_at = utcnow()
    db.session.flush()
    return feed


def revoke_feed_token(user):
    feed = feed_token_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()


def user_for_feed_token(token):
    if not token:
        return None
    return db.session.scalar(
        sa.select(User).join(ColabFeedToken, ColabFeedToken.user_id == User.id)
        .where(ColabFeedToken.token == token, User.deleted_at.is_(None)))


def sessions_in_feed(user):
    """Return [(session, has a seat)] for the sessions the person holds a place or waitlist place for."""
    return list(db.session.execute(
        sa.select(ColabSession, ColabRegistration.state == RegistrationState.registered).join(ColabRegistration)
        .where(ColabRegistration.user_id == user.id,
               ColabRegistration.state.in_([RegistrationState.registered, RegistrationState.waitlisted]),
               ColabSession.state != SessionState.draft)
        .order_by(ColabSession.starts_at)))
