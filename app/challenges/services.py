"""Verb-named actions of the challenge area. They change state, record events and notify; never commit."""
import secrets
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.uploads import max_upload_bytes
from app.accounts.constants import MembershipState
from app.accounts.models import Membership, Organisation, User
from app.audit.models import AuditAction
from app.audit.services import record_audit
from app.challenges import notices
from app.challenges.constants import (
    IN_REVIEW,
    MIN_REVIEWS,
    OUTCOME_ACTION,
    ChallengeAction,
    ChallengeState,
    ConflictDecision,
    ConflictSource,
    Outcome,
    PilotAction,
    PilotState,
    ProposalAction,
    ProposalState,
    ReviewState,
    Stage,
)
from app.challenges.scoring import weighted_score
from app.challenges.lifecycle import CHALLENGE_LIFECYCLE, PILOT_LIFECYCLE, PROPOSAL_LIFECYCLE
from app.challenges.models import (
    JuryAssignment,
    Challenge,
    ChallengeCycle,
    ChallengeQuestion,
    Conflict,
    Decision,
    EligibilityCheck,
    Juror,
    Pilot,
    PilotMilestone,
    Proposal,
    ProposalAttachment,
    Review,
    ReviewScore,
    Vote,
)
from app.db_types import utcnow
from app.errors import Conflict as ConflictError
from app.errors import NotAllowed
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.links import path_for
from app.notifications.services import notify
from app.storage import remove_file, store_file


def _coordinators():
    from app.accounts.services import coordinators

    return coordinators()


def _members(organisation_ids):
    """Return the people with an approved membership of these organisations."""
    if not organisation_ids:
        return []
    return list(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(list(organisation_ids)), Membership.state == MembershipState.approved,
               User.deleted_at.is_(None)).distinct()))


def _challenge_link(challenge):
    return path_for("challenges.show_challenge", challenge_id=challenge.id)


def _proposal_link(proposal):
    return path_for("challenges.show_proposal", proposal_id=proposal.id)


# -- cycles and rubric ------------------------------------------------------------------------
def create_cycle(user, **fields):
    """Open a new year's cycle."""
    cycle = ChallengeCycle(created_by_id=user.id, **fields)
    db.session.add(cycle)
    db.session.flush()
    return cycle


def update_cycle(cycle, **fields):
    for name, value in fields.items():
        setattr(cycle, name, value)
    db.session.flush()
    return cycle


def add_criterion(cycle, **fields):
    """Add a row to a stage's rubric, at its end; the rubric is fixed once the jury starts scoring."""
    if _scoring_started(cycle, fields["stage"]):
        raise ConflictError(_l("The jury has started scoring this stage: its rubric can no longer change."))
    position = 1 + max((c.position for c in cycle.criteria_of(fields["stage"])), default=0)
    from app.challenges.models import Criterion

    criterion = Criterion(cycle=cycle, position=position, **fields)
    db.session.add(criterion)
    db.session.flush()
    return criterion


def remove_criterion(criterion):
    if _scoring_started(criterion.cycle, criterion.stage):
        raise ConflictError(_l("The jury has started scoring this stage: its rubric can no longer change."))
    db.session.delete(criterion)
    db.session.flush()


def _scoring_started(cycle, stage):
    return bool(db.session.scalar(
        sa.select(sa.func.count()).select_from(Review).join(JuryAssignment).join(Juror)
        .where(Juror.cycle_id == cycle.id, JuryAssignment.stage == stage)))


# -- challenges -------------------------------------------------------------------------------
def create_challenge(cycle, organisation, user, co_owners=(), **fields):
    """Draft a challenge for an established organisation the person belongs to."""
    if not cycle.takes_challenges:
        raise ConflictError(_l("The cycle no longer takes challenges."))
    challenge = Challenge(cycle=cycle, organisation=organisation, created_by_id=user.id,
                          state=ChallengeState.draft, **fields)
    challenge.co_owners = [o for o in co_owners if o.id != organisation.id]
    CHALLENGE_LIFECYCLE.create(challenge, ChallengeAction.create, user)
    return challenge


def update_challenge(challenge, user, co_owners=(), **fields):
    if not challenge.can_edit(user):
        raise NotAllowed(_l("Only the owner can change a draft challenge."))
    for name, value in fields.items():
        setattr(challenge, name, value)
    challenge.co_owners = [o for o in co_owners if o.id != challenge.organisation_id]
    challenge.updated_at = utcnow()
    db.session.flush()
    return challenge


