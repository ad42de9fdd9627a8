"""The dashboard's date-range filter."""
from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms.fields import DateField
from wtforms.validators import Optional

from app.dashboard.figures import DateRange
from app.i18n import lazy_gettext as _l

DEFAULT_DAYS = 365


class DateRangeForm(FlaskForm):
    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.start.data and self.end.data and self.start.data > self.end.data:
            self.end.errors.append(_l("The end date must be on or after the start date."))
            return False
        return valid

    def period(self, today=None) -> DateRange:
        """Return the chosen range; the last twelve months when a date is missing or invalid."""
        today = today or date.today()
        valid = not self.errors
        end = self.end.data if valid and self.end.data else today
        start = self.start.data if valid and self.start.data else end - timedelta(days=DEFAULT_DAYS - 1)
        return DateRange(start, end)
