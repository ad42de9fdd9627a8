"""The site-wide search form (read from the address bar, so without a CSRF token)."""
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Length, Optional

from app.forms import StrippedStringField, choices
from app.i18n import lazy_gettext as _l


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StrippedStringField(_l("Search Samverka"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Look in"), validators=[Optional()])

    def __init__(self, sources, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("Everything you may see"))] + [(s.name, s.label) for s in sources])
