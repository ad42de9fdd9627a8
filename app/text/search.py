"""Search the text index for what someone typed: parse, rank (BM25), correct typos, and show snippets.

A query's words are analysed like indexed texts. Each word becomes a group of terms, any of which
may match: its stem in Swedish and in English (a query is too short to tell its language unless
it has å, ä or ö), the shared theme term, and the folded word as a prefix (so that "gard" finds
"gardening" and "barn" finds "barnomsorg"); a Swedish compound also matches a text that holds
all its parts. Texts that match every word rank first by BM25; when none matches them all, the
texts that match the most words are shown, and the caller can say which words were left out.
"""
import math
import re
import threading
from dataclasses import dataclass, field

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy import select

from app.extensions import db
from app.text.analysis import STOP_WORDS, _SWEDISH_LETTERS, fold, split_compound, term, tokenise
from app.text.index import plain_rows
from app.text.models import TextDocument, TextTerm, TextWord
from app.text.ranking import K1, B

MAX_WORDS = 12
MIN_PREFIX = 3
PREFIX_SHARE = 0.6  # a word matched only as the beginning of a longer term counts this much
EXACT_SHARE = 1.0


@dataclass(frozen=True)
class Group:
    """One word of a query and the terms that match it."""

    word: str  # folded, as typed
    terms: frozenset  # any of these matches
    parts: tuple = ()  # a compound's parts: a text holding all of them matches too
    prefix: str = ""  # any term beginning with this matches (for a partly typed word)

    def match(self, term_):
        """Return how well one indexed term matches this word: 1, PREFIX_SHARE, or 0."""
        if term_ in self.terms:
            return EXACT_SHARE
        if self.prefix and term_.startswith(self.prefix):
            return PREFIX_SHARE
        return 0.0

    @property
    def all_terms(self):
        return self.terms | {t for part in self.parts for t in part}


def languages_of(words):
    return ("sv",) if any(_SWEDISH_LETTERS.search(w) for w in words) else ("sv", "en")


def parse(text: str) -> list[Group]:
    """Turn what was typed into groups of terms, one per word that is not a stop word."""
    words = tokenise((text or "")[:500])
    languages = languages_of(words)
    groups, seen = [], set()
    for word in words:
        if word in seen or any(word in STOP_WORDS[lang] for lang in languages):
            continue
        seen.add(word)
        terms = frozenset(term(word, lang) for lang in languages)
        parts = tuple(frozenset({term(p, "sv")}) for p in split_compound(word)) if "sv" in languages else ()
        groups.append(Group(word, terms, parts, word if len(word) >= MIN_PREFIX and word.isalpha() else ""))
        if len(groups) >= MAX_WORDS:
            break
    return groups


def _term_condition(groups):
    exact = sorted({t for g in groups for t in g.all_terms})
    conditions = [TextTerm.term.in_(exact)] if exact else []
    postgres = db.session.get_bind().dialect.name == "postgresql"
    for prefix in sorted({g.prefix for g in groups if g.prefix}):
        # Read from the index on both databases: PostgreSQL's LIKE through the text_pattern_ops index
        # (its collation does not order by code point), SQLite's by code point as a range.
        if postgres:
            conditions.append(TextTerm.term.like(prefix + "%"))
        else:
            conditions.append(sa.and_(TextTerm.term >= prefix, TextTerm.term < prefix + "\U0010ffff"))
    return sa.or_(*conditions)


@dataclass
class Ranking:
    """The texts of one kind that match a query, best first, and how many of the words they matched."""

    ids: list  # best first
    scores: dict
    matched_words: int  # how many of the query's words every listed text matches
    words: int  # how many words the query has
    found_words: frozenset = frozenset()  # indexes of the query's words that some allowed text holds

    @property
    def complete(self):
        return self.matched_words == self.words


def document_stats(kind: str) -> tuple[int, float]:
    """Return how many texts of a kind are indexed and their mean length (read from an index alone)."""
    documents, average = db.session.execute(
        select(sa.func.count(), sa.func.avg(TextDocument.length)).where(TextDocument.kind == kind)).one()
    return documents or 0, float(average or 1.0)


