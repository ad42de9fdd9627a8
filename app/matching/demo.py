"""Demo offerings, needs and tracked matches in every stage, in Swedish and English."""
import random
from datetime import date, timedelta

import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.demo import demo_step
from app.db_types import utcnow
from app.extensions import db
from app.matching import services
from app.matching.lifecycle import MATCH_LIFECYCLE
from app.matching.models import Match, MatchEvent
from app.matching.constants import (
    BudgetBand,
    Capacity,
    Category,
    MatchAction,
    MatchState,
    NoFitReason,
    Timeframe,
    ValueBand,
)

# (organisation, title, description, category, themes, capacity, whole region, areas, languages)
OFFERINGS = [
    ("Returkraft Malmö ek. för.", "Återvinning och renovering av kontorsmöbler",
     "Vi tar hand om återvinningen av kontorsmöbler vid flytt: vi hämtar, renoverar och säljer skrivbord, stolar "
     "och hyllor vidare. Det som inte kan återbrukas går till återvinning. Arbetsträning ingår.",
     Category.recycling, ["environment", "long_term_unemployed"], Capacity.medium, False, ["1280", "1281", "1231"],
     ["sv", "en"]),
    ("Returkraft Malmö ek. för.", "Möbelrenovering och omklädsel",
     "Vi klär om och renoverar stolar, soffor och mötesmöbler åt kontor, skolor och bibliotek i stället för att "
     "de köps nya.", Category.construction, ["environment"], Capacity.small, False, ["1280", "1233"], ["sv"]),
    ("Café Jobbnyckeln", "Lunchcatering och fika till möten",
     "Vårt café lagar lunch och bakar fika till möten, kurser och hyresgästträffar. Köket drivs av personer som "
     "är på väg tillbaka till arbete.", Category.catering, ["long_term_unemployed"], Capacity.small, False,
     ["1283", "1292", "1284"], ["sv"]),
    ("Café Jobbnyckeln", "Conference catering in English",
     "We cook vegetarian lunches and coffee breaks for conferences and staff days in north-west Skåne, with "
     "menus in English for international guests.", Category.catering, ["newcomers"], Capacity.small, False,
     ["1283", "1282"], ["en", "sv"]),
    ("Städkooperativet Ren Framtid", "Kontorsstädning och lokalvård",
     "Vi sköter daglig kontorsstädning och lokalvård i kontor, kommunhus och skolor. Vi är miljöcertifierade "
     "och använder svanenmärkta medel. We also clean for English-speaking workplaces.", Category.cleaning,
     ["long_term_unemployed"], Capacity.medium, False, ["1290", "1293", "1272", "1287"], ["sv", "en"]),
    ("Städkooperativet Ren Framtid", "Trappstädning för bostadsbolag",
     "Vi städar trapphus, entréer och tvättstugor i bostadsområden åt hyresvärdar, varje vecka.",
     Category.cleaning, ["local_community"], Capacity.medium, False, ["1290", "1283"], ["sv"]),
    ("Digitalbron Skåne", "IT support and refurbished computers",
     "We give IT support, refurbish used computers with secure data wiping, and teach digital skills to "
     "newcomers and older people.", Category.it, ["digital_inclusion", "environment"], Capacity.medium, True, [],
     ["en", "sv"]),
    ("Digitalbron Skåne", "Digital vägledning för seniorer",
     "Vi hjälper äldre med surfplatta, mobilt BankID och kommunens e-tjänster på bibliotek och mötesplatser.",
     Category.education, ["older_people", "digital_inclusion"], Capacity.small, True, [], ["sv"]),
]

# (organisation, title, description, category, themes, municipality, language, budget, timeframe, procurement)
NEEDS = [
    ("Region Skåne, Regional utveckling", "Återvinningen av kontorsmöbler vid flytten",
     "Vi flyttar 300 arbetsplatser i Malmö och vill att återvinningen av gamla skrivbord och stolar sköts av ett "
     "socialt företag som återbrukar det som går.", Category.recycling, ["environment"], "1280", "sv",
     BudgetBand.up_to_250k, Timeframe.within_3_months, False),
    ("Region Skåne, Regional utveckling", "Computers for reuse",
     "We are replacing 800 laptops and want the old ones wiped securely and refurbished for reuse rather than "
     "scrapped.", Category.it, ["environment"], "1280", "en", BudgetBand.up_to_1m, Timeframe.within_a_year, True),
    ("Malmö stad, Arbetsmarknadsförvaltningen", "Fika till arbetsmarknadsdagar",
     "Vi håller fyra arbetsmarknadsdagar per år och behöver fika och lunch till 150 deltagare.",
     Category.catering, ["long_term_unemployed"], "1283", "sv", BudgetBand.up_to_250k, Timeframe.ongoing, False),
    ("Helsingborgshem AB", "Trappstädning i Drottninghög",
     "Vi söker någon som städar trapphus, entréer och tvättstugor i 60 trappuppgångar i Drottninghög varje "
     "vecka, gärna med anställda från området.", Category.cleaning, ["local_community", "long_term_unemployed"],
     "1283", "sv", BudgetBand.up_to_1m, Timeframe.within_3_months, True),
    ("Öresund Logistics AB", "Office cleaning for our terminal",
     "Our terminal in Trelleborg needs daily cleaning of offices, break rooms and changing rooms.",
     Category.cleaning, [], "1287", "en", BudgetBand.up_to_250k, Timeframe.as_soon_as_possible, False),
    ("Malmö universitet, Institutionen för urbana studier", "Digital hjälp för äldre deltagare",
     "I ett forskningsprojekt behöver äldre deltagare hjälp att komma igång med surfplatta och BankID.",
     Category.education, ["older_people", "digital_inclusion"], "1280", "sv", BudgetBand.up_to_250k,
     Timeframe.within_3_months, False),
]

