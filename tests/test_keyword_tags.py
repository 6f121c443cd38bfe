"""Every sidebar keyword should be usable as a tag: no clause pieces, no phrase cut before its
noun, no one-off participle clause, no common word the article barely uses, and names keep
their capitals."""

from __future__ import annotations

import re

from index.analysis.keywords import extract_keywords

ENGLISH = """Musk says Stargate backers lack the cash

Elon Musk questioned on Wednesday whether the Stargate venture can pay for its data centres.
The venture, which intends to spend $500bn building data centres for artificial intelligence,
was the first big economic announcement of the new administration. Satya Nadella said only
that he was good for the $80bn Microsoft plans to spend on data centres this year. Analysts
noted that the deal binds the partners to Stargate for a decade, and the money is not all
there yet: the money may take years. Stargate backers say the cash will come. Stargate
backers include SoftBank, and Stargate has picked a site in Abilene, where the first data
centres are rising, and its chief executive said the data centres would run on gas
turbines. The gas turbines arrive next year. Data centres need power, and the Stargate
data centres need a lot of it.
"""

FRENCH = """Semi-conducteurs : l’Europe loin du compte

Les auditeurs européens jugent que l’ambition fixée par Bruxelles est hors de portée pour
les semi-conducteurs. Selon les projections retenues par les auditeurs, la part de l’Europe
dans la production mondiale de puces stagnera. Les usines de puces coûtent cher, et les
contrôles à l’exportation décidés à Washington pèsent sur les fabricants de puces. Les
pays développés financent des usines de puces, mais les pays développés manquent
d’ingénieurs. L’objectif reste lointain, et l’objectif européen aussi, disent les auditeurs,
qui réclament une stratégie pour les puces et pour les usines de semi-conducteurs.
"""


def _words(keywords: list[str]) -> list[str]:
    return [k.lower() for k in keywords]


def test_no_name_and_verb_clause() -> None:
    keywords = _words(extract_keywords(ENGLISH, "en"))
    for clause in ("microsoft plans", "deal binds", "venture intends", "backers lack"):
        assert not any(clause in k for k in keywords), (clause, keywords)
    assert "binds" not in keywords, keywords


def test_no_phrase_cut_before_its_noun() -> None:
    keywords = _words(extract_keywords(ENGLISH, "en"))
    for fragment in ("big economic", "building data"):
        assert fragment not in keywords, (fragment, keywords)
    assert not any(k.endswith(" economic") for k in keywords), keywords


def test_a_name_keeps_its_capital_when_the_phrase_only_heads_the_article() -> None:
    keywords = extract_keywords(ENGLISH, "en")
    assert any("backers" in k for k in keywords), keywords
    lowered = [k for k in keywords if "stargate" in k and "Stargate" not in k]
    assert not lowered, keywords


def test_a_common_word_used_twice_is_no_tag() -> None:
    keywords = _words(extract_keywords(ENGLISH, "en", limit=40))  # not even far down
    assert "money" not in keywords, keywords
    assert any(re.fullmatch(r"data centres?", k) for k in keywords), keywords


def test_a_one_off_participle_clause_is_no_tag_but_a_recurring_one_is() -> None:
    keywords = _words(extract_keywords(FRENCH, "fr"))
    for clause in ("ambition fixée", "projections retenues", "exportation décidés"):
        assert not any(clause in k for k in keywords), (clause, keywords)
    assert "pays développés" in keywords, keywords
    assert any("puces" in k for k in keywords), keywords


def test_generic_french_words_used_once_or_twice_are_no_tags() -> None:
    keywords = _words(extract_keywords(FRENCH, "fr", limit=40))
    for word in ("objectif", "part", "stratégie", "compte"):
        assert word not in keywords, (word, keywords)


def test_plural_subject_and_verb_is_no_tag() -> None:
    text = (
        "Chip exports to China face new limits\n\n"
        "Washington tightened chip exports again on Monday. The chip exports at stake are worth "
        "billions, and the new rules aim to slow China's supercomputers. Cloud companies lock "
        "in capacity abroad, while chip exports to China keep falling. Chipmakers expect the "
        "rules to cost them dearly."
    )
    keywords = _words(extract_keywords(text, "en"))
    for clause in ("rules aim", "companies lock"):
        assert not any(clause in k for k in keywords), (clause, keywords)
    assert any("chip exports" in k for k in keywords), keywords
