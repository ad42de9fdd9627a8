"""Fixed lists of the co-labs area: formats, themes, session and registration states."""
import enum

from app.i18n import lazy_gettext as _l

TIMEZONE_NAME = "Europe/Stockholm"
ANSWERS_KEPT_DAYS = 30
REMINDER_HOURS = 24


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


SESSION_ACTION_LABELS = {
    SessionAction.create: _l("Created"),
    SessionAction.publish: _l("Published"),
    SessionAction.update: _l("Details changed"),
    SessionAction.cancel: _l("Cancelled"),
    SessionAction.complete: _l("Closed after the session"),
    SessionAction.record_outcomes: _l("Outcomes recorded"),
}


class RegistrationState(enum.Enum):
    registered = "registered"
    waitlisted = "waitlisted"
    cancelled = "cancelled"


class RegistrationAction(enum.Enum):
    """Every entry of a registration's history."""

    register = "register"
    join_waitlist = "join_waitlist"
    promote = "promote"
    cancel = "cancel"


REGISTRATION_ACTION_LABELS = {
    RegistrationAction.register: _l("Registered"),
    RegistrationAction.join_waitlist: _l("Joined the waitlist"),
    RegistrationAction.promote: _l("Moved up from the waitlist"),
    RegistrationAction.cancel: _l("Cancelled"),
}

REGISTRATION_LABELS = {
    RegistrationState.registered: _l("Registered"),
    RegistrationState.waitlisted: _l("On the waitlist"),
    RegistrationState.cancelled: _l("Registration cancelled"),
}
