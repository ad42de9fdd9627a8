"""Fixed lists of the science shop: states, themes, kinds of help, reasons, notification kinds."""

from app.enums import LabelledEnum, Theme  # noqa: F401  (the one vocabulary, shared)
from app.i18n import lazy_gettext as _l


class RequestState(LabelledEnum):
    draft = "draft", _l("Draft")
    submitted = "submitted", _l("Submitted")
    needs_info = "needs_info", _l("More information asked")
    accepted = "accepted", _l("Accepted")
    declined = "declined", _l("Declined")
    referred = "referred", _l("Referred elsewhere")
    advised = "advised", _l("Answered with advice")
    open = "open", _l("Open to researchers")
    colab = "colab", _l("Routed to a co-lab")
    claimed = "claimed", _l("Claimed")
    in_progress = "in_progress", _l("In progress")
    completed = "completed", _l("Completed")
    withdrawn = "withdrawn", _l("Withdrawn")


# How long the group may leave a question unanswered before it is reminded, once.
INFO_REMINDER_DAYS = 14
# States a coordinator still has to act on, oldest first in the queue.
WAITING_STATES = (RequestState.submitted, RequestState.accepted)
# States in which work is under way or done: researchers may see these.
RESEARCHER_STATES = (RequestState.open, RequestState.claimed, RequestState.in_progress, RequestState.completed)
ACTIVE_WORK_STATES = (RequestState.claimed, RequestState.in_progress)


class Outcome(LabelledEnum):
    """The four ways a science shop answers a question."""

    project = "project", _l("Research project")
    referred = "referred", _l("Referred elsewhere")
    advice = "advice", _l("Advice")
    declined = "declined", _l("Declined")


class HelpKind(LabelledEnum):
    research_project = "research_project", _l("Research project")
    student_thesis = "student_thesis", _l("Student thesis")
    literature_review = "literature_review", _l("Literature review")
    advice = "advice", _l("Advice")
    colab_session = "colab_session", _l("Co-lab session")


class RequestLanguage(LabelledEnum):
    sv = "sv", _l("Swedish")
    en = "en", _l("English")
    other = "other", _l("Another language")


class DeclineReason(LabelledEnum):
    commercial_interest = "commercial_interest", _l("Commercial interest")
    outside_scope = "outside_scope", _l("Outside the science shop's scope")
    no_capacity = "no_capacity", _l("No capacity")
    other = "other", _l("Other reason")


class AssignmentRole(LabelledEnum):
    lead = "lead", _l("Lead researcher")
    co_researcher = "co_researcher", _l("Co-researcher")
    student = "student", _l("Student")


class EventKind(LabelledEnum):
    """Every entry of a request's timeline: the transitions and the other recorded steps."""

    submit = "submit", _l("Submitted")
    withdraw = "withdraw", _l("Withdrawn by the group")
    accept = "accept", _l("Accepted by the science shop")
    ask_info = "ask_info", _l("More information asked")
    decline = "decline", _l("Declined")
    refer = "refer", _l("Referred elsewhere")
    advise = "advise", _l("Answered with advice")
    open = "open", _l("Opened to researchers")
    route_colab = "route_colab", _l("Routed to a co-lab")
    claim = "claim", _l("Claimed by a researcher")
    start = "start", _l("Work started")
    complete = "complete", _l("Completed with a result")
    complete_colab = "complete_colab", _l("Completed after the co-lab")
    progress = "progress", _l("Progress update")
    add_researcher = "add_researcher", _l("Researcher added")
    rate = "rate", _l("Rated by the group")
    assign = "assign", _l("Assigned to a researcher by the science shop")
    release = "release", _l("Released back to researchers by the science shop")
    hand_back = "hand_back", _l("Handed back by the researcher")
    hand_over = "hand_over", _l("Handed over to a co-researcher")
    remove_member = "remove_member", _l("Researcher removed")
    remind_info = "remind_info", _l("The group was reminded of the question")
    consent = "consent", _l("Consent to publish changed")
    follow_up = "follow_up", _l("Follow-up evaluation answered")


class NotificationKind(LabelledEnum):
    new_request = "new_request", _l("A new request was submitted")
    info_requested = "info_requested", _l("The science shop asks for more information")
    accepted = "accepted", _l("Your request was accepted")
    declined = "declined", _l("Your request was declined")
    referred = "referred", _l("Your request was referred elsewhere")
    advice = "advice", _l("Your request was answered with advice")
    new_open_request = "new_open_request", _l("A new open request matches your expertise")
    suggested = "suggested", _l("A coordinator suggests a request to you")
    claimed = "claimed", _l("A researcher claimed your request")
    progress = "progress", _l("Progress on your request")
    completed = "completed", _l("Your request is completed")
    new_message = "new_message", _l("New message")
    updated_request = "updated_request", _l("A request was updated with the information asked")
    info_reminder = "info_reminder", _l("Reminder: the science shop waits for your answer")
    started = "started", _l("Work on your request has started")
    routed_colab = "routed_colab", _l("Your request was routed to a co-lab")
    withdrawn = "withdrawn", _l("A request was withdrawn by its group")
    claimed_staff = "claimed_staff", _l("A researcher claimed a request")
    completed_staff = "completed_staff", _l("A request was completed")
    rated = "rated", _l("The group rated a result")
    consent_changed = "consent_changed", _l("A group changed its consent to publish")
    assigned = "assigned", _l("A request was assigned to you")
    released = "released", _l("A request was taken back from you")
    handed_over = "handed_over", _l("A request was handed over to you")
    follow_up = "follow_up", _l("How did the result help? A short follow-up")
    follow_up_answered = "follow_up_answered", _l("A group answered the follow-up")


# -- the follow-up evaluation, after the PERARES post-project questionnaire of European science shops ----------
FOLLOW_UP_MONTHS = 6  # after completion, unless REQUEST_FOLLOW_UP_MONTHS says otherwise
FOLLOW_UP_REMINDER_DAYS = 14


class ResultUse(LabelledEnum):
    yes = "yes", _l("Yes")
    partly = "partly", _l("Partly")
    no = "no", _l("No")

