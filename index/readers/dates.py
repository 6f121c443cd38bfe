"""Dates as articles write them, in any language, read by dateparser (never by month tables).

dateparser costs ~50 ms on its first call per language and ~1 ms after; results are cached,
and callers pass the language when they know it (a French byline) to keep it fast and right.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from functools import lru_cache
from typing import Any

# The languages Rubrique's corpora are written in; tried when the caller knows nothing better.
DEFAULT_LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "de")

_SETTINGS: dict[str, Any] = {
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "DMY",
    "REQUIRE_PARTS": ["month", "year"],
    # An article's date is written out; "il y a 3 jours" would depend on when we read it.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_HAS_DIGIT = re.compile(r"\d")


def parse_date(
    value: object, languages: tuple[str, ...] | None = None, detect: bool = True
) -> dt.date | None:
    """A date from a date, a datetime, an ISO or RFC 822 string, or words in any language.

    The date is the one written (the article's local day), not converted to UTC. Words are
    tried in `languages`, then fr/en/es/de, then, if `detect` and the text has a day and a
    year, in every language dateparser knows (its first such call loads them all: ~2 s).
    None when nothing sensible is found.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    if not text or len(text) > 80 or not _HAS_DIGIT.search(text):
        return None
    return _parse_text(text, tuple(languages) if languages else None, detect)


@lru_cache(maxsize=4096)
def _parse_text(text: str, languages: tuple[str, ...] | None, detect: bool) -> dt.date | None:
    if _ISO.match(text):
        try:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return dt.date.fromisoformat(text[:10])
            except ValueError:
                pass
    if text[:3].isalpha() and text[3:5] in (", ", ",") or text[:2].isdigit():
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            return parsed.date()
    found = _dateparser(text, languages, detect=detect and _looks_dated(text))
    if found is None:
        found = _trimmed(text, languages)
    return found


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DAY = re.compile(r"\b\d{1,2}\b")


def _trimmed(text: str, languages: tuple[str, ...] | None) -> dt.date | None:
    """Retry on the words up to the year, dropping leading words one at a time:
    "Publié le 2 août 2025 à 8 h 00" → "le 2 août 2025" → "2 août 2025"."""
    if not _looks_dated(text):
        return None
    year = _YEAR.search(text)
    assert year is not None
    words = text[: year.end()].split()
    for start in range(min(len(words) - 1, 5)):
        candidate = " ".join(words[start:])
        if candidate == text:
            continue
        found = _dateparser(candidate, languages, detect=False)
        if found is not None:
            return found
    return None


def _looks_dated(text: str) -> bool:
    """A year with a day number before it: worth the slow search through every language."""
    year = _YEAR.search(text)
    return year is not None and _DAY.search(text[: year.start()]) is not None


def _dateparser(text: str, languages: tuple[str, ...] | None, detect: bool) -> dt.date | None:
    """Try the given languages, then the corpus languages, then (if `detect`) every language
    dateparser knows; the last costs ~10 ms, so it is kept for text that looks like a date."""
    tries: list[list[str] | None] = []
    if languages:
        tries.append(list(languages))
    tries.append(list(DEFAULT_LANGUAGES))
    if detect:
        tries.append(None)
    for langs in tries:
        try:
            parser = _parser(tuple(langs) if langs else None)
            found = parser.get_date_data(text).date_obj
        except Exception:  # dateparser raises odd errors on odd input; a date is optional
            found = None
        if isinstance(found, dt.datetime):
            return found.date()
    return None


@lru_cache(maxsize=32)
def _parser(languages: tuple[str, ...] | None) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(languages) if languages else None, settings=_SETTINGS)
