"""The lifecycles of assessments and certificates: rows for the one kernel in app/lifecycle.py."""
from app.certification.models import (
    Assessment,
    AssessmentAction,
    AssessmentEvent,
    AssessmentState,
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateState,
    Concern,
    ConcernAction,
    ConcernEvent,
    ConcernState,
)
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition


def _needs_reason(subject, changes, actor):
    return None if (changes.get("note") or "").strip() else _l("Give the reason.")


def _needs_standard(assessment, changes, actor):
    """Approval only when the answers reach the certification band."""
    if assessment.meets_standard():
        return None
    return _l("This assessment does not meet the standard (a must-pass criterion or a section minimum is not met). "
              "Ask for changes, or propose an exception.")


def _needs_shortfall(assessment, changes, actor):
    """An exception is only for an assessment below the standard; one that meets it is simply approved."""
    if assessment.meets_standard():
        return _l("This assessment meets the standard; approve it instead.")
    return None


def _needs_suspendable(concern, changes, actor):
    """Suspending needs a certificate that is valid now."""
    if concern.certificate.state == CertificateState.valid:
        return None
    return _l("The certificate is not valid now, so it cannot be suspended; dismiss the concern with the reason.")


A, S = AssessmentAction, AssessmentState
ASSESSMENT_LIFECYCLE = Lifecycle(Assessment, AssessmentEvent, "assessment_id", (
    transition(A.submit, {S.draft, S.changes_requested}, S.submitted, "can_act_for_business"),
    transition(A.request_changes, {S.submitted}, S.changes_requested, "can_coordinate"),
    transition(A.approve, {S.submitted}, S.approved, "can_coordinate", ["standard"]),
    transition(A.propose_exception, {S.submitted}, S.exception_proposed, "can_coordinate", ["reason", "shortfall"]),
    transition(A.confirm_exception, {S.exception_proposed}, S.approved, "can_confirm_exception"),
    transition(A.decline_exception, {S.exception_proposed}, S.submitted, "can_confirm_exception", ["reason"]),
), needs={"reason": _needs_reason, "standard": _needs_standard, "shortfall": _needs_shortfall})

C, CS = CertificateAction, CertificateState
CERTIFICATE_LIFECYCLE = Lifecycle(Certificate, CertificateEvent, "certificate_id", (
    transition(C.suspend, {CS.valid}, CS.suspended, "can_coordinate", ["reason"]),
    transition(C.reinstate, {CS.suspended}, CS.valid, "can_coordinate"),
    transition(C.revoke, {CS.valid, CS.suspended}, CS.revoked, "can_coordinate", ["reason"]),
    # Taken by the application when a renewal is approved: the old certificate points to the new one.
    transition(C.supersede, {CS.valid, CS.suspended}, CS.superseded, None),
), needs={"reason": _needs_reason})

K, KS = ConcernAction, ConcernState
OPEN_CONCERN = {KS.received, KS.acknowledged, KS.investigating}
CONCERN_LIFECYCLE = Lifecycle(Concern, ConcernEvent, "concern_id", (
    transition(K.acknowledge, {KS.received}, KS.acknowledged, "can_triage"),
    transition(K.investigate, {KS.received, KS.acknowledged}, KS.investigating, "can_triage"),
    transition(K.dismiss, OPEN_CONCERN, KS.dismissed, "can_triage", ["reason"]),
    transition(K.suspend, OPEN_CONCERN, KS.upheld, "can_triage", ["reason", "suspendable"]),
), needs={"reason": _needs_reason, "suspendable": _needs_suspendable})
