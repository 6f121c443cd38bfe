"""Language identification: right on real paragraphs, "und" rather than a guess on too little."""

from __future__ import annotations

import pytest

from index.analysis.language import detect_language

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