def submit_challenge(challenge, user):
    CHALLENGE_LIFECYCLE.apply(challenge, ChallengeAction.submit, user)
    notify(_coordinators(), notices.CHALLENGE_SUBMITTED, title=challenge.title, link=_challenge_link(challenge),
           exclude=user, body=_l("%(organisation)s sent a challenge for review.",
                                 organisation=challenge.organisation.name))
    return challenge


def request_challenge_changes(challenge, user, note):
    CHALLENGE_LIFECYCLE.apply(challenge, ChallengeAction.request_changes, user, note=note, review_note=note)
    record_audit(user, AuditAction.challenge_changes_requested, challenge, detail=note)
    notify(_members({challenge.organisation_id}), notices.CHALLENGE_REVIEWED, title=challenge.title,
           link=_challenge_link(challenge), exclude=user, body=note)
    return challenge


def publish_challenge(challenge, user):
    CHALLENGE_LIFECYCLE.apply(challenge, ChallengeAction.publish, user, published_at=utcnow(), review_note="")
    record_audit(user, AuditAction.challenge_published, challenge, detail=challenge.organisation.name)
    notify(_members(challenge.owner_ids), notices.CHALLENGE_REVIEWED, title=challenge.title,
           link=_challenge_link(challenge), exclude=user, body=_l("Your challenge is published."))
    return challenge


def close_challenge(challenge, user, note=""):
    return CHALLENGE_LIFECYCLE.apply(challenge, ChallengeAction.close, user, note=note)


def withdraw_challenge(challenge, user, note=""):
    return CHALLENGE_LIFECYCLE.apply(challenge, ChallengeAction.withdraw, user, note=note)


def ask_question(challenge, user, text):
    """Ask about a published challenge; the owner and coordinators hear of it."""
    if not challenge.can_ask(user):
        raise NotAllowed(_l("Questions are taken while the challenge is published."))
    question = ChallengeQuestion(challenge=challenge, question=text, asked_by_id=user.id)
    db.session.add(question)
    db.session.flush()
    notify(_members(challenge.owner_ids) + _coordinators(), notices.QUESTION_ASKED, title=challenge.title,
           link=_challenge_link(challenge) + "#questions", exclude=user, body=text)
    return question


def answer_question(question, user, answer):
    """Answer a question publicly (an answer may be improved later); the person who asked hears of it."""
    challenge = question.challenge
    if not challenge.can_answer(user):
        raise NotAllowed(_l("The challenge's owner or a coordinator answers questions."))
    question.answer, question.answered_by_id, question.answered_at = answer, user.id, utcnow()
    CHALLENGE_LIFECYCLE.record(challenge, ChallengeAction.answer_question, user, from_state=challenge.state,
                               to_state=challenge.state)
    if question.asked_by_id:
        asker = db.session.get(User, question.asked_by_id)
        notify([asker] if asker else [], notices.QUESTION_ANSWERED, title=challenge.title,
               link=_challenge_link(challenge) + "#questions", exclude=user, body=answer)
    return question


# -- proposals --------------------------------------------------------------------------------
def create_proposal(challenge, organisation, user, partners=(), **fields):
    """Start a draft proposal for one of the person's organisations."""
    if not challenge.can_propose(user):
        raise ConflictError(_l("This challenge does not take proposals now."))
    if organisation.id in challenge.owner_ids:
        raise NotAllowed(_l("The challenge's owners cannot propose to their own challenge."))
    proposal = Proposal(challenge=challenge, organisation=organisation, created_by_id=user.id,
                        state=ProposalState.draft, **fields)
    proposal.partners = [o for o in partners if o.id != organisation.id]
    PROPOSAL_LIFECYCLE.create(proposal, ProposalAction.create, user)
    return proposal


def update_proposal(proposal, user, partners=(), **fields):
    if not proposal.can_edit(user):
        raise NotAllowed(_l("A proposal can be changed by its organisation until the deadline."))
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.partners = [o for o in partners if o.id != proposal.organisation_id]
    proposal.updated_at = utcnow()
    db.session.flush()
    return proposal


