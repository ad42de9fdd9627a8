"""Fixed lists of the co-labs area: formats, themes, session and registration states."""
import enum

from app.i18n import lazy_gettext as _l

TIMEZONE_NAME = "Europe/Stockholm"
ANSWERS_KEPT_DAYS = 30
REMINDER_HOURS = 24
# Seats kept for a sector go to everyone this many days before the session (each session may set its own).
KEPT_SEATS_RELEASE_DAYS = 7
# Attendance (and the door list) opens this long before the session starts.
ATTENDANCE_OPENS_HOURS = 24
# Dates further away than this (either way) show their year on pages.
FAR_DATE_DAYS = 183


class SessionFormat(enum.Enum):
    colab_workshop = "colab_workshop"
    science_cafe = "science_cafe"
    challenge_workshop = "challenge_workshop"
    training = "training"
    clinic = "clinic"  # an impact-measurement clinic (app/impact's learning section lists them)


FORMAT_LABELS = {
    SessionFormat.colab_workshop: _l("Co-lab workshop"),
    SessionFormat.science_cafe: _l("Science café"),
    SessionFormat.challenge_workshop: _l("Challenge workshop"),
    SessionFormat.training: _l("Training"),
    SessionFormat.clinic: _l("Impact clinic"),
}


class Theme(enum.Enum):
    housing = "housing"
    health = "health"
    work = "work"
    environment = "environment"
    education = "education"
    inclusion = "inclusion"
    social_enterprise = "social_enterprise"
    digital = "digital"


THEME_LABELS = {
    Theme.housing: _l("Housing and neighbourhoods"),
    Theme.health: _l("Health and well-being"),
    Theme.work: _l("Work and labour market"),
    Theme.environment: _l("Environment and climate"),
    Theme.education: _l("Education and young people"),
    Theme.inclusion: _l("Inclusion and equality"),
    Theme.social_enterprise: _l("Social enterprise"),
    Theme.digital: _l("Digital inclusion"),
}

LANGUAGE_LABELS = {"sv": _l("Swedish"), "en": _l("English"), "sv_en": _l("Swedish and English")}


class SessionState(enum.Enum):
    draft = "draft"
    published = "published"
    cancelled = "cancelled"
    completed = "completed"


STATE_LABELS = {
    SessionState.draft: _l("Draft"),
    SessionState.published: _l("Published"),
    SessionState.cancelled: _l("Cancelled"),
    SessionState.completed: _l("Completed"),
}


class SessionAction(enum.Enum):
    """Every entry of a session's history."""

    create = "create"
    publish = "publish"
    update = "update"
    cancel = "cancel"
    complete = "complete"
    record_outcomes = "record_outcomes"
    release_seats = "release_seats"


SESSION_ACTION_LABELS = {
    SessionAction.create: _l("Created"),
    SessionAction.publish: _l("Published"),
    SessionAction.update: _l("Details changed"),
    SessionAction.cancel: _l("Cancelled"),
    SessionAction.complete: _l("Closed after the session"),
    SessionAction.record_outcomes: _l("Outcomes recorded"),
    SessionAction.release_seats: _l("Kept seats released to everyone"),
}


class RegistrationState(enum.Enum):
    registered = "registered"
    waitlisted = "waitlisted"
    cancelled = "cancelled"
    no_show = "no_show"


class RegistrationAction(enum.Enum):
    """Every entry of a registration's history."""

    register = "register"
    join_waitlist = "join_waitlist"
    promote = "promote"
    cancel = "cancel"
    # Steps a session's facilitators take by hand.
    admit = "admit"
    remove = "remove"
    walk_in = "walk_in"
    mark_no_show = "mark_no_show"
    mark_arrived = "mark_arrived"


REGISTRATION_ACTION_LABELS = {
    RegistrationAction.register: _l("Registered"),
    RegistrationAction.join_waitlist: _l("Joined the waitlist"),
    RegistrationAction.promote: _l("Moved up from the waitlist"),
    RegistrationAction.cancel: _l("Cancelled"),
    RegistrationAction.admit: _l("Given a seat from the waitlist by a facilitator"),
    RegistrationAction.remove: _l("Removed by a facilitator"),
    RegistrationAction.walk_in: _l("Came in at the door"),
    RegistrationAction.mark_no_show: _l("Marked as not come"),
    RegistrationAction.mark_arrived: _l("Marked as come after all"),
}

REGISTRATION_LABELS = {
    RegistrationState.registered: _l("Registered"),
    RegistrationState.waitlisted: _l("On the waitlist"),
    RegistrationState.cancelled: _l("Registration cancelled"),
    RegistrationState.no_show: _l("Did not come"),
}


class ActionState(enum.Enum):
    open = "open"
    done = "done"


ACTION_STATE_LABELS = {
    ActionState.open: _l("Open"),
    ActionState.done: _l("Done"),
}


class ActionAction(enum.Enum):
    """Every entry of a follow-up action's history."""

    add = "add"
    edit = "edit"
    finish = "finish"
    reopen = "reopen"
    remind = "remind"


ACTION_ACTION_LABELS = {
    ActionAction.add: _l("Added"),
    ActionAction.edit: _l("Changed"),
    ActionAction.finish: _l("Marked done"),
    ActionAction.reopen: _l("Opened again"),
    ActionAction.remind: _l("Owner reminded"),
}
