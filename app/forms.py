"""Form pieces shared by every area."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.i18n import lazy_gettext as _l


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that POST."""


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
    """Turn (value, label) pairs into WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]
