"""Demo data: the published questionnaire and 40+ assessments in every state, with plausible answers."""
import random
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from werkzeug.security import generate_password_hash

from app.accounts.constants import MUNICIPALITIES, MembershipState, OrganisationKind, Sector
from app.accounts.models import Membership, Organisation, User
import sqlalchemy as sa

from app.certification import insights, scoring, services
from app.errors import Conflict
from app.certification.definition import NOT_APPLICABLE, iter_questions, load_file
from app.certification.models import Assessment, AssessmentState, Evidence
from app.db_types import utcnow
from app.demo import DEMO_PASSWORD, demo_step
from app.extensions import db
from app.storage import store_file

DEFINITION_FILE = Path(__file__).resolve().parent / "questionnaires" / "social-enterprise-readiness.yaml"
PER_STATE = 42
DEMO_PDF = b"%PDF-1.4\n% Samverka demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

BUSINESSES = [
    ("Återbruket", "Second-hand shop and furniture upcycling that trains long-term unemployed people."),
    ("Cykelverkstan", "Bicycle repair and rental; apprenticeships for young people."),
    ("Trädgårdskooperativet", "Market gardening and green maintenance for housing companies."),
    ("Matglädje", "Catering and lunch restaurant run with people far from the labour market."),
    ("Tvätteriet", "Laundry services for care homes, staffed through work integration."),
    ("Snickeriet", "Carpentry and small building repairs for tenants and municipalities."),
    ("Bokbussen", "Mobile library and reading coaching for children, sold to schools."),
    ("Städkompaniet", "Office and stairwell cleaning as a staff-owned cooperative."),
    ("Digitalhjälpen", "IT support and refurbished computers for seniors and newcomers."),
    ("Språkcaféet", "Language training and interpreting run by newly arrived Swedes."),
    ("Vävstugan", "Textile design and repair workshop for women returning to work."),
    ("Bageriet Gemenskap", "Sourdough bakery supplying cafés, employing people with disabilities."),
    ("Flyttfixarna", "Removals and recycling collection with supported employment."),
    ("Grönt Kök", "Vegetarian catering from surplus food."),
    ("Friskvårdsgården", "Health walks and physiotherapy groups sold to regional health care."),
]


def plausible_answers(definition, rng, strength, complete=True, sections=None):
    """Return answers to every question (or to the first `sections` sections) of a definition.

    `strength` between 0 and 1 makes the better options more likely.
    """
    answers = {}
    for section, question in iter_questions(definition):
        if sections is not None and definition["sections"].index(section) >= sections:
            break
        value = _answer(question, rng, strength)
        if value is not None:
            answers[question["key"]] = value
    return services_visible(definition, answers)


def services_visible(definition, answers):
    from app.certification.definition import visible_answers

    return visible_answers(definition, answers)


def _answer(question, rng, strength):
    kind = question["type"]
    good = rng.random() < strength
    options = question["options"]
    if kind in {"single", "yes_no"}:
        if question["key"] == "work_integration":
            return "yes" if rng.random() < 0.7 else "no"
        if question["key"] == "made_profit":
            return "yes" if rng.random() < 0.75 else "no"
        ordered = sorted((o for o in options if not o["not_applicable"]), key=lambda o: -o["points"])
        if any(o["not_applicable"] for o in options) and rng.random() < 0.08:
            return next(o["key"] for o in options if o["not_applicable"])
        if not question["scored"]:
            return rng.choice(ordered)["key"]
        return ordered[0]["key"] if good else rng.choice(ordered[1:] or ordered)["key"]
    if kind == "multiple":
        if question["key"] == "barriers":
            picked = [o["key"] for o in options if rng.random() < {"cost": 0.55, "time": 0.5,
                                                                     "unclear_benefit": 0.35}.get(o["key"], 0.08)]
            return picked or None
        usable = [o for o in options if not o["exclusive"]]
        count = rng.randint(2, len(usable)) if good else rng.randint(0, 2)
        picked = [o["key"] for o in rng.sample(usable, count)]
        if not picked:
            exclusive = [o["key"] for o in options if o["exclusive"]]
            return exclusive[:1] or [usable[0]["key"]]
        return picked
    if kind == "percentage":
        if question["key"] == "largest_customer":
            return rng.randint(10, 45) if good else rng.randint(40, 90)
        return rng.randint(55, 100) if good else rng.randint(10, 60)
    if kind == "number":
        if question["key"] == "employees":
            return rng.randint(2, 60)
        if question["not_applicable"] and rng.random() < 0.05:
            return NOT_APPLICABLE
        return round(rng.uniform(1.2, 3.5), 1) if good else round(rng.uniform(3, 9), 1)
    if kind == "scale":
        weights = [1, 2, 4, 6, 5] if question["key"] == "need" else [1] * (question["max"] - question["min"] + 1)
        return rng.choices(range(question["min"], question["max"] + 1), weights=weights[: question["max"] - question["min"] + 1])[0]
    if kind == "ranking":
        weights = {"procurement": 9, "credibility": 8, "greenwashing": 6, "finance": 5, "identity": 4,
                   "visibility": 3, "partners_require": 2, "other": 1}
        keys = [o["key"] for o in options]
        ranked = []
        for _ in range(rng.randint(2, 5)):
            remaining = [k for k in keys if k not in ranked]
            ranked.append(rng.choices(remaining, weights=[weights.get(k, 1) for k in remaining])[0])
        return ranked
    if kind == "text":
        if question["key"] == "mission_statement":
            return rng.choice([
                "Vi skapar arbete för personer som står långt från arbetsmarknaden.",
                "We give young people their first job while cutting waste in our town.",
                "Vi minskar matsvinnet och erbjuder praktik till nyanlända.",
                "We make our neighbourhood greener and employ residents who need a new start.",
            ])
        if question["key"] == "reasons_other":
            return "Krav från vår bank"
        if question["key"] == "barriers_other":
            return "Oklart vem som granskar"
        return None
    return None


