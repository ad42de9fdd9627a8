"""Demo co-lab sessions: past ones with attendance and outcomes, coming ones with waitlists."""
import random
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from app.accounts.constants import Role, Sector
from app.accounts.models import User, UserRole
from app.colabs.constants import ActionState, RegistrationState, SessionFormat, SessionState, Theme
from app.colabs.models import (
    ColabAction,
    ColabRegistration,
    ColabReservedSeats,
    ColabSession,
    ColabSessionTheme,
)
from app.colabs.timezones import local_to_utc, utc_to_local
from app.db_types import utcnow
from app.demo import demo_step
from app.extensions import db

# (days from today, start hour, hours long, title, format, themes, capacity, state, venue, description, questions)
SESSIONS = [
    (-45, 17, 2, "Science café: Loneliness among older people in Ystad", SessionFormat.science_cafe,
     [Theme.health], 25, SessionState.completed, "Ystads bibliotek, Surbrunnsvägen 12, Ystad",
     "Researchers and the Ystad Seniors' Network talk about what helps against loneliness, over coffee.", []),
    (-20, 9, 4, "Co-lab: Greener courtyards in Rosengård", SessionFormat.colab_workshop,
     [Theme.housing, Theme.environment], 12, SessionState.completed, "Rosengårds bibliotek, Amiralsgatan 109, Malmö",
     "Tenants, the housing company, urban researchers and a landscape firm plan two pilot courtyards together.",
     ["Do you have any dietary needs?", "Do you need anything to take part (interpreting, step-free access)?"]),
    (-8, 13, 3, "Training: Measuring social impact for small social enterprises", SessionFormat.training,
     [Theme.social_enterprise], 15, SessionState.cancelled, "Online",
     "An introduction to the alliance's common impact indicators.", []),
    (6, 9, 3, "Challenge workshop: Jobs for young people in Kroksbäck", SessionFormat.challenge_workshop,
     [Theme.work, Theme.education], 6, SessionState.published, "Kroksbäcks fritidsgård, Malmö",
     "Local employers, the city's labour-market administration and young people work out this year's challenge.",
     ["Do you have any dietary needs?"]),
    (13, 18, 2, "Vetenskapskafé: Digital utestängning och e-tjänster", SessionFormat.science_cafe,
     [Theme.digital, Theme.inclusion], 30, SessionState.published, "Stadsbiblioteket Lund, Sankt Petri kyrkogata 6",
     "Hur påverkas de som inte använder e-legitimation när allt fler tjänster blir digitala? Forskare och "
     "Digitalbron Skåne berättar och svarar på frågor.", []),
    (27, 9, 6, "Co-lab: Safe and accessible housing at Norra Fäladen", SessionFormat.colab_workshop,
     [Theme.housing, Theme.inclusion], 16, SessionState.published, "Fäladstorget 12, Lund",
     "A full-day co-creation session with the tenants' association, the municipal housing company and researchers.",
     ["Do you have any dietary needs?", "Do you need anything to take part (interpreting, step-free access)?"]),
    (40, 13, 3, "Utbildning: Att leda en samskapande workshop", SessionFormat.training,
     [Theme.social_enterprise], 20, SessionState.published, "",
     "För dig som vill leda co-labs själv: metoder, förberedelser och uppföljning.", []),
    (55, 10, 3, "Co-lab: Circular furniture for municipal offices", SessionFormat.colab_workshop,
     [Theme.environment, Theme.social_enterprise], 14, SessionState.draft, "Returkraft, Agnesfridsvägen 113, Malmö",
     "Draft: social enterprises that repair furniture meet procurement officers.", []),
]

OUTCOMES = {
    0: ("About 20 people came. Loneliness is often hidden; the library and the church are trusted meeting places. "
        "Digital skills help, but only with someone to ask.",
        "The network and the library start a weekly drop-in 'digital coffee' in the spring.",
        [("Start the weekly digital coffee", "Ystad Seniors' Network", 30),
         ("Write up the discussion for the results library", "Rashid Haddad", 21)]),
    1: ("The group agreed on what makes a courtyard good to be in: shade, seating, places for children and a shared "
        "growing bed. Two courtyards were chosen for a pilot.",
        "Pilot in courtyards 3 and 7. Tenants keep the growing beds; the housing company pays for materials.",
        [("Draw the two pilot courtyards", "Landscape firm", 30), ("Ask all tenants in the two buildings", "Goran Petrović", 14),
         ("Apply for the city's neighbourhood fund", "Föreningen Grönare Rosengård", 45)]),
}


def _at(day_offset, hour):
    local_day = utc_to_local(utcnow()).date() + timedelta(days=day_offset)
    return local_to_utc(datetime.combine(local_day, time(hour, 0)))


