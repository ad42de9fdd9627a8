"""Tokenise, fold, detect the language, find base forms, split compounds and stem (see `app.text`)."""
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from app.text import dictionary
from app.text.stopwords import ENGLISH, SWEDISH

LANGUAGES = ("sv", "en")
STOP_WORDS = {"sv": SWEDISH, "en": ENGLISH}
TITLE_WEIGHT = 2  # a word in the title counts as often as this
_STEMMER_NAMES = {"sv": "swedish", "en": "english"}
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_SWEDISH_LETTERS = re.compile(r"[åäö]")
_KEEP = {"å", "ä", "ö"}
_REPLACE = {"æ": "ä", "ø": "ö", "ß": "ss"}
_local = threading.local()  # snowball stemmers keep state while stemming: one per thread


def _fold_char(char):
    if char in _KEEP or char.isascii():
        return char
    if char in _REPLACE:
        return _REPLACE[char]
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Lower-case a word and remove accents, except that å, ä and ö stay letters of their own."""
    word = unicodedata.normalize("NFC", word.casefold())
    if word.isascii():
        return word
    return "".join(_fold_char(c) for c in word)


def tokenise(text: str) -> list[str]:
    """Split a text into folded words (letters and digits; hyphenated words split; short numbers dropped)."""
    words = []
    for match in _WORD.finditer(text or ""):
        for part in match.group().split("-"):
            if len(part) < 2 or part.isdigit() and len(part) < 4:
                continue
            words.append(fold(part))
    return words


def detect_language(words: list[str]) -> str:
    """Guess whether a text is Swedish or English from its stop words and letters.

    A text with neither (a list of keywords) is judged by which language's word list knows more of
    its words; Swedish on a tie.
    """
    swedish = sum(1 for w in words if w in SWEDISH) + sum(2 for w in words if _SWEDISH_LETTERS.search(w))
    english = sum(1 for w in words if w in ENGLISH)
    if swedish == english == 0 and words:
        swedish = sum(1 for w in words if dictionary.zipf(w) > dictionary.english_zipf(w))
        english = sum(1 for w in words if dictionary.english_zipf(w) > dictionary.zipf(w))
    return "en" if english > swedish else "sv"


def _stemmer(language):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(_STEMMER_NAMES[language])
    return stemmers[language]


# -- Swedish base forms -----------------------------------------------------------------------
# (suffix, what replaces it, what the rest must end in: "v" a vowel, "c" a consonant, "" anything)
_SUFFIXES = (
    ("arnas", "", ""), ("ernas", "", ""), ("ornas", "a", ""), ("arna", "", ""), ("erna", "", ""),
    ("orna", "a", ""), ("ars", "", ""), ("ers", "", ""), ("ors", "a", ""), ("ar", "", ""), ("er", "", ""),
    ("or", "a", ""), ("ens", "", "c"), ("ets", "", "c"), ("en", "", "c"), ("et", "", "c"), ("na", "", "v"),
    ("ns", "", "v"), ("ts", "", "v"), ("n", "", "v"), ("t", "", "v"), ("s", "", ""), ("a", "", "c"),
    ("e", "", "c"),
)
_VOWELS = set("aeiouyåäö")


def _candidates(word):
    for suffix, replacement, condition in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        rest = word[: -len(suffix)]
        if len(rest) < 3:
            continue
        if condition == "v" and rest[-1] not in _VOWELS or condition == "c" and rest[-1] in _VOWELS:
            continue
        base = rest + replacement
        yield base
        if not replacement:
            if len(rest) > 3 and rest[-1] == rest[-2] and rest[-1] not in _VOWELS:
                yield rest[:-1]  # ensamma → ensam
            if rest[-1] in "lrn" and rest[-2] not in _VOWELS:
                yield rest[:-1] + "e" + rest[-1]  # cyklar → cykel, fåglar → fågel


BASE_KNOWN = 2.5
BASE_RARER = 1.5


@lru_cache(maxsize=200_000)
def base_form(word: str) -> str:
    """Return the shortest dictionary word that this Swedish word is an inflected form of (or the word)."""
    best = word
    own = dictionary.zipf(word)
    best_key = (len(word), -own)
    for candidate in _candidates(word):
        frequency = dictionary.zipf(candidate)
        # A base form is a real word, and not much rarer than the form found in the text.
        if frequency >= BASE_KNOWN and frequency >= own - BASE_RARER:
            key = (len(candidate), -frequency)
            if key < best_key:
                best, best_key = candidate, key
    return best


# -- Swedish compounds ------------------------------------------------------------------------
MIN_PART = 3
MIN_COMPOUND = 7


def _head_forms(head):
    """Yield the dictionary words a compound's first part can stand for (with or without the linking s/e)."""
    if len(head) >= MIN_PART and dictionary.is_word(head):
        yield head
    if head[-1] in "se" and len(head) > MIN_PART and dictionary.is_word(head[:-1]):
        yield head[:-1]


