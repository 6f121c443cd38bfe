"""Language identification: right on real paragraphs, "und" rather than a guess on too little."""

from __future__ import annotations

import json

import pytest

from index.analysis.language import detect_language
from index.evaluate import DEV_DATA

PARAGRAPHS = {
    "fr": "Le président s’est retrouvé jeudi au cœur d’une polémique après l’annonce d’un "
    "investissement massif dans l’infrastructure de l’intelligence artificielle.",
    "en": "The biggest oil spill in the country's history created a slick about seven miles "
    "long, and the state's environmental officer criticised the slow clean-up.",
    "es": "El Gobierno pidió prudencia mientras los técnicos de la red eléctrica trabajaban "
    "para restablecer el suministro en toda la península tras el apagón.",
    "de": "Die Bundesregierung will den Bau der neuen Chipfabrik in Dresden mit Milliarden "
    "fördern, obwohl Kritiker vor zu hohen Subventionen für die Industrie warnen.",
}


@pytest.mark.parametrize(("language", "text"), sorted(PARAGRAPHS.items()))
def test_paragraphs_in_the_four_corpus_languages(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t", "2025 1234 56,78 9", "https://example.com/articles/2025/01/stargate",
     "Bonjour", "Hello world", "!!! ??? ...", "contact@example.com"],
)
def test_too_little_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


def test_answer_is_the_same_every_time() -> None:
    text = "Mit dem Spatenstich beginnt der Bau."  # short enough for langdetect to waver
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_only_the_start_of_a_long_text_decides() -> None:
    french = PARAGRAPHS["fr"] * 5
    english_tail = PARAGRAPHS["en"] * 40
    assert detect_language(french + "\n\n" + english_tail) == "fr"


HEADLINES = {
    "en": "Central bank raises interest rates for the third time this year",
    "fr": "Le gouvernement présente sa réforme des retraites aux syndicats",
    "es": "El Gobierno aprueba la nueva ley de vivienda tras meses de debate",
    "de": "Die Bahn erhöht im Dezember die Preise für Fernzüge",
}


@pytest.mark.parametrize(("language", "text"), sorted(HEADLINES.items()))
def test_headlines_alone(language: str, text: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(("language", "text"), sorted(HEADLINES.items()))
def test_all_caps_headlines_like_wire_titles(language: str, text: str) -> None:
    assert detect_language(text.upper()) == language


def test_folder_language_decides_a_headline_made_of_names() -> None:
    names = "Mazda MX-5 Miata Kazari"
    assert detect_language(names) == "und"
    assert detect_language(names, prior="de-AT") == "de"
    assert detect_language(names, prior="es") == "es"


def test_clear_words_outweigh_the_folder_language() -> None:
    assert detect_language(HEADLINES["en"], prior="fr") == "en"
    assert detect_language(HEADLINES["de"], prior="es") == "de"


def test_language_without_word_table_is_still_found() -> None:
    swahili = (
        "Serikali ya Kenya imetangaza kwamba shule zote zitafunguliwa wiki ijayo baada ya "
        "likizo ndefu ya mvua. Wazazi wameombwa kuwapeleka watoto wao shuleni mapema."
    )
    assert detect_language(swahili) == "sw"


def test_wire_headlines_of_the_dev_data() -> None:
    """The first line of each CoNLL-2003 document is a Reuters headline, mostly in capitals."""
    conll = DEV_DATA / "ner" / "en_conll2003_dev.jsonl"
    if not conll.exists():
        pytest.skip(f"no dev data at {conll}")
    with conll.open(encoding="utf-8") as lines:
        titles = [json.loads(line)["text"].split("\n")[0] for line in lines]
    found = [detect_language(title) for title in titles]
    assert sum(language == "en" for language in found) / len(titles) >= 0.95
