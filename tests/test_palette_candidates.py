"""The palette's candidates come from the catalog on disk: every title or topic the fuzzy
matcher would accept is among them, and nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.fuzzy import Matcher

from index.library import Library
from reader.commands import TopicCommands, beyond_prefix

PREFIX = TopicCommands.PREFIX
LETTERS = st.text(alphabet="abcégiklmnoprstu :%_", max_size=8)


def holds_in_order(text: str, letters: str) -> bool:
    rest = iter(text.casefold())
    return all(letter in rest for letter in letters.casefold())


@settings(max_examples=400, deadline=None)
@given(query=LETTERS.filter(str.strip), text=st.text(alphabet="abcégiklmnoprstu :%_", max_size=20))
def test_the_letters_left_after_the_prefix_decide_a_match(query: str, text: str) -> None:
    """Textual's matcher accepts prefix + text exactly when the text holds, in order, what
    of the query the prefix cannot take."""
    accepted = Matcher(query).match(PREFIX + text) > 0
    assert accepted == holds_in_order(text, beyond_prefix(query, PREFIX))


def test_titles_and_topics_holding_the_letters_in_order_are_the_candidates(
    sample_library: Library,
) -> None:
    articles = sample_library.articles("date")
    topics = sample_library.topics()
    for letters in ("stargate", "mskltmn", "cannes", "ligue", "zzzq", "%", "_"):
        titles = [s.title for s in sample_library.titles_containing(letters, 1_000)]
        assert titles == [s.title for s in articles if holds_in_order(s.title, letters)]
        labels = {t.label for t in sample_library.topics_containing(letters, 5_000)}
        assert labels == {t.label for t in topics if holds_in_order(t.label, letters)}
    assert sample_library.titles_containing("stargate", 1_000)  # not empty by accident
    assert len(sample_library.titles_containing("", 3)) == 3  # newest first, as asked
    assert [s.id for s in sample_library.titles_containing("", 3)] == [
        s.id for s in articles[:3]
    ]
