"""Kinds a reader saw wrong in the sidebar of real news folders (Reuters, OrangeSum), each
decided by a cue of the language or of wire copy rather than by a list of names."""

from __future__ import annotations

from index.analysis.entities import find_mentions


def kinds(text: str, language: str) -> dict[str, str]:
    return {mention.text: mention.kind for mention in find_mentions(text, language)}


def test_a_common_word_after_a_title_is_no_person() -> None:
    # French "Me" is a lawyer's title: "Me Too" made "Too" a person on the 100k library.
    found = kinds("Le mouvement Me Too a pris de l'ampleur, selon Me Dupond, avocat.", "fr")
    assert "Too" not in found
    assert found["Dupond"] == "person"


def test_a_party_acronym_after_a_role_is_the_party() -> None:
    found = kinds("La candidate LREM Maud Bregeon et le député LR ont parlé.", "fr")
    assert found["LREM"] == "organization"
    assert found["LR"] == "organization"
    assert found["Maud Bregeon"] == "person"


def test_french_articles_before_a_name_make_it_a_title() -> None:
    found = kinds("Selon une vidéo du Figaro, reprise au Figaro par la suite.", "fr")
    assert found["Figaro"] == "organization"


def test_number_words_alone_are_no_names() -> None:
    text = "Qtly div 7.7 cts vs 7.7 cts prior\nPay March 13\nRecord March Two\n\nSHR 1.4 cts"
    found = kinds(text, "en")
    assert "Two" not in found
    assert "SHR" not in found
    found = kinds("Hamilton won the Formula One race in Monaco.", "en")
    assert found["Formula One"] != "person"


def test_wire_company_names_are_organisations() -> None:
    text = (
        "<CANADA SOUTHERN PETROLEUM LTD> 2ND QTR LOSS\n\n"
        "<K.G. SAUR> SELLS ASSETS\n\n"
        "The company sells most of its oil in Canada."
    )
    found = {(m.text, m.kind) for m in find_mentions(text, "en")}
    assert ("CANADA", "place") not in found
    assert ("CANADA SOUTHERN PETROLEUM LTD", "organization") in found
    assert ("K.G. SAUR", "organization") in found
    assert ("Canada", "place") in found


def test_a_phrase_ending_in_a_demonym_is_no_person() -> None:
    found = kinds("Shares of West German banks rose in Frankfurt.", "en")
    assert found["West German"] == "other"


def test_a_headline_word_the_article_writes_in_lower_case_is_no_name() -> None:
    text = (
        "OIL PRICES SLIP AS FUTURES TRADE THINS\n\n"
        "Crude futures fell on Monday, said Maria Lindqvist of the Harbour Futures Group Inc, "
        "as oil stocks in the region rose for a third week.\n\n"
        "The World Bank said it expected prices to steady; the bank cut its growth forecast.\n"
    )
    found = {mention.text for mention in find_mentions(text, "en")}
    assert "OIL" not in found and "FUTURES" not in found
    assert "Harbour Futures Group Inc" in found and "Maria Lindqvist" in found


def test_a_headline_pair_the_article_writes_as_a_name_stays_one() -> None:
    text = (
        "WORLD BANK RAISES LOANS TO FARMERS\n\n"
        "The World Bank will lend more to small farms next year, its president said. "
        "The bank has doubled such loans since the drought.\n"
    )
    kinds = {mention.text: mention.kind for mention in find_mentions(text, "en")}
    assert kinds.get("WORLD BANK") == "organization"


def test_a_sentence_opening_word_seen_only_inside_longer_names_is_the_common_word() -> None:
    text = (
        "The International Coffee Organization met in London on Monday as coffee prices fell. "
        "Coffee producers asked for new quotas, said Charles Rose of the growers' federation. "
        "The stock rose sharply. Rose said the talks would go on. "
        "Growers signed with Air Canada. Air Canada cut its cargo rates; air freight now "
        "costs less."
    )
    found = {mention.text: mention.kind for mention in find_mentions(text, "en")}
    assert "Coffee" not in found
    assert found.get("International Coffee Organization") == "organization"
    assert found.get("Rose") == "person"  # a surname, though "rose" is a verb here too
    assert found.get("Air Canada") == "organization"  # opens a sentence, a name follows
