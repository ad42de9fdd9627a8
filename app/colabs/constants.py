"""Fixed lists of the co-labs area: formats, themes, session and registration states."""

from app.enums import Language, LabelledEnum, Theme  # noqa: F401  (the one vocabulary, shared)
from app.i18n import lazy_gettext as _l

ANSWERS_KEPT_DAYS = 30
REMINDER_HOURS = 24
# Seats kept for a sector go to everyone this many days before the session (each session may set its own).
KEPT_SEATS_RELEASE_DAYS = 7
# Attendance (and the door list) opens this long before the session starts.
ATTENDANCE_OPENS_HOURS = 24
# Dates further away than this (either way) show their year on pages.
FAR_DATE_DAYS = 183


class SessionFormat(LabelledEnum):
    colab_workshop = "colab_workshop", _l("Co-lab workshop")
    science_cafe = "science_cafe", _l("Science café")
    challenge_workshop = "challenge_workshop", _l("Challenge workshop")
    training = "training", _l("Training")
    clinic = "clinic", _l("Impact clinic")  # an impact-measurement clinic (app/impact's learning section lists them)


BOTH_LANGUAGES = "sv_en"  # a session held in Swedish and English


def session_language_choices():
    """Return the (code, label) choices of a session's language: each of Samverka's languages, or both."""
    from app.forms import choices

    return Language.choices() + choices([(BOTH_LANGUAGES, _l("Swedish and English"))])


def session_language_label(code):
    """Return the label of a session's language code."""
    return dict((c.value, c.label) for c in session_language_choices()).get(code, code)


class SessionState(LabelledEnum):
    draft = "draft", _l("Draft")
    published = "published", _l("Published")
    cancelled = "cancelled", _l("Cancelled")
    completed = "completed", _l("Completed")


class SessionAction(LabelledEnum):
    """Every entry of a session's history."""

    create = "create", _l("Created")
    publish = "publish", _l("Published")
    update = "update", _l("Details changed")
    cancel = "cancel", _l("Cancelled")
    complete = "complete", _l("Closed after the session")
    record_outcomes = "record_outcomes", _l("Outcomes recorded")
    release_seats = "release_seats", _l("Kept seats released to everyone")


class RegistrationState(LabelledEnum):
    registered = "registered", _l("Registered")
    waitlisted = "waitlisted", _l("On the waitlist")
    cancelled = "cancelled", _l("Registration cancelled")
    no_show = "no_show", _l("Did not come")


class RegistrationAction(LabelledEnum):
    """Every entry of a registration's history."""

    register = "register", _l("Registered")
    join_waitlist = "join_waitlist", _l("Joined the waitlist")
    promote = "promote", _l("Moved up from the waitlist")
    cancel = "cancel", _l("Cancelled")
    # Steps a session's facilitators take by hand.
    admit = "admit", _l("Given a seat from the waitlist by a facilitator")
    remove = "remove", _l("Removed by a facilitator")
    walk_in = "walk_in", _l("Came in at the door")
    mark_no_show = "mark_no_show", _l("Marked as not come")
    mark_arrived = "mark_arrived", _l("Marked as come after all")


class ActionState(LabelledEnum):
    open = "open", _l("Open")
    done = "done", _l("Done")


class ActionAction(LabelledEnum):
    """Every entry of a follow-up action's history."""

    add = "add", _l("Added")
    edit = "edit", _l("Changed")
    finish = "finish", _l("Marked done")
    reopen = "reopen", _l("Opened again")
    remind = "remind", _l("Owner reminded")

