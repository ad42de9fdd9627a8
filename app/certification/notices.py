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
