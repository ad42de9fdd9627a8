"""The dashboard's date-range filter."""
from datetime import date, timedelta

from wtforms.validators import Optional, ValidationError

from app.dashboard.figures import DateRange
from app.forms import DateField, FilterForm
from app.i18n import lazy_gettext as _l

DEFAULT_DAYS = 365


class DateRangeForm(FilterForm):
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])

    def validate_end(self, field):
        if self.start.data and field.data and not self.start.errors and self.start.data > field.data:
            raise ValidationError(_l("The end date must be on or after the start date."))

    def period(self, today=None) -> DateRange:
        """Return the chosen range; the last twelve months when a date is missing or invalid."""
        today = today or date.today()
        valid = not self.errors
        end = self.end.data if valid and self.end.data else today
        start = self.start.data if valid and self.start.data else end - timedelta(days=DEFAULT_DAYS - 1)
        return DateRange(start, end)
