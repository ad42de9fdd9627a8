"""Demo data: 70+ requests in Swedish and English, walked through the real lifecycle to every state and outcome."""
import random
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.accounts.constants import MembershipState, OrganisationKind
from app.db_types import utcnow
from app.demo import demo_step
from app.extensions import db
from app.requests import queries, services
from app.requests.constants import AssignmentRole, DeclineReason, HelpKind, RequestLanguage, RequestState, Theme
from app.notifications.models import Notification
from app.requests.models import Request, RequestEvent

T = Theme
QUESTIONS = [
    ("sv", "Hur kan vi göra innergårdarna i Rosengård grönare och tryggare?",
     "Vi vill veta vilka åtgärder som gör att fler boende använder gården, särskilt kvinnor och äldre på kvällstid.",
     [T.sdg11, T.sdg03]),
    ("sv", "Varför slutar unga i föreningsidrotten vid 13 års ålder?",
     "Våra lag tappar hälften av spelarna mellan 12 och 14 år. Vad säger forskningen och vad kan vi göra?",
     [T.sdg03, T.culture]),
    ("en", "Does a digital-skills café reduce loneliness among older people?",
     "We run weekly drop-in sessions. We would like to know whether they reduce loneliness and how to measure it.",
     [T.sdg03, T.digital]),
    ("sv", "Vad händer med matsvinnet från skolkök i Lund?",
     "Vi vill starta en matbank med överskottsmat från skolor och behöver veta hur mycket det rör sig om.",
     [T.sdg02, T.sdg12]),
    ("en", "How do tenants experience renovations that raise the rent?",
     "Several buildings in our area are being renovated. We want to document how tenants are affected.",
     [T.sdg11, T.sdg10]),
    ("sv", "Hur når vi nyanlända kvinnor med information om föreningslivet?",
     "Vi har svårt att nå nyanlända kvinnor. Vilka kanaler och språk fungerar bäst?",
     [T.sdg05, T.migration]),
    ("en", "Can second-hand furniture repair create jobs for people far from the labour market?",
     "Our workshop trains people in repair. We want evidence on which models lead to lasting employment.",
     [T.sdg08, T.sdg12]),
    ("sv", "Hur påverkar cykelbanorna tryggheten för barn på väg till skolan?",
     "Föräldrar oroar sig för trafiken. Vi vill veta vilka lösningar som gjort skolvägar säkrare i andra städer.",
     [T.sdg11, T.sdg03]),
    ("en", "What makes women leave violent relationships earlier?",
     "We support women exposed to violence and want to understand which kinds of early support make a difference.",
     [T.sdg05, T.sdg16]),
    ("sv", "Kan stadsodling stärka gemenskapen mellan grannar?",
     "Vi har odlingslådor på tre gårdar. Vi undrar om odlingen skapar nya kontakter mellan grannar.",
     [T.sdg11, T.sdg15, T.sdg02]),
    ("en", "How can small associations measure their social impact without much money?",
     "Funders ask for impact figures. Which simple methods are credible for a volunteer-run association?",
     [T.sdg17, T.sdg08]),
    ("sv", "Vilka hinder möter personer med funktionsnedsättning i kollektivtrafiken i Skåne?",
     "Våra medlemmar berättar om problem med biljettsystem och hållplatser. Vi vill samla kunskap.",
     [T.sdg10, T.sdg11, T.digital]),
    ("en", "Does homework help in the library improve school results?",
     "We run homework clubs twice a week and wonder whether they help, and for whom.",
     [T.sdg04, T.sdg10]),
    ("sv", "Hur kan vi spara energi i föreningslokalen?",
     "Vår lokal är gammal och dyr att värma. Vilka åtgärder lönar sig först?",
     [T.sdg07, T.sdg13]),
    ("en", "What do young people in Kroksbäck want from their neighbourhood?",
     "We want to give young people a real say in the plans for the new square.",
     [T.democracy, T.sdg11]),
    ("sv", "Hur påverkar värmeböljor äldre som bor ensamma?",
     "Vi besöker äldre i Ystad och märker att somriga värmeböljor blir svårare. Vad kan föreningar göra?",
     [T.sdg13, T.sdg03]),
    ("en", "Is there microplastic in the stream behind our allotments?",
     "Children play in the stream. We would like it tested and explained.",
     [T.sdg06, T.sdg14]),
    ("sv", "Vad gör att frivilliga stannar kvar i en förening?",
     "Vi tappar volontärer efter något år. Finns det forskning om vad som får människor att stanna?",
     [T.sdg17, T.culture]),
    ("en", "How can a food bank reach families who feel ashamed to ask for help?",
     "Many families who need support do not come. We want to lower the threshold.",
     [T.sdg01, T.sdg02]),
    ("sv", "Hur kan biblioteket bli en mötesplats för flerspråkiga familjer?",
     "Vi vill veta vad flerspråkiga familjer efterfrågar och vad som fungerat i andra kommuner.",
     [T.sdg04, T.migration, T.culture]),
]
SUMMARIES = {
    "sv": ("Forskarna gick igenom tidigare studier och intervjuade föreningens medlemmar. Slutsatsen är att "
           "små, konkreta åtgärder som de boende själva väljer ger störst effekt.",
           "Rapporten beskriver fem åtgärder, vad de kostar och hur föreningen kan följa upp dem.",
           "Börja med en åtgärd som syns, utvärdera efter ett halvår och bjud in kommunen tidigt."),
    "en": ("The researchers reviewed earlier studies and interviewed members of the group. The main finding is "
           "that small, concrete measures chosen by residents themselves work best.",
           "The report describes five measures, what they cost and how the group can follow them up.",
           "Start with one visible measure, evaluate after six months and involve the municipality early."),
}
# Final state of each demo request, in order; 74 in all, every state and every outcome.
PLAN = ([RequestState.draft] * 4 + [RequestState.submitted] * 8 + [RequestState.needs_info] * 4
        + [RequestState.accepted] * 4 + [RequestState.declined] * 6 + [RequestState.referred] * 4
        + [RequestState.advised] * 4 + [RequestState.open] * 8 + [RequestState.colab] * 4
        + [RequestState.claimed] * 4 + [RequestState.in_progress] * 6 + [RequestState.completed] * 16
        + [RequestState.withdrawn] * 2)
