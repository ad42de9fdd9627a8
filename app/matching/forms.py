"""Forms for offerings, needs, list filters and the steps of a tracked match."""
from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.enums import MATCHING_THEMES, Language, Theme
from app.matching.constants import MatchState, ValueBand
from app.accounts.constants import municipality_choices
from app.forms import DateField, FilterForm, MultiCheckboxField, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l
from app.matching.queries import WAITING_VIEWS
from app.matching.constants import (
    BudgetBand,
    Capacity,
    Category,
    NoFitReason,
    Timeframe,
)


def _enum_choices(labels, empty=None):
    pairs = [(member.value, label) for member, label in labels.items()]
    return choices(([("", empty)] if empty else []) + pairs)


class _DescribedForm(FlaskForm):
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[DataRequired()])
    title = StrippedStringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_characters])
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(), Length(min=20, max=5000)],
        description=_l("Write it as you would explain it to a colleague: what, for whom, how often. "
                       "The words you use are what the match list compares."),
    )
    category = SelectField(_l("Category"), validators=[DataRequired()])
    themes = MultiCheckboxField(_l("Social goals"), validators=[Optional()],
                                description=_l("Choose the goals that matter here (optional)."))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices([(o.id, o.name) for o in organisations])
        self.category.choices = Category.choices(blank=_l("Choose a category"))
        self.themes.choices = Theme.choices(MATCHING_THEMES)

    def validate_description(self, field):
        if field.data:
            field.data = field.data.strip()


class OfferingForm(_DescribedForm):
    capacity = SelectField(_l("Capacity"), choices=Capacity.choices(), validators=[DataRequired()])
    available = BooleanField(_l("Taking on new customers"), default=True)
    whole_region = BooleanField(_l("We work anywhere in Skåne"))
    municipalities = MultiCheckboxField(_l("Municipalities served"),
                                        description=_l("Tick where you deliver, unless you work anywhere in Skåne."))
    languages = MultiCheckboxField(_l("Working languages"), validators=[DataRequired(
        message=_l("Choose at least one language."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities.choices = choices(municipality_choices())
        self.languages.choices = Language.choices()

    def validate_municipalities(self, field):
        if not self.whole_region.data and not field.data:
            raise ValidationError(_l("Tick at least one municipality, or say that you work anywhere in Skåne."))

    def fields_for_service(self):
        return {
            "title": self.title.data, "description": self.description.data, "category": Category(self.category.data),
            "themes": list(self.themes.data or []), "capacity": Capacity(self.capacity.data),
            "available": self.available.data, "whole_region": self.whole_region.data,
            "works_in_swedish": "sv" in self.languages.data, "works_in_english": "en" in self.languages.data,
            "municipalities": list(self.municipalities.data or []),
        }


class NeedForm(_DescribedForm):
    municipality = SelectField(_l("Municipality"), validators=[DataRequired()],
                               description=_l("Where the work is to be done."))
    language = SelectField(_l("Working language"), choices=Language.choices(),
                           validators=[DataRequired()])
    budget_band = SelectField(_l("Budget"), choices=BudgetBand.choices(), validators=[DataRequired()])
    timeframe = SelectField(_l("Timeframe"), choices=Timeframe.choices(), validators=[DataRequired()])
    is_procurement = BooleanField(_l("This is a public procurement"))
    deadline = DateField(_l("Deadline"), validators=[Optional(strip_whitespace=True)],
                         description=_l("The last day to answer. Required for a public procurement."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = choices([("", _l("Choose a municipality"))] + municipality_choices())

    def validate_deadline(self, field):
        if field.data and field.data < date.today():
            raise ValidationError(_l("The deadline cannot be in the past."))

    def validate(self, extra_validators=None):
        """Check the fields, then that a procurement has a deadline (Optional() stops the field's own chain)."""
        valid = super().validate(extra_validators)
        if self.is_procurement.data and not self.deadline.data and not self.deadline.errors:
            self.deadline.errors = [*self.deadline.errors, _l("Give the deadline of the procurement.")]
            valid = False
        return valid

    def fields_for_service(self):
        return {
            "title": self.title.data, "description": self.description.data, "category": Category(self.category.data),
            "themes": list(self.themes.data or []), "municipality": self.municipality.data,
            "language": self.language.data, "budget_band": BudgetBand(self.budget_band.data),
            "timeframe": Timeframe(self.timeframe.data), "is_procurement": self.is_procurement.data,
            "deadline": self.deadline.data,
        }


class MatchListFilterForm(FilterForm):
    certified_only = BooleanField(_l("Certified businesses only"))
    local_only = BooleanField(_l("Based in the same municipality only"))
    min_score = IntegerField(_l("Lowest score (per cent)"), validators=[Optional(), NumberRange(min=0, max=100)])


class TrackedFilterForm(FilterForm):
    state = SelectField(_l("Stage"), validators=[Optional()])
    waiting = SelectField(_l("Waiting"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = MatchState.choices(blank=_l("All stages"))
        self.waiting.choices = choices([("", _l("Everything I follow"))]
                                       + [(key, label) for key, (label, condition) in WAITING_VIEWS.items()])


class InterestForm(FlaskForm):
    share_contact = BooleanField(_l("Share my name and email address with the other organisation once the "
                                    "coordinator has introduced us"))


class IntroduceForm(FlaskForm):
    note = TextAreaField(_l("A note for both sides (optional)"), validators=[Optional(), Length(max=2000)])


class MeetingForm(FlaskForm):
    meeting_on = DateField(_l("Date of the meeting"), validators=[InputRequired(message=_l("Give the date."))])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])

    def validate_meeting_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("Record the meeting once it has taken place."))


class CustomerForm(FlaskForm):
    value_band = SelectField(_l("Value of the deal"), validators=[DataRequired()])
    customer_since = DateField(_l("Customer since"), validators=[InputRequired(message=_l("Give the date."))])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.value_band.choices = ValueBand.choices(blank=_l("Choose a value band"))

    def validate_customer_since(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("The date cannot be in the future."))


class NoFitForm(FlaskForm):
    reason = SelectField(_l("Reason"), validators=[DataRequired()])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = NoFitReason.choices([r for r in NoFitReason if r != NoFitReason.not_interested],
                                                  blank=_l("Choose a reason"))


class DeclineForm(FlaskForm):
    note = TextAreaField(_l("Why not? (optional)"), validators=[Optional(), Length(max=2000)])
