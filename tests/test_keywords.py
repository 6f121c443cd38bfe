"""Keyphrases: what a reader would tag an article with, in the article's own words."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from index.analysis import analyze
from index.analysis.keywords import extract_keywords
from index.analysis.stopwords import stop_words

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "stargate-fr.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed article absent: {SEED}")

ENGLISH = """Wildfire forces thousands to flee homes in northern California

A fast-moving wildfire forced thousands of residents to flee their homes on Tuesday as strong
winds pushed the flames towards the town of Paradise. Firefighters said the wildfire had burned
more than 20,000 acres of dry forest in less than a day.

The state's fire agency said the wildfire was only five per cent contained. Evacuation orders
covered several towns, and emergency shelters opened in schools and churches. Power lines
brought down by the wind may have started the fire, officials said, and the utility company
said it would cooperate with investigators.

Climate scientists have warned that longer dry seasons make every wildfire season worse.
"""

GERMAN = """Bahnstreik legt den Fernverkehr in ganz Deutschland lahm

Die Lokführergewerkschaft hat am Montag zu einem bundesweiten Bahnstreik aufgerufen. Der
Fernverkehr der Deutschen Bahn kam fast vollständig zum Erliegen, im Regionalverkehr fielen
viele Züge aus. Die Gewerkschaft fordert höhere Löhne und eine kürzere Arbeitszeit für
Schichtarbeiter.

Die Bahn nannte den Streik unverhältnismäßig und bot neue Verhandlungen an. Pendler mussten
auf Busse und Autos ausweichen, an den Bahnhöfen bildeten sich lange Schlangen. Der Streik
soll bis Mittwoch dauern; Fahrgastverbände verlangen eine Entschädigung für Pendler.
"""

SPANISH = """La sequía obliga a restringir el agua en Cataluña

El Gobierno catalán aprobó el martes nuevas restricciones de agua por la sequía que sufren los
embalses de la región. Los embalses están al 16 % de su capacidad, el nivel más bajo desde que
hay registros, y la sequía ya dura más de tres años.

Las restricciones de agua afectan a la agricultura, que deberá reducir el riego, y a la
industria. Los ayuntamientos tendrán que limitar el consumo de agua por habitante. Los
agricultores piden ayudas porque la sequía amenaza las cosechas de este año.
"""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _has_phrase(phrases: list[str], wanted: str) -> bool:
    """`wanted` appears as whole words in one of the phrases (so "Trump" is in "Donald Trump")."""
    pattern = re.compile(rf"(?<!\w){re.escape(_fold(wanted))}s?(?!\w)")
    return any(pattern.search(_fold(phrase)) for phrase in phrases)


def _read_seed() -> tuple[str, list[str]]:
    """The raw seed text, byline included, without its tag line (kept apart as the answer)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for index in range(len(lines) - 1, -1, -1):
        parts = [p.strip() for p in lines[index].split(",")]
        if len(parts) >= 5:
            return "\n".join(lines[:index]), parts
    raise AssertionError("the seed has no tag line")


def _assert_clean(keywords: list[str] | tuple[str, ...], language: str) -> None:
    stops = stop_words(language)
    for phrase in keywords:
        words = phrase.split()
        assert words[0].lower() not in stops, phrase
        assert words[-1].lower() not in stops, phrase
        assert not re.search(r"(?i)\b(?:[dlsnjmtc]|qu)['’]", phrase), f"elision in {phrase!r}"
        assert not re.search(r"[.,;:!?«»()]", phrase.replace("U.S.", "")), phrase


@needs_seed
def test_seed_tags_are_found_among_keywords_and_entities() -> None:
    pytest.importorskip("index.analysis.entities", reason="entity recogniser not there yet")
    text, tags = _read_seed()
    analysis = analyze(text)
    found = [*analysis.keywords, *(entity.text for entity in analysis.entities)]
    hits = [tag for tag in tags if _has_phrase(found, tag)]
    assert len(hits) >= 8, f"only {hits} of {tags} in {found}"


@needs_seed
def test_seed_keywords_are_clean_phrases_without_the_byline() -> None:
    text, _tags = _read_seed()
    keywords = analyze(text).keywords
    assert 10 <= len(keywords) <= 15
    assert not any("rédig" in k.lower() or "rédaction" in k.lower() for k in keywords)
    _assert_clean(keywords, "fr")
    assert "intelligence artificielle" in keywords  # multi-word, in the article's own form


@pytest.mark.parametrize(
    ("text", "language", "topic", "details"),
    [
        (ENGLISH, "en", "wildfire",
         ["evacuation orders", "emergency shelters", "firefighters", "power lines"]),
        (GERMAN, "de", "Bahnstreik", ["Fernverkehr", "Pendler", "Gewerkschaft", "Deutsche Bahn"]),
        (SPANISH, "es", "sequía", ["restricciones de agua", "embalses", "agricultores"]),
    ],
)
def test_short_articles_yield_their_topic_words(
    text: str, language: str, topic: str, details: list[str]
) -> None:
    keywords = extract_keywords(text, language)
    _assert_clean(keywords, language)
    assert _has_phrase(keywords[:3], topic), keywords
    found = [d for d in details if _has_phrase(keywords, d)]
    assert len(found) >= 2, f"only {found} of {details} in {keywords}"
    assert not any(verb in keywords for verb in ("said", "burned", "aufgerufen", "aprobó"))


def test_plural_and_case_variants_are_merged() -> None:
    text = (
        "Data centres need power. The data centre in Dublin doubled its power use. "
        "New Data Centres are planned, and each data centre needs cooling water.\n\n"
        "Power grids strain as data centres grow."
    )
    folded = [_fold(k).rstrip("s") for k in extract_keywords(text, "en")]
    assert len(folded) == len(set(folded)), folded
    assert "data centre" in folded


def test_nothing_to_extract_from_empty_or_stop_word_text() -> None:
    assert extract_keywords("", "en") == []
    assert extract_keywords("and the of it was, but then so", "en") == []
    assert extract_keywords("le la les de des du", "fr") == []
