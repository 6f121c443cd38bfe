"""Dates as a reader expects to see them: in the words of their own locale.

The reader shows an article's date in full ("mercredi 21 janvier 2026" under a French locale).
Babel carries CLDR's day and month names and date patterns for every locale, so nothing here
is a hand-written table. The locale comes from the environment the way POSIX programs look it
up (LC_ALL, then LC_TIME, then LANG); without a usable one (unset, "C", "POSIX", a name Babel
does not know) dates are English in the reader's own style, "Wednesday 21 January 2026".
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

FALLBACK_PATTERN = "EEEE d MMMM y"
"""English dates without a locale: weekday, day, month, year, no commas."""

_NO_LOCALE = frozenset({"", "c", "posix"})


def locale_from_env(environ: Mapping[str, str] | None = None) -> str | None:
    """The time locale the environment asks for ("fr_FR"), or None for C/POSIX/unset.

    The first non-empty of LC_ALL, LC_TIME, LANG wins, as in the C library; its encoding
    (".UTF-8") and modifier ("@euro") are dropped since Babel names locales without them.
    """
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = env.get(variable, "").strip()
        if value:
            return _locale_name(value)
    return None


def _locale_name(value: str) -> str | None:
    """"fr_FR.UTF-8" and "fr_FR@euro" → "fr_FR"; None for "C", "POSIX" or nothing."""
    name = value.strip().split(".", 1)[0].split("@", 1)[0]
    return None if name.lower() in _NO_LOCALE else name


@lru_cache(maxsize=16)
def _babel_locale(name: str) -> Locale | None:
    """Babel's Locale for a POSIX-style name, or None when Babel cannot make sense of it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name, sep="_" if "_" in name else "-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def format_date(date: dt.date, locale: str | None = None) -> str:
    """`date` in full, in `locale` ("fr_FR", "de"), else in the environment's locale.

    Never raises for an unknown locale: that is English, like no locale at all.
    """
    from babel.dates import format_date as babel_format_date

    name = _locale_name(locale) if locale is not None else locale_from_env()
    found = _babel_locale(name) if name else None
    if found is None:
        return babel_format_date(date, FALLBACK_PATTERN, locale="en")
    return babel_format_date(date, format="full", locale=found)
