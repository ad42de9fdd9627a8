"""Forms of the certification area (the questionnaire itself is read by answers.py)."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.certification.definition import QuestionType
from app.accounts.constants import Sector
from app.accounts.constants import municipality_choices
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
        self.sector.choices = Sector.choices(blank=_l("All sectors"))
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


# -- the structured questionnaire editor: numbers are read as text, so that the definition's models name each problem


class NewSectionForm(FlaskForm):
    key = StrippedStringField(_l("Key"), validators=[Length(max=60)],
                              description=_l("Letters, digits and _; it names the section in the answers."))
    title_en = StrippedStringField(_l("Title in English"), validators=[Length(max=200)])
    title_sv = StrippedStringField(_l("Title in Swedish"), validators=[Length(max=200)])


class SectionForm(FlaskForm):
    title_en = StrippedStringField(_l("Title in English"), validators=[Length(max=200)])
    title_sv = StrippedStringField(_l("Title in Swedish"), validators=[Length(max=200)])
    weight = StrippedStringField(_l("Weight"), validators=[Length(max=20)],
                                 description=_l("The section's share of the total score, against the other sections' weights."))
    minimum = StrippedStringField(_l("Minimum (%)"), validators=[Length(max=20)],
                                  description=_l("The percentage the section must reach for a certificate."))


class NewQuestionForm(FlaskForm):
    key = StrippedStringField(_l("Key"), validators=[Length(max=60)],
                              description=_l("Letters, digits and _; it names the answer, and conditions refer to it."))
    type = SelectField(_l("Kind of answer"), choices=QuestionType.choices())
    text_en = StrippedStringField(_l("Question in English"), validators=[Length(max=1000)])
    text_sv = StrippedStringField(_l("Question in Swedish"), validators=[Length(max=1000)])


class OptionForm(Form):
    key = StrippedStringField(_l("Option key"), validators=[Length(max=60)])
    text_en = StrippedStringField(_l("Option in English"), validators=[Length(max=500)])
    text_sv = StrippedStringField(_l("Option in Swedish"), validators=[Length(max=500)])
    points = StrippedStringField(_l("Points"), validators=[Length(max=20)])


class QuestionForm(NewQuestionForm):
    no_condition = _l("Always shown")
    options_errors = HiddenField(_l("Options"))
    options = FieldList(FormField(OptionForm), min_entries=0)
    points = StrippedStringField(_l("Points for yes"), validators=[Length(max=20)],
                                 description=_l("Only for yes-or-no questions."))
    must_pass = BooleanField(_l("Must pass (a gate): no certificate without enough points here"))
    pass_points = StrippedStringField(_l("Points needed to pass"), validators=[Length(max=20)],
                                      description=_l("Empty: the question's maximum."))
    condition_question = SelectField(_l("Show only when this earlier question…"), choices=[], validate_choice=False)
    condition_values = StrippedStringField(_l("…has one of these answers"), validators=[Length(max=500)],
                                           description=_l("Option keys, separated by commas."))
    advice_en = TextAreaField(_l("Advice in English"), validators=[Length(max=2000)],
                              description=_l("Shown in the list of gaps when the answer earns too little."))
    advice_sv = TextAreaField(_l("Advice in Swedish"), validators=[Length(max=2000)])


class ImportForm(FlaskForm):
    file = FileField(_l("YAML file"), validators=[FileRequired(message=_l("Choose a file."))],
                     description=_l("The whole questionnaire, as exported; it replaces this draft if it passes every check."))
