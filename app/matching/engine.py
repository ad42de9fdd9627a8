"""The match engine: pure functions that filter, score and explain pairs of a need and an offering.

Nothing here touches the database, the request or the configuration: callers hand in plain
profiles, the text index's statistics and the weights, and get back ranked, explained results.
The same function computes a pair's component values for ranking and for its explanation, so
the weighted parts always add up to the score shown.
"""
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import snowballstemmer

from app.matching.stopwords import ENGLISH, SWEDISH

# -- text analysis ------------------------------------------------------------------------------
LANGUAGES = ("sv", "en")
_STEMMER_NAMES = {"sv": "swedish", "en": "english"}
_STOP_WORDS = SWEDISH | ENGLISH
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SWEDISH_LETTERS = re.compile(r"[åäö]")
_local = threading.local()  # snowball stemmers keep state while stemming: one per thread
TITLE_WEIGHT = 2  # a word in the title counts as often as this


def _stemmer(language):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return stemmers[language]


def tokenise(text: str) -> list[str]:
    """Split a text into lower-case words (letters only; hyphenated words split)."""
    words = []
    for match in _WORD.finditer(text.lower()):
        words.extend(part for part in match.group().split("-") if len(part) > 1)
    return words


def detect_language(words: list[str]) -> str:
    """Guess whether a text is Swedish or English from its stop words and letters; Swedish on a tie."""
    swedish = sum(1 for w in words if w in SWEDISH) + sum(2 for w in words if _SWEDISH_LETTERS.search(w))
    english = sum(1 for w in words if w in ENGLISH)
    return "en" if english > swedish else "sv"


@dataclass(frozen=True)
class Analysis:
    """A text reduced to stems: how often each occurs, a readable word for each, the length."""

    terms: Mapping[str, int]
    words: Mapping[str, str]
    language: str
    length: int


def analyse(title: str, description: str = "", language: str | None = None) -> Analysis:
    """Tokenise, drop stop words and stem a title and description in their (detected) language."""
    title_words = tokenise(title or "")
    body_words = tokenise(description or "")
    language = language if language in LANGUAGES else detect_language(title_words + body_words)
    stemmer = _stemmer(language)
    terms: Counter = Counter()
    surface: dict[str, Counter] = {}
    for words, weight in ((title_words, TITLE_WEIGHT), (body_words, 1)):
        kept = [w for w in words if w not in _STOP_WORDS]
        for word, stem in zip(kept, stemmer.stemWords(kept)):
            if len(stem) < 2:
                continue
            terms[stem] += weight
            surface.setdefault(stem, Counter())[word] += 1
    words = {stem: counts.most_common(1)[0][0] for stem, counts in surface.items()}
    return Analysis(dict(terms), words, language, sum(terms.values()))


# -- text relevance (BM25, bounded to [0, 1]) ---------------------------------------------------
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
    """Return the IDF-weighted share of the query's terms found in one text, and each shared term's part.

    The value lies in [0, 1]. Terms not in the query may be left out of `terms`: they do not count.
    """
    if query.total <= 0:
        return 0.0, {}
    parts = {}
    for term, frequency in terms.items():
        weight = query.weights.get(term)
        if weight is not None and frequency > 0:
            parts[term] = term_part(query, weight, frequency, length)
    value = 0.0
    for part in parts.values():
        value += part
    return value, parts


def text_scores(query: Query, postings: Iterable[tuple]) -> dict[int, float]:
    """Return every text's relevance at once, summing postings (id, term, frequency, length) term by term.

    The same sum as `text_relevance` gives for one text, without grouping the postings by text first.
    """
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


def component_values(need: NeedProfile, offering: OfferingProfile, text: float, for_need: bool = True) -> tuple:
    """Return the pair's component values in COMPONENTS order, each in [0, 1].

    Past success is the other side's: a business's earlier customers when ranking for a need, an
    organisation's earlier purchases from social businesses when ranking for an offering.
    """
    return (
        text,
        theme_overlap(need.themes, offering.themes),
        geography_fit(need, offering),
        1.0 if offering.certified else 0.0,
        offering.past_success if for_need else need.past_success,
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


def _rank(pairs, scores, weights, for_need):
    ranked = []
    append = ranked.append
    text_of = scores.get
    for need, offering, other_id in pairs:
        values = component_values(need, offering, text_of(other_id, 0.0), for_need)
        append(Ranked(other_id, weighted_score(values, weights), values, need, offering))
    ranked.sort(key=_order)
    return ranked


def _order(ranked):
    return -ranked.score, ranked.id


def rank_offerings(need: NeedProfile, offerings: Iterable[OfferingProfile], query: Query,
                   postings: Iterable[tuple], weights: tuple, declined: frozenset = frozenset()) -> list[Ranked]:
    """Rank the offerings that pass every hard filter for a need, best first.

    `postings` are the index's (offering id, term, frequency, length) rows for the need's terms.
    """
    scores = text_scores(query, postings)
    pairs = ((need, o, o.id) for o in offerings if passes_filters(need, o, declined))
    return _rank(pairs, scores, weights, for_need=True)


def rank_needs(offering: OfferingProfile, needs: Iterable[NeedProfile], query: Query,
               postings: Iterable[tuple], weights: tuple, declined: frozenset = frozenset()) -> list[Ranked]:
    """Rank the needs that pass every hard filter for an offering, best first."""
    scores = text_scores(query, postings)
    pairs = ((n, offering, n.id) for n in needs if passes_filters(n, offering, declined))
    return _rank(pairs, scores, weights, for_need=False)


def explain(ranked: Ranked, weights: tuple, words: Mapping[str, str] | None = None,
            term_parts: Mapping[str, float] | None = None, top: int = 5) -> Explanation:
    """Explain a ranked pair with the same values and weights that made its score.

    `term_parts` (from `text_relevance` on the pair's text) name the shared terms that weighed most;
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
