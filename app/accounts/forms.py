"""Forms for accounts, profiles and roles."""
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, RadioField, TextAreaField
from wtforms.fields import EmailField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError

from app.accounts.constants import Role
from app.accounts.models import User
from app.accounts.validators import MIN_PASSWORD_LENGTH, password_user_inputs, password_weakness
from app.enums import Language
from app.extensions import db
from app.forms import FilterForm, MultiCheckboxField, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l

LANGUAGE_CHOICES = list(Language.own_names().items())


PASSWORD_MESSAGES = {
    "short": _l("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
    "personal": _l("Do not build your password from your name or email address. "
                   "A few unrelated words make a good password."),
    "guessable": _l("This password is too easy to guess. Add another word or two, or choose "
                    "a few unrelated words."),
}


def strong_password(form, field):
    """Require a password zxcvbn scores as hard to guess, given the person's own name and email address."""
    weakness = password_weakness(field.data or "", form.password_user_inputs())
    if weakness:
        raise ValidationError(PASSWORD_MESSAGES[weakness])


def _email_taken(email, exclude_user=None):
    query = sa.select(User.id).where(sa.func.lower(User.email) == email.lower())
    if exclude_user is not None:
        query = query.where(User.id != exclude_user.id)
    return db.session.scalar(query) is not None


class RegisterForm(FlaskForm):
    name = StrippedStringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), strong_password],
        description=_l("At least 12 characters. A few unrelated words make a good password."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
    locale = RadioField(_l("Preferred language"), choices=choices(LANGUAGE_CHOICES), default="sv")

    def password_user_inputs(self):
        return password_user_inputs(self.name.data, self.email.data)

    def validate_email(self, field):
        if _email_taken(field.data):
            raise ValidationError(_l("There is already an account with this email address. Sign in or reset your password."))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in on this device"))


class PasswordResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])


class PersonForm(FlaskForm):
    """A form about one person, who is given as `user=`."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def password_user_inputs(self):
        return password_user_inputs(self.user.name, self.user.email) if self.user else password_user_inputs()


class PasswordResetForm(PersonForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ProfileForm(PersonForm):
    name = StrippedStringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    locale = RadioField(_l("Preferred language"), choices=choices(LANGUAGE_CHOICES))

    def validate_email(self, field):
        if _email_taken(field.data, exclude_user=self.user):
            raise ValidationError(_l("Another account already uses this email address."))


class ChangePasswordForm(PersonForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), strong_password])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )

    def validate_current_password(self, field):
        if not self.user.check_password(field.data or ""):
            raise ValidationError(_l("This is not your current password."))


class ResearcherProfileForm(FlaskForm):
    department = StrippedStringField(_l("Department"), validators=[DataRequired(), Length(max=200)])
    expertise = StrippedStringField(
        _l("Expertise keywords"), validators=[DataRequired(), Length(max=1000)],
        description=_l("Separate keywords with commas, for example: urban planning, public health, migration."),
    )
    bio = TextAreaField(_l("Short bio"), validators=[Optional(), Length(max=2000)])
    capacity = IntegerField(
        _l("Capacity"), validators=[InputRequired(), NumberRange(min=0, max=20)],
        description=_l("The most requests you can work on at the same time."),
    )
    available = BooleanField(_l("I am available for new requests"))

    def validate_expertise(self, field):
        keywords = [k.strip() for k in field.data.split(",") if k.strip()]
        if not keywords:
            raise ValidationError(_l("Give at least one keyword."))
        field.data = ", ".join(dict.fromkeys(keywords))


class DeleteAccountForm(PersonForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired()])
    confirm = BooleanField(_l("I understand that my account and personal data will be deleted for good"),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])

    def validate_password(self, field):
        if not self.user.check_password(field.data or ""):
            raise ValidationError(_l("This is not your password."))


class UserRolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), choices=Role.choices(),
                               validate_choice=True)

    @property
    def role_values(self):
        return {Role(value) for value in self.roles.data or []}


class UserSearchForm(FilterForm):
    q = StrippedStringField(_l("Search by name or email"), validators=[Optional(), Length(max=100)])
