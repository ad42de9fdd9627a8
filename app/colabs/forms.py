"""Forms of the co-labs area."""
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, SelectField, TextAreaField
from wtforms.fields import URLField
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional, ValidationError

from app.colabs.constants import session_language_choices
from app.enums import COLAB_THEMES
from app.accounts.constants import Role, Sector
from app.accounts.models import User, UserRole
from app.colabs.constants import (
    KEPT_SEATS_RELEASE_DAYS,
    RegistrationState,
    SessionFormat,
    Theme,
)
from app.colabs.timezones import NonExistentLocalTime, local_to_utc
from app.extensions import db
from app.forms import (
    DateField, DateTimeLocalField, FilterForm, MultiCheckboxField, StrippedStringField, choices, no_control_characters,
)
from app.i18n import lazy_gettext as _l

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
MAX_QUESTIONS = 5


def local_time_field(label, required=True, description=None):
    return DateTimeLocalField(label, format=LOCAL_FORMATS, description=description,
                              validators=[DataRequired() if required else Optional()])


def _utc_or_error(field):
    """Convert a Stockholm wall-clock field to UTC, or raise the form error for a skipped hour."""
    try:
        return local_to_utc(field.data)
    except NonExistentLocalTime as error:
        raise ValidationError(_l(
            "%(time)s does not exist in Swedish time: that night the clocks go forward from 02:00 to 03:00. "
            "Choose a time outside that hour.", time=field.data.strftime("%Y-%m-%d %H:%M"))) from error


def facilitator_choices(current=()):
    """Return (id, name) of everyone with the facilitator role, plus those already chosen."""
    people = list(db.session.scalars(
        sa.select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.facilitator, User.deleted_at.is_(None)).order_by(User.name)))
    known = {p.id for p in people}
    people += [p for p in current if p.id not in known]
    return [(p.id, p.name) for p in people]


