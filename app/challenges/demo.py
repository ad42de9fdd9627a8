"""Demo challenge: last year's finished cycle (winners, feedback, a running pilot) and this year's open call."""
import random
from datetime import datetime, time, timedelta

from app.accounts.constants import OrganisationKind
from app.challenges.constants import (
    ChallengeAction,
    ChallengeState,
    ConflictDecision,
    ConflictSource,
    Outcome,
    PilotAction,
    PilotState,
    ProcurementRoute,
    ProposalAction,
    ProposalState,
    Recommendation,
    ReviewState,
    Stage,
)
from app.challenges.lifecycle import CHALLENGE_LIFECYCLE, PILOT_LIFECYCLE, PROPOSAL_LIFECYCLE
from app.challenges.models import (
    Challenge,
    ChallengeCycle,
    ChallengeQuestion,
    Conflict,
    Criterion,
    Decision,
    EligibilityCheck,
    JuryAssignment,
    Juror,
    Pilot,
    PilotMilestone,
    Proposal,
    Review,
    ReviewScore,
    stockholm_today,
)
from app.challenges.services import review_weighted_score
from app.colabs.timezones import local_to_utc
from app.demo import demo_step
from app.extensions import db

RUBRIC = [
    ("Innovation", "Hur skiljer sig er lösning från det som redan finns?", 1),
    ("Impact", "Vilken förändring ger lösningen, för hur många?", 2),
    ("Sustainability", "Hur lever lösningen vidare när piloten är slut?", 1),
    ("Scalability", "Kan lösningen spridas till fler kommuner?", 1),
]
LEVELS = "0 Saknas\n1 Svagt\n2 Godtagbart\n3 Bra\n4 Mycket bra\n5 Enastående"