@demo_step(30, "co-lab sessions")
def make_colab_sessions(context, scale):
    rng = random.Random(4_2026)
    people = context["people"]
    facilitator = people["facilitator@example.org"]
    second_facilitator = db.session.scalar(sa.select(User).where(User.email == "person2@example.org"))
    if second_facilitator is not None:
        second_facilitator.roles.append(UserRole(role=Role.facilitator))
    participants = list(db.session.scalars(
        sa.select(User).where(User.deleted_at.is_(None), User.id.not_in([facilitator.id])).order_by(User.id)))
    made = 0
    for index, (days, hour, hours, title, fmt, themes, capacity, state, venue, description, questions) in \
            enumerate(SESSIONS * scale):
        days = days + 70 * (index // len(SESSIONS))
        starts_at = _at(days, hour)
        session = ColabSession(
            title=title, format=fmt, description=description, starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours), venue=venue,
            online_url="https://meet.example.org/samverka-colab" if not venue or venue == "Online" else None,
            language="sv" if any(w in title for w in ("Vetenskapskafé", "Utbildning")) else "sv_en",
            capacity=capacity, questions=questions, state=state, created_by_id=facilitator.id,
            created_at=starts_at - timedelta(days=30), updated_at=starts_at - timedelta(days=30),
            published_at=starts_at - timedelta(days=29) if state != SessionState.draft else None,
            registration_closes_at=starts_at - timedelta(hours=12) if index % 3 == 0 else None,
        )
        session.facilitators = [facilitator] + ([second_facilitator] if second_facilitator and index % 2 else [])
        session.theme_links = [ColabSessionTheme(theme=t) for t in themes]
        if fmt == SessionFormat.colab_workshop:
            session.reserved_seats = [ColabReservedSeats(sector=Sector.civil_society, seats=3)]
        if state == SessionState.cancelled:
            session.cancelled_at = starts_at - timedelta(days=3)
            session.cancellation_note = "The trainer is ill. We will announce a new date soon."
            session.sequence = 1
        db.session.add(session)
        made += 1
        if state == SessionState.draft:
            continue
        # Registrations: the upcoming challenge workshop is full with a waitlist, the others partly booked.
        wanted = capacity + 3 if index == 3 else min(len(participants), rng.randint(capacity // 2, capacity))
        chosen = rng.sample(participants, min(wanted, len(participants)))
        registered = 0
        for arrival, user in enumerate(chosen, start=1):
            sectors = sorted({m.organisation.sector.value for m in user.approved_memberships})
            sector = Sector(sectors[0]) if sectors else None
            has_seat = registered < capacity
            registration = ColabRegistration(
                user=user, arrival=arrival, sector=sector, organisation_name=", ".join(
                    sorted(m.organisation.name for m in user.approved_memberships))[:200],
                state=RegistrationState.registered if has_seat else RegistrationState.waitlisted,
                created_at=starts_at - timedelta(days=20 - arrival * 0.1),
            )
            if has_seat:
                registered += 1
                registration.registered_at = registration.created_at
                if sector is not None and session.reserved_for(sector) > sum(
                        1 for r in session.registrations if r.seat_sector == sector):
                    registration.seat_sector = sector
            else:
                registration.waitlisted_at = registration.created_at
            if state == SessionState.cancelled:
                registration.state = RegistrationState.cancelled
                registration.cancelled_at = session.cancelled_at
            if questions and arrival % 3 == 0 and days > -30:
                registration.answers = {questions[0]: rng.choice(["Vegetarian", "Gluten-free", "Halal", "Vegan"])}
            if state == SessionState.completed and has_seat:
                registration.attended = rng.random() > 0.15
                if not registration.attended:  # marked at the door as not come
                    registration.state = RegistrationState.no_show
            session.registrations.append(registration)
        session.arrivals = len(chosen)
        if state == SessionState.completed and index % 2 == 0:  # someone came in at the door
            session.arrivals += 1
            session.registrations.append(ColabRegistration(
                walk_in_name="Lina Berg", arrival=session.arrivals, sector=Sector.civil_society, organisation_name="",
                state=RegistrationState.registered, attended=True, created_at=starts_at + timedelta(minutes=5),
                registered_at=starts_at + timedelta(minutes=5)))
        if state == SessionState.completed:
            notes, decisions, actions = OUTCOMES[index % len(SESSIONS)]
            session.outcome_notes, session.decisions = notes, decisions
            session.completed_at = session.ends_at + timedelta(days=1)
            session.completed_by_id = facilitator.id
            # The first action is the facilitator's own (reminded on its due date); one done in time.
            now = utcnow()
            session.actions = [ColabAction(
                position=i, what=what, who="" if i == 0 else who, owner_id=facilitator.id if i == 0 else None,
                due_on=(session.ends_at + timedelta(days=due)).date(), created_at=session.completed_at,
                state=ActionState.done if i == 1 and session.ends_at + timedelta(days=due) < now else ActionState.open,
                done_at=session.ends_at + timedelta(days=due - 1) if i == 1 and session.ends_at + timedelta(days=due) < now
                else None) for i, (what, who, due) in enumerate(actions)]
    db.session.flush()
    context["colab_sessions"] = made
    return made
