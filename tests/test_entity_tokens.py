"""The tokeniser under entity finding: every token maps back to its exact characters, and
sentence and line starts are marked where capitals say nothing."""

from __future__ import annotations

from index.analysis.tokens import tokenize


def test_offsets_give_back_the_text_even_for_repeated_words() -> None:
    text = "Le PDG d’OpenAI, Sam Altman, a vu Altman.\n\nAltman’s plan: U.S. talks   in\tParis."
    tokens = tokenize(text, "fr")
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens if t.text == "Altman" or t.text.startswith("Altman")] == [
        "Altman",
        "Altman",
        "Altman’s",  # French keeps the possessive on: it has none
    ]
    assert [t.text for t in tokenize("d’Elon Musk", "fr")] == ["d’", "Elon", "Musk"]
    assert [t.text for t in tokenize("Trump’s U.S. trip", "en")] == ["Trump", "’s", "U.S.", "trip"]


def test_lines_and_sentence_starts() -> None:
    text = "Merkel sagte.\nDer Kanzler kam\nnach Berlin, und\n\nBerlin ist groß."
    tokens = {(t.text, t.line): t for t in tokenize(text, "de")}
    assert tokens[("Merkel", 0)].initial
    assert not tokens[("sagte", 0)].initial
    assert tokens[("Der", 1)].initial  # after a full stop and a line break
    assert not tokens[("nach", 2)].initial  # "kam" runs on to the next line
    assert tokens[("Berlin", 4)].initial  # a blank line ends the paragraph after "und"
    assert not tokens[("Berlin", 2)].initial
    quoted = tokenize("Il a dit « Elon déteste » hier", "fr")
    assert [t.text for t in quoted if t.initial] == ["Il", "Elon"]
