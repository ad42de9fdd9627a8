"""Forms of the co-labs area."""
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, SelectField, TextAreaField
from wtforms.fields import SelectMultipleField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.constants import SECTOR_LABELS, Role, Sector
from app.accounts.models import User, UserRole
from app.colabs.constants import FORMAT_LABELS, LANGUAGE_LABELS, THEME_LABELS, SessionFormat, Theme
from app.colabs.timezones import NonExistentLocalTime, local_to_utc
from app.extensions import db
from app.forms import DateField, DateTimeLocalField, FilterForm, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
MAX_QUESTIONS = 5


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def local_time_field(label, required=True, description=None):
    return DateTimeLocalField(label, format=LOCAL_FORMATS, description=description,
                              validators=[DataRequired() if required else Optional()])


def _utc_or_error(field):
    """Convert a Stockholm wall-clock field to UTC, or raise the form error for a skipped hour."""
    try:
        return local_to_utc(field.data)
    except NonExistentLocalTime:
        raise ValidationError(_l(
            "%(time)s does not exist in Swedish time: that night the clocks go forward from 02:00 to 03:00. "
            "Choose a time outside that hour.", time=field.data.strftime("%Y-%m-%d %H:%M")))


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
    format = SelectField(_l("Format"), choices=choices((f.value, label) for f, label in FORMAT_LABELS.items()),
                         validators=[DataRequired()])
    themes = MultiCheckboxField(_l("Themes"), choices=choices((t.value, label) for t, label in THEME_LABELS.items()),
                                validate_choice=True)
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10000)])
    starts_at = local_time_field(_l("Starts"), description=_l("Swedish time (Europe/Stockholm)."))
    ends_at = local_time_field(_l("Ends"), description=_l("Swedish time (Europe/Stockholm)."))
    venue = StrippedStringField(_l("Venue address"), validators=[Length(max=300), no_control_characters])
    online_url = URLField(_l("Online meeting link"), validators=[
        Optional(), URL(message=_l("Give a full address, starting with https://")), Length(max=300)])
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_LABELS.items()), validators=[DataRequired()])
    capacity = IntegerField(_l("Seats"), validators=[DataRequired(), NumberRange(min=1, max=10000)])
    reserved_public = IntegerField(SECTOR_LABELS[Sector.public], validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_private = IntegerField(SECTOR_LABELS[Sector.private], validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_academic = IntegerField(SECTOR_LABELS[Sector.academic], validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_civil_society = IntegerField(SECTOR_LABELS[Sector.civil_society],
                                          validators=[Optional(), NumberRange(min=0, max=10000)])
    reserved_social_economy = IntegerField(SECTOR_LABELS[Sector.social_economy],
                                           validators=[Optional(), NumberRange(min=0, max=10000)])
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


class ActionForm(Form):
    what = StrippedStringField(_l("What"), validators=[Length(max=1000)])
    who = StrippedStringField(_l("Who"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Due date"), validators=[Optional()])

    def validate_what(self, field):
        if not field.data and (self.who.data or self.due_on.data):
            raise ValidationError(_l("Say what is to be done."))


class CloseSessionForm(FlaskForm):
    outcome_notes = TextAreaField(_l("Notes"), validators=[DataRequired(), Length(max=20000)],
                                  description=_l("What happened and what was learned. Shown on the session page."))
    decisions = TextAreaField(_l("Decisions"), validators=[Optional(), Length(max=10000)])
    actions = FieldList(FormField(ActionForm), min_entries=4, max_entries=20)

    @property
    def action_values(self):
        return [{"what": a.form.what.data, "who": a.form.who.data, "due_on": a.form.due_on.data}
                for a in self.actions if a.form.what.data]


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
        self.theme.choices = choices([("", _l("All themes"))] + [(t.value, label) for t, label in THEME_LABELS.items()])
        self.format.choices = choices([("", _l("All formats"))] + [(f.value, label) for f, label in FORMAT_LABELS.items()])

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
