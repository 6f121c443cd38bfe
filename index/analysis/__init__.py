"""What an article is about: its language, its keyphrases and the named entities it mentions.

`analyze()` is the one entry point; indexing calls it once per article (in a process pool) and
stores the result, so the reader never recomputes it.
"""

from __future__ import annotations

from index.analysis.keywords import extract_keywords
from index.analysis.language import UNDETERMINED, detect_language
from index.models import Analysis, Mention

__all__ = ["analyze", "detect_language", "extract_keywords", "UNDETERMINED"]

KEYWORD_LIMIT = 15


def _mentions(text: str, language: str) -> list[Mention]:
    try:
        from index.analysis.entities import find_mentions
    except ImportError:  # the recogniser is being written; analysis still works without it
        return []
    return find_mentions(text, language)


def analyze(text: str, language: str | None = None) -> Analysis:
    """Analyse an article's text (title, lede and body, as `Article.text` gives it).

    A `language` declared by the source (front matter, feed, `<html lang>`) wins over
    detection; without one the language is detected, and "und" means it could not be told.
    Keywords are extracted with the rules of that language (English ones when undetermined).
    """
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if not code or code == UNDETERMINED:
        code = detect_language(text)
    rules = code if code != UNDETERMINED else "en"
    mentions = _mentions(text, rules)
    keywords = extract_keywords(text, rules, limit=KEYWORD_LIMIT)
    return Analysis(language=code, keywords=tuple(keywords), mentions=tuple(mentions))