REFERRALS = ["Malmö stad, miljöförvaltningen", "Länsstyrelsen Skåne", "Region Skåne, folkhälsoenheten",
             "Konsumentverket"]


def _group_actors(context):
    """Return (organisation, member) for community groups with an approved member, the demo group first."""
    pairs = []
    for organisation in context["organisations"]:
        if organisation.kind != OrganisationKind.community_group:
            continue
        member = next((m.user for m in organisation.memberships if m.state == MembershipState.approved), None)
        if member is not None:
            pairs.append((organisation, member))
    return pairs


def _pick_researcher(rng, researchers):
    candidates = researchers[:]
    rng.shuffle(candidates)
    for researcher in [researchers[0]] + candidates:
        if researcher.researcher_profile and queries.has_capacity(researcher):
            return researcher
    return None


def _walk(item, target, rng, people, researchers, index):
    """Take the request through the real transitions to its planned state."""
    coordinator, group = people["coordinator@example.org"], people["_actor"]
    language = item.language.value
    if target == RequestState.draft:
        return
    services.submit_request(item, group)
    if target == RequestState.submitted:
        return
    if target == RequestState.needs_info:
        services.ask_for_information(item, coordinator, "Kan ni berätta mer om vilka som berörs och hur många?"
                                     if language == "sv" else "Could you tell us more about who is affected?")
        return
    if target == RequestState.withdrawn:
        services.withdraw_request(item, group)
        return
    if target == RequestState.declined:
        reason = [DeclineReason.commercial_interest, DeclineReason.outside_scope, DeclineReason.no_capacity,
                  DeclineReason.other][index % 4]
        services.decline_request(item, coordinator, reason, "Frågan gäller i första hand ett företags egen "
                                 "produktutveckling." if reason == DeclineReason.commercial_interest else
                                 "Vi har tyvärr inte möjlighet att ta oss an frågan just nu.")
        return
    if target == RequestState.referred:
        services.refer_request(item, coordinator, REFERRALS[index % len(REFERRALS)],
                               "De har mätdata och ansvar för frågan.")
        return
    if target == RequestState.advised:
        services.give_advice(item, coordinator, "Det finns redan en bra kunskapsöversikt från Folkhälsomyndigheten. "
                             "Börja där och hör av er om frågor kvarstår." if language == "sv" else
                             "A good review already exists from the Public Health Agency; start there.")
        return
    services.accept_request(item, coordinator)
    if target == RequestState.accepted:
        return
    if target == RequestState.colab or (target == RequestState.completed and index % 8 == 0):
        services.route_to_colab(item, coordinator, "En workshop med grannar och kommunen passar frågan.")
        if target == RequestState.completed:
            services.complete_from_colab(item, "Workshopen tog fram tre idéer och en handlingsplan.", coordinator,
                                         public_summary=SUMMARIES[language][0])
        return
    suggested = [researchers[0]] if index % 3 == 0 else []
    services.open_to_researchers(item, coordinator, suggested=suggested)
    if target == RequestState.open:
        return
    researcher = _pick_researcher(rng, researchers)
    if researcher is None:
        return
    services.claim_request(item, researcher)
    if target == RequestState.claimed:
        return
    services.start_work(item, researcher)
    services.post_progress(item, researcher, "Intervjuerna är klara, nu analyserar vi svaren."
                           if language == "sv" else "Interviews are done; we are analysing the answers.")
    if index % 2 == 0:
        student = next((r for r in researchers[1:] if r.id != researcher.id), None)
        if student is not None and queries.has_capacity(student):
            services.add_researcher(item, researcher, student, AssignmentRole.co_researcher)
    services.post_message(item, researcher, "Vi vill gärna träffa er en kväll i nästa vecka."
                          if language == "sv" else "Could we meet one evening next week?")
    if target == RequestState.in_progress:
        return
    summary, result, recommendations = SUMMARIES[language]
    services.complete_request(item, researcher, summary, result_text=result,
                              result_link="https://mau.diva-portal.org/" if index % 3 == 0 else "",
                              recommendations=recommendations)
    if index % 3 != 2:
        services.rate_request(item, group, 5 - index % 3, "Mycket användbart för vårt fortsatta arbete."
                              if language == "sv" else "Very useful for our work.")


