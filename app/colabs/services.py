"""Domain actions of the co-labs area. They flush and queue mail, never commit."""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from app.accounts.constants import Sector
from app.accounts.models import User
from app.colabs.constants import (
    ANSWERS_KEPT_DAYS,
    REMINDER_HOURS,
    ActionAction,
    ActionState,
    RegistrationAction,
    RegistrationState,
    SessionAction,
    SessionState,
)
from app.colabs.ics import session_ics, session_url
from app.colabs.lifecycle import ACTION_LIFECYCLE, REGISTRATION_LIFECYCLE, SESSION_LIFECYCLE
from app.colabs import notices
from app.colabs.links import external_url
from app.colabs.timezones import utc_to_local
from app.colabs.models import (
    ColabAction,
    ColabActionEvent,
    ColabFeedToken,
    ColabOutcomeRevision,
    ColabRegistrationEvent,
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
from app.formatting import date_filter, datetime_filter
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
        release_kept_seats_if_due(session)
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
    """Complete a session that has taken place, recording its outcomes and its follow-up actions."""
    SESSION_LIFECYCLE.apply(session, SessionAction.complete, actor, completed_at=utcnow(),
                            completed_by_id=actor.id)
    session.outcome_notes = notes or ""
    session.decisions = decisions or ""
    session.updated_at = utcnow()
    for values in actions:
        if values.get("what"):
            add_action(session, actor, **values)
    db.session.flush()
    complete_linked_requests(session, actor)
    return session


def edit_outcomes(session, actor, *, notes, decisions):
    """Change the notes and decisions of a completed session; the version they replace is kept."""
    if not session.can_edit_outcomes(actor):
        raise NotAllowed(_l("You may not do this."))
    if (notes or "") == session.outcome_notes and (decisions or "") == session.decisions:
        return None
    revision = ColabOutcomeRevision(session_id=session.id, outcome_notes=session.outcome_notes or "",
                                    decisions=session.decisions or "", replaced_by_id=actor.id)
    db.session.add(revision)
    session.outcome_notes = notes or ""
    session.decisions = decisions or ""
    session.updated_at = utcnow()
    SESSION_LIFECYCLE.record(session, SessionAction.record_outcomes, actor, from_state=session.state,
                             to_state=session.state)
    db.session.expire(session, ["outcome_revisions"])
    return revision


# -- follow-up actions ------------------------------------------------------------
def add_action(session, actor, *, what, owner_id=None, who="", due_on=None):
    """Add one follow-up action (any number) to a session; it starts open."""
    position = 1 + max((a.position for a in session.actions), default=-1)
    item = ColabAction(session_id=session.id, position=position, what=what, owner_id=owner_id,
                       who=(who or "") if owner_id is None else "", due_on=due_on, state=ActionState.open)
    ACTION_LIFECYCLE.create(item, ActionAction.add, actor)
    db.session.expire(session, ["actions"])
    return item


def edit_action(item, actor, *, what, owner_id=None, who="", due_on=None):
    """Change what an action is, whose it is or when it is due; a new due date is reminded again."""
    if not item.can_edit(actor):
        raise NotAllowed(_l("You may not do this."))
    if item.due_on != due_on or item.owner_id != owner_id:
        item.reminded_at = None
    item.what = what
    item.owner_id = owner_id
    item.who = (who or "") if owner_id is None else ""
    item.due_on = due_on
    ACTION_LIFECYCLE.record(item, ActionAction.edit, actor, from_state=item.state, to_state=item.state)
    return item


def finish_action(item, actor):
    """Mark an action done."""
    return ACTION_LIFECYCLE.apply(item, ActionAction.finish, actor, done_at=utcnow())


def reopen_action(item, actor):
    """Open a done action again."""
    return ACTION_LIFECYCLE.apply(item, ActionAction.reopen, actor, done_at=None)


def action_history(item):
    return list(db.session.scalars(
        sa.select(ColabActionEvent).where(ColabActionEvent.action_id == item.id)
        .options(selectinload(ColabActionEvent.actor)).order_by(ColabActionEvent.id)))


def send_action_reminders(now=None):
    """Remind each open action's owner once, on its due date (Swedish time); return how many.

    The reminder is marked sent in the transaction that writes its mail to the outbox.
    """
    now = now or utcnow()
    today = utc_to_local(now).date()
    due = list(db.session.scalars(
        sa.select(ColabAction).where(ColabAction.state == ActionState.open, ColabAction.due_on <= today,
                                     ColabAction.reminded_at.is_(None), ColabAction.owner_id.is_not(None))
        .options(selectinload(ColabAction.owner), selectinload(ColabAction.session))
        .order_by(ColabAction.due_on, ColabAction.id)))
    sent = 0
    for item in due:
        claimed = db.session.execute(
            sa.update(ColabAction).where(ColabAction.id == item.id, ColabAction.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1 or item.owner.deleted_at is not None:
            continue
        session = item.session
        notify([item.owner], notices.ACTION_DUE, title=session.title, link=session_url(session),
               subject=_l("Due today: %(what)s", what=item.what[:80]), session=session, item=item)
        ACTION_LIFECYCLE.record(item, ActionAction.remind, None, from_state=item.state, to_state=item.state,
                                at=now)
        sent += 1
    return sent


HAND_STEPS = (RegistrationAction.admit, RegistrationAction.remove, RegistrationAction.walk_in,
              RegistrationAction.mark_no_show, RegistrationAction.mark_arrived)


def session_history(session):
    """Return the session's events and the registration steps its facilitators took by hand, oldest first."""
    events = list(db.session.scalars(
        sa.select(ColabSessionEvent).where(ColabSessionEvent.session_id == session.id)
        .options(selectinload(ColabSessionEvent.actor))))
    events += list(db.session.scalars(
        sa.select(ColabRegistrationEvent).join(ColabRegistration)
        .where(ColabRegistration.session_id == session.id, ColabRegistrationEvent.action.in_(HAND_STEPS))
        .options(selectinload(ColabRegistrationEvent.actor),
                 selectinload(ColabRegistrationEvent.registration).selectinload(ColabRegistration.user))))
    return sorted(events, key=lambda e: (e.created_at, isinstance(e, ColabRegistrationEvent), e.id))


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
            if action.owner_label:
                line += f" ({action.owner_label})"
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
    """Return the registered and waitlisted people who have an account (walk-ins get no mail)."""
    return list(db.session.scalars(
        sa.select(ColabRegistration).where(
            ColabRegistration.session_id == session.id,
            ColabRegistration.state.in_([RegistrationState.registered, RegistrationState.waitlisted]),
            ColabRegistration.user_id.is_not(None))
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


@dataclass
class Seats:
    """The free seats of a session as registering sees them: general ones and those kept per sector."""

    general: int
    kept: dict = field(default_factory=dict)
    released: bool = False

    def open_to(self, sectors) -> int:
        """Return how many seats a person of these sectors may take now ("seats left" on their page)."""
        return max(self.general, 0) + sum(max(self.kept.get(s, 0), 0) for s in set(sectors))

    def seat_for(self, sectors):
        """Return (True, sector or None) for the seat a person may take, or (False, None)."""
        for sector in sectors:
            if self.kept.get(sector, 0) > 0:
                return True, sector
        if self.general > 0:
            return True, None
        return False, None

    @property
    def kept_free(self) -> int:
        return sum(n for n in self.kept.values() if n > 0)


def count_seats(session, used, waiting=0, now=None) -> Seats:
    """Return the free seats of a session from {seat sector or None: people registered} and the waitlist.

    The one rule for "seats left" and for registering. Once the kept seats are released every seat
    is general; the people waiting take free seats before anyone new (if the release has not run
    yet, registering runs it first, so both agree).
    """
    if session.kept_seats_are_released(now):
        general = session.capacity - sum(used.values())
        return Seats(general if waiting <= 0 else max(general - waiting, 0), {}, True)
    kept = {r.sector: max(r.seats - used.get(r.sector, 0), 0) for r in session.reserved_seats}
    general_used = sum(n for sector, n in used.items() if sector is None or sector not in kept)
    return Seats(session.general_seats - general_used, kept, False)


def seats_of(sessions, now=None) -> dict:
    """Return {session id: Seats} for many sessions in one query."""
    if not sessions:
        return {}
    rows = db.session.execute(
        sa.select(ColabRegistration.session_id, ColabRegistration.state, ColabRegistration.seat_sector,
                  sa.func.count())
        .where(ColabRegistration.session_id.in_([s.id for s in sessions]),
               ColabRegistration.state.in_([RegistrationState.registered, RegistrationState.waitlisted]))
        .group_by(ColabRegistration.session_id, ColabRegistration.state, ColabRegistration.seat_sector)
    ).all()
    used, waiting = defaultdict(dict), Counter()
    for session_id, state, seat_sector, number in rows:
        if state == RegistrationState.registered:
            used[session_id][seat_sector] = used[session_id].get(seat_sector, 0) + number
        else:
            waiting[session_id] += number
    return {s.id: count_seats(s, used[s.id], waiting[s.id], now) for s in sessions}


def seats_left_for(session, user, now=None) -> int:
    """Return the seats this person (anyone, if signed out) may take now: what registering would give."""
    sectors = person_sectors(user) if getattr(user, "is_authenticated", False) else []
    return seats_of([session], now)[session.id].open_to(sectors)


def sector_mix(session, registrations):
    """Return [(label, people registered, seats kept)] per sector, "no organisation" last."""
    counts = Counter(r.sector for r in registrations if r.state == RegistrationState.registered)
    mix = [(label, counts[sector], session.reserved_for(sector)) for sector, label in ((s, s.label) for s in Sector)
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
    return sorted({m.organisation.sector for m in user.approved_memberships}, key=lambda s: list(Sector).index(s))


def _free_seats(session, now=None):
    """Return the session's Seats counted now, under the lock."""
    return seats_of([session], now)[session.id]


def release_kept_seats_if_due(session, now=None, actor=None):
    """Release the kept seats to everyone once their time has come: the waitlist moves up; once only.

    Call under the session's lock. Return the people promoted, or None when nothing was due.
    """
    now = now or utcnow()
    if (session.kept_seats_released_at is not None or not session.reserved_seats
            or session.state != SessionState.published or not session.kept_seats_are_released(now)
            or session.has_started(now)):
        return None
    claimed = db.session.execute(
        sa.update(SESSIONS).where(SESSIONS.c.id == session.id, SESSIONS.c.kept_seats_released_at.is_(None))
        .values(kept_seats_released_at=now))
    if claimed.rowcount != 1:
        return None
    db.session.refresh(session, ["kept_seats_released_at"])
    SESSION_LIFECYCLE.record(session, SessionAction.release_seats, actor, from_state=session.state,
                             to_state=session.state, at=now)
    return fill_free_seats(session, actor, now=now)


def release_due_kept_seats(now=None):
    """The worker's job: release the kept seats of every session whose time has come; return how many sessions."""
    now = now or utcnow()
    candidates = list(db.session.scalars(
        sa.select(ColabSession).where(
            ColabSession.state == SessionState.published, ColabSession.kept_seats_released_at.is_(None),
            ColabSession.starts_at > now, ColabSession.id.in_(sa.select(ColabReservedSeats.session_id)))
        .options(selectinload(ColabSession.reserved_seats)).order_by(ColabSession.starts_at)))
    released = 0
    for session in candidates:
        if not session.kept_seats_are_released(now):
            continue
        _lock_session(session)
        if release_kept_seats_if_due(session, now=now) is not None:
            released += 1
    return released


def register_for_session(session, user, answers=None, now=None):
    """Give the person a seat, or a place on the waitlist when no seat they may take is free."""
    if not user.is_authenticated:
        raise NotAllowed(_l("Sign in to register."))
    arrival = _lock_session(session)
    now = now or utcnow()  # read under the lock, so that the stamps follow the order of arrival
    if not session.registration_is_open(now):
        raise Conflict(_l("Registration for this session is not open."))
    release_kept_seats_if_due(session, now=now)
    registration = db.session.scalar(
        sa.select(ColabRegistration).where(ColabRegistration.session_id == session.id,
                                           ColabRegistration.user_id == user.id))
    if registration is not None and registration.state != RegistrationState.cancelled:
        raise Conflict(_l("You are already registered for this session."))
    if registration is not None and _last_step(registration) == RegistrationAction.remove:
        raise Conflict(_l("The facilitators took you off this session. Write to them if you think this is wrong."))
    sectors = person_sectors(user)
    has_seat, seat_sector = _free_seats(session, now).seat_for(sectors)
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


def _last_step(registration):
    return db.session.scalar(
        sa.select(ColabRegistrationEvent.action).where(ColabRegistrationEvent.registration_id == registration.id)
        .order_by(ColabRegistrationEvent.id.desc()).limit(1))


def _send_confirmation(registration, promoted=False):
    session, user = registration.session, registration.user
    if user is None:  # a walk-in without an account
        return
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


def fill_free_seats(session, actor=None, now=None):
    """Promote waitlisted people, first come first served, into every seat they may take.

    A reserved seat nobody waiting may take goes to a registered person of its sector who holds
    a general seat, which frees that general seat for the waitlist.
    """
    now = now or utcnow()
    waiting = list(db.session.scalars(
        sa.select(ColabRegistration).where(ColabRegistration.session_id == session.id,
                                           ColabRegistration.state == RegistrationState.waitlisted)
        .options(selectinload(ColabRegistration.user)).order_by(ColabRegistration.arrival)))
    seats = count_seats(session, _used_seats(session), 0, now)  # the seats free for those waiting
    waiting_sectors = {r.sector for r in waiting}
    for sector, free in list(seats.kept.items()):
        if free <= 0 or sector in waiting_sectors:
            continue
        movers = db.session.scalars(
            sa.select(ColabRegistration).where(
                ColabRegistration.session_id == session.id, ColabRegistration.state == RegistrationState.registered,
                ColabRegistration.sector == sector, ColabRegistration.seat_sector.is_(None))
            .order_by(ColabRegistration.arrival).limit(free)).all()
        for mover in movers:
            mover.seat_sector = sector
            seats.kept[sector] -= 1
            seats.general += 1
    promoted = []
    for registration in waiting:
        has_seat, seat_sector = seats.seat_for([registration.sector] if registration.sector else [])
        if not has_seat:
            continue
        if seat_sector is None:
            seats.general -= 1
        else:
            seats.kept[seat_sector] -= 1
        REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.promote, actor, system=True,
                                     seat_sector=seat_sector, promoted_at=now, registered_at=now)
        promoted.append(registration)
    for registration in promoted:
        _send_confirmation(registration, promoted=True)
    return promoted


def _used_seats(session):
    """Return {seat sector or None: people registered} of one session."""
    return dict(db.session.execute(
        sa.select(ColabRegistration.seat_sector, sa.func.count())
        .where(ColabRegistration.session_id == session.id, ColabRegistration.state == RegistrationState.registered)
        .group_by(ColabRegistration.seat_sector)).all())


# -- facilitators ----------------------------------------------------------------
def mark_attendance(session, present_ids, now=None):
    """Record who came: everyone registered is marked present or absent (from a day before the start)."""
    if not session.attendance_is_open(now):
        raise Conflict(_l("Attendance can be ticked from %(when)s, a day before the session starts.",
                          when=datetime_filter(session.attendance_opens_at)))
    present = set(present_ids)
    for registration in session.registrations:
        if registration.state == RegistrationState.registered:
            registration.attended = registration.id in present
    db.session.flush()


def admit_from_waitlist(registration, actor):
    """Give a waitlisted person a seat by hand (a kept seat of their sector if one is free), and tell them."""
    session = registration.session
    REGISTRATION_LIFECYCLE.check(registration, RegistrationAction.admit, actor)
    _lock_session(session)
    has_seat, seat_sector = _free_seats(session).seat_for([registration.sector] if registration.sector else [])
    now = utcnow()
    REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.admit, actor, seat_sector=seat_sector,
                                 promoted_at=now, registered_at=now)
    _send_confirmation(registration, promoted=True)
    return registration


def remove_registration(registration, actor, message):
    """Take a person off a session (seat or waitlist) with a message to them; the waitlist moves up."""
    session = registration.session
    REGISTRATION_LIFECYCLE.check(registration, RegistrationAction.remove, actor)
    _lock_session(session)
    held_seat = registration.state == RegistrationState.registered
    REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.remove, actor, note=message,
                                 cancelled_at=utcnow(), seat_sector=None)
    if registration.user is not None:
        notify([registration.user], notices.REMOVED, title=session.title, link=session_url(session),
               subject=_l("Your place at %(title)s", title=session.title), session=session, message=message,
               sender=actor)
    return fill_free_seats(session, actor) if held_seat and not session.has_started() else []


def add_walk_in(session, actor, *, name, email=None, sector=None):
    """Add someone who came to the door without registering: present, with a name and perhaps an email."""
    if not session.can_add_walk_in(actor):
        raise Conflict(_l("Walk-ins are added from a day before the session until it ends."))
    arrival = _lock_session(session)
    now = utcnow()
    user = None
    if email:
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower(),
                                                       User.deleted_at.is_(None)))
    if user is not None:
        registration = db.session.scalar(sa.select(ColabRegistration).where(
            ColabRegistration.session_id == session.id, ColabRegistration.user_id == user.id))
        if registration is not None:
            raise Conflict(_l("%(name)s is already on this session's list.", name=user.display_name))
    registration = ColabRegistration(
        session_id=session.id, user_id=getattr(user, "id", None), walk_in_name=None if user else name,
        walk_in_email=None if user else (email or None), state=RegistrationState.registered, arrival=arrival,
        sector=sector, seat_sector=None, organisation_name="", attended=True, registered_at=now)
    REGISTRATION_LIFECYCLE.create(registration, RegistrationAction.walk_in, actor)
    return registration


def mark_no_show(registration, actor):
    """Mark that a registered person did not come."""
    return REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.mark_no_show, actor, attended=False)


