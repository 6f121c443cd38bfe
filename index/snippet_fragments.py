"""A hit's snippet from where its words occur: Whoosh's pinpoint fragments, made lighter.

Whoosh's `PinpointFragmenter` with `autotrim`, `top_fragments` (`BasicFragmentScorer`, two
fragments, `FIRST` order) and a formatter's `format` build a `Fragment` object per matched
word, a set of its words, a generator step, a sort of its matches and a formatter call per
match: 0.1 ms a hit, half of a snippet's cost, for the two fragments kept. Here the same
steps run on (start, end, word) tuples and only the two kept fragments are formatted; the
choice and the text are Whoosh's (`tests/test_search_snippets.py` compares them).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

CHARLIMIT = 2**15
"""Whoosh's `DEFAULT_CHARLIMIT`: no fragment starts from a word ending past it."""

Match = tuple[int, int, str]
"""A word's (start, end) characters in the text, and the word as indexed."""


class _Fragment:
    """What ranking needs of a fragment: ties of score go to the later start, as Whoosh's
    `Fragment.__lt__` (no `__eq__`) makes `heapq.nlargest` choose."""

    __slots__ = ("end", "first", "last", "start")

    def __init__(self, start: int, end: int, first: int, last: int) -> None:
        self.start, self.end, self.first, self.last = start, end, first, last

    def __lt__(self, other: _Fragment) -> bool:
        return self.start < other.start


def pinpointed(text: str, matches: Sequence[Match], maxchars: int, surround: int,
               mark: tuple[str, str], between: str, count: int = 2) -> str:
    """The `count` best fragments around `matches` (sorted by start, longest first, one
    per start), each match wrapped in `mark`, joined by `between`; "" without matches."""
    if not matches:
        return ""
    starts = [m[0] for m in matches]
    ends = [m[1] for m in matches]
    size = len(text)
    scored: list[tuple[float, _Fragment]] = []
    last = len(matches) - 1
    j = -1
    for i in range(len(matches)):
        if j >= i:
            continue
        j = i
        left, right = starts[i], ends[i]
        if CHARLIMIT and right > CHARLIMIT:
            break
        length = right - left
        while j < last and length < maxchars:
            reach = ends[j + 1]
            if reach - right <= surround and reach - left <= maxchars:
                j += 1
                right = reach
                length += reach - starts[j]
            else:
                break
        start, end = max(0, left - surround), min(size, right + surround)
        # autotrim: from the first space, to the last, never cutting a match
        space = text.find(" ", start, end)
        if space > 0:
            start = space + 1
        space = text.rfind(" ", start, end)
        if space > 0:
            end = space
        start, end = min(start, starts[i]), max(end, ends[j])
        words = len({m[2] for m in matches[i:j + 1]})
        score = float(j - i + 1) * ((words * 100) or 1)
        scored.append((score, _Fragment(start, end, i, j)))
    best = [fragment for score, fragment in heapq.nlargest(count, scored) if score >= 1]
    best.sort(key=lambda fragment: fragment.start)
    return between.join(_formatted(text, matches, fragment, mark) for fragment in best)


def _formatted(text: str, matches: Sequence[Match], fragment: _Fragment,
               mark: tuple[str, str]) -> str:
    opening, closing = mark
    out: list[str] = []
    at = fragment.start
    for start, end, _ in matches[fragment.first:fragment.last + 1]:
        if start < at:
            continue
        if start > at:
            out.append(text[at:start])
        out.append(f"{opening}{text[start:end]}{closing}")
        at = end
    out.append(text[at:fragment.end])
    return "".join(out)
