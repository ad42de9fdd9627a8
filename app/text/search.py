"""Search the text index for what someone typed: parse, rank (BM25), correct typos, and show snippets.

A query's words are analysed like indexed texts. Each word becomes a group of terms, any of which
may match: its stem in Swedish and in English (a query is too short to tell its language unless
it has å, ä or ö), the shared theme term, and the folded word as a prefix (so that "gard" finds
"gardening" and "barn" finds "barnomsorg"); a Swedish compound also matches a text that holds
all its parts. Texts that match every word rank first by BM25; when none matches them all, the
texts that match the most words are shown, and the caller can say which words were left out.
"""
import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy import select

from app.extensions import db
from app.text.analysis import STOP_WORDS, _SWEDISH_LETTERS, fold, split_compound, term, tokenise
from app.pagecache import pending, versions
from app.text.index import AREA, plain_rows
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


def _term_conditions(groups):
    """Return one condition per index range the groups read, no two holding the same term: the exact
    terms, then each prefix (a prefix inside a shorter one is left to it), less the exact terms.

    Each becomes its own SELECT of a UNION ALL: joined by OR, SQLite read every posting of the kind
    (a million for the requests) instead of the few ranges of the index that hold the terms, and
    because the ranges do not overlap no posting comes twice and none has to be sorted out.
    """
    exact = sorted({t for g in groups for t in g.all_terms})
    conditions = [TextTerm.term.in_(exact)] if exact else []
    postgres = db.session.get_bind().dialect.name == "postgresql"
    prefixes = sorted({g.prefix for g in groups if g.prefix})
    prefixes = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
    for prefix in prefixes:
        # Read from the index on both databases: PostgreSQL's LIKE through the text_pattern_ops index
        # (its collation does not order by code point), SQLite's by code point as a range.
        if postgres:
            condition = TextTerm.term.like(prefix + "%")
        else:
            condition = sa.and_(TextTerm.term >= prefix, TextTerm.term < prefix + "\U0010ffff")
        inside = [t for t in exact if t.startswith(prefix)]
        conditions.append(sa.and_(condition, TextTerm.term.not_in(inside)) if inside else condition)
    return conditions


def _postings_select(kind, groups, *columns):
    """Return a SELECT of `columns` of the kind's postings of the groups' terms, each posting once."""
    parts = [select(*columns).where(TextTerm.kind == kind, condition) for condition in _term_conditions(groups)]
    return parts[0] if len(parts) == 1 else sa.union_all(*parts)


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


_stats_lock = threading.Lock()
_stats_cache: dict = {}  # kind -> (the index's data version, (documents, mean length))


def document_stats(kind: str) -> tuple[int, float]:
    """Return how many texts of a kind are indexed and their mean length.

    Counting a hundred thousand index rows took longer than the rest of a search; the figures are
    kept per process under the index's data version (bumped by every commit that writes the index,
    see app.pagecache), so that they are counted again exactly when some text changed.
    """
    # A transaction that wrote the index itself counts afresh (and keeps nothing): it sees texts no other one does.
    stamp = None if pending(db.session, AREA) else versions({AREA})[0]
    with _stats_lock:
        cached = _stats_cache.get(kind)
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1]
    documents, average = db.session.execute(
        select(sa.func.count(), sa.func.avg(TextDocument.length)).where(TextDocument.kind == kind)).one()
    figures = (documents or 0, float(average or 1.0))
    if stamp is not None:
        with _stats_lock:
            _stats_cache[kind] = (stamp, figures)
    return figures


def rank(kind: str, groups: list[Group], among=None, any_word=False, stats=None) -> Ranking:
    """Rank the texts of a kind for the query's groups (among the given ids, a SELECT, if any).

    With `any_word` every text holding any of the words is ranked (for "similar questions").
    `stats`, the kind's `document_stats`, may be handed in.

    The postings of the matching terms are read over every text of the kind (a few ranges of the
    covering index), which gives each term's document frequency as well; each text's value for
    each word is worked out once (`KindScores`), and only then narrowed to the texts allowed: the ids
    the SELECT gives among those that hold a term, so that it never runs over a whole table.
    """
    if not groups:
        return Ranking([], {}, 0, 0)
    scores = KindScores.read(kind, groups, stats)
    return scores.ranking(None if among is None else allowed_ids(kind, groups, among), any_word)


@dataclass
class KindScores:
    """Each text's best value for each word of a query (BM25 over all texts of a kind), before permissions."""

    groups: list
    best: dict  # object id -> {group index: value}

    @classmethod
    def read(cls, kind, groups, stats=None):
        postings = kind_postings(kind, groups)
        if not postings:
            return cls(groups, {})
        documents, average = stats or document_stats(kind)
        return cls(groups, _best_values(groups, postings, documents, average))

    def ranking(self, allowed=None, any_word=False) -> Ranking:
        """Rank the texts allowed (a set of ids, or None for all): those that match the most words, best first."""
        groups, best = self.groups, self.best
        if allowed is not None:
            best = {object_id: row for object_id, row in best.items() if object_id in allowed}
        if not best:
            return Ranking([], {}, 0, len(groups))
        most = max(len(row) for row in best.values())
        scores = {object_id: math.fsum(row.values()) for object_id, row in best.items()
                  if any_word or len(row) == most}
        ids = sorted(scores, key=lambda i: (-scores[i], -i))
        found = frozenset(index for row in best.values() for index in row)
        return Ranking(ids, scores, most, len(groups), found)


def kind_postings(kind: str, groups: list[Group]) -> list[tuple]:
    """Return the postings (object id, term, frequency, text length) of the groups' terms in every text of a kind."""
    return plain_rows(_postings_select(kind, groups, TextTerm.object_id, TextTerm.term, TextTerm.frequency,
                                       TextTerm.text_length))