# (owner, title, problem, affected, plan, budget, months, municipalities, goals, indicators, route, language)
FINISHED_CHALLENGES = [
    ("Malmö stad, Arbetsmarknadsförvaltningen", "Fler unga vuxna i arbete i Malmös södra stadsdelar",
     "Var fjärde ung vuxen i Hyllie och Kroksbäck varken arbetar eller studerar. Förvaltningens insatser når inte "
     "dem som aldrig har haft kontakt med en arbetsgivare.", "Unga vuxna 18–29 år utan arbete eller studier.",
     "Vi vill pröva en lösning i ett år med 40 unga och sedan upphandla den om den fungerar.", (300_000, 800_000), 12,
     ["1280"], ["8", "10"], "Andel i arbete eller studier efter sex månader\nAntal arbetsgivarkontakter per deltagare",
     ProcurementRoute.design_contest, "sv"),
    ("Helsingborgshem AB", "Less food waste and more shared meals in our neighbourhoods",
     "Our tenants throw away a lot of food while many live alone and rarely eat with others.",
     "Tenants in Drottninghög and Planteringen, especially older people living alone.",
     "We would run a pilot in two courtyards and give space in our community rooms.", (150_000, 400_000), 9,
     ["1283"], ["2", "12"], "Kilos of food saved per month\nTenants who say they eat with others weekly",
     ProcurementRoute.prize_only, "en"),
    ("Region Skåne, Regional utveckling", "Digital vård som även äldre utan BankID kan använda",
     "Allt fler vårdtjänster kräver e-legitimation. Äldre som saknar BankID blir utan.", "Personer över 75 år.",
     "Vi vill pröva stöd på tre vårdcentraler och sprida det i regionen.", (500_000, 1_500_000), 18,
     ["1281", "1290", "1286"], ["3", "10"], "Andel äldre som använder 1177 med stöd", ProcurementRoute.innovation_partnership,
     "sv"),
]
OPEN_CHALLENGES = [
    ("Öresund Logistics AB", "Warehouse jobs for people far from the labour market",
     "We lack staff, while many in Trelleborg have been without work for years.",
     "Long-term unemployed adults in Trelleborg.", "Ten trainee places in a six-month pilot.", (200_000, 600_000), 6,
     ["1287"], ["8"], "Trainees employed after the pilot", ProcurementRoute.direct_award, "en"),
    ("Malmö stad, Arbetsmarknadsförvaltningen", "Sommarjobb som leder vidare",
     "Feriejobben ger sällan kontakter som leder till ett riktigt arbete.", "Ungdomar 16–19 år.",
     "Vi prövar en modell med 60 ungdomar under sommaren.", (100_000, 300_000), 4, ["1280"], ["8", "4"],
     "Ungdomar med ett nytt arbetsgivarnätverk efter sommaren", ProcurementRoute.design_contest, "sv"),
    ("Region Skåne, Regional utveckling", "Rides to work in rural Skåne",
     "Jobs in rural Skåne go unfilled because there is no bus at shift times.", "Shift workers without a car.",
     "A pilot on two routes for a year.", (400_000, 900_000), 12, ["1266", "1293"], ["9", "11"],
     "Trips taken to work; vacancies filled", ProcurementRoute.innovation_partnership, "en"),
    ("Helsingborgshem AB", "Trygga trapphus genom grannsamverkan",
     "Hyresgäster känner sig otrygga i trapphus och på gårdar kvällstid.", "Hyresgäster i Drottninghög.",
     "Vi ger lokaler och en budget för en pilot på ett år.", (100_000, 250_000), 12, ["1283"], ["11", "16"],
     "Andel som känner sig trygga kvällstid", ProcurementRoute.prize_only, "sv"),
]
# (title, summary, solution, team, beneficiaries count, budget, language)
PROPOSAL_TEXTS = [
    ("Mentorer från det lokala näringslivet", "Unga matchas med en mentor från ett företag i stadsdelen.",
     "Varje deltagare träffar sin mentor varje vecka i tre månader och gör en praktikdag i månaden.",
     "En projektledare, tio mentorer och en studie- och yrkesvägledare.", 40, 450_000, "sv"),
    ("Job shadowing days", "Young adults spend days beside people in jobs they would like.",
     "We arrange shadowing days with employers, followed by a short paid placement.",
     "A coordinator with ten years in youth work and two job coaches.", 60, 380_000, "en"),
    ("Café som arbetsträning", "Arbetsträning i ett café med handledare.",
     "Deltagarna arbetar i caféet och får ett intyg på sina färdigheter.", "En kock och en handledare.", 20,
     300_000, "sv"),
    ("Digital körkortsutbildning", "Korta kurser i digitala verktyg som arbetsgivare efterfrågar.",
     "Åtta träffar med praktiska uppgifter och ett intyg.", "Två IT-pedagoger.", 80, 250_000, "sv"),
    ("Shared dinners in the courtyard", "Tenants cook surplus food together once a week.",
     "Shops give surplus food; tenants cook it and eat together in the community room.",
     "A chef who trains volunteers, and a tenant organiser.", 120, 220_000, "en"),
    ("Matsvinnsbutik i källaren", "En liten butik säljer överskottsmat billigt till hyresgäster.",
     "Butiken drivs som arbetsträning och öppnar tre dagar i veckan.", "En butiksansvarig och två praktikanter.",
     300, 350_000, "sv"),
    ("Fridge sharing app", "Neighbours share food they will not eat through a simple app.",
     "An app with a shared fridge in each stairwell.", "Two developers.", 500, 400_000, "en"),
    ("Digitala ombud på vårdcentralen", "Volontärer hjälper äldre att använda 1177 på plats.",
     "Ombuden finns på vårdcentralen två dagar i veckan och hjälper även med fullmakter.",
     "En samordnare och tolv volontärer.", 400, 900_000, "sv"),
    ("Phone support for digital care", "A phone line where older people are guided through digital care.",
     "Trained staff guide callers step by step and book a visit when needed.", "A team of four.", 1000,
     1_200_000, "en"),
    ("Surfplatta med förinställda tjänster", "Äldre lånar en förinställd surfplatta och får hembesök.",
     "Hembesök tre gånger och en telefonlinje.", "Två handledare.", 150, 700_000, "sv"),
    ("Intergenerational tech clubs", "Secondary school pupils help older people with digital care.",
     "Weekly clubs at libraries; pupils earn school credit.", "Two teachers and a librarian.", 200, 500_000, "en"),
    ("Vägledning på modersmål", "Digital vägledning för äldre på arabiska, somaliska och bosniska.",
     "Vägledare med egen erfarenhet av att vara ny i Sverige.", "Fyra vägledare.", 250, 650_000, "sv"),
]
OPEN_PROPOSALS = [
    ("Warehouse trainee programme", "Six months of training and work in the warehouse with a job coach.", "en"),
    ("Lagerjobb med språkstöd", "Praktik på lagret med svenska för arbetslivet på schemat.", "sv"),
    ("Sommarjobb med fadder", "Varje ungdom får en fadder på arbetsplatsen som följer upp efter sommaren.", "sv"),
    ("Summer jobs that become networks", "Young people build a network of five employers during the summer.", "en"),
    ("Samåkning till skiftet", "En tjänst för samåkning mellan skiftarbetare på landsbygden.", "sv"),
    ("Demand-responsive shift buses", "Small buses booked by app at shift times.", "en"),
    ("Trapphusvärdar", "Hyresgäster anställs som trapphusvärdar på kvällar.", "sv"),
    ("Returkraft lagar möbler till trapphusen", "Returkraft Malmö ek. för. inreder trapphusen med renoverade möbler.",
     "sv"),
]


