"""The challenge's kinds of notification."""
from app.i18n import lazy_gettext as _l
from app.notifications import kinds as k

k.register_area("challenges", _l("Challenge"))

CHALLENGE_SUBMITTED = k.register_kind("challenges.challenge_submitted", _l("A challenge waits for review"),
                                      k.coordinators)
CHALLENGE_REVIEWED = k.register_kind("challenges.challenge_reviewed",
                                     _l("Your challenge was published or needs changes"), k.stakeholder_members)
QUESTION_ASKED = k.register_kind("challenges.question_asked", _l("A question about your challenge"), k.anyone)
QUESTION_ANSWERED = k.register_kind("challenges.question_answered", _l("Your question about a challenge was answered"),
                                    k.anyone)
PROPOSAL_RECEIVED = k.register_kind("challenges.proposal_received", _l("Your proposal was received"), k.anyone)
ELIGIBILITY = k.register_kind("challenges.eligibility", _l("The eligibility check of your proposal"), k.anyone)
JUROR_INVITED = k.register_kind("challenges.juror_invited", _l("An invitation to a challenge jury"), k.anyone)
ASSIGNED = k.register_kind("challenges.assigned", _l("Proposals for you to score"), k.anyone)
CONFLICT_DECIDED = k.register_kind("challenges.conflict_decided", _l("The chair decided on a conflict of interest"),
                                   k.anyone)
RESULTS = k.register_kind("challenges.results", _l("The jury's decision and feedback on your proposal"), k.anyone)
PILOT_CHANGED = k.register_kind("challenges.pilot_changed", _l("A challenge pilot moved on"), k.anyone)
