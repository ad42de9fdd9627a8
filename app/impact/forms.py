"""Forms of the impact area. Numbers are typed as text and read here, so that a wrong entry gets a
message beside its field and the text stays as it was typed."""
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.forms import DateField, MultiCheckboxField, StrippedStringField, choices, no_control_characters
from app.i18n import lazy_gettext as _l
from app.impact.constants import (
    DISAGGREGATIONS,
    Aggregation,
    DataType,
    Direction,
    EvidenceLevel,
    Frequency,
    GuideKind,
    Level,
    disaggregation_categories,
    parse_period,
)
from app.impact.maturity import QUESTIONS

LARGEST = Decimal("1e13")


def _enum_choices(labels):
    return choices((member.value, label) for member, label in labels.items())


def read_number(text, low=None, high=None, whole=False):
    """Return the Decimal a person typed (a comma is a decimal sign), or raise ValidationError."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_l("Type a number, such as 12 or 12,5.")) from None
    if not value.is_finite() or abs(value) >= LARGEST:
        raise ValidationError(_l("Type a number, such as 12 or 12,5."))
    if whole and value != value.to_integral_value():
        raise ValidationError(_l("Type a whole number."))
    if low is not None and value < low:
        raise ValidationError(_l("The number cannot be below %(low)s.", low=low))
    if high is not None and value > high:
        raise ValidationError(_l("The number cannot be above %(high)s.", high=high))
    return value


class NumberField(StrippedStringField):
    """A number typed as text; `.number` holds the Decimal once validated (None when left empty)."""

    def __init__(self, label=None, validators=None, low=None, high=None, whole=False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.low, self.high, self.whole = low, high, whole
        self.number = None

    def pre_validate(self, form):
        self.number = None
        if self.data:
            self.number = read_number(self.data, self.low, self.high, self.whole)


class PeriodField(StrippedStringField):
    def pre_validate(self, form):
        if self.data and parse_period(self.data) is None:
            raise ValidationError(_l("Write a period as a year (2026) or a half year (2026H1 or 2026H2)."))
        if self.data:
            self.data = self.data.upper()


class IndicatorVersionForm(FlaskForm):
    code = StrippedStringField(_l("Code"), validators=[DataRequired(), Length(max=40), Regexp(
        r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$", message=_l("Use capital letters, digits and hyphens, such as FOOD-MEALS."))])
    name_en = StrippedStringField(_l("Name in English"), validators=[DataRequired(), Length(max=200),
                                                                     no_control_characters])
    name_sv = StrippedStringField(_l("Name in Swedish"), validators=[DataRequired(), Length(max=200),
                                                                     no_control_characters])
    definition_en = TextAreaField(_l("Definition in English"), validators=[DataRequired(), Length(max=4000)])
    definition_sv = TextAreaField(_l("Definition in Swedish"), validators=[DataRequired(), Length(max=4000)])
    level = SelectField(_l("Level"), choices=Level.choices(), validators=[DataRequired()])
    unit = StrippedStringField(_l("Unit"), validators=[DataRequired(), Length(max=40), no_control_characters])
    data_type = SelectField(_l("Data type"), choices=DataType.choices(), validators=[DataRequired()])
    direction = SelectField(_l("Direction"), choices=Direction.choices(), validators=[DataRequired()])
    aggregation = SelectField(_l("Aggregation rule"), choices=Aggregation.choices(),
                              validators=[DataRequired()])
    calculation_en = TextAreaField(_l("Calculation in English"), validators=[Length(max=4000)])
    calculation_sv = TextAreaField(_l("Calculation in Swedish"), validators=[Length(max=4000)])
    guidance_en = TextAreaField(_l("Guidance in English"), validators=[Length(max=4000)])
    guidance_sv = TextAreaField(_l("Guidance in Swedish"), validators=[Length(max=4000)])
    evidence_en = TextAreaField(_l("What counts as evidence, in English"), validators=[Length(max=4000)])
    evidence_sv = TextAreaField(_l("What counts as evidence, in Swedish"), validators=[Length(max=4000)])
    disaggregations = MultiCheckboxField(_l("Allowed disaggregations"),
                                         choices=choices((k, v[0]) for k, v in DISAGGREGATIONS.items()))
    sdg_targets = StrippedStringField(_l("SDG targets"), description=_l("Separated by commas, such as 8.5, 8.6"),
                                      validators=[Optional(), Length(max=200), Regexp(
                                          r"^\d{1,2}\.[0-9a-z]{1,2}(\s*,\s*\d{1,2}\.[0-9a-z]{1,2})*$",
                                          message=_l("Write SDG targets such as 8.5, 8.6."))])
    iris_id = StrippedStringField(_l("IRIS+ id (optional)"), validators=[Optional(), Length(max=20),
                                                                         no_control_characters])

    def validate_aggregation(self, field):
        ratio = self.data_type.data == DataType.ratio.value
        if field.data == Aggregation.pooled_ratio.value and not ratio:
            raise ValidationError(_l("A pooled ratio needs the data type ratio."))
        if ratio and field.data not in (Aggregation.pooled_ratio.value, Aggregation.none.value):
            raise ValidationError(_l("A ratio is pooled from numerators and denominators, or not aggregated."))
        if self.data_type.data in (DataType.scale.value,) and field.data != Aggregation.none.value:
            raise ValidationError(_l("Scale values are not aggregable."))

    def version_fields(self):
        return {
            **{name: getattr(self, name).data or "" for name in (
                "name_en", "name_sv", "definition_en", "definition_sv", "unit", "calculation_en", "calculation_sv",
                "guidance_en", "guidance_sv", "evidence_en", "evidence_sv")},
            "level": Level(self.level.data), "data_type": DataType(self.data_type.data),
            "direction": Direction(self.direction.data), "aggregation": Aggregation(self.aggregation.data),
            "disaggregations": list(self.disaggregations.data or []),
            "sdg_targets": [s.strip() for s in (self.sdg_targets.data or "").split(",") if s.strip()],
            "iris_id": self.iris_id.data or None,
        }


class ImpactModelForm(FlaskForm):
    activities = TextAreaField(_l("Activities: what you do"), validators=[DataRequired(), Length(max=4000)])
    outputs = TextAreaField(_l("Outputs: what your activities produce directly"),
                            validators=[DataRequired(), Length(max=4000)])
    outcomes = TextAreaField(_l("Outcomes: what changes for people"), validators=[DataRequired(), Length(max=4000)])
    impact = TextAreaField(_l("Impact: the lasting change in society you contribute to"),
                           validators=[DataRequired(), Length(max=4000)])
    stakeholders = TextAreaField(_l("Stakeholders: who is affected or takes part"), validators=[Length(max=4000)])
    assumptions = TextAreaField(_l("Assumptions: what must hold for the chain to work"),
                                validators=[Length(max=4000)])

    def model_fields(self):
        return {name: self[name].data or "" for name in ("activities", "outputs", "outcomes", "impact",
                                                           "stakeholders", "assumptions")}


class CommitmentForm(FlaskForm):
    indicator = SelectField(_l("Indicator"), validators=[DataRequired()],
                            description=_l("Choose from the catalogue, or describe your own indicator below. "
                                           "Your own indicators are never added to the alliance's figures."))
    custom_name = StrippedStringField(_l("Your own indicator's name"), validators=[Length(max=200),
                                                                                   no_control_characters])
    custom_unit = StrippedStringField(_l("Its unit"), validators=[Length(max=40), no_control_characters])
    custom_direction = SelectField(_l("Its direction"), choices=Direction.choices())
    frequency = SelectField(_l("How often you report"), choices=Frequency.choices(),
                            validators=[DataRequired()])
    baseline_value = NumberField(_l("Baseline value"), validators=[DataRequired()])
    baseline_on = DateField(_l("Date of the baseline"), validators=[DataRequired()])
    baseline_source = StrippedStringField(_l("Source of the baseline"), validators=[
        DataRequired(), Length(max=300), no_control_characters])
    first_period = PeriodField(_l("First period to report"), validators=[DataRequired()],
                               description=_l("Such as 2026H1 (half year) or 2026 (year)."))
    target_value = NumberField(_l("Target for the first period"), validators=[DataRequired()])

    CUSTOM = "custom"

    def validate_custom_name(self, field):
        if self.indicator.data == self.CUSTOM and not field.data:
            raise ValidationError(_l("Name your own indicator."))

    def validate_custom_unit(self, field):
        if self.indicator.data == self.CUSTOM and not field.data:
            raise ValidationError(_l("Give its unit, such as people or hours."))

    def validate_first_period(self, field):
        if not field.data or parse_period(field.data) is None:
            return
        half = len(field.data) == 6
        if half != (self.frequency.data == Frequency.half_yearly.value):
            raise ValidationError(_l("Reporting twice a year needs a half-year period (2026H1); once a year, a "
                                     "year (2026)."))


class TargetForm(FlaskForm):
    period = SelectField(_l("Period"), validators=[DataRequired()])
    value = NumberField(_l("New target"), validators=[DataRequired()])
    reason = TextAreaField(_l("Why the target changes"), validators=[DataRequired(), Length(max=2000)])


class ReportForm(FlaskForm):
    """The report of one commitment and period; disaggregation fields are added per commitment."""

    value = NumberField(_l("Value"), low=Decimal(0))
    numerator = NumberField(_l("Numerator"), low=Decimal(0))
    denominator = NumberField(_l("Denominator"), low=Decimal(0))
    measured_on = DateField(_l("Date of measurement"), validators=[Optional()],
                            description=_l("A day within the period."))
    narrative = TextAreaField(_l("What happened, in a few sentences"), validators=[Length(max=4000)])
    evidence_level = SelectField(_l("Evidence level"), choices=EvidenceLevel.choices(),
                                 validators=[DataRequired()])
    people_covered = NumberField(_l("People covered"), low=Decimal(0), whole=True,
                                 description=_l("How many people this figure is about."))
    deadweight_pct = NumberField(_l("Deadweight (%)"), low=Decimal(0), high=Decimal(100),
                                 description=_l("The share that would have happened anyway. Optional."))
    attribution_pct = NumberField(_l("Attribution to others (%)"), low=Decimal(0), high=Decimal(100),
                                  description=_l("The share due to others than you. Optional."))
    co_deliverers = MultiCheckboxField(_l("Alliance members who delivered this with you"), coerce=int)
    evidence_file = FileField(_l("Evidence file (PDF, PNG or JPEG, at most 10 MB)"))

    def setup(self, commitment, period, partners):
        """Fit the form to a commitment: its period, its disaggregations, the possible co-deliverers."""
        self.commitment, self.period = commitment, period
        self.co_deliverers.choices = choices((o.id, o.name) for o in partners)
        return self

    @property
    def dimension_fields(self):
        """Return [(dimension, label, [field])] of the disaggregation fields."""
        out = []
        for dimension in self.commitment.disaggregations:
            label = DISAGGREGATIONS[dimension][0]
            out.append((dimension, label, [self[f"d_{dimension}_{key}"] for key in
                                           disaggregation_categories(dimension)]))
        return out

    def validate_value(self, field):
        if not self.commitment.is_ratio and not field.data:
            raise ValidationError(_l("Fill in the value."))

    def validate_denominator(self, field):
        if not self.commitment.is_ratio:
            return
        if not field.data:
            raise ValidationError(_l("A ratio needs a denominator as well as a numerator."))
        if field.number is not None and field.number == 0 and self.numerator.data:
            raise ValidationError(_l("The denominator cannot be 0."))
        if field.number is not None and self.numerator.number is not None and self.numerator.number > field.number:
            raise ValidationError(_l("The numerator cannot be larger than the denominator."))

    def validate_numerator(self, field):
        if self.commitment.is_ratio and not field.data:
            raise ValidationError(_l("Fill in the numerator."))

    def validate_measured_on(self, field):
        start, end = parse_period(self.period)
        if field.data and not start <= field.data <= end:
            raise ValidationError(_l("Give a date within the period, %(start)s to %(end)s.", start=start.isoformat(),
                                     end=end.isoformat()))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        total = self.numerator.number if self.commitment.is_ratio else self.value.number
        for _dimension, label, fields in self.dimension_fields:
            numbers = [f.number for f in fields if f.number is not None]
            if not numbers or total is None:
                continue
            if sum(numbers) != total:
                fields[0].errors = list(fields[0].errors) + [_l(
                    "The parts of %(dimension)s add up to %(parts)s, not to the total %(total)s.",
                    dimension=str(label).lower(), parts=_plain(sum(numbers)), total=_plain(total))]
                valid = False
        return valid

    def report_fields(self):
        parts = {}
        for dimension, _label, fields in self.dimension_fields:
            values = {key: str(f.number) for key, f in zip(disaggregation_categories(dimension), fields)
                      if f.number is not None}
            if values:
                parts[dimension] = values
        return {
            "value": None if self.commitment.is_ratio else self.value.number,
            "numerator": self.numerator.number if self.commitment.is_ratio else None,
            "denominator": self.denominator.number if self.commitment.is_ratio else None,
            "measured_on": self.measured_on.data, "narrative": self.narrative.data or "",
            "evidence_level": EvidenceLevel(self.evidence_level.data),
            "people_covered": int(self.people_covered.number) if self.people_covered.number is not None else None,
            "deadweight_pct": self.deadweight_pct.number, "attribution_pct": self.attribution_pct.number,
            "disaggregated": parts,
        }


def _plain(number):
    return format(number.normalize(), "f") if isinstance(number, Decimal) else str(number)


def report_form_for(commitment, period, partners, report=None, formdata=None):
    """Return a ReportForm with a field per disaggregation category, filled from the report on GET."""
    class Form(ReportForm):
        pass

    for dimension in commitment.disaggregations:
        for key, label in disaggregation_categories(dimension).items():
            setattr(Form, f"d_{dimension}_{key}", NumberField(label, low=Decimal(0)))
    form = Form() if formdata is None else Form(formdata=formdata)
    form.setup(commitment, period, partners)
    if report is not None and not form.is_submitted():
        for name in ("value", "numerator", "denominator", "people_covered", "deadweight_pct", "attribution_pct"):
            number = getattr(report, name)
            form[name].data = "" if number is None else _plain(Decimal(number))
        form.measured_on.data = report.measured_on
        form.narrative.data = report.narrative
        form.evidence_level.data = report.evidence_level.value
        form.co_deliverers.data = [o.id for o in report.co_deliverers]
        for dimension, values in (report.disaggregated or {}).items():
            for key, value in values.items():
                name = f"d_{dimension}_{key}"
                if name in form:
                    form[name].data = _plain(Decimal(value))
    return form


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("What should be corrected"), validators=[DataRequired(), Length(max=2000)])


class SnapshotForm(FlaskForm):
    period = PeriodField(_l("Period"), validators=[DataRequired()])


class GuideForm(FlaskForm):
    slug = StrippedStringField(_l("Address"), validators=[DataRequired(), Length(max=80), Regexp(
        r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use small letters, digits and hyphens."))])
    kind = SelectField(_l("Kind"), choices=GuideKind.choices(), validators=[DataRequired()])
    title_en = StrippedStringField(_l("Title in English"), validators=[DataRequired(), Length(max=200),
                                                                       no_control_characters])
    title_sv = StrippedStringField(_l("Title in Swedish"), validators=[DataRequired(), Length(max=200),
                                                                       no_control_characters])
    summary_en = StrippedStringField(_l("Summary in English"), validators=[Length(max=500), no_control_characters])
    summary_sv = StrippedStringField(_l("Summary in Swedish"), validators=[Length(max=500), no_control_characters])
    body_en = TextAreaField(_l("Text in English (Markdown)"), validators=[DataRequired(), Length(max=50000)])
    body_sv = TextAreaField(_l("Text in Swedish (Markdown)"), validators=[DataRequired(), Length(max=50000)])
    minutes = NumberField(_l("Minutes it takes"), validators=[DataRequired()], low=Decimal(1), high=Decimal(600),
                          whole=True)

    def guide_fields(self):
        fields = {name: self[name].data or "" for name in ("slug", "title_en", "title_sv", "summary_en",
                                                             "summary_sv", "body_en", "body_sv")}
        return {**fields, "kind": GuideKind(self.kind.data), "minutes": int(self.minutes.number)}


class CompleteGuideForm(FlaskForm):
    organisation_id = SelectField(_l("For"), coerce=int, validators=[DataRequired()])


def maturity_form():
    class Form(FlaskForm):
        pass

    for key, question, options in QUESTIONS:
        setattr(Form, key, SelectField(question, choices=choices((str(points), label) for points, label in options),
                                       validators=[DataRequired()]))
    return Form()