def submit_proposal(proposal, user):
    PROPOSAL_LIFECYCLE.apply(proposal, ProposalAction.submit, user, submitted_at=utcnow())
    notify(_members({proposal.organisation_id}), notices.PROPOSAL_RECEIVED, title=proposal.title,
           link=_proposal_link(proposal), body=_l(
               "Your proposal to “%(challenge)s” was received. You can change it until the deadline.",
               challenge=proposal.challenge.title))
    return proposal


def withdraw_proposal(proposal, user, note=""):
    return PROPOSAL_LIFECYCLE.apply(proposal, ProposalAction.withdraw, user, note=note)


def add_attachment(proposal, user, filename, data, free_of_names=False):
    """Store a PDF with the proposal (at most 10 MB)."""
    if not proposal.can_edit(user):
        raise NotAllowed(_l("A proposal can be changed by its organisation until the deadline."))
    if not data.startswith(b"%PDF-"):
        raise ConflictError(_l("Attach a PDF file."))
    if len(data) > max_upload_bytes():
        raise ConflictError(_l("A file can be at most 10 MB."))
    key = f"challenges/{proposal.id}/{secrets.token_hex(16)}.pdf"
    store_file(key, data, "application/pdf")
    attachment = ProposalAttachment(proposal=proposal, filename=filename[:200] or "attachment.pdf", storage_key=key,
                                    size=len(data), free_of_names=free_of_names, uploaded_by_id=user.id)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def remove_attachment(attachment, user):
    if not attachment.proposal.can_edit(user):
        raise NotAllowed(_l("A proposal can be changed by its organisation until the deadline."))
    remove_file(attachment.storage_key)
    db.session.delete(attachment)
    db.session.flush()


def check_eligibility(proposal, user, passed, note=""):
    """Record one coordinator's eligibility check; when two agree, the proposal moves on."""
    if not proposal.can_check_eligibility(user):
        raise NotAllowed(_l("Coordinators check eligibility."))
    if proposal.state != ProposalState.submitted:
        raise ConflictError(_l("Only submitted proposals are checked."))
    check = db.session.scalar(sa.select(EligibilityCheck).where(
        EligibilityCheck.proposal_id == proposal.id, EligibilityCheck.checked_by_id == user.id))
    if check is None:
        check = EligibilityCheck(proposal_id=proposal.id, checked_by_id=user.id, passed=passed, note=note)
        db.session.add(check)
    else:
        check.passed, check.note, check.checked_at = passed, note, utcnow()
    db.session.flush()
    PROPOSAL_LIFECYCLE.record(proposal, ProposalAction.check_eligibility, user, note=note,
                              from_state=proposal.state, to_state=proposal.state)
    record_audit(user, AuditAction.challenge_eligibility_checked, proposal,
                 detail=f"{'eligible' if passed else 'not eligible'}: {note}" if note else
                 ("eligible" if passed else "not eligible"))
    action = ProposalAction.mark_eligible if passed else ProposalAction.mark_ineligible
    agreeing = db.session.scalar(sa.select(sa.func.count()).select_from(EligibilityCheck).where(
        EligibilityCheck.proposal_id == proposal.id, EligibilityCheck.passed.is_(passed)))
    if agreeing >= 2:
        PROPOSAL_LIFECYCLE.apply(proposal, action, user, note=note)
        notify(_members({proposal.organisation_id}), notices.ELIGIBILITY, title=proposal.title,
               link=_proposal_link(proposal), body=_l("Your proposal goes to the jury.") if passed else note)
    return check


# -- jury -------------------------------------------------------------------------------------
def invite_juror(cycle, user, by):
    """Seat a person on the cycle's jury (or return their seat)."""
    juror = db.session.scalar(sa.select(Juror).where(Juror.cycle_id == cycle.id, Juror.user_id == user.id))
    if juror is not None:
        return juror
    juror = Juror(cycle=cycle, user_id=user.id, invited_by_id=by.id)
    db.session.add(juror)
    db.session.flush()
    notify([user], notices.JUROR_INVITED, title=cycle.theme, link=path_for("challenges.jury", cycle_id=cycle.id),
           exclude=by, body=_l("Please declare your conflicts of interest before you see any proposal."))
    return juror