def rank(kind: str, groups: list[Group], among=None, any_word=False, stats=None) -> Ranking:
    """Rank the texts of a kind for the query's groups (among the given ids, a SELECT, if any).

    With `any_word` every text holding any of the words is ranked (for "similar questions").
    `stats`, the kind's `document_stats`, may be handed in when several sources read one kind.

    Two statements: the document frequencies of the matching terms over every text of the kind,
    and the matching postings of the texts allowed.
    """
    if not groups:
        return Ranking([], {}, 0, 0)
    condition = _term_condition(groups)
    documents, average = stats or document_stats(kind)
    postings_query = select(TextTerm.object_id, TextTerm.term, TextTerm.frequency, TextTerm.text_length).where(
        TextTerm.kind == kind, condition)
    if among is not None:
        postings_query = postings_query.where(TextTerm.object_id.in_(among))
    postings = plain_rows(postings_query)
    if not postings:
        return Ranking([], {}, 0, len(groups))
    terms = {p[1] for p in postings}
    if among is None:  # every text of the kind was read: count the texts holding each term from the postings
        frequencies = {}
        for p in postings:
            frequencies[p[1]] = frequencies.get(p[1], 0) + 1
    else:
        frequencies = dict(plain_rows(
            select(TextTerm.term, sa.func.count()).where(TextTerm.kind == kind, TextTerm.term.in_(sorted(terms)))
            .group_by(TextTerm.term)))
    idfs = {t: math.log(1 + (documents - df + 0.5) / (df + 0.5)) for t, df in frequencies.items()}
    # Which words (and compound parts) each term matches, and how well: worked out once per term.
    shares = {t: [(index, group.match(t)) for index, group in enumerate(groups) if group.match(t)] for t in terms}
    part_of = {t: [(index, p) for index, group in enumerate(groups) for p, part in enumerate(group.parts)
                   if t in part] for t in terms}
    k_short, k_long = K1 * (1 - B), K1 * B / average

    def weight(term_, frequency, length):
        return idfs.get(term_, 0.0) * frequency * (K1 + 1) / (frequency + k_short + k_long * length)

    # best[object][group index] = best value of that word in that text; parts[object][(group, part)] likewise
    best: dict[int, dict[int, float]] = {}
    part_best: dict[int, dict[tuple, float]] = {}
    for object_id, term_, frequency, length in postings:
        value = weight(term_, frequency, length)
        for index, share in shares[term_]:
            row = best.get(object_id)
            if row is None:
                row = best[object_id] = {}
            if share * value > row.get(index, 0.0):
                row[index] = share * value
        for key in part_of[term_]:
            row = part_best.setdefault(object_id, {})
            if value > row.get(key, 0.0):
                row[key] = value
    for object_id, row in part_best.items():
        for index, group in enumerate(groups):
            if group.parts and all((index, p) in row for p in range(len(group.parts))):
                value = sum(row[(index, p)] for p in range(len(group.parts))) / len(group.parts)
                found = best.setdefault(object_id, {})
                if value > found.get(index, 0.0):
                    found[index] = value
    if not best:
        return Ranking([], {}, 0, len(groups))
    most = max(len(row) for row in best.values())
    scores = {object_id: math.fsum(row.values()) for object_id, row in best.items()
              if any_word or len(row) == most}
    ids = sorted(scores, key=lambda i: (-scores[i], -i))
    found = frozenset(index for row in best.values() for index in row)
    return Ranking(ids, scores, most, len(groups), found)


# -- did you mean --------------------------------------------------------------------------------
_words_lock = threading.Lock()
_words_cache: dict = {"key": None, "words": [], "terms": {}}


def _known_words():
    """Return every word seen in an indexed text and {word: its term}, read again only when the list changed."""
    key = tuple(db.session.execute(
        select(sa.func.count(), sa.func.min(TextWord.word), sa.func.max(TextWord.word))).one())
    with _words_lock:
        if _words_cache["key"] != key:
            terms = dict(db.session.execute(select(TextWord.word, TextWord.term)).all())
            _words_cache.update(key=key, words=list(terms), terms=terms)
        return _words_cache["words"], _words_cache["terms"]


def _visible_terms(terms, sources):
    """Return which of the terms occur in some text the person may see (one statement)."""
    if not terms:
        return set()
    return set(db.session.scalars(select(TextTerm.term).where(TextTerm.term.in_(sorted(terms)), _visible(sources))
                                  .distinct()))


def _visible(sources):
    """Return the condition on postings: of a source's kind, and of a text the person may see there."""
    allowed = []
    for kind, ids in sources.values():
        condition = TextTerm.kind == kind
        allowed.append(sa.and_(condition, TextTerm.object_id.in_(ids)) if ids is not None else condition)
    return sa.or_(*allowed)


