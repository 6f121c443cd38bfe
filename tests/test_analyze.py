"""analyze(): the public entry point combining language, keywords and entities."""

from __future__ import annotations

import pytest

import index.analysis as analysis_module
from index.analysis import analyze
from index.models import Analysis, Mention

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


def test_keywords_leave_names_mentioned_in_passing_to_the_entity_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Stargate, le projet de Sam Altman, inquiète. Stargate promet des centres de données. "
        "Sam Altman défend Stargate devant le Sénat, et l’actrice Juliette Binoche applaudit. "
        "Les centres de données de Stargate consommeront beaucoup d’électricité."
    )

    def mentions(found: str, language: str) -> list[Mention]:
        names = {"Stargate": "other", "Sam Altman": "person", "Juliette Binoche": "person",
                 "Sénat": "organization"}
        out = []
        for name, kind in names.items():
            start = found.find(name)
            while start >= 0:
                out.append(Mention(name, kind, start, start + len(name), name.lower()))  # type: ignore[arg-type]
                start = found.find(name, start + 1)
        return out

    monkeypatch.setattr(analysis_module, "find_mentions", mentions)
    keywords = [k.lower() for k in analyze(text, "fr").keywords]
    assert "stargate" in keywords  # named 4 times: what the article is about
    assert not any("altman" in k or "binoche" in k for k in keywords)  # named twice, once
    assert "sénat" not in keywords  # named once: the entity list is enough
    assert "centres de données" in keywords


def test_keywords_are_not_pieces_of_names_the_entity_list_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Finale in der Allianz Arena: Der FC Bayern schaut zu\n\n"
        "Die Allianz Arena in München war ausverkauft. Der FC Bayern München schied früh aus, "
        "doch die Fans des FC Bayern kamen trotzdem in die Allianz Arena, um das Finale der "
        "Champions League zu sehen. Die Champions League endete mit einem Fest in München."
    )
    names = {"Allianz Arena": "place", "FC Bayern": "organization", "München": "place",
             "Champions League": "other"}

    def mentions(found: str, language: str) -> list[Mention]:
        out = []
        for name, kind in names.items():
            start = found.find(name)
            while start >= 0:
                out.append(Mention(name, kind, start, start + len(name), name.lower()))  # type: ignore[arg-type]
                start = found.find(name, start + 1)
        return sorted(out, key=lambda m: m.start)

    monkeypatch.setattr(analysis_module, "find_mentions", mentions)
    keywords = {k.casefold() for k in analyze(text, "de").keywords}
    assert "finale" in keywords
    assert not keywords & {"allianz", "fc", "champions", "arena", "league"}
