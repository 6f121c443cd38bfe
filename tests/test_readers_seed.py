"""The plain-text reader on the real seed article: every field, exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.readers import read_file

SEED = Path(__file__).resolve().parents[2] / "shared/seeds/stargate-fr.txt"


@pytest.fixture(scope="module")
def seed():
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (../shared is absent)")
    articles = read_file(SEED, SEED.parent)
    assert len(articles) == 1
    return articles[0]


def test_seed_header_fields(seed) -> None:
    assert seed.title == "Trump défend son projet Stargate face aux critiques d’Elon Musk"
    assert seed.author == "La Rédaction"
    assert seed.date == dt.date(2025, 1, 24)
    assert seed.kickers == (
        "Stargate : Quand l’IA devient un terrain de clash entre Musk et Trump",
        "500 milliards, des géants de la tech et un soupçon de mauvais sang",
        "Trump, Musk et Altman : le triangle explosif de l’intelligence artificielle",
    )
    assert seed.lede == (
        "Un projet ambitieux pour l’IA aux États-Unis divisé par des rivalités personnelles "
        "et financières"
    )
    assert seed.path == "stargate-fr.txt"
    assert seed.format == "text"


def test_seed_body(seed) -> None:
    assert [block.kind for block in seed.blocks] == ["paragraph"] * 7
    texts = [block.text for block in seed.blocks]
    assert texts[0].startswith("Le président Donald Trump s’est retrouvé jeudi au cœur")
    assert texts[-1].endswith("de la technologie : Elon Musk et Sam Altman.")
    assert texts[1] == (
        "Lors de l’annonce mardi dans le bureau ovale, Elon Musk a exprimé des doutes sur la "
        "viabilité financière du projet via sa plateforme X (anciennement Twitter). Selon lui, "
        "certaines entreprises participantes manquent des fonds nécessaires pour honorer leurs "
        "engagements. « SoftBank dispose de bien moins de 10 milliards de dollars. Je le sais de "
        "source sûre », a-t-il affirmé."
    )


def test_seed_tags_and_no_boilerplate(seed) -> None:
    assert seed.tags == (
        "Trump", "Elon Musk", "Sam Altman", "OpenAI", "Stargate", "intelligence artificielle",
        "SoftBank", "Oracle", "investissement", "rivalité",
    )
    for block in seed.blocks:
        assert "Dans la même rubrique" not in block.text
        assert "Vendredi 24 Janvier 2025" not in block.text
        assert "Trump, Elon Musk, Sam Altman" not in block.text
    assert "Dans la même rubrique" not in seed.text
    assert seed.text.count("Vendredi 24 Janvier 2025") == 0