def closest_words(word: str, sources: dict, limit: int = 3) -> list[str]:
    """Return the indexed words closest to a word by edit distance (at most 1 for short words, 2 for others).

    Only words of texts the person may see (`sources`, as for `find`) are proposed: a word of someone
    else's draft must not show up as a suggestion.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    word = fold(word)
    if len(word) < 3:
        return []
    cutoff = 1 if len(word) <= 4 else 2
    words, word_terms = _known_words()
    found = process.extract(word, words, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=40)
    # Nearest first; among equals, the one sharing the first letter, then the closer in length.
    found.sort(key=lambda item: (item[1], item[0][:1] != word[:1], abs(len(item[0]) - len(word)), item[0]))
    candidates = [candidate for candidate, _distance, _ in found if candidate != word]
    visible = _visible_terms({word_terms[c] for c in candidates}, sources)
    return [candidate for candidate in candidates if word_terms[candidate] in visible][:limit]


@dataclass
class Correction:
    """A query with its unknown words replaced by the closest known ones."""

    text: str
    replaced: dict = field(default_factory=dict)  # typed word -> proposed word


def correct(text: str, sources: dict, missing: list[Group]) -> Correction | None:
    """Propose the query with each word that matches nothing (`missing`) replaced by the closest visible word."""
    replaced = {}
    for group in missing:
        words = closest_words(group.word, sources, 1)
        if words:
            replaced[group.word] = words[0]
    if not replaced:
        return None
    corrected = " ".join(replaced.get(w, w) for w in tokenise(text))
    return Correction(corrected, replaced)


def suggestions(text: str, sources: dict, limit: int = 3) -> list[str]:
    """Return other spellings of the query (closest visible indexed words), for "did you mean" when little is found."""
    proposals = []
    words = tokenise(text)
    for index, word in enumerate(words):
        for candidate in closest_words(word, sources, 1):
            proposals.append(" ".join(words[:index] + [candidate] + words[index + 1:]))
    return proposals[:limit]


# -- one search, typos corrected ------------------------------------------------------------------
@dataclass
class Found:
    """What a search found for each kind, and the corrected query it used, if it had to correct one."""

    rankings: dict  # kind -> Ranking
    groups: list
    correction: Correction | None = None

    @property
    def total(self):
        return sum(len(r.ids) for r in self.rankings.values())


def find(text: str, sources: dict, correct_typos: bool = True) -> Found:
    """Search several sources at once; `sources` maps a name to (index kind, SELECT of the ids allowed or None).

    When a word of the query matches nothing in any form, the closest indexed word replaces it and
    the answer carries the correction, so that the page can say "showing results for ...".
    """
    groups = parse(text)
    stats = {kind: document_stats(kind) for kind in {kind for kind, _ids in sources.values()}} if groups else {}
    rankings = {name: rank(kind, groups, among=ids, stats=stats.get(kind)) for name, (kind, ids) in sources.items()}
    found = frozenset().union(*(r.found_words for r in rankings.values())) if rankings else frozenset()
    missing = [g for index, g in enumerate(groups) if index not in found]
    correction = correct(text, sources, missing) if correct_typos and missing else None
    if correction is not None:
        groups = parse(correction.text)
        rankings = {name: rank(kind, groups, among=ids, stats=stats.get(kind))
                    for name, (kind, ids) in sources.items()}
    return Found(rankings, groups, correction)


# -- snippets -------------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _matches(word, groups, languages):
    folded = fold(word)
    if len(folded) < 2:
        return False
    terms = {term(folded, lang) for lang in languages}
    for part in split_compound(folded) if "sv" in languages else ():
        terms.add(term(part, "sv"))
    return any(group.match(t) for group in groups for t in terms) or any(
        t in part for group in groups for part in group.parts for t in terms)


def snippet(text: str, groups: list[Group], length: int = 220) -> Markup:
    """Return an escaped extract of a text around its first matching word, matching words in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return Markup("")
    languages = ("sv", "en")
    marks = [m.span() for m in _TOKEN.finditer(text) if _matches(m.group(), groups, languages)] if groups else []
    start = 0
    if marks and marks[0][0] > length // 3:
        start = text.rfind(" ", 0, marks[0][0] - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces = [Markup("…") if start > 0 else Markup("")]
    position = start
    for begin, finish in marks:
        if begin < start or finish > end:
            continue
        pieces.append(escape(text[position:begin]))
        pieces.append(Markup("<mark>") + escape(text[begin:finish]) + Markup("</mark>"))
        position = finish
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append(Markup("…"))
    return Markup("").join(pieces)