def _cycle_proposals(cycle, states=None):
    query = (sa.select(Proposal).join(Challenge).where(Challenge.cycle_id == cycle.id)
             .options(selectinload(Proposal.partners), selectinload(Proposal.challenge).selectinload(Challenge.co_owners)))
    if states:
        query = query.where(Proposal.state.in_(list(states)))
    return list(db.session.scalars(query.order_by(Proposal.id)))


def organisations_taking_part(cycle):
    """Return the organisations behind the cycle's proposals and challenges, for declaring conflicts."""
    proposals = _cycle_proposals(cycle, IN_REVIEW | {ProposalState.submitted})
    ids = set()
    for proposal in proposals:
        ids |= proposal.organisation_ids | proposal.challenge.owner_ids
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def _ties(proposal):
    return proposal.organisation_ids | proposal.challenge.owner_ids


def declare_conflicts(juror, organisation_ids, reason=""):
    """Record the juror's declaration: a conflict with every proposal of these organisations."""
    chosen = set(organisation_ids)
    existing = {c.proposal_id: c for c in juror.conflicts}
    for proposal in _cycle_proposals(juror.cycle):
        if _ties(proposal) & chosen and proposal.id not in existing:
            db.session.add(Conflict(juror=juror, proposal_id=proposal.id, source=ConflictSource.declared,
                                    reason=reason))
    juror.conflicts_declared_at = utcnow()
    db.session.flush()
    detect_conflicts(juror.cycle)
    return juror


def detect_conflicts(cycle):
    """Record the obvious conflicts: a juror who belongs to the applicant's, a partner's or the owner's organisation."""
    jurors = list(db.session.scalars(sa.select(Juror).where(Juror.cycle_id == cycle.id)))
    if not jurors:
        return 0
    memberships = defaultdict(set)
    for user_id, organisation_id in db.session.execute(
            sa.select(Membership.user_id, Membership.organisation_id).where(
                Membership.user_id.in_([j.user_id for j in jurors]), Membership.state == MembershipState.approved)):
        memberships[user_id].add(organisation_id)
    known = {(c.juror_id, c.proposal_id) for c in db.session.scalars(
        sa.select(Conflict).join(Juror).where(Juror.cycle_id == cycle.id))}
    added = 0
    for proposal in _cycle_proposals(cycle):
        ties = _ties(proposal)
        for juror in jurors:
            if memberships[juror.user_id] & ties and (juror.id, proposal.id) not in known:
                db.session.add(Conflict(juror_id=juror.id, proposal_id=proposal.id, source=ConflictSource.detected,
                                        reason=str(_l("Member of an organisation behind the proposal or the challenge."))))
                added += 1
    db.session.flush()
    return added


def decide_conflict(conflict, user, decision: ConflictDecision, reason):
    """The chair recuses the juror or waives the conflict, with a reason; a recusal drops their assignment."""
    if not conflict.juror.cycle.can_chair(user):
        raise NotAllowed(_l("The chair decides on conflicts."))
    if decision == ConflictDecision.pending:
        raise ConflictError(_l("Choose recused or waived."))
    conflict.decision, conflict.decision_reason = decision, reason
    conflict.decided_by_id, conflict.decided_at = user.id, utcnow()
    if decision == ConflictDecision.recused:
        for assignment in db.session.scalars(sa.select(JuryAssignment).where(
                JuryAssignment.juror_id == conflict.juror_id, JuryAssignment.proposal_id == conflict.proposal_id)):
            db.session.delete(assignment)
    db.session.flush()
    record_audit(user, AuditAction.challenge_conflict_decided, conflict.proposal,
                 detail=f"{conflict.juror.user.name}: {decision.value}: {reason}")
    notify([conflict.juror.user], notices.CONFLICT_DECIDED, title=conflict.juror.cycle.theme,
           link=path_for("challenges.jury", cycle_id=conflict.juror.cycle_id), exclude=user,
           body=f"{conflict.decision.label}: {reason}")
    return conflict


def blocked_pairs(cycle):
    """Return {(juror id, proposal id)} that may never meet: a conflict not waived, or a live membership."""
    detect_conflicts(cycle)
    return {(c.juror_id, c.proposal_id) for c in db.session.scalars(
        sa.select(Conflict).join(Juror).where(Juror.cycle_id == cycle.id,
                                              Conflict.decision != ConflictDecision.waived))}


