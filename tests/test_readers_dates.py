"""Dates as articles write them, read by dateparser in the corpus languages."""

from __future__ import annotations

import datetime as dt

import pytest

from index.readers.dates import parse_date


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("Vendredi 24 Janvier 2025", ("fr",), dt.date(2025, 1, 24)),
        ("Friday, 24 January 2025", ("en",), dt.date(2025, 1, 24)),
        ("viernes 24 de enero de 2025", ("es",), dt.date(2025, 1, 24)),
        ("Freitag, 24. Januar 2025", ("de",), dt.date(2025, 1, 24)),
        ("24 janv. 2025", None, dt.date(2025, 1, 24)),
        ("1. Juni 2025, 10:30 Uhr", None, dt.date(2025, 6, 1)),
        ("le 12 mars 2025 à 9 h 30", ("fr",), dt.date(2025, 3, 12)),
        ("el 3 de marzo de 2025 a las 9:30", ("es",), dt.date(2025, 3, 3)),
        ("2025-05-02T09:00:00+02:00", None, dt.date(2025, 5, 2)),
        ("2025-05-02T23:30:00-05:00", None, dt.date(2025, 5, 2)),  # the local day, not UTC
        ("Sat, 12 Apr 2025 23:30:00 -0500", None, dt.date(2025, 4, 12)),
        (dt.datetime(2025, 1, 24, 23, 59), None, dt.date(2025, 1, 24)),
        (dt.date(2025, 1, 24), None, dt.date(2025, 1, 24)),
    ],
)
def test_dates_in_four_languages_and_machine_formats(text, languages, expected) -> None:
    assert parse_date(text, languages) == expected


@pytest.mark.parametrize(
    "text", ["", None, "La Rédaction", "il y a 3 jours", "2025", "Il y a 2025 raisons",
             "Trump, Elon Musk, OpenAI", "yesterday"],
)
def test_things_that_are_not_a_written_date(text) -> None:
    assert parse_date(text, ("fr", "en")) is None
