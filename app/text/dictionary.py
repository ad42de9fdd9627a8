"""The Swedish word list: word frequencies from `wordfreq` (shipped inside the package, read once)."""
import math
import threading
from functools import lru_cache

KNOWN = 2.0  # a word at least this frequent (Zipf scale: 3 is once per million words) is a real word
COMMON = 3.0  # a word this frequent is not split into parts
_lock = threading.Lock()
_words: dict[str, float] | None = None


def _load():
    global _words
    with _lock:
        if _words is None:
            from wordfreq import get_frequency_dict

            # Zipf value: log10 of the frequency per billion words; folded like every indexed word.
            from app.text.analysis import fold

            words = {}
            for word, frequency in get_frequency_dict("sv").items():
                key = fold(word)
                zipf = math.log10(frequency * 1e9)
                if zipf >= KNOWN and zipf > words.get(key, 0.0):
                    words[key] = zipf
            _words = words
    return _words


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """Return how common a (folded) Swedish word is on the Zipf scale, 0 if the list does not know it."""
    words = _words if _words is not None else _load()
    return words.get(word, 0.0)


def is_word(word: str) -> bool:
    return zipf(word) >= KNOWN


@lru_cache(maxsize=50_000)
def english_zipf(word: str) -> float:
    """Return how common a word is in English on the Zipf scale (wordfreq's English list, read once)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