# The stage each demo pair reaches: (need index, offering index, stage)
TRACKED = [
    (0, 0, MatchState.became_customer),
    (1, 6, MatchState.meeting_held),
    (2, 2, MatchState.introduced),
    (3, 5, MatchState.suggested),
    (4, 4, MatchState.no_fit),
    (5, 7, MatchState.introduced),
]

EXTRA_TITLES = [
    ("Städning av kontor", "Vi städar kontor och mötesrum på kvällstid.", Category.cleaning),
    ("Catering till evenemang", "Buffé och fika till konferenser och fester.", Category.catering),
    ("Garden care", "We mow lawns, trim hedges and clear snow for housing companies.", Category.facility_services),
    ("Cykelreparationer", "Vi lagar och renoverar cyklar åt företag och kommuner.", Category.recycling),
]


def _organisation(context, name):
    return next(o for o in context["organisations"] if o.name == name)


def _spread_in_time(rng):
    """Move each tracked match's suggestion and steps into the past, in order, so answer times are lived-in."""
    now = utcnow()
    for position, match in enumerate(db.session.scalars(sa.select(Match).order_by(Match.id))):
        moment = now - timedelta(days=40 + 9 * position, hours=rng.randint(0, 8))
        db.session.execute(sa.update(Match).where(Match.id == match.id).values(created_at=moment))
        for event in db.session.scalars(sa.select(MatchEvent).where(MatchEvent.match_id == match.id)
                                        .order_by(MatchEvent.id)):
            event.created_at = moment
            moment = moment + timedelta(days=rng.randint(2, 9), hours=rng.randint(0, 8))
    db.session.flush()


@demo_step(50, "matching")
def make_matching(context, scale):
    rng = random.Random(6)
    people = context["people"]
    coordinator = people["coordinator@example.org"]
    business = people["business@example.org"]
    stakeholder = people["stakeholder@example.org"]
    offerings = []
    for org_name, title, description, category, themes, capacity, whole, areas, languages in OFFERINGS:
        offerings.append(services.create_offering(
            _organisation(context, org_name), business, title=title, description=description, category=category,
            themes=themes, capacity=capacity, available=True, whole_region=whole,
            works_in_swedish="sv" in languages, works_in_english="en" in languages, municipalities=areas,
        ))
    needs = []
    for org_name, title, description, category, themes, municipality, language, budget, timeframe, public in NEEDS:
        needs.append(services.create_need(
            _organisation(context, org_name), stakeholder, title=title, description=description,
            category=category, themes=themes, municipality=municipality, language=language, budget_band=budget,
            timeframe=timeframe, is_procurement=public, deadline=date.today() + timedelta(days=45) if public else None,
        ))
    # More offerings from the generated social businesses, so that lists have something to rank.
    businesses = [o for o in context["organisations"] if o.kind == OrganisationKind.social_business]
    for index in range(12 * scale):
        title, description, category = EXTRA_TITLES[index % len(EXTRA_TITLES)]
        organisation = businesses[index % len(businesses)]
        offerings.append(services.create_offering(
            organisation, coordinator, title=title, description=description, category=category,
            themes=rng.sample(["environment", "local_community", "newcomers", "youth"], 1),
            capacity=rng.choice(list(Capacity)), available=True, whole_region=index % 3 == 0,
            works_in_swedish=True, works_in_english=index % 2 == 0,
            municipalities=[organisation.municipality, "1280"],
        ))

    path = {
        MatchState.suggested: [],
        MatchState.introduced: [MatchAction.introduce],
        MatchState.meeting_held: [MatchAction.introduce, MatchAction.record_meeting],
        MatchState.became_customer: [MatchAction.introduce, MatchAction.record_meeting, MatchAction.record_customer],
        MatchState.no_fit: [MatchAction.introduce, MatchAction.record_no_fit],
    }
    details = {
        MatchAction.introduce: {},
        MatchAction.record_meeting: {"meeting_on": date.today() - timedelta(days=20)},
        MatchAction.record_customer: {"value_band": ValueBand.up_to_250k,
                                      "customer_since": date.today() - timedelta(days=7)},
        MatchAction.record_no_fit: {"no_fit_reason": NoFitReason.timing,
                                    "no_fit_note": "The terminal needed someone from next week."},
    }
    for need_index, offering_index, stage in TRACKED:
        match = services.track_match(needs[need_index], offerings[offering_index], coordinator)
        if stakeholder.is_member_of(needs[need_index].organisation):
            services.mark_interest(match, stakeholder, share_contact=True)
        for step in path[stage]:
            MATCH_LIFECYCLE.apply(match, step, coordinator, **details[step])
    db.session.flush()
    _spread_in_time(rng)
    return len(offerings) + len(needs) + len(TRACKED)
