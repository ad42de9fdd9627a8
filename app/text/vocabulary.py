"""The bilingual theme vocabulary (data/themes.yaml): Swedish and English words that are one index term."""
import threading
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "themes.yaml"
_lock = threading.Lock()
_shared: dict[tuple[str, str], str] | None = None


def entries() -> list[dict]:
    """Return the vocabulary's entries as written: [{"sv": [...], "en": [...]}, ...]."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _build():
    from app.text.analysis import _stem, fold

    shared = {}
    for entry in entries():
        name = _stem(fold(entry["sv"][0]), "sv")
        for language in ("sv", "en"):
            for word in entry[language]:
                shared.setdefault((language, _stem(fold(word), language)), name)
    return shared


def shared_term(stem: str, language: str) -> str | None:
    """Return the one term a stem stands for across the two languages, or None if it is not a theme word."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = _build()
    return _shared.get((language, stem))
