"""Ranking with the index's terms: BM25 for a query, and one symmetric text fit for a pair of texts.

A search ranks texts for the words typed (BM25, the share of the query's weight each text holds).
A match list ranks pairs of texts, and a pair must have one value whichever side looks, so
`pair_fit` is symmetric: the IDF-weighted overlap of the two texts' terms over the geometric
mean of their own weights (a cosine), with IDF over both sides' texts together.
"""
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class TextStats:
    """What the index knows about the texts being ranked: their number, mean length, and how many hold each term."""

    documents: int
    average_length: float
    document_frequency: Mapping[str, int]


def idf(stats: TextStats, term: str) -> float:
    """Return BM25's inverse document frequency of a term (always positive)."""
    df = stats.document_frequency.get(term, 0)
    return math.log(1 + (stats.documents - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class Query:
    """The terms of the text we rank for, each with its weight (its IDF among the ranked texts)."""

    weights: Mapping[str, float]
    total: float
    average_length: float


def prepare_query(terms: Iterable[str], stats: TextStats) -> Query:
    """Weigh each distinct query term by its IDF over the texts being ranked."""
    weights = {term: idf(stats, term) for term in set(terms)}
    return Query(weights, math.fsum(weights.values()), stats.average_length or 1.0)


def term_part(query: Query, weight: float, frequency: int, length: int) -> float:
    """Return one shared term's part of a text's relevance: its IDF times its BM25 term-frequency
    factor (length-normalised, saturating, capped at one), over the sum of the query's IDFs."""
    factor = frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * (length / query.average_length)))
    return weight * (factor if factor < 1.0 else 1.0) / query.total


def text_relevance(query: Query, terms: Mapping[str, int], length: int) -> tuple[float, dict[str, float]]:
    """Return the IDF-weighted share of the query's terms found in one text, and each shared term's part."""
    if query.total <= 0:
        return 0.0, {}
    parts = {}
    for term, frequency in terms.items():
        weight = query.weights.get(term)
        if weight is not None and frequency > 0:
            parts[term] = term_part(query, weight, frequency, length)
    return math.fsum(parts.values()), parts


def text_scores(query: Query, postings: Iterable[tuple]) -> dict[int, float]:
    """Return every text's relevance at once, summing postings (id, term, frequency, length) term by term."""
    scores: dict[int, float] = {}
    if query.total <= 0:
        return scores
    weights = query.weights
    get = scores.get
    for object_id, term, frequency, length in postings:
        weight = weights.get(term)
        if weight is not None and frequency > 0:
            scores[object_id] = get(object_id, 0.0) + term_part(query, weight, frequency, length)
    return scores


def postings_of(texts: Mapping[int, tuple]) -> list[tuple]:
    """Flatten {id: (term counts, length)} into postings (id, term, frequency, length)."""
    return [(object_id, term, frequency, length)
            for object_id, (terms, length) in texts.items() for term, frequency in terms.items()]


# -- a pair's text fit (symmetric) --------------------------------------------------------------
def saturation(frequency: int) -> float:
    """Return a term's weight in its text: a body word ½, a title word (or a word said twice) 1, no more."""
    return frequency / 2 if frequency < 2 else 1.0


def self_weight(terms: Mapping[str, int]) -> float:
    """Return a text's own weight: the square root of its squared saturations, its half of `pair_fit`'s
    denominator (stored with the text and on each of its postings)."""
    return math.sqrt(math.fsum(saturation(f) ** 2 for f in terms.values()))


def reference_idf(stats: TextStats) -> float:
    """Return the IDF of a term held by one text in a hundred: what a 'typical' shared word is worth."""
    df = max(1.0, stats.documents / 100)
    return math.log(1 + (stats.documents - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class PairQuery:
    """One side of a pair, ready to meet the other side's postings."""

    weights: Mapping[str, float]  # IDF of each of this text's terms, over both sides' texts
    parts: Mapping[str, float]  # this text's saturation of each term
    norm: float  # this text's self weight times the reference IDF
    coefficients: Mapping[str, float]  # IDF x saturation / norm of each term: all of a term's part but the other side


def prepare_pair_query(terms: Mapping[str, int], stats: TextStats) -> PairQuery:
    weights = {term: idf(stats, term) for term in terms}
    parts = {term: saturation(f) for term, f in terms.items()}
    norm = self_weight(terms) * reference_idf(stats)
    coefficients = {term: weights[term] * parts[term] / norm for term in terms} if norm > 0 else {}
    return PairQuery(weights, parts, norm, coefficients)


def pair_part(query: PairQuery, term: str, frequency: int, other_weight: float) -> float:
    """Return one shared term's part of a pair's text fit (`other_weight`: the other text's self weight)."""
    return query.coefficients[term] * (frequency / 2 if frequency < 2 else 1.0) / other_weight


def pair_scores(query: PairQuery, postings: Iterable[tuple]) -> dict[int, float]:
    """Return the text fit of this text with every text in the postings (id, term, frequency, other's weight).

    Capped at 1. The same value, computed from either text of the pair, because every factor is symmetric.
    """
    scores: dict[int, float] = {}
    if query.norm <= 0:
        return scores
    get = scores.get
    coefficients = query.coefficients
    for object_id, term, frequency, other_weight in postings:  # pair_part, inlined: the hot loop of a match list
        coefficient = coefficients.get(term)
        if coefficient is not None and other_weight > 0:
            scores[object_id] = get(object_id, 0.0) + coefficient * (frequency / 2 if frequency < 2 else 1.0) / other_weight
    return {object_id: (value if value < 1.0 else 1.0) for object_id, value in scores.items()}


def pair_fit(query: PairQuery, terms: Mapping[str, int], other_weight: float) -> tuple[float, dict[str, float]]:
    """Return the text fit with one other text and each shared term's part."""
    parts = {}
    if query.norm > 0 and other_weight > 0:
        for term, frequency in terms.items():
            if term in query.coefficients and frequency > 0:
                parts[term] = pair_part(query, term, frequency, other_weight)
    value = 0.0
    for part in parts.values():  # summed as `pair_scores` sums, so that both give the same value
        value += part
    return (value if value < 1.0 else 1.0), parts
