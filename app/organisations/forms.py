"""Forms for organisations and their alliance membership."""
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.fields import URLField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from app.accounts.constants import OrganisationKind, Sector, municipality_choices
from app.accounts.models import Organisation
from app.accounts.validators import normalise_org_number
from app.extensions import db
from app.forms import DateField, FilterForm, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l


class OrganisationForm(FlaskForm):
    name = StrippedStringField(_l("Name"), validators=[DataRequired(), Length(max=200), no_control_characters])
    org_number = StrippedStringField(
        _l("Organisation number"), validators=[Optional(), Length(max=20)],
        description=_l("Ten digits, as NNNNNN-NNNN. Leave empty if the organisation has none."),
    )
    kind = SelectField(_l("Kind of organisation"), choices=OrganisationKind.choices(),
                       validators=[DataRequired()])
    sector = SelectField(_l("Sector"), choices=Sector.choices(),
                         validators=[DataRequired()])
    municipality = SelectField(_l("Municipality"), validators=[DataRequired()])
    website = URLField(_l("Website"), validators=[Optional(), URL(message=_l("Give a full address, starting with https://")), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.municipality.choices = choices([("", _l("Choose a municipality"))] + municipality_choices())

    def validate_org_number(self, field):
        if not field.data:
            field.data = None
            return
        normalised = normalise_org_number(field.data)
        if normalised is None:
            raise ValidationError(_l("This is not a valid Swedish organisation number (ten digits with a correct check digit)."))
        query = sa.select(Organisation.id).where(Organisation.org_number == normalised)
        if self.organisation is not None:
            query = query.where(Organisation.id != self.organisation.id)
        if db.session.scalar(query) is not None:
            raise ValidationError(_l("An organisation with this number is already registered. Ask to join it instead."))
        field.data = normalised

    @property
    def kind_value(self):
        return OrganisationKind(self.kind.data)

    @property
    def sector_value(self):
        return Sector(self.sector.data)


class AllianceMembershipForm(FlaskForm):
    is_member = BooleanField(_l("Member of the alliance"))
    member_since = DateField(_l("Member since"), validators=[Optional()])
    contact_person_id = SelectField(_l("Contact person"), coerce=int, validators=[Optional()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.is_member.data and not self.member_since.data:
            self.member_since.errors.append(_l("Give the date the organisation joined."))
            return False
        return valid


class OrganisationFilterForm(FilterForm):
    q = StrippedStringField(_l("Name"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("Kind"), validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])
    alliance = BooleanField(_l("Alliance members only"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = OrganisationKind.choices(blank=_l("All kinds"))
        self.sector.choices = Sector.choices(blank=_l("All sectors"))
        self.municipality.choices = choices([("", _l("All municipalities"))] + municipality_choices())


COORDINATORS = "coordinators"


class HandOverForm(FlaskForm):
    """Who takes the admin role over: one of the approved members, or the coordinators."""

    successor = RadioField(_l("Who becomes admin?"), validators=[DataRequired(message=_l("Choose who takes over."))])
    next = HiddenField()

    def __init__(self, *args, successors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.id): m for m in successors}
        self.successor.choices = choices(
            [(key, m.user.name) for key, m in self.memberships.items()]
            + [(COORDINATORS, _l("Nobody: leave the organisation to the coordinators"))])

    @property
    def chosen_membership(self):
        """Return the chosen member's membership, or None for the coordinators."""
        return self.memberships.get(self.successor.data)
