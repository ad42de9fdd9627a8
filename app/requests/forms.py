"""Forms of the science shop."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields import URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from app.uploads import max_upload_bytes
from app.requests.constants import RequestState
from app.enums import REQUEST_THEMES
from app.forms import DateField, FilterForm, MultiCheckboxField, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l
from app.requests.constants import (
    AssignmentRole,
    DeclineReason,
    HelpKind,
    RequestLanguage,
    ResultUse,
    Theme,
)
from app.requests.queries import MY_STEPS, QUEUE_VIEWS


def _enum_choices(labels):
    return choices((member.value, label) for member, label in labels.items())


class RequestForm(FlaskForm):
    organisation_id = SelectField(_l("On behalf of"), coerce=int, validators=[DataRequired()])
    title = StrippedStringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_characters],
                                description=_l("A short name for your question."))
    question = TextAreaField(_l("Your question"), validators=[Length(max=5000)],
                             description=_l("Ask in plain language, as you would ask a friend."))
    background = TextAreaField(_l("Background"), validators=[Optional(), Length(max=10000)],
                               description=_l("What led to the question, and what you already know."))
    intended_use = TextAreaField(_l("What you will do with the answer"), validators=[Optional(), Length(max=5000)])
    beneficiaries = TextAreaField(_l("Who benefits"), validators=[Optional(), Length(max=5000)])
    help_kind = RadioField(_l("Preferred kind of help"), choices=HelpKind.choices(),
                           default=HelpKind.research_project.value, validators=[DataRequired()])
    timeframe = StrippedStringField(_l("Timeframe"), validators=[Optional(), Length(max=200)],
                                    description=_l("For example: during the spring, or before the annual meeting."))
    deadline = DateField(_l("Deadline"), validators=[Optional()], description=_l("Leave empty if there is none."))
    themes = MultiCheckboxField(_l("Themes"), choices=Theme.choices(REQUEST_THEMES), validators=[],
                                description=_l("Choose one or more; the first 17 are the UN Sustainable Development Goals."))
    language = SelectField(_l("Language of the request"), choices=RequestLanguage.choices(),
                           default=RequestLanguage.sv.value)
    consent_to_publish = BooleanField(_l("We agree that the result is published in the public results library"))

    def __init__(self, *args, organisations=(), complete=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation_id.choices = choices([(o.id, o.name) for o in organisations])
        self.complete = complete  # a draft may be incomplete; a request about to be submitted may not

    def validate_question(self, field):
        if self.complete and not (field.data or "").strip():
            raise ValidationError(_l("Write your question."))

    def validate_themes(self, field):
        if self.complete and not field.data:
            raise ValidationError(_l("Choose at least one theme."))

    def validate_deadline(self, field):

        from app.db_types import utcnow
        from app.i18n import local_timezone

        if field.data is not None and field.data < utcnow().astimezone(local_timezone()).date():
            raise ValidationError(_l("The deadline has passed. Give a date from today on, or leave it empty."))

    def fields_dict(self):
        return {
            "title": self.title.data or "", "question": self.question.data or "",
            "background": self.background.data or "", "intended_use": self.intended_use.data or "",
            "beneficiaries": self.beneficiaries.data or "", "help_kind": HelpKind(self.help_kind.data),
            "timeframe": self.timeframe.data or "", "deadline": self.deadline.data,
            "language": RequestLanguage(self.language.data), "consent_to_publish": bool(self.consent_to_publish.data),
        }

    def theme_values(self):
        return [Theme(value) for value in self.themes.data or []]


class AskInfoForm(FlaskForm):
    note = TextAreaField(_l("What do you need to know?"), validators=[DataRequired(), Length(max=5000)])


class AcceptForm(FlaskForm):
    note = TextAreaField(_l("Note for the timeline (optional)"), validators=[Optional(), Length(max=2000)])


class DeclineForm(FlaskForm):
    reason = RadioField(_l("Reason"), choices=DeclineReason.choices(), validators=[DataRequired()])
    text = TextAreaField(_l("Explanation to the group"), validators=[Length(max=5000)])

    def validate_text(self, field):
        if self.reason.data == DeclineReason.other.value and not (field.data or "").strip():
            raise ValidationError(_l("Explain the reason when you choose \"Other reason\"."))


class ReferForm(FlaskForm):
    referred_to = StrippedStringField(_l("Referred to"), validators=[DataRequired(), Length(max=300)],
                                      description=_l("The organisation or service that can answer better."))
    note = TextAreaField(_l("Message to the group"), validators=[Optional(), Length(max=5000)])


class AdviseForm(FlaskForm):
    advice = TextAreaField(_l("Advice"), validators=[DataRequired(), Length(max=10000)])


def _refuse_at_capacity(user_ids):
    from app.accounts.models import User
    from app.extensions import db
    from app.requests.queries import within_capacity

    for user_id in user_ids:
        if not within_capacity(user_id):
            user = db.session.get(User, user_id)
            raise ValidationError(_l("%(name)s has reached their capacity.",
                                     name=user.display_name if user else user_id))


class OpenForm(FlaskForm):
    suggested = SelectMultipleField(_l("Suggest to researchers (optional)"), coerce=int, validators=[Optional()],
                                    description=_l("The researchers you name are told at once."))
    note = TextAreaField(_l("Note for the timeline (optional)"), validators=[Optional(), Length(max=2000)])

    def validate_suggested(self, field):
        _refuse_at_capacity(field.data or [])


class AssignForm(FlaskForm):
    researcher = SelectField(_l("Researcher"), coerce=int, validators=[DataRequired()],
                             description=_l("The researcher is told at once; their capacity counts."))
    note = TextAreaField(_l("Message to the researcher (optional)"), validators=[Optional(), Length(max=2000)])

    def validate_researcher(self, field):
        _refuse_at_capacity([field.data] if field.data else [])


class ReleaseForm(FlaskForm):
    note = TextAreaField(_l("Reason (the researchers are told)"), validators=[DataRequired(), Length(max=2000)])


class HandBackForm(FlaskForm):
    note = TextAreaField(_l("Why you hand it back (optional)"), validators=[Optional(), Length(max=2000)])


class WithdrawForm(FlaskForm):
    note = TextAreaField(_l("Reason (optional)"), validators=[Optional(), Length(max=2000)],
                         description=_l("The science shop and the researchers it was suggested to are told."))


class HandOverForm(FlaskForm):
    to_user = SelectField(_l("Hand over to"), coerce=int, validators=[DataRequired()])
    note = TextAreaField(_l("Message (optional)"), validators=[Optional(), Length(max=2000)])


class ReassignForm(FlaskForm):
    researcher = SelectField(_l("New lead researcher"), coerce=int, validators=[DataRequired()])
    note = TextAreaField(_l("Message (optional)"), validators=[Optional(), Length(max=2000)])

    def validate_researcher(self, field):
        _refuse_at_capacity([field.data] if field.data else [])


class RemoveResearcherForm(FlaskForm):
    user = SelectField(_l("Researcher to remove"), coerce=int, validators=[DataRequired()])


class ConsentForm(FlaskForm):
    consent = RadioField(_l("Publish the result in the public results library?"), choices=choices(
        [("yes", _l("Yes, publish it")), ("no", _l("No, do not publish it"))]), validators=[DataRequired()])


class RouteColabForm(FlaskForm):
    note = TextAreaField(_l("Why a co-lab (optional)"), validators=[Optional(), Length(max=2000)])


class CompleteColabForm(FlaskForm):
    public_summary = TextAreaField(_l("Plain-language summary"), validators=[DataRequired(), Length(max=5000)])
    outcome = TextAreaField(_l("Outcome of the co-lab"), validators=[DataRequired(), Length(max=10000)])


class CompleteForm(FlaskForm):
    public_summary = TextAreaField(_l("Plain-language summary"), validators=[DataRequired(), Length(max=5000)],
                                   description=_l("Published with the result when the group agreed to it."))
    result_text = TextAreaField(_l("Result as text"), validators=[Length(max=100000)])
    result_link = URLField(_l("Link to the result"), validators=[
        Optional(), URL(message=_l("Give a full address, starting with https://")), Length(max=500)])
    result_file = FileField(_l("Result as a PDF (at most 10 MB)"),
                            validators=[FileAllowed(["pdf"], _l("Upload a PDF file."))])
    recommendations = TextAreaField(_l("Recommendations"), validators=[Optional(), Length(max=10000)])

    def validate_result_text(self, field):
        has_file = bool(self.result_file.data and getattr(self.result_file.data, "filename", ""))
        if not (field.data or "").strip() and not self.result_link.data and not has_file:
            raise ValidationError(_l("Give the result as text, a link or a PDF file."))

    def validate_result_file(self, field):
        data = field.data
        if not data or not getattr(data, "filename", ""):
            return
        stream = data.stream
        head = stream.read(5)
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        if size > max_upload_bytes():
            raise ValidationError(_l("The file is larger than 10 MB."))
        if head != b"%PDF-":
            raise ValidationError(_l("Upload a PDF file."))


class ProgressForm(FlaskForm):
    text = TextAreaField(_l("Progress update"), validators=[DataRequired(), Length(max=5000)])


class AddResearcherForm(FlaskForm):
    email = StrippedStringField(_l("Email of the person to add"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=AssignmentRole.choices([r for r in AssignmentRole if r != AssignmentRole.lead]))

    def validate_email(self, field):
        from app.accounts.services import find_user_by_email

        self.user = find_user_by_email(field.data)
        if self.user is None:
            raise ValidationError(_l("There is no account with this email address."))


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=10000)])
    internal = BooleanField(_l("Internal note (never shown to the group)"))


class RatingForm(FlaskForm):
    rating = RadioField(_l("Your rating"), coerce=int, choices=choices(
        [(5, _l("5: Very useful")), (4, _l("4: Useful")), (3, _l("3: Somewhat useful")),
         (2, _l("2: Of little use")), (1, _l("1: Not useful"))]),
        validators=[DataRequired(message=_l("Choose a rating from 1 to 5.")), NumberRange(1, 5)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])


class QueueFilterForm(FilterForm):
    q = StrippedStringField(_l("Search"), validators=[Optional(), Length(max=200)])
    state = SelectField(_l("State"), validators=[Optional()])
    theme = SelectField(_l("Theme"), validators=[Optional()])
    organisation = StrippedStringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    age = IntegerField(_l("Waiting at least (days)"), validators=[Optional(), NumberRange(0, 3650)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = choices([("", _l("Waiting for the science shop")), ("all", _l("All states"))]
                                     + [(key, label) for key, (label, condition) in QUEUE_VIEWS.items()]
                                     + RequestState.choices())
        self.theme.choices = Theme.choices(REQUEST_THEMES, blank=_l("All themes"))


class MyRequestsFilterForm(FilterForm):
    step = SelectField(_l("Show"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.step.choices = choices([("", _l("All my requests"))]
                                    + [(key, label) for key, (label, make) in MY_STEPS.items()])


class LibraryFilterForm(FilterForm):
    q = StrippedStringField(_l("Search"), validators=[Optional(), Length(max=200)])
    theme = SelectField(_l("Theme"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = Theme.choices(REQUEST_THEMES, blank=_l("All themes"))


class OpenFilterForm(LibraryFilterForm):
    """The library's filters, and the researcher's own suggestions."""

    suggested = BooleanField(_l("Only those suggested to me"))


class FollowUpForm(FlaskForm):
    """The follow-up evaluation, after the PERARES post-project questionnaire used by European science shops."""

    used_results = RadioField(_l("Did you use the results?"), choices=ResultUse.choices(),
                              validators=[DataRequired(message=_l("Choose yes, partly or no."))])
    used_for = TextAreaField(_l("What did you use them for?"), validators=[Optional(), Length(max=5000)])
    what_changed = TextAreaField(_l("What changed, for your group or the people you work with?"),
                                 validators=[Optional(), Length(max=5000)])
    cooperation = RadioField(_l("How was the cooperation with the science shop and the researchers?"), coerce=int,
                             choices=choices([(5, _l("5: Very good")), (4, _l("4: Good")), (3, _l("3: Fair")),
                                              (2, _l("2: Poor")), (1, _l("1: Very poor"))]),
                             validators=[DataRequired(message=_l("Choose from 1 to 5.")), NumberRange(1, 5)])
    would_return = RadioField(_l("Would you come to the science shop again?"),
                              choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
                              validators=[DataRequired(message=_l("Choose yes or no."))])
    new_question = TextAreaField(_l("Do you have a new question?"), validators=[Optional(), Length(max=5000)],
                                 description=_l("If you write one, a new request starts from it, filled in for you."))

    def answers(self):
        return {"used_results": ResultUse(self.used_results.data), "used_for": self.used_for.data or "",
                "what_changed": self.what_changed.data or "", "cooperation": self.cooperation.data,
                "would_return": self.would_return.data == "yes", "new_question": (self.new_question.data or "").strip()}
