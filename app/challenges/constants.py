"""Fixed lists of the challenge area: phases, states, actions, procurement routes, outcomes."""
import enum

from app.i18n import lazy_gettext as _l

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MIN_REVIEWS = 3
# A spread of more than this share of the scale between jurors' scores is a strong disagreement
# (2 points on a 0-5 scale).
DISAGREEMENT_SHARE = 0.4
REMOVED = "[…]"


class Phase(enum.Enum):
    """The phases of a cycle, in order; each starts on its own date (Europe/Stockholm)."""

    preparation = "preparation"
    call_for_challenges = "call_for_challenges"
    call_for_proposals = "call_for_proposals"
    eligibility = "eligibility"
    jury_review = "jury_review"
    shortlist = "shortlist"
    final = "final"
    announcement = "announcement"
    follow_up = "follow_up"


PHASE_LABELS = {
    Phase.preparation: _l("In preparation"),
    Phase.call_for_challenges: _l("Call for challenges"),
    Phase.call_for_proposals: _l("Call for proposals"),
    Phase.eligibility: _l("Eligibility check"),
    Phase.jury_review: _l("Jury review"),
    Phase.shortlist: _l("Shortlist and coaching"),
    Phase.final: _l("Final"),
    Phase.announcement: _l("Announcement"),
    Phase.follow_up: _l("Follow-up"),
}
# The cycle's date column on which each phase (after preparation) starts.
PHASE_STARTS = {
    Phase.call_for_challenges: "challenges_open_on",
    Phase.call_for_proposals: "proposals_open_on",
    Phase.eligibility: "proposals_close_on",
    Phase.jury_review: "review_opens_on",
    Phase.shortlist: "shortlist_on",
    Phase.final: "final_on",
    Phase.announcement: "announcement_on",
    Phase.follow_up: "follow_up_on",
}
PHASE_ORDER = list(Phase)


class Stage(enum.Enum):
    """The stages at which the jury scores proposals against a rubric."""

    review = "review"
    final = "final"


STAGE_LABELS = {Stage.review: _l("Jury review"), Stage.final: _l("Final")}
# Jurors see proposals without names in these stages (a design contest stays anonymous until decided).
BLIND_STAGES = {Stage.review, Stage.final}
STAGE_OF_PHASE = {Phase.jury_review: Stage.review, Phase.shortlist: Stage.review, Phase.final: Stage.final}


