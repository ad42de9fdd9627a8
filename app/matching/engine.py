"""The match engine: pure functions that filter, score and explain pairs of a need and an offering.

Nothing here touches the database, the request or the configuration: callers hand in plain
profiles, the text index's statistics and the weights, and get back ranked, explained results.
The same function computes a pair's component values for ranking and for its explanation, so
the weighted parts always add up to the score shown.
"""
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

# The text analysis and text ranking are the shared ones of `app.text`; named here for the engine's callers.
from app.text.analysis import LANGUAGES, TITLE_WEIGHT, Analysis, analyse, detect_language, tokenise  # noqa: F401
from app.text.ranking import (  # noqa: F401
    PairQuery,
    Query,
    TextStats,
    idf,
    pair_fit,
    pair_scores,
    postings_of,
    prepare_pair_query,
    prepare_query,
    text_relevance,
    text_scores,
)


# -- the two sides ------------------------------------------------------------------------------
class NeedProfile(NamedTuple):
    """What the engine needs to know about an established organisation's need."""

    id: int
    organisation_id: int
    category: str
    municipality: str
    language: str
    required_capacity: int
    is_open: bool = True
    themes: frozenset = frozenset()
    past_success: float = 0.0


class OfferingProfile(NamedTuple):
    """What the engine needs to know about a social business's offering."""

    id: int
    organisation_id: int
    category: str
    municipalities: frozenset
    whole_region: bool
    home_municipality: str
    languages: frozenset
    capacity: int
    available: bool = True
    themes: frozenset = frozenset()
    certified: bool = False
    past_success: float = 0.0


# -- hard filters ---------------------------------------------------------------------------------
FILTERS = ("category", "geography", "capacity", "availability", "language", "not_declined")
OUTSIDE_REGION = "outside"


def serves(offering: OfferingProfile, municipality: str) -> bool:
    """Return whether the offering is delivered in a municipality."""
    if municipality in offering.municipalities:
        return True
    return offering.whole_region and municipality != OUTSIDE_REGION


def filter_results(need: NeedProfile, offering: OfferingProfile, declined: frozenset = frozenset()) -> dict[str, bool]:
    """Return each hard filter's verdict on a pair (all must pass for the pair to be listed)."""
    return {
        "category": need.category == offering.category,
        "geography": serves(offering, need.municipality),
        "capacity": offering.capacity >= need.required_capacity,
        "availability": need.is_open and offering.available,
        "language": need.language in offering.languages,
        "not_declined": (need.id, offering.id) not in declined,
    }


def passes_filters(need: NeedProfile, offering: OfferingProfile, declined: frozenset = frozenset()) -> bool:
    """Return whether a pair passes every hard filter."""
    return (
        need.category == offering.category
        and need.is_open and offering.available
        and offering.capacity >= need.required_capacity
        and need.language in offering.languages
        and serves(offering, need.municipality)
        and (need.id, offering.id) not in declined
    )


# -- score components -----------------------------------------------------------------------------
COMPONENTS = ("text", "theme", "geography", "certification", "past_success")
DEFAULT_WEIGHTS = {"text": 0.45, "theme": 0.15, "geography": 0.15, "certification": 0.10, "past_success": 0.15}
GEOGRAPHY_HOME, GEOGRAPHY_LISTED, GEOGRAPHY_REGION = 1.0, 0.7, 0.4


def theme_overlap(a: frozenset, b: frozenset) -> float:
    """Return the Jaccard overlap of two sets of themes."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def geography_fit(need: NeedProfile, offering: OfferingProfile) -> float:
    """Return 1 for a business based in the need's municipality, less for one that travels there."""
    if offering.home_municipality == need.municipality:
        return GEOGRAPHY_HOME
    if need.municipality in offering.municipalities:
        return GEOGRAPHY_LISTED
    if serves(offering, need.municipality):
        return GEOGRAPHY_REGION
    return 0.0


def past_success(customers_won: int) -> float:
    """Turn a count of earlier matches that became customers into [0, 1): 1 → 0.5, 2 → 0.75, ..."""
    return 1.0 - 0.5 ** max(0, customers_won)


def component_values(need: NeedProfile, offering: OfferingProfile, text: float) -> tuple:
    """Return the pair's component values in COMPONENTS order, each in [0, 1].

    Every value belongs to the pair, not to the side that looks, so that a pair has one score in
    both lists: past success is the mean of the business's earlier customers and the
    organisation's earlier purchases from social businesses.
    """
    return (
        text,
        theme_overlap(need.themes, offering.themes),
        geography_fit(need, offering),
        1.0 if offering.certified else 0.0,
        (offering.past_success + need.past_success) / 2,
    )