def allowed_ids(kind: str, groups: list[Group], among, candidates=None) -> set:
    """Return the ids the SELECT `among` allows among the texts of a kind that hold one of the groups' terms.

    With `candidates` (those texts' ids, already read) they go to the database as one value, a JSON
    array on SQLite and an array on PostgreSQL, instead of reading the postings again.
    """
    column = among.selected_columns[0]
    if candidates is None:
        holding = column.in_(_postings_select(kind, groups, TextTerm.object_id))
    elif db.session.get_bind().dialect.name == "postgresql":
        holding = column == sa.func.any(sa.bindparam("candidates", list(candidates),
                                                     type_=sa.ARRAY(sa.BigInteger)))
    else:
        holding = column.in_(sa.select(sa.column("value")).select_from(
            sa.func.json_each(sa.bindparam("candidates", json.dumps(list(candidates)), type_=sa.String))))
    return {row[0] for row in plain_rows(among.where(holding))}


def _best_values(groups, postings, documents, average):
    """BM25 over the postings: each word's best term in each text, a compound's parts together.

    The hot loop of a search (tens of thousands of postings): each term's matches are worked out once,
    and a compound's parts are valued only in the texts that hold all of them.
    """
    frequencies = Counter(p[1] for p in postings)  # the postings cover every text of the kind
    idfs = {t: math.log(1 + (documents - df + 0.5) / (df + 0.5)) for t, df in frequencies.items()}
    k_short, k_long, k_plus = K1 * (1 - B), K1 * B / average, K1 + 1
    # Which words each term matches, and how well: worked out once per term.
    shares = {}
    for t in frequencies:
        matched = tuple((index, share) for index, group in enumerate(groups) for share in (group.match(t),) if share)
        if matched:
            shares[t] = matched
    # best[object][group index] = best value of that word in that text
    best: dict[int, dict[int, float]] = {}
    get_share = shares.get
    for object_id, term_, frequency, length in postings:
        matched = get_share(term_)
        if matched is None:
            continue
        value = idfs[term_] * frequency * k_plus / (frequency + k_short + k_long * length)
        row = best.get(object_id)
        if row is None:
            row = best[object_id] = {}
        for index, share in matched:
            if share * value > row.get(index, 0.0):
                row[index] = share * value
    for index, group in enumerate(groups):
        if group.parts:
            _compound_values(index, group.parts, postings, idfs, (k_short, k_long, k_plus), best)
    return best


def _compound_values(index, parts, postings, idfs, constants, best):
    """Give a compound's word the mean of its parts' best values in each text that holds every part."""
    k_short, k_long, k_plus = constants
    part_of = {}  # term -> the parts (by number) it is
    for number, part in enumerate(parts):
        for t in part:
            part_of.setdefault(t, []).append(number)
    holders = [set() for _ in parts]
    for object_id, term_, _frequency, _length in postings:
        for number in part_of.get(term_, ()):
            holders[number].add(object_id)
    complete = set.intersection(*holders)
    if not complete:
        return
    values: dict[int, list] = {}
    for object_id, term_, frequency, length in postings:
        numbers = part_of.get(term_)
        if numbers is None or object_id not in complete:
            continue
        value = idfs[term_] * frequency * k_plus / (frequency + k_short + k_long * length)
        row = values.get(object_id)
        if row is None:
            row = values[object_id] = [0.0] * len(parts)
        for number in numbers:
            if value > row[number]:
                row[number] = value
    for object_id, row in values.items():
        value = sum(row) / len(parts)
        found = best.setdefault(object_id, {})
        if value > found.get(index, 0.0):
            found[index] = value


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


def _visible_term(term_, sources) -> bool:
    """Return whether some text the person may see holds a term: per kind, the first posting that passes.

    Each source's SELECT is asked about one text at a time (correlated), so that it never runs over
    a whole table; most terms are settled by their first posting.
    """
    by_kind: dict[str, list] = {}
    for kind, ids in sources.values():
        by_kind.setdefault(kind, []).append(ids)
    for kind, selects in sorted(by_kind.items()):
        condition = [TextTerm.kind == kind, TextTerm.term == term_]
        if all(ids is not None for ids in selects):
            condition.append(sa.or_(*(ids.where(ids.selected_columns[0] == TextTerm.object_id).exists()
                                      for ids in selects)))
        if db.session.execute(select(sa.literal(1)).where(*condition).limit(1)).first() is not None:
            return True
    return False


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
    proposed, checked = [], {}
    for candidate in candidates:  # nearest first, until enough are known to be visible
        term_ = word_terms[candidate]
        if term_ not in checked:
            checked[term_] = _visible_term(term_, sources)
        if checked[term_]:
            proposed.append(candidate)
            if len(proposed) == limit:
                break
    return proposed


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
    kinds = sorted({kind for kind, _ids in sources.values()})

    def rank_all(groups):
        if not groups:
            return {name: Ranking([], {}, 0, 0) for name in sources}
        scores = {kind: KindScores.read(kind, groups) for kind in kinds}  # once per kind, for all its sources
        return {name: scores[kind].ranking(allowed_ids(kind, groups, ids, scores[kind].best.keys())
                                           if ids is not None and scores[kind].best else None, any_word=False)
                for name, (kind, ids) in sources.items()}

    rankings = rank_all(groups)
    found = frozenset().union(*(r.found_words for r in rankings.values())) if rankings else frozenset()
    missing = [g for index, g in enumerate(groups) if index not in found]
    correction = correct(text, sources, missing) if correct_typos and missing else None
    if correction is not None:
        groups = parse(correction.text)
        rankings = rank_all(groups)
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
