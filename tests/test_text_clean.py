"""What the reader shows of article text: nothing in it may shift the screen's columns."""

from __future__ import annotations

from reader.widgets.text import clean, clean_with_spans


def test_zero_width_spaces_in_a_title_are_not_shown() -> None:
    # Real feed titles start with runs of U+200B (seen in the French dev news); a terminal
    # gives them no cell, so the rest of the row would be drawn out of line.
    assert clean("\u200b\u200b\u200bEuropéennes : vers une alliance") == (
        "Européennes : vers une alliance"
    )
    assert clean("\ufeffTitre") == "Titre"


def test_highlights_still_cover_the_same_word_once_zero_width_spaces_go() -> None:
    text = "\u200b\u200bles gilets jaunes"
    start = text.index("gilets")
    cleaned, spans = clean_with_spans(text, [(start, start + len("gilets"))])
    assert [cleaned[a:b] for a, b in spans] == ["gilets"]


def test_joiners_that_shape_words_and_emoji_stay() -> None:
    assert clean("می\u200cخواهم") == "می\u200cخواهم"
    assert clean("👩\u200d💻") == "👩\u200d💻"