def normalise_weights(weights: Mapping[str, float] | None = None, without: Iterable[str] = ()) -> tuple:
    """Merge weights over the defaults, drop the components named in `without`, and scale them to sum to one."""
    merged = dict(DEFAULT_WEIGHTS)
    merged.update({k: float(v) for k, v in (weights or {}).items() if k in merged})
    for name in without:
        merged[name] = 0.0
    if any(value < 0 for value in merged.values()):
        raise ValueError("match weights must not be negative")
    total = math.fsum(merged.values())
    if total <= 0:
        raise ValueError("at least one match weight must be positive")
    return tuple(merged[name] / total for name in COMPONENTS)


def weighted_score(values: tuple, weights: tuple) -> float:
    """Return the score: the sum of each component value times its weight, in COMPONENTS order."""
    v0, v1, v2, v3, v4 = values
    w0, w1, w2, w3, w4 = weights
    return v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3 + v4 * w4


# -- ranking and explanation -----------------------------------------------------------------------
class Ranked(NamedTuple):
    """One listed pair: the other side's id, the score and its component values (in COMPONENTS order)."""

    id: int
    score: float
    values: tuple
    need: NeedProfile
    offering: OfferingProfile


@dataclass(frozen=True)
class Component:
    name: str
    value: float
    weight: float
    contribution: float


@dataclass(frozen=True)
class Explanation:
    """Why a pair ranks where it does: the parts (which add up to the score), top terms and filters."""

    score: float
    components: tuple
    top_terms: tuple
    filters: tuple = field(default=FILTERS)

    @property
    def leading(self):
        """Return the components that added something, largest first."""
        return sorted((c for c in self.components if c.contribution > 0), key=lambda c: -c.contribution)


def _rank(pairs, scores, weights):
    """Score every pair: `component_values` and `weighted_score` written out, the same arithmetic in the same
    order (the hot loop of a match list of ten thousand; tests/matching checks both give one value)."""
    ranked = []
    append = ranked.append
    text_of = scores.get
    w0, w1, w2, w3, w4 = weights
    for need, offering, other_id in pairs:
        text = text_of(other_id, 0.0)
        a, b = need.themes, offering.themes
        theme = len(a & b) / len(a | b) if a and b else 0.0
        municipality = need.municipality
        if offering.home_municipality == municipality:
            geography = GEOGRAPHY_HOME
        elif municipality in offering.municipalities:
            geography = GEOGRAPHY_LISTED
        elif offering.whole_region and municipality != OUTSIDE_REGION:
            geography = GEOGRAPHY_REGION
        else:
            geography = 0.0
        certified = 1.0 if offering.certified else 0.0
        past = (offering.past_success + need.past_success) / 2
        append(Ranked(other_id, text * w0 + theme * w1 + geography * w2 + certified * w3 + past * w4,
                      (text, theme, geography, certified, past), need, offering))
    ranked.sort(key=_order)
    return ranked


def _order(ranked):
    return -ranked.score, ranked.id


def rank_offerings(need: NeedProfile, offerings: Iterable[OfferingProfile], query: PairQuery,
                   postings: Iterable[tuple], weights: tuple, declined: frozenset = frozenset()) -> list[Ranked]:
    """Rank the offerings that pass every hard filter for a need, best first.

    `postings` are the index's (offering id, term, frequency, text weight) rows for the need's terms.
    """
    scores = pair_scores(query, postings)
    pairs = ((need, o, o.id) for o in offerings if passes_filters(need, o, declined))
    return _rank(pairs, scores, weights)


def rank_needs(offering: OfferingProfile, needs: Iterable[NeedProfile], query: PairQuery,
               postings: Iterable[tuple], weights: tuple, declined: frozenset = frozenset()) -> list[Ranked]:
    """Rank the needs that pass every hard filter for an offering, best first."""
    scores = pair_scores(query, postings)
    pairs = ((n, offering, n.id) for n in needs if passes_filters(n, offering, declined))
    return _rank(pairs, scores, weights)


def explain(ranked: Ranked, weights: tuple, words: Mapping[str, str] | None = None,
            term_parts: Mapping[str, float] | None = None, top: int = 5) -> Explanation:
    """Explain a ranked pair with the same values and weights that made its score.

    `term_parts` (from `pair_fit` on the pair's text) name the shared terms that weighed most;
    `words` turns their stems back into words.
    """
    components = tuple(
        Component(name, value, weight, value * weight)
        for name, value, weight in zip(COMPONENTS, ranked.values, weights)
        if weight > 0
    )
    words = words or {}
    best = sorted((term_parts or {}).items(), key=lambda item: (-item[1], item[0]))[:top]
    top_terms = tuple(words.get(term, term) for term, part in best if part > 0)
    return Explanation(weighted_score(ranked.values, weights), components, top_terms)
