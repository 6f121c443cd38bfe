"""A hit's snippet is cut as Whoosh's pinpoint fragmenter cuts it, by a lighter route."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import Token
from whoosh.highlight import FIRST, BasicFragmentScorer, PinpointFragmenter, top_fragments

from index.search import _FORMATTER, _SURROUND, _pinpointed
from index.snippet_fragments import Match
from index.store import SNIPPET_CHARS


def _whooshs(text: str, matches: list[Match]) -> str:
    """The snippet as Whoosh's own classes cut it (the route the search took before)."""
    tokens = [Token(text=word, startchar=start, endchar=end) for start, end, word in matches]
    tokens.sort(key=lambda t: (t.startchar, -(t.endchar - t.startchar)))
    unique = [t for i, t in enumerate(tokens) if i == 0 or t.startchar != tokens[i - 1].startchar]
    fragmenter = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=_SURROUND, autotrim=True)
    best = top_fragments(fragmenter.fragment_matches(text, unique), 2, BasicFragmentScorer(),
                         FIRST, minscore=1)
    return str(_FORMATTER.format(best)) if best else ""


WORDS = ["stock", "split", "data", "centres", "a", "grève"]


@st.composite
def texts_with_matches(draw: st.DrawFn) -> tuple[str, list[Match]]:
    """A text of words and spaces (some runs long, some short), and some of its words
    as the query's matches."""
    words = draw(st.lists(st.sampled_from([*WORDS, "x" * 40, "the", "of"]), min_size=1,
                          max_size=120))
    gaps = draw(st.lists(st.sampled_from([" ", "  ", "\n", ", "]), min_size=len(words),
                         max_size=len(words)))
    text, matches = "", []
    for word, gap in zip(words, gaps, strict=True):
        if word in WORDS and draw(st.booleans()):
            matches.append((len(text), len(text) + len(word), word))
        text += word + gap
    return text, matches


@settings(max_examples=300, deadline=None)
@given(texts_with_matches())
def test_snippets_are_whooshs(case: tuple[str, list[Match]]) -> None:
    text, matches = case
    assert _pinpointed(text, list(matches)) == _whooshs(text, matches)


def test_a_long_article_s_snippet_is_whooshs() -> None:
    paragraph = "Apple announced a stock split today. " + "Filler words follow here. " * 12
    text = paragraph * 100  # past the 32,768 characters a fragment may start from
    matches = [(at, at + 5, "stock") for at in range(len(text)) if text.startswith("stock", at)]
    matches += [(at, at + 5, "split") for at in range(len(text)) if text.startswith("split", at)]
    assert _pinpointed(text, list(matches)) == _whooshs(text, matches)
    assert "\x02stock\x03 \x02split\x03" in _pinpointed(text, list(matches))
