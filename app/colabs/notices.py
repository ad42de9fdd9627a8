"""The co-labs' kinds of notification."""
from app.i18n import lazy_gettext as _l
from app.notifications import kinds as k

k.register_area("colabs", _l("Co-labs"))

REGISTERED = k.register_kind("colabs.registered", _l("Your registration for a session"), k.anyone,
                             template="colabs/email/registered")
WAITLISTED = k.register_kind("colabs.waitlisted", _l("Your place on a session's waitlist"), k.anyone,
                             template="colabs/email/waitlisted")
PROMOTED = k.register_kind("colabs.promoted", _l("A seat freed up for you"), k.anyone,
                           template="colabs/email/registered")
CHANGED = k.register_kind("colabs.session_changed", _l("A session you registered for changed"), k.anyone,
                          template="colabs/email/session_changed")
CANCELLED = k.register_kind("colabs.session_cancelled", _l("A session you registered for was cancelled"), k.anyone,
                            template="colabs/email/session_cancelled")
REMINDER = k.register_kind("colabs.reminder", _l("A reminder the day before a session"), k.anyone,
                           template="colabs/email/reminder")
MESSAGE = k.register_kind("colabs.message", _l("A message from a session's facilitators"), k.anyone,
                          template="colabs/email/message")
REGISTRANT_CANCELLED = k.register_kind("colabs.registrant_cancelled",
                                       _l("Someone cancelled their place at a session you run"), k.facilitators,
                                       template="colabs/email/facilitator_cancellation")
REMOVED = k.register_kind("colabs.removed", _l("A facilitator took you off a session"), k.anyone,
                          template="colabs/email/removed")
ACTION_DUE = k.register_kind("colabs.action_due", _l("A follow-up action of yours is due"), k.anyone,
                             template="colabs/email/action_due")
