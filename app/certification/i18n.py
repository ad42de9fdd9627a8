"""Texts from a questionnaire definition in the reader's language."""
from app.certification.definition import text
from app.i18n import current_language


def t(texts):
    """Return the text of a definition's {en, sv} mapping in the current language."""
    return text(texts, current_language())
