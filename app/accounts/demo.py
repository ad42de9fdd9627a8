"""Demo accounts (one per role) and organisations across Skåne."""
import random
from datetime import date, timedelta

from app.accounts.constants import MUNICIPALITIES, MembershipState, OrganisationKind, Role, Sector
from app.accounts.models import Membership, Organisation, ResearcherProfile, User, UserRole
from app.demo import DEMO_PASSWORD, demo_step
from app.extensions import db
from app.db_types import utcnow
from werkzeug.security import generate_password_hash

ORGANISATIONS = [
    ("Föreningen Grönare Rosengård", OrganisationKind.community_group, Sector.civil_society, "1280",
     "Neighbours in Rosengård who grow food together and work for greener courtyards."),
    ("Hyresgästföreningen Norra Fäladen", OrganisationKind.community_group, Sector.civil_society, "1281",
     "Tenants' association working on safe and accessible housing in northern Lund."),
    ("Ystad Seniors' Network", OrganisationKind.community_group, Sector.civil_society, "1286",
     "Older residents of Ystad who meet, learn digital skills and fight loneliness."),
    ("Kvinnojouren Landskrona", OrganisationKind.community_group, Sector.civil_society, "1282",
     "Support for women and children exposed to violence."),
    ("Idrottsföreningen Kroksbäck", OrganisationKind.community_group, Sector.civil_society, "1280",
     "Football and homework clubs for children and young people in Kroksbäck."),
    ("Returkraft Malmö ek. för.", OrganisationKind.social_business, Sector.social_economy, "1280",
     "Work-integration social enterprise: furniture repair, second-hand shop and recycling."),
    ("Café Jobbnyckeln", OrganisationKind.social_business, Sector.social_economy, "1283",
     "Café and catering that trains people far from the labour market."),
    ("Städkooperativet Ren Framtid", OrganisationKind.social_business, Sector.social_economy, "1290",
     "Cleaning and facility services run as a cooperative by its employees."),
    ("Digitalbron Skåne", OrganisationKind.social_business, Sector.social_economy, "1281",
     "IT support, device refurbishing and digital-skills courses for newcomers and seniors."),
    ("Region Skåne, Regional utveckling", OrganisationKind.established, Sector.public, "1280",
     "The regional council's department for growth and social development."),
    ("Malmö stad, Arbetsmarknadsförvaltningen", OrganisationKind.established, Sector.public, "1280",
     "The City of Malmö's labour-market and adult-education administration."),
    ("Helsingborgshem AB", OrganisationKind.established, Sector.public, "1283",
     "Municipal housing company in Helsingborg."),
    ("Öresund Logistics AB", OrganisationKind.established, Sector.private, "1287",
     "Logistics company with 400 employees in Trelleborg."),
    ("Malmö universitet, Institutionen för urbana studier", OrganisationKind.established, Sector.academic, "1280",
     "University department researching cities, migration and social change."),
]

DEMO_PEOPLE = [
    ("coordinator@example.org", "Cecilia Lindqvist", "sv", [Role.coordinator], None),
    ("researcher@example.org", "Rashid Haddad", "en", [Role.researcher], None),
    ("facilitator@example.org", "Frida Nilsson", "sv", [Role.facilitator], None),
    ("group@example.org", "Goran Petrović", "sv", [], "Föreningen Grönare Rosengård"),
    ("business@example.org", "Britt Svensson", "sv", [], "Returkraft Malmö ek. för."),
    ("stakeholder@example.org", "Sanna Åberg", "en", [], "Region Skåne, Regional utveckling"),
]

FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Ahmed", "Fatima", "Johan", "Elin", "Mohammed",
               "Sara", "Oskar", "Leila", "Nils", "Ingrid", "Yusuf", "Emma", "Anders", "Amira", "Per"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
              "Hassan", "Ali", "Svensson", "Gustafsson", "Pettersson", "Jönsson", "Lindberg", "Mahmoud"]
EXPERTISE = [
    "urban planning, housing, segregation", "public health, loneliness, older people",
    "migration, integration, labour market", "environmental science, recycling, circular economy",
    "education, youth, school results", "social entrepreneurship, business models, impact measurement",
    "gender-based violence, social work", "digital inclusion, accessibility, e-services",
    "food systems, urban gardening, biodiversity", "sport, physical activity, children",
]
DEPARTMENTS = ["Urban Studies", "Health and Society", "Global Political Studies", "Social Work",
               "Computer Science and Media Technology", "Nature, Environment, Society"]
NAME_PARTS = ["Framtid", "Samverkan", "Grannskap", "Kraft", "Bro", "Hållbar", "Lokal", "Gemenskap", "Nova", "Ljus"]
KIND_SECTORS = [
    (OrganisationKind.community_group, Sector.civil_society, "Föreningen"),
    (OrganisationKind.social_business, Sector.social_economy, "Kooperativet"),
    (OrganisationKind.established, Sector.public, "Förvaltningen"),
    (OrganisationKind.established, Sector.private, "AB"),
    (OrganisationKind.established, Sector.academic, "Institutet"),
]


