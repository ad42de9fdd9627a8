"""Demo impact data: the starter catalogue, ten organisations with a theory of change and three
commitments each, two years of half-yearly reports (2024H2–2026H1) in every status, the published
figures of 2025H2, three guides, and a clinic that one business attended.

Times are in order: baselines at the end of 2023 or 2024, reports started after their period ended,
submitted and approved within the next two months, the 2025H2 figures published on 2 March 2026.
"""
import random
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from app.accounts.constants import MembershipState, OrganisationKind
from app.demo import demo_step
from app.extensions import db
from app.impact import services
from app.impact.catalogue import DEFAULT_FILE, load_file
from app.impact.constants import EvidenceLevel, Frequency, GuideKind, GuideState, ReportAction, ReportState, parse_period
from app.impact.lifecycle import REPORT_LIFECYCLE
from app.impact.models import Guide, GuideCompletion, ImpactModel, Report, Snapshot

PERIODS = ["2024H2", "2025H1", "2025H2", "2026H1"]
SNAPSHOT_PERIOD = "2025H2"
SNAPSHOT_AT = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)

# (indicator, baseline, growth per half year) for businesses and for community groups
BUSINESS_PLAN = [("WORK-PARTICIPANTS", 30, 4), ("WORK-IN-6M", None, None), ("ENV-REUSE-KG", 8000, 900)]
GROUP_PLAN = [("VOL-HOURS", 900, 120), ("WELL-LONELINESS", None, None), ("INCL-MEETINGS", 300, 20)]

MODELS = {
    OrganisationKind.social_business: (
        "Vi driver en verksamhet med handledda arbetsplatser: butik, reparation och service.",
        "Arbetsträningsplatser, timmar med handledning, sålda varor och tjänster.",
        "Deltagarna får arbetslivserfarenhet, referenser och tilltro till att de kan få ett jobb.",
        "Fler personer långt från arbetsmarknaden försörjer sig själva; mindre avfall i Skåne.",
        "Deltagare, Arbetsförmedlingen, kommunens arbetsmarknadsförvaltning, kunder.",
        "Att det finns jobb att gå vidare till, och att handledarna har tid för varje deltagare."),
    OrganisationKind.community_group: (
        "Volunteers run open meeting places, walks and homework help in the neighbourhood.",
        "Opening hours, activities held, volunteers' hours.",
        "Residents know more neighbours, feel less lonely and dare to take part.",
        "A neighbourhood where people trust each other and shape their surroundings.",
        "Residents, volunteers, the housing company, the district administration.",
        "That volunteers stay for more than a season, and that the premises stay free of charge."),
}

GUIDES = [
    ("first-theory-of-change", GuideKind.guide, 20, "Your first theory of change", "Din första förändringsteori",
     "One page from what you do to the change you want to see.", "En sida från det ni gör till den förändring ni vill se.",
     "## Why one page\n\nA theory of change that fits on one page is one you will read again.\n\n"
     "## Four boxes\n\n1. **Activities**: what you do.\n2. **Outputs**: what the activities produce.\n"
     "3. **Outcomes**: what changes for people.\n4. **Impact**: the lasting change you contribute to.\n\n"
     "Then write down your **assumptions**: what must hold for one box to lead to the next.",
     "## Varför en sida\n\nEn förändringsteori som ryms på en sida är en som ni läser igen.\n\n"
     "## Fyra rutor\n\n1. **Aktiviteter**: det ni gör.\n2. **Prestationer**: det aktiviteterna ger direkt.\n"
     "3. **Effekter**: det som förändras för människor.\n4. **Samhällspåverkan**: den varaktiga förändring ni bidrar till.\n\n"
     "Skriv sedan ner era **antaganden**: vad som måste stämma för att en ruta ska leda till nästa."),
    ("honest-figures", GuideKind.guide, 15, "Honest figures: deadweight and attribution",
     "Ärliga siffror: dödvikt och tillskrivning",
     "How much of the change would have happened anyway, and how much is yours?",
     "Hur mycket av förändringen hade skett ändå, och hur mycket är er?",
     "## Deadweight\n\nSome participants would have found work anyway. If about one in five would have, "
     "write 20 % as deadweight.\n\n## Attribution\n\nIf the job centre's coaching did half the work, write 50 % "
     "as attribution.\n\nThe raw figure is always kept; the adjusted one is shown beside it.",
     "## Dödvikt\n\nNågra deltagare hade fått jobb ändå. Om ungefär en av fem hade det, skriv 20 % som dödvikt.\n\n"
     "## Tillskrivning\n\nOm Arbetsförmedlingens coachning gjorde halva jobbet, skriv 50 % som tillskrivning.\n\n"
     "Den obearbetade siffran sparas alltid; den justerade visas bredvid."),
    ("measuring-twice-a-year", GuideKind.course, 45, "Short course: measuring twice a year",
     "Kort kurs: att mäta två gånger om året",
     "Three short lessons on baselines, collecting data and reporting.",
     "Tre korta lektioner om utgångsvärden, datainsamling och rapportering.",
     "## Lesson 1: the baseline\n\nRecord where you start, with the date and the source.\n\n"
     "## Lesson 2: collecting\n\nDecide who counts, when, and where the list is kept.\n\n"
     "## Lesson 3: reporting\n\nReport within a month of the period's end; attach what you counted from.",
     "## Lektion 1: utgångsvärdet\n\nNotera var ni börjar, med datum och källa.\n\n"
     "## Lektion 2: insamling\n\nBestäm vem som räknar, när, och var listan förvaras.\n\n"
     "## Lektion 3: rapportering\n\nRapportera inom en månad efter periodens slut; bifoga det ni räknat utifrån."),
]


