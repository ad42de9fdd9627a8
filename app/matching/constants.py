"""Fixed lists for matching: categories, themes, capacity, budget, stages and reasons."""
import enum

from app.i18n import lazy_gettext as _l


class Category(enum.Enum):
    catering = "catering"
    cleaning = "cleaning"
    facility_services = "facility_services"
    it = "it"
    consulting = "consulting"
    education = "education"
    care = "care"
    construction = "construction"
    recycling = "recycling"
    work_integration = "work_integration"
    culture = "culture"
    other = "other"


CATEGORY_LABELS = {
    Category.catering: _l("Catering and food"),
    Category.cleaning: _l("Cleaning"),
    Category.facility_services: _l("Facility services"),
    Category.it: _l("IT"),
    Category.consulting: _l("Consulting"),
    Category.education: _l("Education and training"),
    Category.care: _l("Care"),
    Category.construction: _l("Construction and repair"),
    Category.recycling: _l("Recycling and reuse"),
    Category.work_integration: _l("Work integration"),
    Category.culture: _l("Culture"),
    Category.other: _l("Other"),
}


class Theme(enum.Enum):
    long_term_unemployed = "long_term_unemployed"
    newcomers = "newcomers"
    disability = "disability"
    youth = "youth"
    older_people = "older_people"
    environment = "environment"
    gender_equality = "gender_equality"
    local_community = "local_community"
    digital_inclusion = "digital_inclusion"
    health = "health"


THEME_LABELS = {
    Theme.long_term_unemployed: _l("People far from the labour market"),
    Theme.newcomers: _l("Newcomers to Sweden"),
    Theme.disability: _l("People with disabilities"),
    Theme.youth: _l("Young people"),
    Theme.older_people: _l("Older people"),
    Theme.environment: _l("Environment and climate"),
    Theme.gender_equality: _l("Gender equality"),
    Theme.local_community: _l("Local community"),
    Theme.digital_inclusion: _l("Digital inclusion"),
    Theme.health: _l("Health"),
}


class Capacity(enum.Enum):
    """How large an assignment a business can take on."""

    small = "small"
    medium = "medium"
    large = "large"


CAPACITY_LABELS = {
    Capacity.small: _l("Small assignments (up to 250 000 kr a year)"),
    Capacity.medium: _l("Medium assignments (up to 1 million kr a year)"),
    Capacity.large: _l("Large assignments (over 1 million kr a year)"),
}
CAPACITY_RANK = {Capacity.small: 0, Capacity.medium: 1, Capacity.large: 2}


class BudgetBand(enum.Enum):
    up_to_250k = "up_to_250k"
    up_to_1m = "up_to_1m"
    over_1m = "over_1m"
    not_known = "not_known"


BUDGET_LABELS = {
    BudgetBand.up_to_250k: _l("Up to 250 000 kr a year"),
    BudgetBand.up_to_1m: _l("250 000 kr to 1 million kr a year"),
    BudgetBand.over_1m: _l("Over 1 million kr a year"),
    BudgetBand.not_known: _l("Not known yet"),
}
# The capacity rank a business needs for a budget.
BUDGET_REQUIRES = {BudgetBand.up_to_250k: 0, BudgetBand.up_to_1m: 1, BudgetBand.over_1m: 2, BudgetBand.not_known: 0}


class Timeframe(enum.Enum):
    as_soon_as_possible = "as_soon_as_possible"
    within_3_months = "within_3_months"
    within_a_year = "within_a_year"
    ongoing = "ongoing"


TIMEFRAME_LABELS = {
    Timeframe.as_soon_as_possible: _l("As soon as possible"),
    Timeframe.within_3_months: _l("Within three months"),
    Timeframe.within_a_year: _l("Within a year"),
    Timeframe.ongoing: _l("Ongoing, no fixed start"),
}

LANGUAGE_LABELS = {"sv": _l("Swedish"), "en": _l("English")}


class NeedState(enum.Enum):
    open = "open"
    closed = "closed"


class MatchState(enum.Enum):
    suggested = "suggested"
    introduced = "introduced"
    meeting_held = "meeting_held"
    became_customer = "became_customer"
    no_fit = "no_fit"


class MatchAction(enum.Enum):
    """Every entry of a match's history."""

    track = "track"
    mark_interest = "mark_interest"
    introduce = "introduce"
    record_meeting = "record_meeting"
    record_customer = "record_customer"
    record_no_fit = "record_no_fit"
    decline = "decline"


ACTION_LABELS = {
    MatchAction.track: _l("Followed"),
    MatchAction.mark_interest: _l("Interest marked"),
    MatchAction.introduce: _l("Introduced"),
    MatchAction.record_meeting: _l("Meeting held"),
    MatchAction.record_customer: _l("Became a customer"),
    MatchAction.record_no_fit: _l("No fit"),
    MatchAction.decline: _l("Not interested"),
}

STATE_LABELS = {
    MatchState.suggested: _l("Suggested"),
    MatchState.introduced: _l("Introduced"),
    MatchState.meeting_held: _l("Meeting held"),
    MatchState.became_customer: _l("Became a customer"),
    MatchState.no_fit: _l("No fit"),
}


class ValueBand(enum.Enum):
    under_50k = "under_50k"
    up_to_250k = "up_to_250k"
    up_to_1m = "up_to_1m"
    over_1m = "over_1m"


VALUE_LABELS = {
    ValueBand.under_50k: _l("Under 50 000 kr"),
    ValueBand.up_to_250k: _l("50 000 to 250 000 kr"),
    ValueBand.up_to_1m: _l("250 000 kr to 1 million kr"),
    ValueBand.over_1m: _l("Over 1 million kr"),
}


class NoFitReason(enum.Enum):
    not_interested = "not_interested"
    price = "price"
    capacity = "capacity"
    timing = "timing"
    requirements = "requirements"
    other = "other"


NO_FIT_LABELS = {
    NoFitReason.not_interested: _l("One side is not interested"),
    NoFitReason.price: _l("Price"),
    NoFitReason.capacity: _l("Not enough capacity"),
    NoFitReason.timing: _l("Timing"),
    NoFitReason.requirements: _l("Requirements not met"),
    NoFitReason.other: _l("Other reason"),
}

COMPONENT_LABELS = {
    "text": _l("Description"),
    "theme": _l("Themes"),
    "geography": _l("Geography"),
    "certification": _l("Certification"),
    "past_success": _l("Past success"),
}

FILTER_LABELS = {
    "category": _l("Same category"),
    "geography": _l("Works in the municipality"),
    "capacity": _l("Capacity for the budget"),
    "availability": _l("Open and available"),
    "language": _l("Works in the language"),
    "not_declined": _l("Not declined before"),
}
