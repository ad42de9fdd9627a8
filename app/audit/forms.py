"""Filters of the audit log."""
from wtforms.fields import SelectField
from wtforms.validators import Length, Optional

from app.audit.models import AuditAction
from app.forms import DateField, FilterForm, StrippedStringField
from app.i18n import lazy_gettext as _l


class AuditFilterForm(FilterForm):
    action = SelectField(_l("Action"), validators=[Optional()])
    actor = StrippedStringField(_l("Done by (name or email)"), validators=[Optional(), Length(max=100)])
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = AuditAction.choices(blank=_l("All actions"))

    def args(self):
        """Return the valid filters, for the links between pages."""
        values = {"action": self.action.data, "actor": self.actor.data,
                  "start": self.start.data.isoformat() if self.start.data else None,
                  "end": self.end.data.isoformat() if self.end.data else None}
        return {k: v for k, v in values.items() if v}
