"""Fixed lists of the challenge area: phases, states, actions, procurement routes, outcomes."""
import enum

from app.enums import LabelledEnum
from app.i18n import lazy_gettext as _l

MIN_REVIEWS = 3
# A spread of more than this share of the scale between jurors' scores is a strong disagreement
# (2 points on a 0-5 scale).
DISAGREEMENT_SHARE = 0.4
REMOVED = "[…]"


class Phase(LabelledEnum):
    """The phases of a cycle, in order; each starts on its own date (Europe/Stockholm)."""

    preparation = "preparation", _l("In preparation")
    call_for_challenges = "call_for_challenges", _l("Call for challenges")
    call_for_proposals = "call_for_proposals", _l("Call for proposals")
    eligibility = "eligibility", _l("Eligibility check")
    jury_review = "jury_review", _l("Jury review")
    shortlist = "shortlist", _l("Shortlist and coaching")
    final = "final", _l("Final")
    announcement = "announcement", _l("Announcement")
    follow_up = "follow_up", _l("Follow-up")


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


class Stage(LabelledEnum):
    """The stages at which the jury scores proposals against a rubric."""

    review = "review", _l("Jury review")
    final = "final", _l("Final")


# Jurors see proposals without names in these stages (a design contest stays anonymous until decided).
BLIND_STAGES = {Stage.review, Stage.final}
STAGE_OF_PHASE = {Phase.jury_review: Stage.review, Phase.shortlist: Stage.review, Phase.final: Stage.final}


class ChallengeState(LabelledEnum):
    draft = "draft", _l("Draft")
    submitted = "submitted", _l("Waiting for review")
    changes_requested = "changes_requested", _l("Changes requested")
    published = "published", _l("Published")
    closed = "closed", _l("Closed")
    withdrawn = "withdrawn", _l("Withdrawn")



class ChallengeAction(LabelledEnum):
    create = "create", _l("Drafted")
    submit = "submit", _l("Sent for review")
    request_changes = "request_changes", _l("Changes requested")
    publish = "publish", _l("Published")
    close = "close", _l("Closed")
    withdraw = "withdraw", _l("Withdrawn")
    answer_question = "answer_question", _l("Question answered")



class ProcurementRoute(LabelledEnum):
    prize_only = "prize_only", _l("Prize only")
    design_contest = "design_contest", _l("Design contest")
    direct_award = "direct_award", _l("Direct award")
    innovation_partnership = "innovation_partnership", _l("Innovation partnership")
    other = "other", _l("Other")



class ProposalState(LabelledEnum):
    draft = "draft", _l("Draft")
    submitted = "submitted", _l("Submitted")
    withdrawn = "withdrawn", _l("Withdrawn")
    eligible = "eligible", _l("Eligible")
    ineligible = "ineligible", _l("Not eligible")
    shortlisted = "shortlisted", _l("Shortlisted")
    finalist = "finalist", _l("Finalist")
    winner = "winner", _l("Winner")
    not_selected = "not_selected", _l("Not selected")


# States the jury works on, and the states that count as taking part.
IN_REVIEW = {ProposalState.eligible, ProposalState.shortlisted, ProposalState.finalist}
DECIDED = {ProposalState.shortlisted, ProposalState.finalist, ProposalState.winner, ProposalState.not_selected}
SENT = {ProposalState.submitted, ProposalState.eligible, ProposalState.ineligible} | DECIDED


class ProposalAction(LabelledEnum):
    create = "create", _l("Drafted")
    submit = "submit", _l("Submitted")
    withdraw = "withdraw", _l("Withdrawn")
    mark_eligible = "mark_eligible", _l("Found eligible")
    mark_ineligible = "mark_ineligible", _l("Found not eligible")
    shortlist = "shortlist", _l("Shortlisted")
    make_finalist = "make_finalist", _l("Made a finalist")
    award = "award", _l("Awarded")
    not_select = "not_select", _l("Not selected")
    check_eligibility = "check_eligibility", _l("Eligibility checked")
    correct_decision = "correct_decision", _l("Decision corrected")



class Outcome(LabelledEnum):
    shortlisted = "shortlisted", _l("Shortlisted")
    finalist = "finalist", _l("Finalist")
    winner = "winner", _l("Winner")
    not_selected = "not_selected", _l("Not selected")


OUTCOME_ACTION = {Outcome.shortlisted: ProposalAction.shortlist, Outcome.finalist: ProposalAction.make_finalist,
                  Outcome.winner: ProposalAction.award, Outcome.not_selected: ProposalAction.not_select}


class Recommendation(LabelledEnum):
    advance = "advance", _l("Take it further")
    maybe = "maybe", _l("Undecided")
    reject = "reject", _l("Do not take it further")



class ReviewState(enum.Enum):
    draft = "draft"
    submitted = "submitted"


class ConflictSource(LabelledEnum):
    declared = "declared", _l("Declared by the juror")
    detected = "detected", _l("Found by Samverka")



class ConflictDecision(LabelledEnum):
    pending = "pending", _l("Waiting for the chair")
    recused = "recused", _l("Recused")
    waived = "waived", _l("Waived")



class PilotState(LabelledEnum):
    negotiating = "negotiating", _l("Negotiating")
    contracted = "contracted", _l("Contracted")
    running = "running", _l("Running")
    completed = "completed", _l("Completed")
    cancelled = "cancelled", _l("Cancelled")



class PilotAction(LabelledEnum):
    create = "create", _l("Pilot started")
    contract = "contract", _l("Contract signed")
    start = "start", _l("Pilot running")
    complete = "complete", _l("Pilot completed")
    cancel = "cancel", _l("Pilot cancelled")
    add_milestone = "add_milestone", _l("Milestone recorded")

