"""Kinds from issue 8's sample-corpus review, each from a cue of the language, in sentences
of our own (no name of the sample articles is special-cased)."""

from __future__ import annotations

from index.analysis.entities import explain, find_mentions


def kinds(text: str, language: str) -> dict[str, str]:
    return {mention.text: mention.kind for mention in find_mentions(text, language)}


def test_french_has_alone_is_no_verb_of_saying() -> None:
    # "a" is the auxiliary "has"; only "a dit", "a déclaré" present a speaker.
    rules = {m.text: rule for m, rule in explain("Selon eux, Zorbatex a fermé son usine.", "fr")}
    assert rules["Zorbatex"] != "person-context"
    found = kinds("Interrogé mardi, Dupontel a déclaré que rien ne changerait.", "fr")
    assert found["Dupontel"] == "person"


def test_a_term_of_office_is_named_after_a_person() -> None:
    text = "When the Kwarteng administration raised its tariffs, exporters complained."
    assert kinds(text, "en")["Kwarteng"] == "person"


def test_a_name_an_owner_qualifies_a_noun_with_is_a_thing() -> None:
    found = kinds("The firm will replace its Turner graphics chip next year.", "en")
    assert found["Turner"] == "other"
    found = kinds("Buyers wait for Acme's upcoming Fletcher generation of servers.", "en")
    assert found["Fletcher"] == "other"
    found = kinds("Chelsea's Saka scored twice on Sunday.", "en")
    assert found["Saka"] == "person"


def test_a_capitalised_possessive_after_a_name_goes_on_with_it() -> None:
    # French "son" is "his"; mid-sentence with a capital after a given name, a family name.
    found = kinds("Parmi les invités, Hiroshi Son, patron du groupe, a pris la parole.", "fr")
    assert found["Hiroshi Son"] == "person"
    assert "Hiroshi" not in found


def test_a_french_cue_noun_still_cues_across_its_adjective() -> None:
    found = kinds("Il est financé par le fonds spéculatif Vantor, basé à Paris.", "fr")
    assert found["Vantor"] == "organization"


def test_a_firm_named_with_a_common_word_the_article_also_uses_is_no_person() -> None:
    text = (
        "Demand for power keeps rising. The utility signed with Zandor Power for new "
        "turbines, while Hiroshi Young spoke for the buyers."
    )
    found = kinds(text, "en")
    assert found["Zandor Power"] == "organization"
    assert found["Hiroshi Young"] == "person"


def test_an_english_compound_modifier_is_no_person() -> None:
    found = kinds("Operators of XR-focused plants and the Zorvan-backed fund met.", "en")
    assert found.get("XR-focused", "other") == "other"
    assert found.get("Zorvan-backed", "other") == "other"