def _split(word, depth):
    best = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        heads = list(_head_forms(head))
        if not heads:
            continue
        if dictionary.is_word(tail) or dictionary.is_word(base_form(tail)):
            tails = [tail]
        elif depth > 0:
            rest = _split(tail, depth - 1)
            if rest is None:
                continue
            tails = rest
        else:
            continue
        for h in heads:
            parts = [h, *tails]
            # Fewer parts first, then the rarest part as common as possible.
            key = (len(parts), -min(dictionary.zipf(p) or dictionary.zipf(base_form(p)) for p in parts))
            if best is None or key < best[0]:
                best = (key, parts)
    return best[1] if best else None


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Split a Swedish compound into its known parts ("eftermiddagsfika" → eftermiddag, fika); () if none."""
    if len(word) < MIN_COMPOUND or not word.isalpha() or dictionary.zipf(word) >= dictionary.COMMON:
        return ()
    if dictionary.zipf(base_form(word)) >= dictionary.COMMON:
        return ()
    return tuple(_split(word, 1) or ())


# -- terms --------------------------------------------------------------------------------------
@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    if language == "sv":
        word = base_form(word)
    return _stemmer(language).stemWord(word)


def term(word: str, language: str) -> str:
    """Return the index term of one folded word in a language (its stem, or the shared vocabulary term)."""
    from app.text.vocabulary import shared_term

    stem = _stem(word, language)
    return shared_term(stem, language) or stem


def word_terms(word: str, language: str) -> list[str]:
    """Return the terms one folded word gives: its own, and for a Swedish compound those of its parts."""
    own = term(word, language)
    terms = [own]
    if language == "sv":
        for part in split_compound(word):
            part_term = term(part, language)
            if part_term not in terms and len(part_term) > 1:
                terms.append(part_term)
    return terms


@dataclass(frozen=True)
class Analysis:
    """A text reduced to terms: how often each occurs, a readable word for each, the language, the length."""

    terms: Mapping[str, int]
    words: Mapping[str, str]
    language: str
    length: int


def analyse(title: str, description: str = "", language: str | None = None) -> Analysis:
    """Analyse a title and description in their (detected) language into weighted terms."""
    title_words = tokenise(title or "")
    body_words = tokenise(description or "")
    language = language if language in LANGUAGES else detect_language(title_words + body_words)
    stop = STOP_WORDS[language]
    terms: Counter = Counter()
    surface: dict[str, Counter] = {}
    for words, weight in ((title_words, TITLE_WEIGHT), (body_words, 1)):
        for word in words:
            if word in stop:
                continue
            for found in word_terms(word, language):
                if len(found) < 2:
                    continue
                terms[found] += weight
                surface.setdefault(found, Counter())[word] += 1
    words = {found: counts.most_common(1)[0][0] for found, counts in surface.items()}
    return Analysis(dict(terms), words, language, sum(terms.values()))
