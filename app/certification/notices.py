"""Certification's kinds of notification."""
from app.i18n import lazy_gettext as _l
from app.notifications import kinds as k

k.register_area("certification", _l("Certification"))

SUBMITTED = k.register_kind("certification.submitted", _l("A self-assessment was submitted for review"),
                            k.coordinators, template="certification/email/submitted")
CHANGES_REQUESTED = k.register_kind("certification.changes_requested",
                                    _l("Changes requested in your self-assessment"), k.business_members,
                                    template="certification/email/changes_requested")
APPROVED = k.register_kind("certification.approved", _l("Your business is certified"), k.business_members,
                           template="certification/email/approved")
EXPIRING = k.register_kind("certification.expiring", _l("Your certificate is about to expire"), k.business_members,
                           template="certification/email/expiry_reminder")
SUSPENDED = k.register_kind("certification.suspended", _l("Your certificate was suspended"), k.business_members)
REINSTATED = k.register_kind("certification.reinstated", _l("Your certificate is valid again"), k.business_members)
REVOKED = k.register_kind("certification.revoked", _l("Your certificate was revoked"), k.business_members)
EXPIRED = k.register_kind("certification.expired", _l("Your certificate has expired"), k.business_members)
EXCEPTION_PROPOSED = k.register_kind("certification.exception_proposed",
                                     _l("An exception to the standard awaits your confirmation"), k.coordinators)
COMMENT_REPLY = k.register_kind("certification.comment_reply", _l("A reply in a review thread"),
                                lambda user: k.business_members(user) or k.coordinators(user))
CONCERN_RECEIVED = k.register_kind("certification.concern", _l("A concern about a certified business was reported"),
                                   k.coordinators)
