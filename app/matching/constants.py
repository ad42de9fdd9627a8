"""Fixed lists for matching: categories, themes, capacity, budget, stages and reasons."""
import enum

from app.enums import LabelledEnum, Theme  # noqa: F401  (the one vocabulary, shared)
from app.i18n import lazy_gettext as _l


class Category(LabelledEnum):
    catering = "catering", _l("Catering and food")
    cleaning = "cleaning", _l("Cleaning")
    facility_services = "facility_services", _l("Facility services")
    it = "it", _l("IT")
    consulting = "consulting", _l("Consulting")
    education = "education", _l("Education and training")
    care = "care", _l("Care")
    construction = "construction", _l("Construction and repair")
    recycling = "recycling", _l("Recycling and reuse")
    work_integration = "work_integration", _l("Work integration")
    culture = "culture", _l("Culture")
    other = "other", _l("Other")


class Capacity(LabelledEnum):
    """How large an assignment a business can take on."""

    small = "small", _l("Small assignments (up to 250 000 kr a year)")
    medium = "medium", _l("Medium assignments (up to 1 million kr a year)")
    large = "large", _l("Large assignments (over 1 million kr a year)")


CAPACITY_RANK = {Capacity.small: 0, Capacity.medium: 1, Capacity.large: 2}


class BudgetBand(LabelledEnum):
    up_to_250k = "up_to_250k", _l("Up to 250 000 kr a year")
    up_to_1m = "up_to_1m", _l("250 000 kr to 1 million kr a year")
    over_1m = "over_1m", _l("Over 1 million kr a year")
    not_known = "not_known", _l("Not known yet")


# The capacity rank a business needs for a budget.
BUDGET_REQUIRES = {BudgetBand.up_to_250k: 0, BudgetBand.up_to_1m: 1, BudgetBand.over_1m: 2, BudgetBand.not_known: 0}


class Timeframe(LabelledEnum):
    as_soon_as_possible = "as_soon_as_possible", _l("As soon as possible")
    within_3_months = "within_3_months", _l("Within three months")
    within_a_year = "within_a_year", _l("Within a year")
    ongoing = "ongoing", _l("Ongoing, no fixed start")




class NeedState(enum.Enum):
    open = "open"
    closed = "closed"


class MatchState(LabelledEnum):
    suggested = "suggested", _l("Suggested")
    introduced = "introduced", _l("Introduced")
    meeting_held = "meeting_held", _l("Meeting held")
    became_customer = "became_customer", _l("Became a customer")
    no_fit = "no_fit", _l("No fit")


class MatchAction(LabelledEnum):
    """Every entry of a match's history."""

    track = "track", _l("Followed")
    mark_interest = "mark_interest", _l("Interest marked")
    introduce = "introduce", _l("Introduced")
    record_meeting = "record_meeting", _l("Meeting held")
    record_customer = "record_customer", _l("Became a customer")
    record_no_fit = "record_no_fit", _l("No fit")
    decline = "decline", _l("Not interested")


class ValueBand(LabelledEnum):
    under_50k = "under_50k", _l("Under 50 000 kr")
    up_to_250k = "up_to_250k", _l("50 000 to 250 000 kr")
    up_to_1m = "up_to_1m", _l("250 000 kr to 1 million kr")
    over_1m = "over_1m", _l("Over 1 million kr")


class NoFitReason(LabelledEnum):
    not_interested = "not_interested", _l("One side is not interested")
    price = "price", _l("Price")
    capacity = "capacity", _l("Not enough capacity")
    timing = "timing", _l("Timing")
    requirements = "requirements", _l("Requirements not met")
    other = "other", _l("Other reason")


class ScoreComponent(LabelledEnum):
    """The weighed parts of a need–offering score, by the engine's names."""

    text = "text", _l("Description")
    theme = "theme", _l("Themes")
    geography = "geography", _l("Geography")
    certification = "certification", _l("Certification")
    past_success = "past_success", _l("Past success")


class ScoreFilter(LabelledEnum):
    """The conditions an offering must meet before it is scored, by the engine's names."""

    category = "category", _l("Same category")
    geography = "geography", _l("Works in the municipality")
    capacity = "capacity", _l("Capacity for the budget")
    availability = "availability", _l("Open and available")
    language = "language", _l("Works in the language")
    not_declined = "not_declined", _l("Not declined before")