def assign_jurors(cycle, stage: Stage, per_proposal=MIN_REVIEWS):
    """Give each proposal in review at least `per_proposal` conflict-free jurors, balancing the load.

    Only jurors who declared their conflicts are used. Existing assignments are kept. Return the
    proposals that could not get enough jurors.
    """
    jurors = [j for j in db.session.scalars(sa.select(Juror).where(Juror.cycle_id == cycle.id).order_by(Juror.id))
              if j.has_declared]
    states = {Stage.review: {ProposalState.eligible, ProposalState.shortlisted},
              Stage.final: {ProposalState.finalist, ProposalState.shortlisted}}[stage]
    proposals = _cycle_proposals(cycle, states)
    blocked = blocked_pairs(cycle)
    existing = defaultdict(set)
    load = defaultdict(int)
    for juror_id, proposal_id in db.session.execute(
            sa.select(JuryAssignment.juror_id, JuryAssignment.proposal_id).join(Juror)
            .where(Juror.cycle_id == cycle.id, JuryAssignment.stage == stage)):
        existing[proposal_id].add(juror_id)
        load[juror_id] += 1
    short, touched = [], defaultdict(int)
    for proposal in proposals:
        have = {j for j in existing[proposal.id] if (j, proposal.id) not in blocked}
        candidates = sorted((j for j in jurors if j.id not in have and (j.id, proposal.id) not in blocked),
                            key=lambda j: (load[j.id], j.id))
        for juror in candidates[:max(per_proposal - len(have), 0)]:
            db.session.add(JuryAssignment(juror_id=juror.id, proposal_id=proposal.id, stage=stage))
            load[juror.id] += 1
            touched[juror.id] += 1
            have.add(juror.id)
        if len(have) < per_proposal:
            short.append(proposal)
    db.session.flush()
    users = {j.id: j.user for j in jurors}
    for juror_id, count in touched.items():
        notify([users[juror_id]], notices.ASSIGNED, title=cycle.theme,
               link=path_for("challenges.jury", cycle_id=cycle.id),
               body=_l("%(count)d proposals wait for your scores.", count=count))
    return short


def juror_assignment(user, proposal, stage=None):
    """Return the person's assignment to score this proposal, or raise NotAllowed.

    A juror sees a proposal only when assigned to it, after declaring conflicts, and never with a
    conflict the chair did not waive or while they belong to an organisation behind it.
    """
    cycle = proposal.challenge.cycle
    juror = cycle.juror_of(user)
    if juror is None or not juror.has_declared:
        raise NotAllowed(_l("Declare your conflicts of interest first."))
    if _ties(proposal) & {m.organisation_id for m in user.memberships if m.state == MembershipState.approved}:
        raise NotAllowed(_l("You have a conflict of interest with this proposal."))
    conflict = db.session.scalar(sa.select(Conflict).where(Conflict.juror_id == juror.id,
                                                           Conflict.proposal_id == proposal.id))
    if conflict is not None and conflict.blocks:
        raise NotAllowed(_l("You have a conflict of interest with this proposal."))
    query = sa.select(JuryAssignment).where(JuryAssignment.juror_id == juror.id, JuryAssignment.proposal_id == proposal.id)
    if stage is not None:
        query = query.where(JuryAssignment.stage == stage)
    assignment = db.session.scalars(query.order_by(JuryAssignment.id.desc())).first()
    if assignment is None:
        raise NotAllowed(_l("This proposal is not assigned to you."))
    return assignment