class ChallengeState(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    changes_requested = "changes_requested"
    published = "published"
    closed = "closed"
    withdrawn = "withdrawn"


CHALLENGE_STATE_LABELS = {
    ChallengeState.draft: _l("Draft"),
    ChallengeState.submitted: _l("Waiting for review"),
    ChallengeState.changes_requested: _l("Changes requested"),
    ChallengeState.published: _l("Published"),
    ChallengeState.closed: _l("Closed"),
    ChallengeState.withdrawn: _l("Withdrawn"),
}


class ChallengeAction(enum.Enum):
    create = "create"
    submit = "submit"
    request_changes = "request_changes"
    publish = "publish"
    close = "close"
    withdraw = "withdraw"
    answer_question = "answer_question"


CHALLENGE_ACTION_LABELS = {
    ChallengeAction.create: _l("Drafted"),
    ChallengeAction.submit: _l("Sent for review"),
    ChallengeAction.request_changes: _l("Changes requested"),
    ChallengeAction.publish: _l("Published"),
    ChallengeAction.close: _l("Closed"),
    ChallengeAction.withdraw: _l("Withdrawn"),
    ChallengeAction.answer_question: _l("Question answered"),
}


class ProcurementRoute(enum.Enum):
    prize_only = "prize_only"
    design_contest = "design_contest"
    direct_award = "direct_award"
    innovation_partnership = "innovation_partnership"
    other = "other"


PROCUREMENT_LABELS = {
    ProcurementRoute.prize_only: _l("Prize only"),
    ProcurementRoute.design_contest: _l("Design contest"),
    ProcurementRoute.direct_award: _l("Direct award"),
    ProcurementRoute.innovation_partnership: _l("Innovation partnership"),
    ProcurementRoute.other: _l("Other"),
}


class ProposalState(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"
    eligible = "eligible"
    ineligible = "ineligible"
    shortlisted = "shortlisted"
    finalist = "finalist"
    winner = "winner"
    not_selected = "not_selected"


PROPOSAL_STATE_LABELS = {
    ProposalState.draft: _l("Draft"),
    ProposalState.submitted: _l("Submitted"),
    ProposalState.withdrawn: _l("Withdrawn"),
    ProposalState.eligible: _l("Eligible"),
    ProposalState.ineligible: _l("Not eligible"),
    ProposalState.shortlisted: _l("Shortlisted"),
    ProposalState.finalist: _l("Finalist"),
    ProposalState.winner: _l("Winner"),
    ProposalState.not_selected: _l("Not selected"),
}
# States the jury works on, and the states that count as taking part.
IN_REVIEW = {ProposalState.eligible, ProposalState.shortlisted, ProposalState.finalist}
DECIDED = {ProposalState.shortlisted, ProposalState.finalist, ProposalState.winner, ProposalState.not_selected}
SENT = {ProposalState.submitted, ProposalState.eligible, ProposalState.ineligible} | DECIDED


class ProposalAction(enum.Enum):
    create = "create"
    submit = "submit"
    withdraw = "withdraw"
    mark_eligible = "mark_eligible"
    mark_ineligible = "mark_ineligible"
    shortlist = "shortlist"
    make_finalist = "make_finalist"
    award = "award"
    not_select = "not_select"
    check_eligibility = "check_eligibility"
    correct_decision = "correct_decision"


PROPOSAL_ACTION_LABELS = {
    ProposalAction.create: _l("Drafted"),
    ProposalAction.submit: _l("Submitted"),
    ProposalAction.withdraw: _l("Withdrawn"),
    ProposalAction.mark_eligible: _l("Found eligible"),
    ProposalAction.mark_ineligible: _l("Found not eligible"),
    ProposalAction.shortlist: _l("Shortlisted"),
    ProposalAction.make_finalist: _l("Made a finalist"),
    ProposalAction.award: _l("Awarded"),
    ProposalAction.not_select: _l("Not selected"),
    ProposalAction.check_eligibility: _l("Eligibility checked"),
    ProposalAction.correct_decision: _l("Decision corrected"),
}


class Outcome(enum.Enum):
    shortlisted = "shortlisted"
    finalist = "finalist"
    winner = "winner"
    not_selected = "not_selected"


OUTCOME_LABELS = {
    Outcome.shortlisted: _l("Shortlisted"),
    Outcome.finalist: _l("Finalist"),
    Outcome.winner: _l("Winner"),
    Outcome.not_selected: _l("Not selected"),
}
OUTCOME_ACTION = {Outcome.shortlisted: ProposalAction.shortlist, Outcome.finalist: ProposalAction.make_finalist,
                  Outcome.winner: ProposalAction.award, Outcome.not_selected: ProposalAction.not_select}


class Recommendation(enum.Enum):
    advance = "advance"
    maybe = "maybe"
    reject = "reject"


RECOMMENDATION_LABELS = {
    Recommendation.advance: _l("Take it further"),
    Recommendation.maybe: _l("Undecided"),
    Recommendation.reject: _l("Do not take it further"),
}


class ReviewState(enum.Enum):
    draft = "draft"
    submitted = "submitted"


class ConflictSource(enum.Enum):
    declared = "declared"
    detected = "detected"


CONFLICT_SOURCE_LABELS = {ConflictSource.declared: _l("Declared by the juror"),
                          ConflictSource.detected: _l("Found by Samverka")}


class ConflictDecision(enum.Enum):
    pending = "pending"
    recused = "recused"
    waived = "waived"


CONFLICT_DECISION_LABELS = {ConflictDecision.pending: _l("Waiting for the chair"),
                            ConflictDecision.recused: _l("Recused"), ConflictDecision.waived: _l("Waived")}


class PilotState(enum.Enum):
    negotiating = "negotiating"
    contracted = "contracted"
    running = "running"
    completed = "completed"
    cancelled = "cancelled"


PILOT_STATE_LABELS = {
    PilotState.negotiating: _l("Negotiating"),
    PilotState.contracted: _l("Contracted"),
    PilotState.running: _l("Running"),
    PilotState.completed: _l("Completed"),
    PilotState.cancelled: _l("Cancelled"),
}


class PilotAction(enum.Enum):
    create = "create"
    contract = "contract"
    start = "start"
    complete = "complete"
    cancel = "cancel"
    add_milestone = "add_milestone"


PILOT_ACTION_LABELS = {
    PilotAction.create: _l("Pilot started"),
    PilotAction.contract: _l("Contract signed"),
    PilotAction.start: _l("Pilot running"),
    PilotAction.complete: _l("Pilot completed"),
    PilotAction.cancel: _l("Pilot cancelled"),
    PilotAction.add_milestone: _l("Milestone recorded"),
}
