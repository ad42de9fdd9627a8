"""Form pieces shared by every area."""
from datetime import date

from flask import g, request
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField
from wtforms import fields as wtforms_fields
from wtforms.fields.choices import SelectChoice, SelectFieldBase
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.i18n import lazy_gettext as _l

# Dates outside these years are typing mistakes or attacks; they would also overflow date arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that POST."""


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes in a fieldset (the shared field() macro knows this type)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StrippedStringField(StringField):
    """A text field that trims surrounding white space."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.strip()


def no_control_characters(form, field):
    """Refuse control characters that have no place in a one-line field."""
    if field.data and any(ord(c) < 32 for c in field.data):
        raise ValidationError(_l("Remove tabs, line breaks and other invisible characters."))


def choices(pairs):
    """Turn (value, label) pairs into WTForms choices (choices already made pass through)."""
    return [pair if isinstance(pair, SelectChoice) else SelectChoice(*pair) for pair in pairs]


def within_plausible_years(value):
    """Return whether a date or datetime lies between EARLIEST_DATE and LATEST_DATE."""
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


class PlausibleDateMixin:
    """Refuse dates outside the years 1900 to 2100 with a message beside the field."""

    def pre_validate(self, form):
        super().pre_validate(form)
        if self.data is not None and not within_plausible_years(self.data):
            raise ValidationError(_l("Give a date between the years %(first)s and %(last)s.",
                                     first=EARLIEST_DATE.year, last=LATEST_DATE.year))


class DateField(PlausibleDateMixin, wtforms_fields.DateField):
    """The date field every form uses."""


class DateTimeLocalField(PlausibleDateMixin, wtforms_fields.DateTimeLocalField):
    """The date-and-time field every form uses."""


class FilterForm(FlaskForm):
    """Filters read from the address bar.

    A value that is not valid (an unknown choice, a number out of range, an impossible date, text
    that is too long) is dropped, explained beside its field, and the page answers 400, so that
    routes only ever see values they can use.
    """

    class Meta:
        csrf = False

    @classmethod
    def from_request(cls, **kwargs):
        """Build the form from the query string and validate it."""
        form = cls(request.args, **kwargs)
        form.validate()
        return form

    def validate(self, extra_validators=None):
        super().validate(extra_validators)
        for field in self:
            if isinstance(field, SelectFieldBase) and field.data not in (None, "", []) and not field.errors:
                try:  # `Optional()` forgives white space and hides the unknown choice; check it again
                    field.pre_validate(self)
                except (ValidationError, ValueError) as error:
                    field.errors = [*field.errors, *(error.args[:1] or [_l("Not a valid choice.")])]
            if field.errors:
                field.data = [] if isinstance(field.data, list) else None
                g.rejected_input = True
        return not self.errors
