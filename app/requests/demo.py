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
from app.requests.constants import (
    AssignmentRole,
    DeclineReason,
    EventKind,
    HelpKind,
    RequestLanguage,
    RequestState,
    Theme,
)
from app.notifications.models import Notification
from app.requests.models import Message, Request, RequestEvent

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
    if target == RequestState.submitted and index % 4 == 1:  # asked for more, answered in the thread
        services.ask_for_information(item, coordinator, "Hur många boende gäller det ungefär?"
                                     if language == "sv" else "Roughly how many residents are concerned?")
        services.post_message(item, group, "Ungefär 300 hushåll i fyra hus." if language == "sv" else
                              "About 300 households in four buildings.")
        return
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


# Days a step takes in the story (low, high): the science shop answers within weeks, research takes months.
STEP_DAYS = {"submit": (0.2, 3), "accept": (2, 14), "ask_info": (2, 10), "decline": (3, 20), "refer": (3, 20),
             "advise": (3, 20), "open": (1, 7), "claim": (3, 30), "start": (2, 14), "progress": (10, 40),
             "complete": (20, 90), "complete_colab": (14, 60), "rate": (2, 20), "route_colab": (1, 10)}


def _spread_in_time(item, days_ago, rng):
    """Move the request's moments into the past, in order and with believable gaps, all before today."""
    start = utcnow() - timedelta(days=days_ago)
    events = list(db.session.scalars(sa.select(RequestEvent).where(RequestEvent.request_id == item.id)
                                     .order_by(RequestEvent.id)))
    gaps = [rng.uniform(*STEP_DAYS.get(event.action.value, (0.5, 10))) for event in events]
    room = max(days_ago - 2, 1)  # the last step lies at least two days back: nothing waits "0 days"
    if sum(gaps) > room:
        gaps = [gap * room / sum(gaps) for gap in gaps]
    moment = start
    stamps = {}
    moved = []  # (when it really happened, when the story says it happened)
    for event, gap in zip(events, gaps):
        moment = moment + timedelta(days=gap)
        moved.append((event.created_at, moment))
        event.created_at = moment
        stamps.setdefault(event.action.value, moment)
    _move_notifications(item, moved)
    for row in list(item.messages) + list(item.assignments):  # written between steps: after the step before
        column = "created_at" if isinstance(row, Message) else "added_at"
        story = [new for real, new in moved if real <= getattr(row, column)]
        setattr(row, column, (story[-1] if story else moved[0][1]) + timedelta(minutes=30))
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
                # Spread over two years; a draft was started a few days ago.
                _spread_in_time(item, rng.randint(20, 730) if target != RequestState.draft else rng.randint(2, 9),
                                rng)
                made += 1
        db.session.flush()
        _follow_ups(rng, people)
    return made


def _follow_ups(rng, people):
    """Give the results completed long enough ago their follow-up, sent at the set time; most answered."""
    from app.requests.constants import ResultUse
    from app.requests.models import FollowUp

    delay, now = services.follow_up_delay(), utcnow()
    done = db.session.scalars(sa.select(Request).where(Request.state == RequestState.completed,
                                                       Request.completed_at <= now - delay).order_by(Request.id))
    for number, item in enumerate(done):
        sent = item.completed_at + delay
        follow_up = FollowUp(request_id=item.id, sent_at=sent)
        answered = sent + timedelta(days=rng.uniform(1, 20))
        if number % 3 != 2 and answered < now - timedelta(days=1):
            swedish = item.language.value == "sv"
            follow_up.answered_at = answered
            follow_up.answered_by_id = item.created_by_id
            follow_up.used_results = [ResultUse.yes, ResultUse.partly, ResultUse.yes, ResultUse.no][number % 4]
            follow_up.used_for = ("I en ansökan till kommunen och på ett medlemsmöte." if swedish else
                                  "In an application to the municipality and at a members' meeting.")
            follow_up.what_changed = ("Vi fick pengar till ett första försök." if swedish else
                                      "We were funded for a first trial.")
            follow_up.cooperation = 5 - number % 2
            follow_up.would_return = number % 4 != 3
        elif sent + timedelta(days=14) < now:
            follow_up.reminded_at = sent + timedelta(days=14)
        db.session.add(follow_up)
        db.session.flush()
        if follow_up.answered_at:
            db.session.add(RequestEvent(request_id=item.id, action=EventKind.follow_up,
                                        actor_id=follow_up.answered_by_id, created_at=follow_up.answered_at))
    db.session.flush()
