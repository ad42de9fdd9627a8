"""Forms of the certification area (the questionnaire itself is read by answers.py)."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.accounts.constants import SECTOR_LABELS, municipality_choices
from app.forms import FilterForm, StrippedStringField, choices
from app.i18n import lazy_gettext as _l


class CommentForm(FlaskForm):
    question_key = HiddenField()
    body = TextAreaField(_l("Comment"), validators=[DataRequired(message=_l("Write a comment.")), Length(max=2000)])


class RequestChangesForm(FlaskForm):
    note = TextAreaField(_l("Message to the business"), validators=[Optional(), Length(max=4000)],
                         description=_l("What should they change? Your comments on single answers are sent too."))


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for revoking"),
                           validators=[DataRequired(message=_l("Give the reason; it is shown on the certificate's public page.")),
                                       Length(min=10, max=2000, message=_l("Write between 10 and 2000 characters."))])


class SuspendForm(FlaskForm):
    reason = TextAreaField(_l("Reason for suspending"),
                           validators=[DataRequired(message=_l("Give the reason; it is shown on the certificate's public page.")),
                                       Length(min=10, max=2000, message=_l("Write between 10 and 2000 characters."))])


class ReinstateForm(FlaskForm):
    reason = TextAreaField(_l("Note (optional)"), validators=[Length(max=2000, message=_l("Write at most 2000 characters."))])


class RegistrySearchForm(FilterForm):
    q = StrippedStringField(_l("Search"), validators=[Optional(), Length(max=100)],
                            description=_l("Name, what they offer or certificate number"))
    sector = SelectField(_l("Sector"), validators=[Optional()])
    municipality = SelectField(_l("Municipality"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = choices([("", _l("All sectors"))] + [(s.value, v) for s, v in SECTOR_LABELS.items()])
        self.municipality.choices = choices([("", _l("All municipalities"))] + municipality_choices())


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False

    number = StrippedStringField(_l("Certificate number"), validators=[DataRequired(message=_l("Give a certificate number.")), Length(max=20)],
                                 description=_l("For example SAM-2026-0042"))


class ExceptionForm(FlaskForm):
    reason = TextAreaField(
        _l("Why certify despite the shortfall?"),
        validators=[DataRequired(message=_l("Write the reason; it stays on the certificate's history.")),
                    Length(min=20, max=2000, message=_l("Write between 20 and 2000 characters."))],
        description=_l("A second coordinator must confirm the exception. The reason stays on the certificate's "
                       "history."))


class DeclineExceptionForm(FlaskForm):
    reason = TextAreaField(_l("Why decline the exception?"),
                           validators=[DataRequired(message=_l("Write the reason.")),
                                       Length(min=10, max=2000, message=_l("Write between 10 and 2000 characters."))])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[DataRequired(message=_l("Write a reply.")), Length(max=2000)])


class ResolveForm(FlaskForm):
    resolved = HiddenField(default="1")


class ConcernForm(FlaskForm):
    """A concern from anyone: no account, no JavaScript; a honeypot field and a signed start time keep bots out."""

    body = TextAreaField(_l("What happened?"), validators=[
        DataRequired(message=_l("Describe what happened.")),
        Length(min=20, max=4000, message=_l("Write between 20 and 4000 characters."))],
        description=_l("Describe what you saw or experienced, and when. Do not write other people's personal details."))
    contact = StrippedStringField(_l("Your email address (optional)"), validators=[
        Optional(), Length(max=200), Email(message=_l("Give an email address, or leave the field empty."))],
                                  description=_l("Only if you want to hear the outcome. It is not shown to anyone "
                                                 "but the coordinators."))
    # Left empty by people (the field is hidden from them); bots fill it in.
    website = StrippedStringField(_l("Leave this field empty"), validators=[Optional()])
    started = HiddenField()


class ConcernReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Write the reason.")),
        Length(min=10, max=2000, message=_l("Write between 10 and 2000 characters."))],
        description=_l("The reporter, if they left an email address, receives this text."))


class ConcernNoteForm(FlaskForm):
    reason = TextAreaField(_l("Note (optional)"), validators=[Length(max=2000)])


class DefinitionForm(FlaskForm):
    definition = TextAreaField(_l("The questionnaire in YAML"),
                               validators=[DataRequired(message=_l("The definition is empty.")), Length(max=200_000)],
                               description=_l("Sections with their weight and minimum; questions with their type, "
                                              "texts in English and Swedish, points, must-pass gates, show_if "
                                              "conditions and advice."))