def _spread_in_time(item, days_ago, rng):
    """Move the request's moments into the past, in order, so the timeline and figures look lived-in."""
    start = utcnow() - timedelta(days=days_ago)
    events = list(db.session.scalars(sa.select(RequestEvent).where(RequestEvent.request_id == item.id)
                                     .order_by(RequestEvent.id)))
    moment = start
    stamps = {}
    moved = []  # (when it really happened, when the story says it happened)
    for event in events:
        moment = moment + timedelta(days=rng.randint(1, max(2, days_ago // (len(events) + 1))), hours=rng.randint(0, 8))
        moved.append((event.created_at, moment))
        event.created_at = moment
        stamps.setdefault(event.action.value, moment)
    _move_notifications(item, moved)
    values = {"created_at": start - timedelta(hours=3), "updated_at": moment}
    # The lifecycle sets these columns with a compare-and-set UPDATE, so the loaded object may not show
    # them yet: whether the step's event happened says whether the column is set.
    for column, kind in [("submitted_at", "submit"), ("claimed_at", "claim"), ("completed_at", "complete"),
                         ("completed_at", "complete_colab"), ("rated_at", "rate")]:
        if kind in stamps:
            values[column] = stamps[kind]
    answers = [stamps[k] for k in ("accept", "ask_info", "decline", "refer", "advise") if k in stamps]
    if answers:
        values["first_answer_at"] = min(answers)
    db.session.execute(sa.update(Request).where(Request.id == item.id).values(**values))


def _move_notifications(item, moved):
    """Give the request's notifications the moment of the step that caused them; the older ones are read."""
    path = f"/requests/{item.id}"
    for notification in db.session.scalars(sa.select(Notification).where(Notification.link == path)):
        story = [new for real, new in moved if real <= notification.created_at]
        notification.created_at = (story[-1] if story else moved[0][1]) + timedelta(minutes=1)
        if notification.created_at < utcnow() - timedelta(days=7):
            notification.read_at = notification.created_at + timedelta(hours=5)
            notification.digested_at = notification.created_at + timedelta(hours=12)


@demo_step(20, "science-shop requests")
def make_requests(context, scale):
    rng = random.Random(20260611)
    people = dict(context["people"])
    researchers = [r for r in context["researchers"] if r.researcher_profile is not None]
    pairs = _group_actors(context)
    made = 0
    with current_app.test_request_context("/"):
        for round_ in range(scale):
            for index, target in enumerate(PLAN):
                language, title, question, themes = QUESTIONS[(index + round_) % len(QUESTIONS)]
                organisation, member = pairs[0] if index % 3 == 0 else pairs[index % len(pairs)]
                people["_actor"] = member
                item = services.save_draft(member, organisation, {
                    "title": title if index < len(QUESTIONS) else f"{title} ({index // len(QUESTIONS) + 1})",
                    "question": question, "background": "", "intended_use":
                    "Vi vill använda svaret i vårt arbete och i samtal med kommunen." if language == "sv" else
                    "We will use the answer in our work and in talks with the municipality.",
                    "beneficiaries": "Boende i området" if language == "sv" else "Residents of the area",
                    "help_kind": list(HelpKind)[index % len(HelpKind)], "timeframe": "",
                    "language": RequestLanguage(language), "consent_to_publish": index % 5 != 4,
                    "deadline": None,
                }, themes)
                _walk(item, target, rng, people, researchers, index)
                db.session.flush()
                _spread_in_time(item, rng.randint(20, 400) if target != RequestState.draft else 5, rng)
                made += 1
        db.session.flush()
    return made