class SessionForm(FlaskForm):
    title = StrippedStringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_characters])
    format = SelectField(_l("Format"), choices=SessionFormat.choices(),
                         validators=[DataRequired()])
    themes = MultiCheckboxField(_l("Themes"), choices=Theme.choices(COLAB_THEMES),
                                validate_choice=True)
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10000)])
    starts_at = local_time_field(_l("Starts"), description=_l("Swedish time (Europe/Stockholm)."))
    ends_at = local_time_field(_l("Ends"), description=_l("Swedish time (Europe/Stockholm)."))
    venue = StrippedStringField(_l("Venue address"), validators=[Length(max=300), no_control_characters])
    online_url = URLField(_l("Online meeting link"), validators=[
        Optional(), URL(message=_l("Give a full address, starting with https://")), Length(max=300)])
    language = SelectField(_l("Language"), choices=session_language_choices(), validators=[DataRequired()])
    capacity = IntegerField(_l("Seats"), validators=[DataRequired(), NumberRange(min=1, max=10000)])
    reserved_public = IntegerField(Sector.public.label, validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_private = IntegerField(Sector.private.label, validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_academic = IntegerField(Sector.academic.label, validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_civil_society = IntegerField(Sector.civil_society.label,
                                          validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_social_economy = IntegerField(Sector.social_economy.label,
                                           validators=[Optional(), NumberRange(min=0, max=10000)])
    kept_seats_release_days = IntegerField(
        _l("Kept seats go to everyone this many days before the start"), default=KEPT_SEATS_RELEASE_DAYS,
        validators=[Optional(), NumberRange(min=0, max=365)],
        description=_l("Until then only people of the sector may take a kept seat. 0 keeps them until the start."))
    registration_opens_at = local_time_field(_l("Registration opens"), required=False,
                                             description=_l("Leave empty to open registration when the session is published."))
    registration_closes_at = local_time_field(_l("Registration closes"), required=False,
                                              description=_l("Leave empty to take registrations until the start."))
    questions = TextAreaField(_l("Questions for registrants"), validators=[Optional(), Length(max=2000)],
                              description=_l("Optional, one question per line, at most five (for example dietary or "
                                             "accessibility needs). Answers are deleted 30 days after the session."))
    facilitators = MultiCheckboxField(_l("Facilitators"), coerce=int, validate_choice=True)

    def __init__(self, *args, session=None, registered=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.registered = registered
        self.facilitators.choices = choices(facilitator_choices(session.facilitators if session else ()))
        self._utc = {}

    # -- times ------------------------------------------------------------
    def validate_starts_at(self, field):
        self._utc["starts_at"] = _utc_or_error(field)

    def validate_ends_at(self, field):
        self._utc["ends_at"] = _utc_or_error(field)
        start = self._utc.get("starts_at")
        if start is not None and self._utc["ends_at"] <= start:
            raise ValidationError(_l("The session must end after it starts."))

    def validate_registration_opens_at(self, field):
        if field.data:
            self._utc["registration_opens_at"] = _utc_or_error(field)
            start = self._utc.get("starts_at")
            if start is not None and self._utc["registration_opens_at"] >= start:
                raise ValidationError(_l("Registration must open before the session starts."))

    def validate_registration_closes_at(self, field):
        if field.data:
            self._utc["registration_closes_at"] = _utc_or_error(field)
            start = self._utc.get("starts_at")
            opens = self._utc.get("registration_opens_at")
            if start is not None and self._utc["registration_closes_at"] > start:
                raise ValidationError(_l("Registration must close by the start of the session."))
            if opens is not None and self._utc["registration_closes_at"] <= opens:
                raise ValidationError(_l("Registration must close after it opens."))

    def utc(self, name):
        """Return the validated UTC time of a time field (None when left empty)."""
        return self._utc.get(name)

    # -- the rest ---------------------------------------------------------
    def validate_venue(self, field):
        if not field.data and not self.online_url.data:
            raise ValidationError(_l("Give a venue address, an online meeting link, or both."))

    def validate_online_url(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Give a full address, starting with https://"))

    def validate_capacity(self, field):
        if field.data is not None and field.data < self.registered:
            raise ValidationError(_l("%(count)d people already have a seat; the session needs at least that many seats.",
                                     count=self.registered))
        total = sum(self.reserved.values())
        if field.data is not None and total > field.data:
            raise ValidationError(_l("The reserved seats (%(reserved)d) are more than the seats of the session.",
                                     reserved=total))

    def validate_questions(self, field):
        if len(self.question_list) > MAX_QUESTIONS:
            raise ValidationError(_l("Ask at most five questions."))
        if any(len(q) > 200 for q in self.question_list):
            raise ValidationError(_l("Keep each question under 200 characters."))

    def validate_facilitators(self, field):
        if self.session is not None and not field.data:
            raise ValidationError(_l("A session needs at least one facilitator."))

    @property
    def reserved(self):
        return {sector: getattr(self, f"reserved_{sector.value}").data or 0 for sector in Sector}

    @property
    def question_list(self):
        return [line.strip() for line in (self.questions.data or "").splitlines() if line.strip()]

    @property
    def theme_values(self):
        return [Theme(v) for v in self.themes.data or []]

    def session_fields(self):
        """Return the column values for the services."""
        return {
            "title": self.title.data, "format": SessionFormat(self.format.data), "description": self.description.data or "",
            "starts_at": self.utc("starts_at"), "ends_at": self.utc("ends_at"), "venue": self.venue.data or "",
            "online_url": self.online_url.data or None, "language": self.language.data, "capacity": self.capacity.data,
            "registration_opens_at": self.utc("registration_opens_at"),
            "registration_closes_at": self.utc("registration_closes_at"), "questions": self.question_list,
            "kept_seats_release_days": (KEPT_SEATS_RELEASE_DAYS if self.kept_seats_release_days.data is None
                                        else self.kept_seats_release_days.data),
        }


def registration_form_for(session, *args, **kwargs):
    """Build the sign-up form with one optional answer field per question of the session."""
    class RegistrationForm(FlaskForm):
        pass

    for index, question in enumerate(session.questions or []):
        setattr(RegistrationForm, f"answer_{index}",
                TextAreaField(question, validators=[Optional(), Length(max=1000)]))
    form = RegistrationForm(*args, **kwargs)
    form.answer_fields = [form[f"answer_{i}"] for i in range(len(session.questions or []))]
    return form


def answers_of(form, session):
    """Return {question: answer} of the filled-in answers."""
    return {question: field.data.strip() for question, field in zip(session.questions or [], form.answer_fields)
            if field.data and field.data.strip()}


class DueDateField(DateField):
    """A date field whose error says what to write, in the page's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Write the due date as year-month-day, for example 2027-01-15.")) from None


def owner_choices(session):
    """Return (id, name) of the people who can own an action: the facilitators and those who came or have a seat."""
    people = {f.id: f for f in session.facilitators}
    for registration in session.registrations:
        if registration.user is not None and registration.state == RegistrationState.registered:
            people.setdefault(registration.user.id, registration.user)
    ordered = sorted(people.values(), key=lambda p: p.display_name.lower())
    return [("", _l("Nobody with an account (write a name below)"))] + [(str(p.id), p.display_name) for p in ordered]


def _optional_int(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ActionFields:
    """What, whose and by when: shared by the rows of the close form and the form of one action."""

    def validate_what(self, field):
        if not field.data and (self.who.data or self.due_on.data or self.owner.data):
            raise ValidationError(_l("Say what is to be done."))

    def validate_owner(self, field):
        if field.data and self.who.data:
            raise ValidationError(_l("Choose a person or write a name, not both."))

    @property
    def values(self):
        return {"what": self.what.data, "owner_id": self.owner.data, "who": self.who.data or "",
                "due_on": self.due_on.data}


def _action_fields(cls):
    cls.what = StrippedStringField(_l("What is to be done"), validators=[Length(max=1000)])
    cls.owner = SelectField(_l("Owner"), coerce=_optional_int, validate_choice=True,
                            description=_l("The owner is reminded by email on the due date."))
    cls.who = StrippedStringField(_l("Or the owner's name"), validators=[Optional(), Length(max=200),
                                                                         no_control_characters])
    cls.due_on = DueDateField(_l("Due date"), validators=[Optional()])
    return cls


@_action_fields
class ActionForm(ActionFields, Form):
    """One row of the close form."""


@_action_fields
class ActionItemForm(ActionFields, FlaskForm):
    """Add or change one follow-up action of a completed session."""

    def validate_what(self, field):
        if not field.data:
            raise ValidationError(_l("Say what is to be done."))


class CloseSessionForm(FlaskForm):
    outcome_notes = TextAreaField(_l("Notes"), validators=[DataRequired(), Length(max=20000)],
                                  description=_l("What happened and what was learned. Shown on the session page."))
    decisions = TextAreaField(_l("Decisions"), validators=[Optional(), Length(max=10000)])
    actions = FieldList(FormField(ActionForm), min_entries=3, max_entries=100)

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        owners = choices(owner_choices(session)) if session is not None else []
        for entry in self.actions:
            entry.form.owner.choices = owners

    @property
    def action_values(self):
        return [a.form.values for a in self.actions if a.form.what.data]

    def error_list(self):
        """Return [(field id, label, message)] of every error, naming the row of an action."""
        found = []
        for name, field in self._fields.items():
            if name == "actions":
                for number, entry in enumerate(field.entries, start=1):
                    for sub in entry.form:
                        if sub.errors:
                            found.append((sub.id, _l("Action %(number)d, %(field)s", number=number,
                                                     field=sub.label.text), sub.errors[0]))
            elif field.errors and name != "csrf_token":
                found.append((field.id, field.label.text, field.errors[0]))
        return found


class OutcomesForm(FlaskForm):
    outcome_notes = TextAreaField(_l("Notes"), validators=[DataRequired(), Length(max=20000)],
                                  description=_l("What happened and what was learned. Shown on the session page."))
    decisions = TextAreaField(_l("Decisions"), validators=[Optional(), Length(max=10000)])


class RemoveRegistrationForm(FlaskForm):
    message = TextAreaField(_l("Message to the person"), validators=[DataRequired(), Length(max=2000)],
                            description=_l("Sent to them by email: say why and what they can do."))


class WalkInForm(FlaskForm):
    name = StrippedStringField(_l("Name"), validators=[DataRequired(), Length(max=200), no_control_characters])
    email = StrippedStringField(_l("Email (optional)"), validators=[
        Optional(), Length(max=254), Email(message=_l("Give an email address such as name@example.org."))])
    sector = SelectField(_l("Sector (optional)"), validators=[Optional()],
                         choices=Sector.choices(blank=_l("No organisation or not said")))

    @property
    def sector_value(self):
        return Sector(self.sector.data) if self.sector.data else None


class CancelSessionForm(FlaskForm):
    note = TextAreaField(_l("Message to registrants"), validators=[Optional(), Length(max=2000)],
                         description=_l("Optional: why the session is cancelled and what happens next."))


class MessageForm(FlaskForm):
    subject = StrippedStringField(_l("Subject"), validators=[DataRequired(), Length(max=150), no_control_characters])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=10000)])
    include_waitlist = BooleanField(_l("Also write to the people on the waitlist"))


class CalendarFilterForm(FilterForm):
    theme = SelectField(_l("Theme"), validators=[Optional()])
    format = SelectField(_l("Format"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = Theme.choices(COLAB_THEMES, blank=_l("All themes"))
        self.format.choices = SessionFormat.choices(blank=_l("All formats"))

    @property
    def theme_value(self):
        return Theme(self.theme.data) if self.theme.data and not self.theme.errors else None

    @property
    def format_value(self):
        return SessionFormat(self.format.data) if self.format.data and not self.format.errors else None

    def args(self):
        return {k: v for k, v in {"theme": self.theme.data, "format": self.format.data}.items() if v}


class LinkedRequestsForm(FlaskForm):
    """Choose the science-shop requests (routed to a co-lab) that a session works on."""

    requests = MultiCheckboxField(_l("Requests this session works on"), coerce=int, validate_choice=True)
