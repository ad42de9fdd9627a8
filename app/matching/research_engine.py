"""Pure functions that filter, score and explain pairs of a science-shop request and a researcher.

The same shape as `engine` for needs and offerings: callers hand in plain profiles, the text
index's statistics and the weights; the component values that make a score also explain it.
"""
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from app.matching import engine

COMPONENTS = ("text", "theme", "capacity", "experience")
DEFAULT_WEIGHTS = {"text": 0.55, "theme": 0.15, "capacity": 0.15, "experience": 0.15}
FILTERS = ("availability", "capacity", "not_declined")
RATING_WHEN_UNRATED = 4.0


class RequestProfile(NamedTuple):
    """What ranking needs to know about a request."""

    id: int
    themes: frozenset
    is_open: bool = True


class ResearcherProfile(NamedTuple):
    """What ranking needs to know about a researcher: expertise is in the text index."""

    id: int  # the person's user id
    available: bool
    capacity: int
    active: int  # requests under way now
    themes: frozenset = frozenset()  # themes of the requests they completed
    completed: int = 0
    average_rating: float | None = None


def filter_results(request: RequestProfile, researcher: ResearcherProfile,
                   declined: frozenset = frozenset()) -> dict[str, bool]:
    """Return each hard filter's verdict on a pair."""
    return {
        "availability": request.is_open and researcher.available,
        "capacity": researcher.active < researcher.capacity,
        "not_declined": (request.id, researcher.id) not in declined,
    }


def passes_filters(request: RequestProfile, researcher: ResearcherProfile, declined: frozenset = frozenset()) -> bool:
    return all(filter_results(request, researcher, declined).values())


def free_capacity(researcher: ResearcherProfile) -> float:
    """Return the share of the researcher's capacity still free, in [0, 1]."""
    if researcher.capacity <= 0:
        return 0.0
    return max(0.0, min(1.0, (researcher.capacity - researcher.active) / researcher.capacity))


def experience(researcher: ResearcherProfile) -> float:
    """Turn earlier completed requests and the groups' ratings into [0, 1): 1 → ½, 2 → ¾ ..., times rating / 5."""
    rating = researcher.average_rating if researcher.average_rating is not None else RATING_WHEN_UNRATED
    return engine.past_success(researcher.completed) * rating / 5


def component_values(request: RequestProfile, researcher: ResearcherProfile, text: float) -> tuple:
    """Return the pair's component values in COMPONENTS order, each in [0, 1]."""
    return (
        text,
        engine.theme_overlap(request.themes, researcher.themes),
        free_capacity(researcher),
        experience(researcher),
    )


def normalise_weights(weights: Mapping[str, float] | None = None) -> tuple:
    """Merge weights over the defaults and scale them to sum to one, in COMPONENTS order."""
    merged = dict(DEFAULT_WEIGHTS)
    merged.update({k: float(v) for k, v in (weights or {}).items() if k in merged})
    if any(value < 0 for value in merged.values()):
        raise ValueError("match weights must not be negative")
    total = sum(merged.values())
    if total <= 0:
        raise ValueError("at least one match weight must be positive")
    return tuple(merged[name] / total for name in COMPONENTS)


def weighted_score(values: tuple, weights: tuple) -> float:
    """Return the sum of each component value times its weight, in COMPONENTS order."""
    v0, v1, v2, v3 = values
    w0, w1, w2, w3 = weights
    return v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3


class Ranked(NamedTuple):
    """One listed pair: the other side's id, the score and its component values."""

    id: int
    score: float
    values: tuple
    request: RequestProfile
    researcher: ResearcherProfile


def _rank(pairs, scores, weights):
    make = tuple.__new__  # Ranked(...) without NamedTuple's Python-level __new__: thousands are built per list
    ranked = []
    for request, researcher, other_id in pairs:
        values = component_values(request, researcher, scores.get(other_id, 0.0))
        ranked.append(make(Ranked, (other_id, weighted_score(values, weights), values, request, researcher)))
    ranked.sort(key=_order)
    return ranked


def _order(ranked):
    return -ranked.score, ranked.id


def rank_researchers(request: RequestProfile, researchers: Iterable[ResearcherProfile], query: engine.PairQuery,
                     postings: Iterable[tuple], weights: tuple, declined: frozenset = frozenset()) -> list[Ranked]:
    """Rank the researchers who pass every hard filter for a request, best first.

    `postings` are the index's (researcher id, term, frequency, text weight) rows for the request's terms.
    """
    scores = engine.pair_scores(query, postings)
    pairs = ((request, r, r.id) for r in researchers if passes_filters(request, r, declined))
    return _rank(pairs, scores, weights)


def rank_requests(researcher: ResearcherProfile, requests: Iterable[RequestProfile], query: engine.PairQuery,
                  postings: Iterable[tuple], weights: tuple, declined: frozenset = frozenset()) -> list[Ranked]:
    """Rank open requests for a researcher, best first (a full researcher still sees the list, marked)."""
    scores = engine.pair_scores(query, postings)
    pairs = ((q, researcher, q.id) for q in requests if q.is_open and (q.id, researcher.id) not in declined)
    return _rank(pairs, scores, weights)


def explain(ranked: Ranked, weights: tuple, words: Mapping[str, str] | None = None,
            term_parts: Mapping[str, float] | None = None, top: int = 5) -> engine.Explanation:
    """Explain a ranked pair with the values and weights that made its score."""
    components = tuple(
        engine.Component(name, value, weight, value * weight)
        for name, value, weight in zip(COMPONENTS, ranked.values, weights)
        if weight > 0
    )
    words = words or {}
    best = sorted((term_parts or {}).items(), key=lambda item: (-item[1], item[0]))[:top]
    top_terms = tuple(words.get(term, term) for term, part in best if part > 0)
    return engine.Explanation(weighted_score(ranked.values, weights), components, top_terms, FILTERS)
