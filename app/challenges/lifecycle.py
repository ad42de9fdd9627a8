"""The lifecycles of challenges, proposals and pilots: rows for the one kernel in app/lifecycle.py."""
import sqlalchemy as sa

from app.challenges.constants import ChallengeAction as CA
from app.challenges.constants import ChallengeState as C
from app.challenges.constants import PilotAction as PA
from app.challenges.constants import PilotState as P
from app.challenges.constants import ProposalAction as A
from app.challenges.constants import ProposalState as S
from app.challenges.models import (
    Challenge,
    ChallengeEvent,
    EligibilityCheck,
    Pilot,
    PilotEvent,
    Proposal,
    ProposalEvent,
)
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition


def _needs_takes_challenges(challenge, changes, actor):
    if not challenge.cycle.takes_challenges:
        return _l("The cycle no longer takes challenges: proposals are closed.")
    return None


def _needs_review_note(challenge, changes, actor):
    return None if (changes.get("review_note") or "").strip() else _l("Say what should change.")


CHALLENGE_LIFECYCLE = Lifecycle(Challenge, ChallengeEvent, "challenge_id", (
    transition(CA.submit, {C.draft, C.changes_requested}, C.submitted, "is_owner", ["takes_challenges"]),
    transition(CA.request_changes, {C.submitted}, C.changes_requested, "can_review", ["review_note"]),
    transition(CA.publish, {C.submitted}, C.published, "can_review", ["takes_challenges"]),
    transition(CA.close, {C.published}, C.closed, "can_review"),
    transition(CA.withdraw, {C.draft, C.submitted, C.changes_requested}, C.withdrawn, "is_owner"),
), needs={"takes_challenges": _needs_takes_challenges, "review_note": _needs_review_note})


def _needs_before_deadline(proposal, changes, actor):
    if not proposal.challenge.cycle.takes_proposals:
        return _l("The call for proposals is closed.")
    return None


def _needs_open_challenge(proposal, changes, actor):
    if proposal.challenge.state.value != "published":
        return _l("The challenge no longer takes proposals.")
    return None


def _agreeing_checks(proposal, passed):
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(EligibilityCheck.checked_by_id))).where(
        EligibilityCheck.proposal_id == proposal.id, EligibilityCheck.passed.is_(passed)))


def _needs_two_passes(proposal, changes, actor):
    if _agreeing_checks(proposal, True) < 2:
        return _l("Two coordinators must find the proposal eligible.")
    return None


def _needs_two_fails(proposal, changes, actor):
    if _agreeing_checks(proposal, False) < 2:
        return _l("Two coordinators must find the proposal not eligible.")
    return None


def _needs_rationale(proposal, changes, actor):
    return None if (changes.get("note") or "").strip() else _l("Give the jury's rationale.")


PROPOSAL_LIFECYCLE = Lifecycle(Proposal, ProposalEvent, "proposal_id", (
    transition(A.submit, {S.draft}, S.submitted, "is_applicant", ["before_deadline", "open_challenge"]),
    transition(A.withdraw, {S.draft, S.submitted}, S.withdrawn, "is_applicant", ["before_deadline"]),
    transition(A.mark_eligible, {S.submitted}, S.eligible, "can_check_eligibility", ["two_passes"]),
    transition(A.mark_ineligible, {S.submitted}, S.ineligible, "can_check_eligibility", ["two_fails"]),
    transition(A.shortlist, {S.eligible}, S.shortlisted, "can_decide", ["rationale"]),
    transition(A.make_finalist, {S.shortlisted}, S.finalist, "can_decide", ["rationale"]),
    transition(A.award, {S.finalist}, S.winner, "can_decide", ["rationale"]),
    transition(A.not_select, {S.eligible, S.shortlisted, S.finalist}, S.not_selected, "can_decide", ["rationale"]),
), needs={"before_deadline": _needs_before_deadline, "open_challenge": _needs_open_challenge,
          "two_passes": _needs_two_passes, "two_fails": _needs_two_fails, "rationale": _needs_rationale})


def _needs_contract_reference(pilot, changes, actor):
    reference = changes.get("contract_reference", pilot.contract_reference)
    return None if (reference or "").strip() else _l("Give the contract's reference.")


PILOT_LIFECYCLE = Lifecycle(Pilot, PilotEvent, "pilot_id", (
    transition(PA.contract, {P.negotiating}, P.contracted, "can_manage", ["contract_reference"]),
    transition(PA.start, {P.contracted}, P.running, "can_manage"),
    transition(PA.complete, {P.running}, P.completed, "can_manage"),
    transition(PA.cancel, {P.negotiating, P.contracted, P.running}, P.cancelled, "can_manage"),
), needs={"contract_reference": _needs_contract_reference})
