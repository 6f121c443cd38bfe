"""When the word tables leave no doubt, the answer comes without langdetect's n-gram pass
(the costly part of detection in a build); when they could be fooled, langdetect is asked."""

from __future__ import annotations

import pytest

from index.analysis import language

NAMES = (
    "Kwasniewski met Zelenskyy, Tusk and Sikorski in Rzeszow on Tuesday, while Nawrocki, "
    "Hołownia and Czarzasty stayed in Warsaw with Kosiniak-Kamysz, Morawiecki and Błaszczak "
    "before the vote the government called for the end of the month"
)
"""English wire copy where a third of the words are names no word table holds."""
SHORT = (
    "The government said on Tuesday that it would raise the minimum wage next year after "
    "months of talks with the unions"
)
"""Twenty-one plain English words: too short for the word tables alone before."""


def _no_langdetect(sample: str) -> dict[str, float]:
    raise AssertionError(f"langdetect was asked about {sample[:40]!r}")


@pytest.mark.parametrize("text", [NAMES, SHORT])
def test_clear_english_is_told_by_its_words(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language, "_langdetect", _no_langdetect)
    assert language.detect_language(text) == "en"
    assert language.detect_language(text, prior="fr") == "en"


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The samples langdetect is asked about, as the test goes."""
    samples: list[str] = []
    real = language._langdetect

    def spy(sample: str) -> dict[str, float]:
        samples.append(sample)
        return real(sample)

    monkeypatch.setattr(language, "_langdetect", spy)
    return samples


def test_a_language_without_a_table_still_asks_langdetect(asked: list[str]) -> None:
    swahili = (
        "Serikali ya Kenya imetangaza kwamba shule zote zitafunguliwa wiki ijayo baada ya "
        "likizo ndefu ya mvua. Wazazi wameombwa kuwapeleka watoto wao shuleni mapema."
    )
    assert language.detect_language(swahili) == "sw"
    assert asked


def test_a_headline_still_hears_langdetect(asked: list[str]) -> None:
    assert language.detect_language("Cher en deuil après la mort de son ami") == "fr"
    assert asked