def _at(day, hour=10):
    return local_to_utc(datetime.combine(day, time(hour)))


def _cycle(year, theme, start, peoples_choice=False):
    """Return a cycle whose phases start `start` (a date) and follow each other at a realistic pace."""
    steps = [0, 45, 120, 135, 160, 190, 210, 240]
    columns = ["challenges_open_on", "proposals_open_on", "proposals_close_on", "review_opens_on", "shortlist_on",
               "final_on", "announcement_on", "follow_up_on"]
    return ChallengeCycle(year=year, theme=theme, peoples_choice=peoples_choice,
                          rules="Alla organisationer i Skåne kan delta. Juryn bedömer anonymt mot den publicerade "
                                "bedömningsmallen. / Any organisation in Skåne may take part; the jury scores "
                                "blind against the published rubric.",
                          prizes="Pilotfinansiering upp till 1,5 miljoner kronor, coachning och en session med "
                                 "processledare. / Pilot funding, coaching and a facilitated session.",
                          **{c: start + timedelta(days=d) for c, d in zip(columns, steps)})


def _rubric(cycle):
    for stage in Stage:
        for position, (name, question, weight) in enumerate(RUBRIC):
            db.session.add(Criterion(cycle=cycle, stage=stage, position=position, name=name, question=question,
                                     description=question, levels=LEVELS, weight=weight, scale_max=5))
    db.session.add(Criterion(cycle=cycle, stage=Stage.review, position=9, name="Eligible organisation",
                             description="Based in Skåne, with an organisation number.", is_gate=True, scale_max=1))


def _challenge(cycle, organisation, row, author, day, state):
    owner, title, problem, affected, plan, (low, high), months, places, goals, indicators, route, language = row
    challenge = Challenge(cycle=cycle, organisation=organisation, title=title, problem=problem, affected=affected,
                          pilot_plan=plan, budget_min=low, budget_max=high, pilot_months=months,
                          municipalities=places, sdg_targets=goals, success_indicators=indicators,
                          procurement_route=route, language=language, state=ChallengeState.draft,
                          created_by_id=author.id, created_at=_at(day), updated_at=_at(day))
    CHALLENGE_LIFECYCLE.create(challenge, ChallengeAction.create, author)
    challenge.events[-1].created_at = _at(day)
    moves = {ChallengeState.submitted: [ChallengeState.submitted],
             ChallengeState.published: [ChallengeState.submitted, ChallengeState.published],
             ChallengeState.closed: [ChallengeState.submitted, ChallengeState.published, ChallengeState.closed]}
    action = {ChallengeState.submitted: ChallengeAction.submit, ChallengeState.published: ChallengeAction.publish,
              ChallengeState.closed: ChallengeAction.close}
    previous = ChallengeState.draft
    for step, target in enumerate(moves.get(state, [])):
        event = CHALLENGE_LIFECYCLE.record(challenge, action[target], author, from_state=previous, to_state=target,
                                           at=_at(day + timedelta(days=3 + 4 * step)))
        previous = target
        del event
    challenge.state = state
    if state in (ChallengeState.published, ChallengeState.closed):
        challenge.published_at = _at(day + timedelta(days=7))
    return challenge


