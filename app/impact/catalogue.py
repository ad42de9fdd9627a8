"""The catalogue file: read a YAML file of indicators, check every field, hand back plain data.

The file is checked as a whole before anything is stored, so a mistake on line 400 leaves the
catalogue as it was. Each indicator becomes the field values of an IndicatorVersion.
"""
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.impact.constants import DISAGGREGATIONS, Aggregation, DataType, Direction, Level

CODE_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
DEFAULT_FILE = Path(__file__).resolve().parent / "catalogue" / "indicators.yaml"


class CatalogueError(ValueError):
    """The catalogue file breaks a rule; the message says where."""


class Texts(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    en: str = Field(min_length=1)
    sv: str = Field(min_length=1)


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: int
    max: int

    @model_validator(mode="after")
    def ordered(self):
        if self.min >= self.max:
            raise ValueError("scale.min must be below scale.max")
        return self


class IndicatorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    code: str = Field(pattern=CODE_PATTERN, max_length=40)
    name: Texts
    definition: Texts
    level: Level
    unit: str = Field(min_length=1, max_length=40)
    data_type: DataType
    direction: Direction
    aggregation: Aggregation
    calculation: Texts
    guidance: Texts
    evidence: Texts
    disaggregations: list[Literal["gender", "age_band", "municipality", "target_group"]] = []
    sdg: list[str] = []
    iris: str | None = Field(default=None, max_length=20)
    scale: Scale | None = None

    @field_validator("sdg")
    @classmethod
    def sdg_targets(cls, values):
        for value in values:
            goal, _, target = value.partition(".")
            if not (goal.isdigit() and 1 <= int(goal) <= 17 and target and target.isalnum()):
                raise ValueError(f"{value!r} is not an SDG target such as 8.5")
        return values

    @model_validator(mode="after")
    def consistent(self):
        if self.aggregation == Aggregation.pooled_ratio and self.data_type != DataType.ratio:
            raise ValueError("a pooled ratio needs the data type ratio")
        if self.data_type == DataType.ratio and self.aggregation not in (Aggregation.pooled_ratio, Aggregation.none):
            raise ValueError("a ratio is pooled from numerators and denominators, or not aggregated")
        if self.data_type == DataType.scale and self.scale is None:
            raise ValueError("a scale needs scale.min and scale.max")
        if self.data_type == DataType.scale and self.aggregation != Aggregation.none:
            raise ValueError("scale values are not aggregable")
        if len(set(self.disaggregations)) != len(self.disaggregations):
            raise ValueError("a disaggregation is named twice")
        return self

    def fields(self):
        """Return the IndicatorVersion columns this entry fills."""
        return {
            "name_en": self.name.en, "name_sv": self.name.sv,
            "definition_en": self.definition.en, "definition_sv": self.definition.sv,
            "level": self.level, "unit": self.unit, "data_type": self.data_type, "direction": self.direction,
            "aggregation": self.aggregation,
            "calculation_en": self.calculation.en, "calculation_sv": self.calculation.sv,
            "guidance_en": self.guidance.en, "guidance_sv": self.guidance.sv,
            "evidence_en": self.evidence.en, "evidence_sv": self.evidence.sv,
            "disaggregations": list(self.disaggregations), "sdg_targets": list(self.sdg), "iris_id": self.iris,
            "scale_min": self.scale.min if self.scale else None, "scale_max": self.scale.max if self.scale else None,
        }


class CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str = Field(min_length=1)
    indicators: list[IndicatorEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def unique_codes(self):
        codes = [i.code for i in self.indicators]
        doubles = sorted({c for c in codes if codes.count(c) > 1})
        if doubles:
            raise ValueError(f"codes used twice: {', '.join(doubles)}")
        return self


assert set(DISAGGREGATIONS) == {"gender", "age_band", "municipality", "target_group"}


def parse(raw) -> CatalogueFile:
    """Check raw catalogue data; raise CatalogueError naming each broken field."""
    try:
        return CatalogueFile.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(p) for p in item["loc"])
            if item["loc"][:1] == ("indicators",) and len(item["loc"]) > 1 and isinstance(raw, dict):
                try:
                    where = f"{raw['indicators'][item['loc'][1]].get('code', '?')}: {where}"
                except (IndexError, KeyError, TypeError, AttributeError):
                    pass
            problems.append(f"{where}: {item['msg']}")
        raise CatalogueError("; ".join(problems)) from None


def load_file(path) -> CatalogueFile:
    """Read and check a catalogue file."""
    with Path(path).open(encoding="utf-8") as handle:
        try:
            raw = yaml.safe_load(handle)
        except yaml.YAMLError as error:
            raise CatalogueError(f"not valid YAML: {error}") from None
    return parse(raw)
