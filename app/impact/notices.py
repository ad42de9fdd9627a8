"""The impact area's kinds of notification."""
from app.i18n import lazy_gettext as _l
from app.notifications import kinds as k

k.register_area("impact", _l("Impact"))

REPORT_DUE = k.register_kind("impact.report_due", _l("An impact report is due soon"), k.members,
                             template="impact/email/report_due")
REPORT_SUBMITTED = k.register_kind("impact.report_submitted", _l("An impact report waits for review"),
                                   k.coordinators)
REPORT_RETURNED = k.register_kind("impact.report_returned", _l("An impact report was returned with comments"),
                                  k.members)
REPORT_APPROVED = k.register_kind("impact.report_approved", _l("An impact report was approved"), k.members)
SNAPSHOT_PUBLISHED = k.register_kind("impact.snapshot_published", _l("The alliance published its impact figures"),
                                     k.members)
PILOT_RESULTS_DUE = k.register_kind("impact.pilot_results_due",
                                    _l("A challenge pilot's results are due a year after the award"), k.members)