def mark_arrived(registration, actor):
    """Undo a no-show: the person came after all."""
    return REGISTRATION_LIFECYCLE.apply(registration, RegistrationAction.mark_arrived, actor, attended=True)


def message_participants(session, actor, subject, body, include_waitlist=False):
    """Email everyone registered (and, if asked, those waiting); return how many were written to."""
    states = [RegistrationState.registered] + ([RegistrationState.waitlisted] if include_waitlist else [])
    recipients = [r.user for r in _active_registrations(session) if r.state in states and r.user is not None]
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
    """Delete registrants' answers 30 days after their session ended; return how many registrations changed.

    "No answers" is SQL NULL, so a registration is touched once, when it still holds answers.
    """
    now = now or utcnow()
    ended = sa.select(ColabSession.id).where(ColabSession.ends_at < now - timedelta(days=ANSWERS_KEPT_DAYS))
    result = db.session.execute(
        sa.update(ColabRegistration)
        .where(ColabRegistration.session_id.in_(ended), ColabRegistration.answers.is_not(sa.null()))
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
    """Return [(session, has a seat, waitlist place or None)] for the person's places and waitlist places."""
    ahead = aliased(ColabRegistration)
    place = (sa.select(sa.func.count()).select_from(ahead)
             .where(ahead.session_id == ColabRegistration.session_id, ahead.state == RegistrationState.waitlisted,
                    ahead.arrival <= ColabRegistration.arrival).scalar_subquery())
    rows = db.session.execute(
        sa.select(ColabSession, ColabRegistration.state, place).join(ColabRegistration)
        .where(ColabRegistration.user_id == user.id,
               ColabRegistration.state.in_([RegistrationState.registered, RegistrationState.waitlisted]),
               ColabSession.state != SessionState.draft)
        .order_by(ColabSession.starts_at))
    return [(session, state == RegistrationState.registered,
             number if state == RegistrationState.waitlisted else None) for session, state, number in rows]
