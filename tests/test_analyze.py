"""analyze(): the public entry point combining language, keywords and entities."""

from __future__ import annotations

from index.analysis import analyze
from index.models import Analysis

FRENCH = (
    "Le gouvernement a présenté mercredi un plan pour les centres de données. Les centres de "
    "données consomment de plus en plus d’électricité, et le réseau électrique devra suivre."
)


def test_language_is_detected_when_none_is_declared() -> None:
    analysis = analyze(FRENCH)
    assert isinstance(analysis, Analysis)
    assert analysis.language == "fr"
    assert "centres de données" in analysis.keywords


def test_declared_language_wins_over_detection() -> None:
    assert analyze(FRENCH, language="es").language == "es"
    assert analyze(FRENCH, language="fr-CA").language == "fr"
    assert analyze(FRENCH, language="EN_gb").language == "en"


def test_undetermined_declaration_falls_back_to_detection() -> None:
    assert analyze(FRENCH, language="und").language == "fr"
    assert analyze(FRENCH, language="").language == "fr"


def test_empty_text_gives_an_empty_undetermined_analysis() -> None:
    analysis = analyze("")
    assert analysis.language == "und"
    assert analysis.keywords == ()
    assert analysis.mentions == ()


def test_mentions_point_into_the_text() -> None:
    text = "Elon Musk a critiqué le projet Stargate de Donald Trump et d’OpenAI à Washington."
    for mention in analyze(text, "fr").mentions:
        assert text[mention.start : mention.end] == mention.text
