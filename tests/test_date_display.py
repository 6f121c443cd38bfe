"""Article dates are shown in the user's locale (LC_ALL, LC_TIME, LANG), English otherwise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reader_pilot import SIZE, main_screen, make_app, settle, text_of
from textual.widgets import Static

from index.dates import format_date, locale_from_env
from index.library import Library

WEDNESDAY = dt.date(2026, 1, 21)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr_FR.UTF-8", "mercredi 21 janvier 2026"),
        ("de_DE.UTF-8", "Mittwoch, 21. Januar 2026"),
        ("es_ES.UTF-8", "miércoles, 21 de enero de 2026"),
        ("C", "Wednesday 21 January 2026"),
        ("C.UTF-8", "Wednesday 21 January 2026"),
        ("POSIX", "Wednesday 21 January 2026"),
        ("xx_QQ.UTF-8", "Wednesday 21 January 2026"),
        ("", "Wednesday 21 January 2026"),
    ],
)
def test_date_follows_lang(monkeypatch: pytest.MonkeyPatch, lang: str, expected: str) -> None:
    monkeypatch.setenv("LANG", lang)
    assert format_date(WEDNESDAY) == expected


def test_lc_all_then_lc_time_then_lang() -> None:
    assert locale_from_env({"LANG": "de_DE.UTF-8", "LC_TIME": "fr_FR@euro"}) == "fr_FR"
    assert locale_from_env({"LANG": "de_DE", "LC_TIME": "fr_FR", "LC_ALL": "es_ES"}) == "es_ES"
    assert locale_from_env({"LANG": "de_DE", "LC_ALL": ""}) == "de_DE"
    assert locale_from_env({"LC_ALL": "C.UTF-8", "LANG": "fr_FR"}) is None
    assert locale_from_env({}) is None


def test_explicit_locale_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert format_date(WEDNESDAY, "fr_FR") == "mercredi 21 janvier 2026"
    assert format_date(WEDNESDAY, "not-a-locale") == "Wednesday 21 January 2026"


async def test_byline_date_in_french_under_french_locale(
    monkeypatch: pytest.MonkeyPatch,
    sample_corpus: Path,
    app_index: Path,
    sample_library: Library,
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    dated = next(s for s in sample_library.articles("date") if s.date is not None)
    assert dated.date is not None
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(dated.id)
        await settle(pilot)
        meta = text_of(main_screen(app).query_one("#article-meta", Static))
    assert format_date(dated.date, "fr_FR") in meta
    assert dated.date.strftime("%B") not in meta  # not the English month name