def save_review(assignment, user, scores, comments, recommendation, note_to_chair, submit=False):
    """Save a juror's review as a draft, or submit it (once; a submitted review no longer changes)."""
    juror_assignment(user, assignment.proposal, assignment.stage)
    cycle = assignment.proposal.challenge.cycle
    if cycle.stage != assignment.stage:
        raise ConflictError(_l("This stage is not open for scoring."))
    review = assignment.review
    if review is None:
        review = Review(assignment=assignment)
        db.session.add(review)
    if review.is_submitted:
        raise ConflictError(_l("This review was submitted and can no longer change."))
    criteria = [c for c in cycle.criteria_of(assignment.stage) if not c.is_gate]
    if submit and any(scores.get(c.id) is None for c in criteria):
        raise ConflictError(_l("Score every criterion before you submit."))
    if submit and recommendation is None:
        raise ConflictError(_l("Give your recommendation before you submit."))
    by_criterion = {s.criterion_id: s for s in review.scores}
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is not None and not 0 <= score <= criterion.scale_max:
            raise ConflictError(_l("A score must be from 0 to %(max)d.", max=criterion.scale_max))
        row = by_criterion.get(criterion.id)
        if row is None:
            row = ReviewScore(review=review, criterion_id=criterion.id)
            review.scores.append(row)
        row.score, row.comment = score, comments.get(criterion.id, "")
    review.recommendation, review.note_to_chair, review.updated_at = recommendation, note_to_chair, utcnow()
    if submit:
        review.state, review.submitted_at = ReviewState.submitted, utcnow()
        review.weighted_score = review_weighted_score(
            [(row.score, row.criterion_id) for row in review.scores], criteria)
    db.session.flush()
    return review


def review_weighted_score(scores, criteria):
    """Return the weighted mean of [(score, criterion id)] on the scale of the stage's largest criterion."""
    by_id = {c.id: c for c in criteria if not c.is_gate}
    reference = max((c.scale_max for c in by_id.values()), default=5)
    return weighted_score([(s, by_id[i].weight, by_id[i].scale_max) for s, i in scores if i in by_id], reference)


# -- decisions --------------------------------------------------------------------------------
def decide(proposal, user, stage, outcome: Outcome, rationale, override_reason="", reviews_counted=0):
    """Record the chair's decision with its rationale; fewer than 3 reviews need a recorded override."""
    if not proposal.can_decide(user):
        raise NotAllowed(_l("The chair records decisions."))
    if proposal.challenge.cycle.is_announced:
        raise ConflictError(_l("The results are announced: record a correction instead."))
    if reviews_counted < MIN_REVIEWS and not (override_reason or "").strip():
        raise ConflictError(_l("This proposal has fewer than %(count)d submitted reviews: record why you decide anyway.",
                               count=MIN_REVIEWS))
    PROPOSAL_LIFECYCLE.apply(proposal, OUTCOME_ACTION[outcome], user, note=rationale)
    decision = Decision(proposal_id=proposal.id, stage=stage, outcome=outcome, rationale=rationale,
                        override_reason=override_reason or "", reviews_counted=reviews_counted, decided_by_id=user.id)
    db.session.add(decision)
    db.session.flush()
    detail = f"{stage.value}: {outcome.value}: {rationale}"
    if override_reason:
        detail += f" (fewer than {MIN_REVIEWS} reviews: {override_reason})"
    record_audit(user, AuditAction.challenge_decided, proposal, detail=detail)
    return decision


def correct_decision(proposal, user, rationale):
    """After the announcement, add a correction to the record (the earlier decision stays as it was)."""
    if not proposal.can_decide(user):
        raise NotAllowed(_l("The chair records decisions."))
    latest = proposal.latest_decision()
    if latest is None or not proposal.challenge.cycle.is_announced:
        raise ConflictError(_l("Only an announced decision is corrected."))
    decision = Decision(proposal_id=proposal.id, stage=latest.stage, outcome=latest.outcome, rationale=rationale,
                        reviews_counted=latest.reviews_counted, is_correction=True, decided_by_id=user.id)
    db.session.add(decision)
    PROPOSAL_LIFECYCLE.record(proposal, ProposalAction.correct_decision, user, note=rationale,
                              from_state=proposal.state, to_state=proposal.state)
    db.session.flush()
    record_audit(user, AuditAction.challenge_decision_corrected, proposal, detail=rationale)
    return decision


def announce_results(cycle, user):
    """Announce the cycle's results: decisions are final, every applicant gets their feedback."""
    if not cycle.can_chair(user):
        raise NotAllowed(_l("The chair announces the results."))
    if cycle.is_announced:
        raise ConflictError(_l("The results are already announced."))
    undecided = [p for p in _cycle_proposals(cycle, {ProposalState.eligible, ProposalState.shortlisted,
                                                     ProposalState.finalist})]
    if undecided:
        raise ConflictError(_l("%(count)d proposals still wait for a final decision.", count=len(undecided)))
    cycle.announced_at, cycle.announced_by_id = utcnow(), user.id
    db.session.flush()
    record_audit(user, AuditAction.challenge_results_announced, cycle, detail=f"{cycle.year}: {cycle.theme}")
    for proposal in _cycle_proposals(cycle, {ProposalState.winner, ProposalState.not_selected}):
        notify(_members({proposal.organisation_id}), notices.RESULTS, title=proposal.title,
               link=_proposal_link(proposal) + "#feedback", exclude=user,
               body=_l("The jury decided: %(outcome)s. Read the jury's feedback on each criterion.",
                       outcome=proposal.state.label))
    return cycle


