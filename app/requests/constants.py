"""Fixed lists of the science shop: states, themes, kinds of help, reasons, notification kinds."""
import enum

from app.i18n import lazy_gettext as _l


class RequestState(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    needs_info = "needs_info"
    accepted = "accepted"
    declined = "declined"
    referred = "referred"
    advised = "advised"
    open = "open"
    colab = "colab"
    claimed = "claimed"
    in_progress = "in_progress"
    completed = "completed"
    withdrawn = "withdrawn"


STATE_LABELS = {
    RequestState.draft: _l("Draft"),
    RequestState.submitted: _l("Submitted"),
    RequestState.needs_info: _l("More information asked"),
    RequestState.accepted: _l("Accepted"),
    RequestState.declined: _l("Declined"),
    RequestState.referred: _l("Referred elsewhere"),
    RequestState.advised: _l("Answered with advice"),
    RequestState.open: _l("Open to researchers"),
    RequestState.colab: _l("Routed to a co-lab"),
    RequestState.claimed: _l("Claimed"),
    RequestState.in_progress: _l("In progress"),
    RequestState.completed: _l("Completed"),
    RequestState.withdrawn: _l("Withdrawn"),
}

# How long the group may leave a question unanswered before it is reminded, once.
INFO_REMINDER_DAYS = 14
# States a coordinator still has to act on, oldest first in the queue.
WAITING_STATES = (RequestState.submitted, RequestState.accepted)
# States in which work is under way or done: researchers may see these.
RESEARCHER_STATES = (RequestState.open, RequestState.claimed, RequestState.in_progress, RequestState.completed)
ACTIVE_WORK_STATES = (RequestState.claimed, RequestState.in_progress)


class Outcome(enum.Enum):
    """The four ways a science shop answers a question."""

    project = "project"
    referred = "referred"
    advice = "advice"
    declined = "declined"


OUTCOME_LABELS = {
    Outcome.project: _l("Research project"),
    Outcome.referred: _l("Referred elsewhere"),
    Outcome.advice: _l("Advice"),
    Outcome.declined: _l("Declined"),
}


class HelpKind(enum.Enum):
    research_project = "research_project"
    student_thesis = "student_thesis"
    literature_review = "literature_review"
    advice = "advice"
    colab_session = "colab_session"


HELP_KIND_LABELS = {
    HelpKind.research_project: _l("Research project"),
    HelpKind.student_thesis: _l("Student thesis"),
    HelpKind.literature_review: _l("Literature review"),
    HelpKind.advice: _l("Advice"),
    HelpKind.colab_session: _l("Co-lab session"),
}


class RequestLanguage(enum.Enum):
    sv = "sv"
    en = "en"
    other = "other"


LANGUAGE_LABELS = {
    RequestLanguage.sv: _l("Swedish"),
    RequestLanguage.en: _l("English"),
    RequestLanguage.other: _l("Another language"),
}


class DeclineReason(enum.Enum):
    commercial_interest = "commercial_interest"
    outside_scope = "outside_scope"
    no_capacity = "no_capacity"
    other = "other"


DECLINE_REASON_LABELS = {
    DeclineReason.commercial_interest: _l("Commercial interest"),
    DeclineReason.outside_scope: _l("Outside the science shop's scope"),
    DeclineReason.no_capacity: _l("No capacity"),
    DeclineReason.other: _l("Other reason"),
}


class Theme(enum.Enum):
    """The 17 Sustainable Development Goals and a few local themes."""

    sdg01 = "sdg01"
    sdg02 = "sdg02"
    sdg03 = "sdg03"
    sdg04 = "sdg04"
    sdg05 = "sdg05"
    sdg06 = "sdg06"
    sdg07 = "sdg07"
    sdg08 = "sdg08"
    sdg09 = "sdg09"
    sdg10 = "sdg10"
    sdg11 = "sdg11"
    sdg12 = "sdg12"
    sdg13 = "sdg13"
    sdg14 = "sdg14"
    sdg15 = "sdg15"
    sdg16 = "sdg16"
    sdg17 = "sdg17"
    democracy = "democracy"
    culture = "culture"
    digital = "digital"
    migration = "migration"


THEME_LABELS = {
    Theme.sdg01: _l("Goal 1: No poverty"),
    Theme.sdg02: _l("Goal 2: Zero hunger"),
    Theme.sdg03: _l("Goal 3: Good health and well-being"),
    Theme.sdg04: _l("Goal 4: Quality education"),
    Theme.sdg05: _l("Goal 5: Gender equality"),
    Theme.sdg06: _l("Goal 6: Clean water and sanitation"),
    Theme.sdg07: _l("Goal 7: Affordable and clean energy"),
    Theme.sdg08: _l("Goal 8: Decent work and economic growth"),
    Theme.sdg09: _l("Goal 9: Industry, innovation and infrastructure"),
    Theme.sdg10: _l("Goal 10: Reduced inequalities"),
    Theme.sdg11: _l("Goal 11: Sustainable cities and communities"),
    Theme.sdg12: _l("Goal 12: Responsible consumption and production"),
    Theme.sdg13: _l("Goal 13: Climate action"),
    Theme.sdg14: _l("Goal 14: Life below water"),
    Theme.sdg15: _l("Goal 15: Life on land"),
    Theme.sdg16: _l("Goal 16: Peace, justice and strong institutions"),
    Theme.sdg17: _l("Goal 17: Partnerships for the goals"),
    Theme.democracy: _l("Democracy and participation"),
    Theme.culture: _l("Culture and leisure"),
    Theme.digital: _l("Digital inclusion"),
    Theme.migration: _l("Migration and integration"),
}


class AssignmentRole(enum.Enum):
    lead = "lead"
    co_researcher = "co_researcher"
    student = "student"


ASSIGNMENT_ROLE_LABELS = {
    AssignmentRole.lead: _l("Lead researcher"),
    AssignmentRole.co_researcher: _l("Co-researcher"),
    AssignmentRole.student: _l("Student"),
}


class EventKind(enum.Enum):
    """Every entry of a request's timeline: the transitions and the other recorded steps."""

    submit = "submit"
    withdraw = "withdraw"
    accept = "accept"
    ask_info = "ask_info"
    decline = "decline"
    refer = "refer"
    advise = "advise"
    open = "open"
    route_colab = "route_colab"
    claim = "claim"
    start = "start"
    complete = "complete"
    complete_colab = "complete_colab"
    progress = "progress"
    add_researcher = "add_researcher"
    rate = "rate"
    assign = "assign"
    release = "release"
    hand_back = "hand_back"
    hand_over = "hand_over"
    remove_member = "remove_member"
    remind_info = "remind_info"
    consent = "consent"
    follow_up = "follow_up"


EVENT_LABELS = {
    EventKind.submit: _l("Submitted"),
    EventKind.withdraw: _l("Withdrawn by the group"),
    EventKind.accept: _l("Accepted by the science shop"),
    EventKind.ask_info: _l("More information asked"),
    EventKind.decline: _l("Declined"),
    EventKind.refer: _l("Referred elsewhere"),
    EventKind.advise: _l("Answered with advice"),
    EventKind.open: _l("Opened to researchers"),
    EventKind.route_colab: _l("Routed to a co-lab"),
    EventKind.claim: _l("Claimed by a researcher"),
    EventKind.start: _l("Work started"),
    EventKind.complete: _l("Completed with a result"),
    EventKind.complete_colab: _l("Completed after the co-lab"),
    EventKind.progress: _l("Progress update"),
    EventKind.add_researcher: _l("Researcher added"),
    EventKind.rate: _l("Rated by the group"),
    EventKind.assign: _l("Assigned to a researcher by the science shop"),
    EventKind.release: _l("Released back to researchers by the science shop"),
    EventKind.hand_back: _l("Handed back by the researcher"),
    EventKind.hand_over: _l("Handed over to a co-researcher"),
    EventKind.remove_member: _l("Researcher removed"),
    EventKind.remind_info: _l("The group was reminded of the question"),
    EventKind.consent: _l("Consent to publish changed"),
    EventKind.follow_up: _l("Follow-up evaluation answered"),
}


class NotificationKind(enum.Enum):
    new_request = "new_request"
    info_requested = "info_requested"
    accepted = "accepted"
    declined = "declined"
    referred = "referred"
    advice = "advice"
    new_open_request = "new_open_request"
    suggested = "suggested"
    claimed = "claimed"
    progress = "progress"
    completed = "completed"
    new_message = "new_message"
    updated_request = "updated_request"
    info_reminder = "info_reminder"
    started = "started"
    routed_colab = "routed_colab"
    withdrawn = "withdrawn"
    claimed_staff = "claimed_staff"
    completed_staff = "completed_staff"
    rated = "rated"
    consent_changed = "consent_changed"
    assigned = "assigned"
    released = "released"
    handed_over = "handed_over"
    follow_up = "follow_up"
    follow_up_answered = "follow_up_answered"


NOTIFICATION_LABELS = {
    NotificationKind.new_request: _l("A new request was submitted"),
    NotificationKind.info_requested: _l("The science shop asks for more information"),
    NotificationKind.accepted: _l("Your request was accepted"),
    NotificationKind.declined: _l("Your request was declined"),
    NotificationKind.referred: _l("Your request was referred elsewhere"),
    NotificationKind.advice: _l("Your request was answered with advice"),
    NotificationKind.new_open_request: _l("A new open request matches your expertise"),
    NotificationKind.suggested: _l("A coordinator suggests a request to you"),
    NotificationKind.claimed: _l("A researcher claimed your request"),
    NotificationKind.progress: _l("Progress on your request"),
    NotificationKind.completed: _l("Your request is completed"),
    NotificationKind.new_message: _l("New message"),
    NotificationKind.updated_request: _l("A request was updated with the information asked"),
    NotificationKind.info_reminder: _l("Reminder: the science shop waits for your answer"),
    NotificationKind.started: _l("Work on your request has started"),
    NotificationKind.routed_colab: _l("Your request was routed to a co-lab"),
    NotificationKind.withdrawn: _l("A request was withdrawn by its group"),
    NotificationKind.claimed_staff: _l("A researcher claimed a request"),
    NotificationKind.completed_staff: _l("A request was completed"),
    NotificationKind.rated: _l("The group rated a result"),
    NotificationKind.consent_changed: _l("A group changed its consent to publish"),
    NotificationKind.assigned: _l("A request was assigned to you"),
    NotificationKind.released: _l("A request was taken back from you"),
    NotificationKind.handed_over: _l("A request was handed over to you"),
    NotificationKind.follow_up: _l("How did the result help? A short follow-up"),
    NotificationKind.follow_up_answered: _l("A group answered the follow-up"),
}



# -- the follow-up evaluation, after the PERARES post-project questionnaire of European science shops ----------
FOLLOW_UP_MONTHS = 6  # after completion, unless REQUEST_FOLLOW_UP_MONTHS says otherwise
FOLLOW_UP_REMINDER_DAYS = 14


class ResultUse(enum.Enum):
    yes = "yes"
    partly = "partly"
    no = "no"


RESULT_USE_LABELS = {
    ResultUse.yes: _l("Yes"),
    ResultUse.partly: _l("Partly"),
    ResultUse.no: _l("No"),
}