def _at(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.utc)


def _reporter(organisation):
    membership = next((m for m in organisation.memberships if m.state == MembershipState.approved), None)
    return membership.user if membership else None


def _figures(random_, plan_code, baseline, growth, step):
    if plan_code in ("WORK-IN-6M", "WELL-LONELINESS"):
        denominator = random_.randint(8, 30)
        share = min(0.9, 0.25 + 0.06 * step + random_.uniform(-0.05, 0.1))
        return {"numerator": Decimal(round(denominator * share)), "denominator": Decimal(denominator)}
    return {"value": Decimal(baseline + growth * (step + 1) + random_.randint(-growth // 2, growth // 2))}


@demo_step(60, "impact measurement and learning")
def make_impact(context, scale):
    """Add the catalogue, impact models, commitments, reports, the 2025H2 figures, guides and a clinic."""
    random_ = random.Random(12)
    coordinator = context["people"]["coordinator@example.org"]
    services.load_catalogue(load_file(DEFAULT_FILE))
    versions = services.indicators_by_code({c for plan in (BUSINESS_PLAN, GROUP_PLAN) for c, _b, _g in plan})
    kinds = (OrganisationKind.social_business, OrganisationKind.community_group)
    organisations = [o for o in context["organisations"] if o.kind in kinds and _reporter(o) is not None][:10]
    if len(organisations) < 10:
        organisations += [o for o in context["organisations"] if o.kind in kinds and o not in organisations][
            :10 - len(organisations)]
    made = 0
    for index, organisation in enumerate(organisations):
        author = _reporter(organisation)
        texts = MODELS[organisation.kind]
        db.session.add(ImpactModel(organisation_id=organisation.id, number=1, activities=texts[0], outputs=texts[1],
                                   outcomes=texts[2], impact=texts[3], stakeholders=texts[4], assumptions=texts[5],
                                   created_by_id=author.id if author else None, created_at=_at(date(2024, 5, 20))))
        plan = BUSINESS_PLAN if organisation.kind == OrganisationKind.social_business else GROUP_PLAN
        for code, baseline, growth in plan:
            version = versions[code]
            baseline_value = Decimal("0.3") if baseline is None else Decimal(baseline)
            commitment = services.create_commitment(
                organisation, author or coordinator, version=version, frequency=Frequency.half_yearly,
                baseline_value=baseline_value, baseline_on=date(2024, 6, 30),
                baseline_source="Egen registrering 2024 / Our own records, first half of 2024",
                first_period=PERIODS[0], targets={})
            commitment.created_at = _at(date(2024, 6, 3))
            for step, period in enumerate(PERIODS):
                target = (Decimal("0.3") + Decimal("0.05") * (step + 1)) if baseline is None \
                    else Decimal(baseline + growth * (step + 2))
                services.revise_target(commitment, period, target, "Första målet / First target",
                                       author or coordinator, at=_at(date(2024, 6, 3)))
            if index % 3 == 0:  # a revision with its reason, made during the period it concerns
                old = services.target_in_force(commitment.targets, "2025H2")
                services.revise_target(commitment, "2025H2", old.value * Decimal("1.1"),
                                       "Ny lokal från augusti / New premises from August", author or coordinator,
                                       at=_at(date(2025, 8, 18)))
            for step, period in enumerate(PERIODS):
                made += _report(commitment, period, step, index, author, coordinator, random_,
                                _figures(random_, code, baseline or 0, growth or 0, step))

    db.session.flush()
    figures = services.compute_snapshot(SNAPSHOT_PERIOD)
    figures["computed_at"] = SNAPSHOT_AT.isoformat()
    db.session.add(Snapshot(period=SNAPSHOT_PERIOD, figures=figures, published_by_id=coordinator.id,
                            published_at=SNAPSHOT_AT))
    _learning(context, coordinator, organisations)
    db.session.flush()
    return made


def _report(commitment, period, step, index, author, coordinator, random_, figures):
    """One report, moved through its states with events at plausible times; return 1 (or 0 if none)."""
    end = parse_period(period)[1]
    last = period == PERIODS[-1]
    # 2026H1: every status; a few organisations have not started it yet.
    state = ReportState.approved
    if last:
        state = [ReportState.approved, ReportState.submitted, ReportState.returned, ReportState.draft, None][index % 5]
    if state is None:
        return 0
    started = _at(end + timedelta(days=5 + index))
    report = Report(commitment_id=commitment.id, period=period, state=ReportState.draft, created_at=started,
                    updated_at=started, evidence_level=[EvidenceLevel.self_reported, EvidenceLevel.documented,
                                                        EvidenceLevel.verified][(index + step) % 3],
                    people_covered=random_.randint(10, 60), narrative="Som planerat. / As planned.",
                    deadweight_pct=Decimal(10) if index % 2 == 0 else None,
                    attribution_pct=Decimal(25) if index % 4 == 1 else None, **figures)
    db.session.add(report)
    db.session.flush()
    actor = author or coordinator
    REPORT_LIFECYCLE.record(report, ReportAction.create, actor, to_state=ReportState.draft, at=started)
    if state == ReportState.draft:
        return 1
    submitted = started + timedelta(days=6)
    report.state, report.submitted_at = ReportState.submitted, submitted
    REPORT_LIFECYCLE.record(report, ReportAction.submit, actor, from_state=ReportState.draft,
                            to_state=ReportState.submitted, at=submitted)
    if state == ReportState.submitted:
        return 1
    if state == ReportState.returned:
        report.state = ReportState.returned
        report.return_comment = "Bifoga närvarolistan, tack. / Please attach the attendance list."
        REPORT_LIFECYCLE.record(report, ReportAction.return_, coordinator, note=report.return_comment,
                                from_state=ReportState.submitted, to_state=ReportState.returned,
                                at=submitted + timedelta(days=4))
        return 1
    approved = submitted + timedelta(days=9)
    report.state, report.approved_at, report.approved_by_id = ReportState.approved, approved, coordinator.id
    REPORT_LIFECYCLE.record(report, ReportAction.approve, coordinator, from_state=ReportState.submitted,
                            to_state=ReportState.approved, at=approved)
    return 1


def _learning(context, coordinator, organisations):
    from app.colabs.constants import RegistrationState, SessionFormat, SessionState, Theme
    from app.colabs.models import ColabRegistration, ColabSession, ColabSessionTheme

    guides = []
    for slug, kind, minutes, title_en, title_sv, summary_en, summary_sv, body_en, body_sv in GUIDES:
        guide = Guide(slug=slug, kind=kind, minutes=minutes, title_en=title_en, title_sv=title_sv,
                      summary_en=summary_en, summary_sv=summary_sv, body_en=body_en, body_sv=body_sv,
                      state=GuideState.published, created_by_id=coordinator.id, created_at=_at(date(2024, 3, 4)),
                      updated_at=_at(date(2024, 3, 4)), published_at=_at(date(2024, 3, 11)))
        db.session.add(guide)
        guides.append(guide)
    db.session.flush()
    for index, organisation in enumerate(organisations[:6]):
        for guide in guides[:1 + index % 3]:
            db.session.add(GuideCompletion(guide_id=guide.id, organisation_id=organisation.id,
                                           completed_by_id=(_reporter(organisation) or coordinator).id,
                                           completed_at=_at(date(2024, 4, 2) + timedelta(days=9 * index))))
    facilitator = context["people"]["facilitator@example.org"]
    business = context["people"]["business@example.org"]
    clinic = ColabSession(
        title="Clinic: your impact report for 2025H2 / Klinik: er effektrapport för 2025H2", format=SessionFormat.clinic,
        description="Bring your figures and your questions; we go through the reports together.",
        starts_at=_at(date(2026, 1, 20), 13), ends_at=_at(date(2026, 1, 20), 15), venue="Stadsbiblioteket, Malmö",
        language="sv_en", capacity=12, state=SessionState.completed, created_by_id=facilitator.id,
        created_at=_at(date(2025, 12, 1)), updated_at=_at(date(2026, 1, 21)), published_at=_at(date(2025, 12, 2)),
        completed_at=_at(date(2026, 1, 21)), completed_by_id=facilitator.id,
        outcome_notes="Seven organisations checked their denominators before reporting.")
    clinic.facilitators = [facilitator]
    clinic.theme_links = [ColabSessionTheme(theme=Theme.social_enterprise)]
    db.session.add(clinic)
    db.session.flush()
    clinic.arrivals = 1
    db.session.add(ColabRegistration(session_id=clinic.id, user_id=business.id, state=RegistrationState.registered,
                                     arrival=1,
                                     attended=True, registered_at=_at(date(2025, 12, 8)),
                                     created_at=_at(date(2025, 12, 8)), organisation_name="Returkraft Malmö ek. för."))


# The catalogue indicators each demo challenge would be judged by (beside its own words).
CHALLENGE_INDICATORS = {
    "Fler unga vuxna i arbete i Malmös södra stadsdelar": ["WORK-IN-6M", "WORK-PARTICIPANTS"],
    "Less food waste and more shared meals in our neighbourhoods": ["FOOD-WASTE-KG", "WELL-LONELINESS"],
    "Digital vård som även äldre utan BankID kan använda": ["INCL-DIGITAL"],
    "Warehouse jobs for people far from the labour market": ["WORK-IN-6M", "WORK-JOBS-CREATED"],
    "Sommarjobb som leder vidare": ["EDU-YOUTH-REACHED", "WORK-IN-6M"],
    "Rides to work in rural Skåne": ["WORK-PARTICIPANTS", "ENV-CO2-AVOIDED"],
    "Trygga trapphus genom grannsamverkan": ["INCL-BELONGING", "INCL-MEETINGS"],
}


@demo_step(70, "impact connections")
def make_connections(context, scale):
    """Name catalogue indicators on the demo challenges, and give the running pilot's organisation its
    commitments, made on the day the pilot was contracted, with a first target."""
    import sqlalchemy as sa

    from app.challenges.constants import PilotAction, PilotState
    from app.challenges.models import Challenge, Pilot, PilotEvent
    from app.impact.connections import commit_pilot
    from app.impact.constants import period_code

    coordinator = context["people"]["coordinator@example.org"]
    made = 0
    for challenge in db.session.scalars(sa.select(Challenge)):
        if challenge.title in CHALLENGE_INDICATORS and not challenge.indicator_refs:
            challenge.indicator_refs = CHALLENGE_INDICATORS[challenge.title]
    db.session.flush()
    for pilot in db.session.scalars(sa.select(Pilot).where(Pilot.state == PilotState.running)):
        contracted = db.session.scalar(sa.select(PilotEvent.created_at).where(
            PilotEvent.pilot_id == pilot.id, PilotEvent.action == PilotAction.contract))
        for commitment in commit_pilot(pilot, coordinator):
            day = contracted.date() if contracted else commitment.created_at.date()
            commitment.created_at, commitment.baseline_on = contracted or commitment.created_at, day
            commitment.first_period = period_code(Frequency.yearly, day)
            commitment.baseline_source = "Deltagarregistret vid pilotens start / The participant register at the start"
            for revision in commitment.targets:
                db.session.delete(revision)
            target = Decimal("0.5") if commitment.is_ratio else Decimal(10)  # half in work, or ten of a count
            services.revise_target(commitment, commitment.first_period, target, "Enligt avtalet / As contracted",
                                   coordinator, at=contracted)
            made += 1
    db.session.flush()
    return made
