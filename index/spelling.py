"""Did-you-mean candidates: the indexed words within two edits of a word not in the index.

Whoosh's own corrector, on an index of several segments, merges every segment's word list
for the first letter and measures the edit distance to each word in pure Python: 110 ms for
one missing word among the 16,000 words starting with "s" of 10,000 news articles, the
costliest query a user can type. Here each segment's words are walked once, and a word is
measured only when two cheap bounds do not already rule it out; the words kept, their
scores and so the suggestion are the same as Whoosh's (Damerau-Levenshtein distance at most
`maxdist`, ranked by frequency in the library).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from whoosh.fields import FieldType
from whoosh.reading import IndexReader
from whoosh.spelling import Corrector
from whoosh.support.levenshtein import distance

from index.prefix_terms import expand_prefix

WORD_LISTS_HELD = 4
"""First letters whose word lists a searcher keeps: typing a word with a typo asks for the
same letter's list at every keystroke."""


def _words_by_length(reader: IndexReader, fieldname: str, start: str) -> dict[int, list[str]]:
    """The field's words starting with `start`, all segments, grouped by length; the last
    few asked for are kept for the searcher's life (one index state)."""
    held: OrderedDict[tuple[str, str], dict[int, list[str]]] = reader.__dict__.setdefault(
        "_rubrique_word_lists", OrderedDict()
    )
    key = (fieldname, start)
    found = held.get(key)
    if found is not None:
        held.move_to_end(key)
        return found
    found = {}
    for word in (btext.decode("utf-8") for btext in expand_prefix(reader, fieldname, start)):
        found.setdefault(len(word), []).append(word)
    held[key] = found
    while len(held) > WORD_LISTS_HELD:
        held.popitem(last=False)
    return found


def near_words(reader: IndexReader, fieldname: str, text: str, maxdist: int,
               prefix: int) -> set[str]:
    """The words of a field at most `maxdist` edits (Damerau-Levenshtein: insertions,
    deletions, substitutions, swaps of neighbours) from `text` that share its first
    `prefix` characters.

    An edit changes a word's length by one at most, and brings in or takes out one letter
    at most, so a word whose length differs by more than `maxdist`, or that holds more than
    `maxdist` letters absent from `text` (or lacks more than `maxdist` of its letters),
    cannot be near; only the others are measured.
    """
    absent = {ord(char): None for char in set(text)}
    size = len(text)
    by_length = _words_by_length(reader, fieldname, text[:prefix])
    found: set[str] = set()
    for length in range(max(0, size - maxdist), size + maxdist + 1):
        for word in by_length.get(length, ()):
            if len(word.translate(absent)) > maxdist:
                continue
            if sum(char not in word for char in text) > maxdist:
                continue
            if distance(word, text, limit=maxdist) <= maxdist:
                found.add(word)
    return found


class NearWordCorrector(Corrector):  # type: ignore[misc]
    """Whoosh's `ReaderCorrector` (same candidates, same scores), found by `near_words`."""

    def __init__(self, reader: IndexReader, fieldname: str) -> None:
        self.reader = reader
        self.fieldname = fieldname

    def _suggestions(self, text: str, maxdist: int, prefix: int
                     ) -> Iterator[tuple[float, str]]:
        fieldobj = self.reader.schema[self.fieldname]
        source = fieldobj.spelling_fieldname(self.fieldname)
        frequency = self.reader.frequency
        for word in near_words(self.reader, source, text, maxdist, prefix):
            # As Whoosh scores them: every word within reach alike, then the most frequent.
            count = frequency(self.fieldname, word) or 1
            yield 0 - (maxdist + (1.0 / count * 0.5)), word


def _holds_words(fieldobj: FieldType) -> bool:
    """Whether a field's terms are UTF-8 words (not numbers or dates)."""
    try:
        return bool(fieldobj.from_bytes(b"a") == "a")
    except Exception:  # a numeric field cannot read these bytes
        return False


def correctors(reader: IndexReader, fieldnames: Any) -> dict[str, Corrector]:
    """A `NearWordCorrector` for each word field named; other fields keep Whoosh's own."""
    schema = reader.schema
    return {
        name: NearWordCorrector(reader, name)
        for name in fieldnames
        if name in schema and _holds_words(schema[name])
    }