def with_check_digit(nine_digits: str) -> str:
    """Return a valid organisation number NNNNNN-NNNN for nine leading digits."""
    total = 0
    for index, char in enumerate(nine_digits):
        number = int(char) * (2 if index % 2 == 0 else 1)
        total += number - 9 if number > 9 else number
    check = (10 - total % 10) % 10
    digits = nine_digits + str(check)
    return f"{digits[:6]}-{digits[6:]}"


@demo_step(10, "people and organisations")
def make_people_and_organisations(context, scale):
    rng = random.Random(2018_03526)
    password_hash = generate_password_hash(DEMO_PASSWORD)
    organisations = {}
    for index, (name, kind, sector, municipality, description) in enumerate(ORGANISATIONS):
        prefix = {"community_group": "802", "social_business": "769", "established": "556"}[kind.value]
        organisations[name] = Organisation(
            name=name, kind=kind, sector=sector, municipality=municipality, description=description,
            org_number=with_check_digit(f"{prefix}{400000 + index * 137:06d}"),
            website=f"https://www.{name.split()[0].lower().replace('ö', 'o').replace('å', 'a').replace('ä', 'a')}.example.org",
            member_since=date(2019, 1, 15) + timedelta(days=40 * index) if index % 3 != 2 else None,
        )
    db.session.add_all(organisations.values())
    people = []
    for email, name, locale, roles, organisation in DEMO_PEOPLE:
        user = User(email=email, name=name, locale=locale, password_hash=password_hash)
        user.roles = [UserRole(role=role) for role in roles]
        db.session.add(user)
        if organisation:
            db.session.add(Membership(user=user, organisation=organisations[organisation],
                                      state=MembershipState.approved, is_admin=True, approved_at=utcnow()))
        people.append(user)
    researcher = people[1]
    researcher.researcher_profile = ResearcherProfile(
        department="Urban Studies", expertise="urban planning, housing, segregation, participation",
        bio="Researches how residents can take part in planning their neighbourhoods.", capacity=3,
    )
    # The coordinator also works at the university, a member of an academic organisation.
    db.session.add(Membership(user=people[0], organisation=organisations[ORGANISATIONS[-1][0]],
                              state=MembershipState.approved, is_admin=True, approved_at=utcnow()))

    extra_orgs = []
    for index in range(20 * scale):
        kind, sector, suffix = KIND_SECTORS[index % len(KIND_SECTORS)]
        municipality = rng.choice(list(MUNICIPALITIES))
        name = f"{rng.choice(NAME_PARTS)}{rng.choice(NAME_PARTS).lower()} {MUNICIPALITIES[municipality]} {suffix} {index + 1}"
        extra_orgs.append(Organisation(
            name=name, kind=kind, sector=sector, municipality=municipality,
            description="Demo organisation.", org_number=with_check_digit(f"{700000000 + index * 7919:09d}"[:9]),
            member_since=date(2020, 3, 1) + timedelta(days=index * 11) if index % 4 == 0 else None,
        ))
    db.session.add_all(extra_orgs)
    all_orgs = list(organisations.values()) + extra_orgs

    researchers = [researcher]
    for index in range(30 * scale):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        user = User(email=f"person{index + 1}@example.org", name=name, locale=rng.choice(["sv", "en"]),
                    password_hash=password_hash)
        db.session.add(user)
        if index % 3 == 0:
            user.roles = [UserRole(role=Role.researcher)]
            user.researcher_profile = ResearcherProfile(
                department=rng.choice(DEPARTMENTS), expertise=rng.choice(EXPERTISE),
                bio="", capacity=rng.randint(1, 4), available=rng.random() > 0.2,
            )
            researchers.append(user)
        else:
            organisation = rng.choice(all_orgs)
            state = MembershipState.pending if index % 7 == 0 else MembershipState.approved
            db.session.add(Membership(user=user, organisation=organisation, state=state,
                                      approved_at=utcnow() if state == MembershipState.approved else None))
    # A pending request to the demo group, so its admin has something to approve.
    db.session.add(Membership(user=User(email="newcomer@example.org", name="Nora Berg", locale="sv",
                                        password_hash=password_hash),
                              organisation=organisations["Föreningen Grönare Rosengård"],
                              state=MembershipState.pending))
    db.session.flush()
    context["demo_emails"] = [p[0] for p in DEMO_PEOPLE]
    context["people"] = {p.email: p for p in people}
    context["organisations"] = all_orgs
    context["researchers"] = researchers
    return len(all_orgs) + len(researchers)