def _business(rng, index, password_hash):
    stem, offer = BUSINESSES[index % len(BUSINESSES)]
    municipality = rng.choice(list(MUNICIPALITIES))
    sector = rng.choices([Sector.social_economy, Sector.civil_society, Sector.private], weights=[7, 2, 1])[0]
    organisation = Organisation(
        name=f"{stem} {MUNICIPALITIES[municipality]} {index + 1}", kind=OrganisationKind.social_business,
        sector=sector, municipality=municipality, description=offer,
    )
    user = User(email=f"business{index + 1}@example.org", name=f"Kontakt {stem} {index + 1}",
                locale=rng.choice(["sv", "en"]), password_hash=password_hash)
    db.session.add_all([organisation, user])
    db.session.add(Membership(user=user, organisation=organisation, state=MembershipState.approved, is_admin=True,
                              approved_at=utcnow()))
    return organisation, user


def _add_evidence(assessment, user):
    for _section, question in iter_questions(assessment.version.definition):
        if question["evidence_required"] and question["key"] in assessment.answer_values:
            evidence = Evidence(assessment=assessment, question_key=question["key"],
                                filename=f"{question['key'].replace('_', '-')}.pdf",
                                stored_name=f"demo-{assessment.id}-{question['key']}.pdf",
                                content_type="application/pdf", size_bytes=len(DEMO_PDF), uploaded_by_id=user.id)
            store_file(services.evidence_key(evidence), DEMO_PDF, "application/pdf")
            db.session.add(evidence)
    db.session.flush()
    db.session.refresh(assessment)


def _meeting_the_standard(definition, rng, answers):
    """Return answers that reach the certification band: no certificate in the demo lacks a valid basis."""
    for _attempt in range(50):
        if scoring.score(definition, answers).band == scoring.READY:
            return answers
        answers = plausible_answers(definition, rng, 1.0)
    raise RuntimeError("the demo answers never met the standard")


@demo_step(40, "certification")
def make_certification(context, scale):
    rng = random.Random(2026_05)
    version, _outcome = services.load_definition(load_file(DEFINITION_FILE), publish=True)
    definition = version.definition
    coordinator = context.get("people", {}).get("coordinator@example.org")
    if coordinator is None:
        coordinator = db.session.query(User).filter_by(email="coordinator@example.org").first()
    password_hash = generate_password_hash(DEMO_PASSWORD)
    made = 0
    today = date.today()
    with current_app.test_request_context("/"):
        for state in [AssessmentState.draft, AssessmentState.submitted, AssessmentState.changes_requested,
                      AssessmentState.approved]:
            for number in range(PER_STATE * scale):
                index = made
                organisation, user = _business(rng, index, password_hash)
                db.session.flush()
                strength = {AssessmentState.approved: 0.98}.get(state, rng.uniform(0.55, 0.95))
                assessment = services.start_assessment(organisation, user, version=version)
                if state == AssessmentState.draft:
                    answers = plausible_answers(definition, rng, strength, sections=rng.randint(1, len(definition["sections"])))
                    services.save_section(assessment, answers, user)
                    made += 1
                    continue
                answers = plausible_answers(definition, rng, strength)
                if state == AssessmentState.approved:
                    answers = _meeting_the_standard(definition, rng, answers)
                services.save_section(assessment, answers, user)
                _add_evidence(assessment, user)
                services.submit_assessment(assessment, user)
                if state == AssessmentState.changes_requested:
                    services.add_comment(assessment, coordinator, "Ladda upp den senaste årsredovisningen.",
                                         "trading_income")
                    services.request_changes(assessment, coordinator,
                                             "Tack! Komplettera underlaget för försäljningsintäkterna.")
                elif state == AssessmentState.approved:
                    issued = today - timedelta(days=rng.randint(0, 800))
                    certificate = services.approve_assessment(assessment, coordinator, today=issued)
                    if number % 14 == 13:
                        services.revoke_certificate(certificate, coordinator,
                                                    "Tillgångslåset togs bort ur stadgarna vid årsstämman.")
                made += 1
        # The demo business member's own business: certified, so the registry and the start page show it.
        demo_member = context.get("people", {}).get("business@example.org")
        if demo_member is not None:
            returkraft = next((m.organisation for m in demo_member.memberships), None)
            if returkraft is not None:
                assessment = services.start_assessment(returkraft, demo_member, version=version)
                services.save_section(assessment, _meeting_the_standard(
                    definition, random.Random(7), plausible_answers(definition, random.Random(7), 1.0)), demo_member)
                _add_evidence(assessment, demo_member)
                services.submit_assessment(assessment, demo_member)
                services.approve_assessment(assessment, coordinator, today=today - timedelta(days=30))
                made += 1
        # The coordinator checked each reviewed business against the register, then published the insights.
        reviewed = db.session.scalars(sa.select(Assessment).where(Assessment.state.in_(insights.REVIEWED_STATES)))
        for assessment in reviewed:
            insights.verify_organisation(assessment.organisation, coordinator)
        try:
            insights.publish_snapshot(coordinator)
        except Conflict:  # too few at a small scale: the public page says nothing is published yet
            pass
    return made