def cast_vote(cycle, user, proposal):
    """Cast the person's one people's-choice vote of the cycle (apart from the jury's scores)."""
    if not (user.is_authenticated and cycle.voting_open):
        raise ConflictError(_l("The people's choice vote is not open."))
    if proposal.challenge.cycle_id != cycle.id or proposal.state not in (ProposalState.finalist,):
        raise ConflictError(_l("Vote for one of the finalists."))
    try:
        with db.session.begin_nested():
            vote = Vote(cycle_id=cycle.id, user_id=user.id, proposal_id=proposal.id)
            db.session.add(vote)
    except IntegrityError:
        raise ConflictError(_l("You have already voted in this cycle.")) from None
    return vote


# -- after the award --------------------------------------------------------------------------
def start_pilot(proposal, user, contract_reference=""):
    """Open the pilot record of a winning proposal with the challenge owner."""
    if not proposal.can_decide(user):
        raise NotAllowed(_l("A coordinator starts the pilot record."))
    if proposal.state != ProposalState.winner:
        raise ConflictError(_l("Only a winning proposal gets a pilot."))
    if proposal.pilot is not None:
        return proposal.pilot
    pilot = Pilot(proposal=proposal, contract_reference=contract_reference, state=PilotState.negotiating,
                  created_by_id=user.id)
    PILOT_LIFECYCLE.create(pilot, PilotAction.create, user)
    _tell_pilot(pilot, user, _l("A pilot record was opened."))
    return pilot


def _tell_pilot(pilot, user, body):
    proposal = pilot.proposal
    notify(_members(proposal.challenge.owner_ids | {proposal.organisation_id}), notices.PILOT_CHANGED,
           title=proposal.title, link=path_for("challenges.show_pilot", pilot_id=pilot.id), exclude=user, body=body)


def move_pilot(pilot, user, action: PilotAction, note="", contract_reference=None):
    changes = {"contract_reference": contract_reference} if contract_reference else {}
    PILOT_LIFECYCLE.apply(pilot, action, user, note=note, **changes)
    if action == PilotAction.contract:
        from app.impact.connections import commit_pilot
        commit_pilot(pilot, user)
    _tell_pilot(pilot, user, pilot.state.label)
    return pilot


def add_milestone(pilot, user, **fields):
    if not pilot.can_manage(user):
        raise NotAllowed(_l("Coordinators and the challenge owner keep the pilot's record."))
    if pilot.state in (PilotState.completed, PilotState.cancelled):
        raise ConflictError(_l("The pilot is over."))
    milestone = PilotMilestone(pilot=pilot, **fields)
    db.session.add(milestone)
    PILOT_LIFECYCLE.record(pilot, PilotAction.add_milestone, user, note=fields.get("title", ""),
                           from_state=pilot.state, to_state=pilot.state)
    return milestone


def report_pilot_results(pilot, user, summary):
    """Report what the pilot achieved against the challenge's success indicators."""
    if not pilot.can_manage(user):
        raise NotAllowed(_l("Coordinators and the challenge owner keep the pilot's record."))
    pilot.results_summary, pilot.results_reported_at = summary, utcnow()
    db.session.flush()
    return pilot


def link_session(proposal, user, session):
    """Link a co-lab session that supports a shortlisted or winning team."""
    if not proposal.can_link_support(user):
        raise NotAllowed(_l("Coordinators link support sessions to shortlisted proposals."))
    from app.challenges.models import proposal_sessions

    exists = db.session.scalar(sa.select(sa.func.count()).select_from(proposal_sessions).where(
        proposal_sessions.c.proposal_id == proposal.id, proposal_sessions.c.session_id == session.id))
    if not exists:
        db.session.execute(proposal_sessions.insert().values(proposal_id=proposal.id, session_id=session.id))
    return session
