"""The settings form: one choice of delivery per kind the person can receive."""
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import DataRequired

from app.i18n import lazy_gettext as _l
from app.notifications.kinds import DeliveryMode


class PreferencesForm(FlaskForm):
    @staticmethod
    def field_name(kind):
        return "kind_" + kind.key.replace(".", "__")

    def chosen_modes(self, kinds):
        """Return {kind key: mode} as submitted."""
        return {kind.key: DeliveryMode(self[self.field_name(kind)].data) for kind in kinds}


def preferences_form(groups, current):
    """Build the form with one field per kind, set to the person's current choices."""
    class Form(PreferencesForm):
        pass

    options = DeliveryMode.choices()
    for _area, kinds in groups:
        for kind in kinds:
            setattr(Form, Form.field_name(kind), RadioField(
                kind.label, choices=options, default=current[kind.key].value,
                validators=[DataRequired(message=_l("Choose how you want to hear about this."))]))
    return Form()
