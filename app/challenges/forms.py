"""Forms of the challenge area."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.challenges.constants import Outcome, ProcurementRoute, Recommendation, Stage
from app.accounts.constants import municipality_choices
from app.challenges.constants import (
    ConflictDecision,
)
from app.forms import DateField, MultiCheckboxField, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l

TEXT = [Optional(), Length(max=10000)]
SDG_TARGETS = [f"{goal}" for goal in range(1, 18)]


class CycleForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    theme = StrippedStringField(_l("Theme"), validators=[DataRequired(), Length(max=200), no_control_characters])
    rules = TextAreaField(_l("Rules"), validators=TEXT)
    prizes = TextAreaField(_l("Prizes and support on offer"), validators=TEXT)
    peoples_choice = BooleanField(_l("Hold a people's choice vote among the finalists"))
    challenges_open_on = DateField(_l("Call for challenges opens"), validators=[InputRequired()])
    proposals_open_on = DateField(_l("Call for proposals opens"), validators=[InputRequired()])
    proposals_close_on = DateField(_l("Deadline for proposals (eligibility check starts)"),
                                   validators=[InputRequired()])
    review_opens_on = DateField(_l("Jury review starts"), validators=[InputRequired()])
    shortlist_on = DateField(_l("Shortlist and coaching start"), validators=[InputRequired()])
    final_on = DateField(_l("Final starts"), validators=[InputRequired()])
    announcement_on = DateField(_l("Announcement"), validators=[InputRequired()])
    follow_up_on = DateField(_l("Follow-up starts"), validators=[InputRequired()])

    ORDER = ["challenges_open_on", "proposals_open_on", "proposals_close_on", "review_opens_on", "shortlist_on",
             "final_on", "announcement_on", "follow_up_on"]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        previous = None
        for name in self.ORDER:
            field = self[name]
            if field.data is None:
                continue
            if previous is not None and field.data < previous.data:
                field.errors.append(_l("This date comes before “%(other)s”.", other=previous.label.text))
                ok = False
            previous = field
        if ok and self.proposals_close_on.data <= self.proposals_open_on.data:
            self.proposals_close_on.errors.append(_l("The deadline must come after the call opens."))
            ok = False
        return ok

    def values(self):
        return {name: self[name].data for name in ["year", "theme", "rules", "prizes", "peoples_choice", *self.ORDER]}


class CriterionForm(FlaskForm):
    stage = SelectField(_l("Stage"), choices=Stage.choices(),
                        validators=[DataRequired()])
    name = StrippedStringField(_l("Criterion"), validators=[DataRequired(), Length(max=120), no_control_characters])
    question = TextAreaField(_l("Question to applicants"), validators=TEXT)
    description = TextAreaField(_l("What it covers"), validators=TEXT)
    levels = TextAreaField(_l("What each score means"), validators=TEXT,
                           description=_l("One line per level, from the lowest to the highest."))
    weight = IntegerField(_l("Weight"), default=1, validators=[InputRequired(), NumberRange(min=1, max=100)])
    scale_max = IntegerField(_l("Highest score"), default=5, validators=[InputRequired(), NumberRange(min=1, max=10)])
    is_gate = BooleanField(_l("A yes/no eligibility gate (checked by two coordinators, not scored)"))


class ChallengeForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])
    title = StrippedStringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_characters])
    problem = TextAreaField(_l("The societal problem, in plain language"), validators=[DataRequired(), Length(max=10000)])
    affected = TextAreaField(_l("Who is affected"), validators=TEXT)
    pilot_plan = TextAreaField(_l("What you would do with a solution"), validators=TEXT)
    budget_min = IntegerField(_l("Pilot budget from (SEK)"), default=0,
                              validators=[InputRequired(), NumberRange(min=0, max=1_000_000_000)])
    budget_max = IntegerField(_l("Pilot budget up to (SEK)"), default=0,
                              validators=[InputRequired(), NumberRange(min=0, max=1_000_000_000)])
    pilot_months = IntegerField(_l("Pilot length (months)"), default=12,
                                validators=[InputRequired(), NumberRange(min=1, max=60)])
    municipalities = MultiCheckboxField(_l("Municipalities"), validate_choice=True)
    sdg_targets = MultiCheckboxField(_l("Sustainable Development Goals"), validate_choice=True,
                                     choices=choices((g, _l("Goal %(number)s", number=g)) for g in SDG_TARGETS))
    indicator_refs = MultiCheckboxField(_l("Indicators from the alliance's catalogue"), validate_choice=True)
    success_indicators = TextAreaField(_l("Indicators that would show success"), validators=TEXT)
    co_owners = MultiCheckboxField(_l("Co-owner organisations"), coerce=int, validate_choice=True)
    procurement_route = SelectField(
        _l("Procurement route"), choices=ProcurementRoute.choices(),
        validators=[DataRequired()])
    procurement_note = TextAreaField(_l("Note on procurement"), validators=TEXT)
    language = SelectField(_l("Language of the challenge"), choices=choices([("sv", _l("Swedish")), ("en", _l("English"))]))

    def __init__(self, *args, organisations=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = choices(organisations)
        self.co_owners.choices = choices(others)
        self.municipalities.choices = choices(municipality_choices())
        from app.impact.connections import indicator_choices
        self.indicator_refs.choices = choices(indicator_choices())

    def validate_budget_max(self, field):
        if self.budget_min.data is not None and field.data is not None and field.data < self.budget_min.data:
            raise ValidationError(_l("The upper end must not be below the lower end."))


class ProposalForm(FlaskForm):
    organisation = SelectField(_l("Proposing organisation"), coerce=int, validators=[InputRequired()])
    partners = MultiCheckboxField(_l("Partner organisations"), coerce=int, validate_choice=True)
    title = StrippedStringField(_l("Title"), validators=[DataRequired(), Length(max=200), no_control_characters])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=3000)])
    problem = TextAreaField(_l("The problem as you see it"), validators=TEXT)
    solution = TextAreaField(_l("Your solution"), validators=TEXT)
    beneficiaries = TextAreaField(_l("Who benefits, and how"), validators=TEXT)
    beneficiary_count = IntegerField(_l("How many people benefit"), default=0,
                                     validators=[InputRequired(), NumberRange(min=0, max=100_000_000)])
    activities = TextAreaField(_l("Activities"), validators=TEXT)
    outputs = TextAreaField(_l("Outputs"), validators=TEXT)
    outcomes = TextAreaField(_l("Outcomes"), validators=TEXT)
    team = TextAreaField(_l("Team"), validators=TEXT)
    budget = TextAreaField(_l("Budget"), validators=TEXT)
    budget_total = IntegerField(_l("Total budget (SEK)"), default=0,
                                validators=[InputRequired(), NumberRange(min=0, max=1_000_000_000)])
    ask = TextAreaField(_l("What you ask for"), validators=TEXT)

    def __init__(self, *args, organisations=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = choices(organisations)
        self.partners.choices = choices(others)

    FIELDS = ["title", "summary", "problem", "solution", "beneficiaries", "beneficiary_count", "activities",
              "outputs", "outcomes", "team", "budget", "budget_total", "ask"]

    def values(self):
        return {name: self[name].data for name in self.FIELDS}


def answer_field_name(criterion):
    return f"answer_{criterion.id}"


def proposal_form_for(criteria, *args, **kwargs):
    """Return a ProposalForm with one answer field per criterion that asks a question."""
    class Form(ProposalForm):
        pass
    for criterion in criteria:
        if criterion.question:
            setattr(Form, answer_field_name(criterion),
                    TextAreaField(criterion.name, description=criterion.question, validators=TEXT))
    return Form(*args, **kwargs)


class AttachmentForm(FlaskForm):
    file = FileField(_l("PDF file (at most 10 MB)"))
    free_of_names = BooleanField(_l("This file names neither our organisation nor our people (the jury may read it)"))


class QuestionForm(FlaskForm):
    question = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=3000)])


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=5000)])


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=5000)])


class OptionalNoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])


class EligibilityForm(FlaskForm):
    passed = RadioField(_l("Is the proposal eligible?"), choices=choices([("yes", _l("Yes")), ("no", _l("No"))]),
                        validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=TEXT)


class InviteJurorForm(FlaskForm):
    email = StrippedStringField(_l("Email address of the juror"), validators=[DataRequired(), Length(max=254)])


class DeclareConflictsForm(FlaskForm):
    organisations = MultiCheckboxField(_l("Organisations I have ties with"), coerce=int, validate_choice=True)
    reason = TextAreaField(_l("What the ties are"), validators=TEXT)


class ConflictDecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), validators=[InputRequired()], choices=choices(
        (d.value, d.label) for d in (ConflictDecision.recused, ConflictDecision.waived)))
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=3000)])


class DecisionForm(FlaskForm):
    outcome = SelectField(_l("Decision"), choices=Outcome.choices(),
                          validators=[DataRequired()])
    rationale = TextAreaField(_l("Rationale"), validators=[DataRequired(), Length(max=5000)])
    override_reason = TextAreaField(_l("Why decide with fewer than 3 reviews"), validators=TEXT)


class CorrectionForm(FlaskForm):
    rationale = TextAreaField(_l("Correction"), validators=[DataRequired(), Length(max=5000)])


def review_form_for(criteria, *args, **kwargs):
    """Return a form with a score and a comment per scored criterion."""
    class Form(FlaskForm):
        recommendation = RadioField(_l("Recommendation"), validators=[Optional()],
                                    choices=Recommendation.choices())
        note_to_chair = TextAreaField(_l("Private note to the chair"), validators=TEXT)
    for criterion in criteria:
        setattr(Form, f"score_{criterion.id}", IntegerField(
            _l("Score for %(name)s (0 to %(max)d)", name=criterion.name, max=criterion.scale_max),
            validators=[Optional(), NumberRange(min=0, max=criterion.scale_max)]))
        setattr(Form, f"comment_{criterion.id}", TextAreaField(
            _l("Comment on %(name)s (the applicant reads it, without your name)", name=criterion.name),
            validators=TEXT))
    return Form(*args, **kwargs)


def review_form_data(review):
    """Return what a juror saved, to fill the review form again; None for a first review."""
    if review is None:
        return None
    data = {"recommendation": review.recommendation.value if review.recommendation else None,
            "note_to_chair": review.note_to_chair}
    for score in review.scores:
        data[f"score_{score.criterion_id}"] = score.score
        data[f"comment_{score.criterion_id}"] = score.comment
    return data


class PilotForm(FlaskForm):
    contract_reference = StrippedStringField(_l("Contract reference"), validators=[Optional(), Length(max=120),
                                                                                   no_control_characters])
    note = TextAreaField(_l("Note"), validators=TEXT)


class MilestoneForm(FlaskForm):
    title = StrippedStringField(_l("Milestone"), validators=[DataRequired(), Length(max=200), no_control_characters])
    due_on = DateField(_l("Due"), validators=[InputRequired()])
    done_on = DateField(_l("Done on"), validators=[Optional()])
    evidence = TextAreaField(_l("Evidence"), validators=TEXT)


class ResultsForm(FlaskForm):
    summary = TextAreaField(_l("What the pilot achieved, against the challenge's indicators"),
                            validators=[DataRequired(), Length(max=10000)])


class LinkSessionForm(FlaskForm):
    session = SelectField(_l("Co-lab session"), coerce=int, validators=[InputRequired()])


class VoteForm(FlaskForm):
    proposal = RadioField(_l("Your vote"), coerce=int, validators=[InputRequired()])