def _proposal(challenge, organisation, author, title, summary, language, day, state, **more):
    proposal = Proposal(challenge=challenge, organisation=organisation, title=title, summary=summary,
                        problem=more.pop("problem", ""), state=ProposalState.draft, created_by_id=author.id,
                        created_at=_at(day), updated_at=_at(day), **more)
    PROPOSAL_LIFECYCLE.create(proposal, ProposalAction.create, author)
    proposal.events[-1].created_at = _at(day)
    if state != ProposalState.draft:
        PROPOSAL_LIFECYCLE.record(proposal, ProposalAction.submit, author, from_state=ProposalState.draft,
                                  to_state=ProposalState.submitted, at=_at(day + timedelta(days=5)))
        proposal.submitted_at = _at(day + timedelta(days=5))
    proposal.state = state
    return proposal


@demo_step(60, "challenge")
def make_challenges(context, scale):
    rng = random.Random(2026_11)
    people = context["people"]
    coordinator, stakeholder = people["coordinator@example.org"], people["stakeholder@example.org"]
    business, group = people["business@example.org"], people["group@example.org"]
    organisations = {o.name: o for o in context["organisations"]}
    proposers = [o for o in context["organisations"]
                 if o.kind in (OrganisationKind.social_business, OrganisationKind.community_group)]
    jurors_people = [p for p in context["researchers"] if p.email != "researcher@example.org"][:4] or \
        context["researchers"][:1]
    today = stockholm_today()

    # -- last year's cycle: from the call for challenges 300 days ago to its follow-up ------------
    finished = _cycle(today.year - 1 if today.month < 11 else today.year, "Unga vuxna och arbete / Young adults and work",
                      today - timedelta(days=300))
    db.session.add(finished)
    _rubric(finished)
    db.session.flush()
    challenges = [_challenge(finished, organisations[row[0]], row, stakeholder, finished.challenges_open_on +
                             timedelta(days=5 + 6 * i), ChallengeState.closed) for i, row in enumerate(FINISHED_CHALLENGES)]
    proposals = []
    for index, (title, summary, solution, team, count, budget, language) in enumerate(PROPOSAL_TEXTS):
        organisation = organisations["Returkraft Malmö ek. för."] if index == 0 else proposers[(index * 3) % len(proposers)]
        proposals.append(_proposal(
            challenges[index // 4], organisation, business if index == 0 else coordinator, title, summary, language,
            finished.proposals_open_on + timedelta(days=10 + index * 3), ProposalState.eligible, solution=solution,
            team=team, beneficiary_count=count, budget_total=budget, budget="Löner, lokaler och material.",
            ask="Pilotfinansiering och coachning.", activities="Träffar och praktik", outputs="Deltagare",
            outcomes="Fler i arbete"))
    db.session.flush()
    second = people["facilitator@example.org"]
    for proposal in proposals:
        for checker in (coordinator, second):
            db.session.add(EligibilityCheck(proposal_id=proposal.id, checked_by_id=checker.id, passed=True,
                                            checked_at=_at(finished.proposals_close_on + timedelta(days=3))))
        PROPOSAL_LIFECYCLE.record(proposal, ProposalAction.mark_eligible, coordinator,
                                  from_state=ProposalState.submitted, to_state=ProposalState.eligible,
                                  at=_at(finished.proposals_close_on + timedelta(days=4)))
    jurors = [Juror(cycle=finished, user_id=p.id, invited_by_id=coordinator.id,
                    invited_at=_at(finished.proposals_close_on), conflicts_declared_at=_at(finished.review_opens_on))
              for p in jurors_people]
    db.session.add_all(jurors)
    db.session.flush()
    if len(jurors) > 3:
        db.session.add(Conflict(juror=jurors[3], proposal_id=proposals[1].id, source=ConflictSource.declared,
                                reason="Har tidigare varit styrelseledamot i organisationen.",
                                decision=ConflictDecision.recused, decision_reason="Tydlig jävssituation.",
                                decided_by_id=coordinator.id, decided_at=_at(finished.review_opens_on)))
    criteria = [c for c in finished.criteria if c.stage == Stage.review and not c.is_gate]
    comments = ["Tydlig målgrupp och realistisk plan.", "Clear theory of change, but the budget is thin.",
                "Bra förankring lokalt; hur lever det vidare?", "Strong on impact, weaker on scaling."]
    quality = [4.5, 3.0, 2.5, 2.0, 4.0, 3.5, 1.5, 4.2, 3.8, 2.0, 3.0, 2.5]
    for index, proposal in enumerate(proposals):
        seated = [j for j in jurors if not (j is jurors[-1] and index == 1 and len(jurors) > 3)]
        for offset in range(3):
            juror = seated[(index + offset) % len(seated)]
            strictness = [0.5, 0, -0.7, 0.2][jurors.index(juror) % 4]
            assignment = JuryAssignment(juror=juror, proposal=proposal, stage=Stage.review,
                                        created_at=_at(finished.review_opens_on))
            review = Review(assignment=assignment, state=ReviewState.submitted,
                            recommendation=Recommendation.advance if quality[index] >= 3.5 else Recommendation.maybe,
                            note_to_chair="", updated_at=_at(finished.review_opens_on + timedelta(days=10)),
                            submitted_at=_at(finished.review_opens_on + timedelta(days=12)))
            given = []
            for criterion in criteria:
                score = max(0, min(5, round(quality[index] + strictness + rng.uniform(-0.8, 0.8))))
                given.append((score, criterion.id))
                review.scores.append(ReviewScore(criterion=criterion, score=score,
                                                 comment=comments[(index + offset) % len(comments)]))
            review.weighted_score = review_weighted_score(given, criteria)
            db.session.add(assignment)
    db.session.flush()
    ranking = sorted(range(len(proposals)), key=lambda i: -quality[i])
    shortlisted = set(ranking[:5])
    winners = {ranking[0], ranking[1]}
    for index, proposal in enumerate(proposals):
        steps = []
        if index in shortlisted:
            steps.append((Outcome.shortlisted, finished.shortlist_on, "Hög poäng på effekt och en realistisk plan."))
            if index in winners or index == ranking[2]:
                steps.append((Outcome.finalist, finished.final_on, "Juryn vill se en fördjupad plan i finalen."))
                if index in winners:
                    steps.append((Outcome.winner, finished.announcement_on - timedelta(days=2),
                                  "Tydligast förändring för flest personer, med en plan som bär efter piloten."))
                else:
                    steps.append((Outcome.not_selected, finished.announcement_on - timedelta(days=2),
                                  "Stark idé, men finansieringen efter piloten är osäker."))
            else:
                steps.append((Outcome.not_selected, finished.final_on, "Lovande, men svagare på hållbarhet än finalisterna."))
        else:
            steps.append((Outcome.not_selected, finished.shortlist_on, "Lägre poäng på effekt än de utvalda."))
        state = ProposalState.eligible
        for outcome, day, rationale in steps:
            target = {Outcome.shortlisted: ProposalState.shortlisted, Outcome.finalist: ProposalState.finalist,
                      Outcome.winner: ProposalState.winner, Outcome.not_selected: ProposalState.not_selected}[outcome]
            action = {Outcome.shortlisted: ProposalAction.shortlist, Outcome.finalist: ProposalAction.make_finalist,
                      Outcome.winner: ProposalAction.award, Outcome.not_selected: ProposalAction.not_select}[outcome]
            PROPOSAL_LIFECYCLE.record(proposal, action, coordinator, note=rationale, from_state=state, to_state=target,
                                      at=_at(day))
            db.session.add(Decision(proposal_id=proposal.id, stage=Stage.final if outcome in (
                Outcome.winner,) or day >= finished.final_on else Stage.review, outcome=outcome, rationale=rationale,
                reviews_counted=3, decided_by_id=coordinator.id, created_at=_at(day)))
            state = target
        proposal.state = state
    finished.announced_at, finished.announced_by_id = _at(finished.announcement_on, 12), coordinator.id
    for rank, index in enumerate(sorted(winners)):
        winner = proposals[index]
        pilot = Pilot(proposal=winner, state=PilotState.negotiating, created_by_id=coordinator.id,
                      created_at=_at(finished.announcement_on + timedelta(days=3)))
        PILOT_LIFECYCLE.create(pilot, PilotAction.create, coordinator)
        pilot.events[-1].created_at = _at(finished.announcement_on + timedelta(days=3))
        if rank == 0:
            PILOT_LIFECYCLE.record(pilot, PilotAction.contract, coordinator, from_state=PilotState.negotiating,
                                   to_state=PilotState.contracted, at=_at(finished.follow_up_on - timedelta(days=10)))
            PILOT_LIFECYCLE.record(pilot, PilotAction.start, stakeholder, from_state=PilotState.contracted,
                                   to_state=PilotState.running, at=_at(finished.follow_up_on))
            pilot.state, pilot.contract_reference = PilotState.running, f"AMF {finished.year}/0412"
            pilot.milestones = [
                PilotMilestone(title="Avtal och rekrytering av deltagare", due_on=finished.follow_up_on,
                               done_on=finished.follow_up_on, evidence="Avtal undertecknat; 38 anmälda."),
                PilotMilestone(title="Halvtidsuppföljning / Mid-term review", due_on=finished.follow_up_on +
                               timedelta(days=180), evidence=""),
            ]

    # -- this year's cycle: the call for proposals is open -----------------------------------------
    current = _cycle(finished.year + 1, "Arbete och rörlighet i hela Skåne / Work and mobility across Skåne",
                     today - timedelta(days=60), peoples_choice=True)
    db.session.add(current)
    _rubric(current)
    db.session.flush()
    open_challenges = [
        _challenge(current, organisations[row[0]], row, stakeholder, current.challenges_open_on + timedelta(days=3 + 5 * i),
                   ChallengeState.published) for i, row in enumerate(OPEN_CHALLENGES)]
    draft_row = ("Region Skåne, Regional utveckling", "Kultur på recept för unga vuxna", "Många unga mår dåligt.",
                 "Unga vuxna", "En pilot med två vårdcentraler.", (100_000, 300_000), 12, ["1280"], ["3"],
                 "Självskattad hälsa", ProcurementRoute.other, "sv")
    _challenge(current, organisations[draft_row[0]], draft_row, stakeholder, today - timedelta(days=4),
               ChallengeState.submitted)
    for index, (title, summary, language) in enumerate(OPEN_PROPOSALS):
        organisation = organisations["Returkraft Malmö ek. för."] if index == 7 else proposers[(index * 5 + 1) % len(proposers)]
        author = business if index == 7 else group if organisation.name == "Föreningen Grönare Rosengård" else coordinator
        _proposal(open_challenges[index // 2], organisation, author, title, summary, language,
                  current.proposals_open_on + timedelta(days=2 + index), ProposalState.draft if index in (3, 7)
                  else ProposalState.submitted, beneficiary_count=20 + 10 * index, budget_total=200_000 + 25_000 * index)
    db.session.add_all([
        ChallengeQuestion(challenge=open_challenges[0], question="Can a group of two organisations apply together?",
                          answer="Yes: one applies and names the other as a partner.", asked_by_id=group.id,
                          answered_by_id=stakeholder.id, asked_at=_at(current.proposals_open_on + timedelta(days=3)),
                          answered_at=_at(current.proposals_open_on + timedelta(days=4))),
        ChallengeQuestion(challenge=open_challenges[1], question="Får deltagarna lön under sommarjobbet?",
                          answer="Ja, enligt kommunens feriejobbsavtal.", asked_by_id=business.id,
                          answered_by_id=coordinator.id, asked_at=_at(current.proposals_open_on + timedelta(days=5)),
                          answered_at=_at(current.proposals_open_on + timedelta(days=6))),
    ])
    db.session.flush()
    return len(proposals) + len(OPEN_PROPOSALS) + len(challenges) + len(open_challenges) + 1
