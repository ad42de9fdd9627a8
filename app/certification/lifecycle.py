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
)
from app.i18n import lazy_gettext as _l
from app.lifecycle import Lifecycle, transition


def _needs_reason(certificate, changes, actor):
    return None if (changes.get("note") or "").strip() else _l("Give the reason.")


A, S = AssessmentAction, AssessmentState
ASSESSMENT_LIFECYCLE = Lifecycle(Assessment, AssessmentEvent, "assessment_id", (
    transition(A.submit, {S.draft, S.changes_requested}, S.submitted, "can_act_for_business"),
    transition(A.request_changes, {S.submitted}, S.changes_requested, "can_coordinate"),
    transition(A.approve, {S.submitted}, S.approved, "can_coordinate"),
))

C, CS = CertificateAction, CertificateState
CERTIFICATE_LIFECYCLE = Lifecycle(Certificate, CertificateEvent, "certificate_id", (
    transition(C.suspend, {CS.valid}, CS.suspended, "can_coordinate", ["reason"]),
    transition(C.reinstate, {CS.suspended}, CS.valid, "can_coordinate"),
    transition(C.revoke, {CS.valid, CS.suspended}, CS.revoked, "can_coordinate", ["reason"]),
), needs={"reason": _needs_reason})
