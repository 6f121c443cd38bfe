"""Turn article text into Textual `Content` safely.

Article text is data, never markup: it is wrapped in `Content` directly (no markup parsing),
and control characters and terminal escape sequences are removed first, so nothing in a file
can restyle the screen, move the cursor, or run an action. Highlight spans computed on the
raw text are mapped onto the cleaned text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from textual.content import Content, Span

_UNSAFE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC sequences: titles, hyperlinks, clipboard
    r"|\x1b[@-_]?"  # any other escape
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 and C1 controls except tab and newline
    r"|[\u202a-\u202e\u2066-\u2069]"  # bidirectional overrides that reorder what is shown
    r"|[\u200b\ufeff]"  # zero-width spaces and stray byte-order marks: cells that show nothing
)

WORD_CHARS = r"[\w'’-]*"


def clean(text: str) -> str:
    """The text without control characters or escape sequences; tabs become spaces."""
    return _UNSAFE.sub("", text).replace("\t", " ")


def clean_with_spans(
    text: str, spans: Iterable[tuple[int, int]]
) -> tuple[str, list[tuple[int, int]]]:
    """Clean `text` and move the (start, end) spans so they cover the same characters."""
    spans = list(spans)
    removed = [(m.start(), m.end()) for m in _UNSAFE.finditer(text)]
    if not removed:
        return text.replace("\t", " "), spans
    starts = [start for start, _ in removed]
    dropped_before: list[int] = []
    total = 0
    for start, end in removed:
        total += end - start
        dropped_before.append(total)

    def shift(offset: int) -> int:
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        start, end = removed[index]
        before = dropped_before[index - 1] if index else 0
        if offset < end:  # inside a removed run: snap to where it was
            return start - before
        return offset - dropped_before[index]

    moved = [(shift(start), shift(end)) for start, end in spans]
    return clean(text), [(start, end) for start, end in moved if end > start]


def plain(text: str, style: str = "") -> Content:
    """Safe content for one piece of article text."""
    content = Content(clean(text))
    return content.stylize(style) if style else content


def with_spans(text: str, spans: Iterable[tuple[int, int]], style: str) -> Content:
    """Safe content with the given (start, end) spans of the raw text styled."""
    cleaned, moved = clean_with_spans(text, spans)
    return Content(cleaned, spans=[Span(start, end, style) for start, end in moved])


def term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern that finds words starting with any of the terms, ignoring case.

    Matching word starts rather than whole words lets "musk" light up "Musk's" and
    "regulation" light up "regulations", roughly as the stemmed index matched them.
    """
    words = sorted({term.casefold() for term in terms if term.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?:{alternatives}){WORD_CHARS}", re.IGNORECASE)


_QUERY_NOISE = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b|[()\"*?~^+\-\[\]{}]")


def query_terms(query: str) -> tuple[str, ...]:
    """The words of a search query worth highlighting (no operators, no field filters)."""
    words: list[str] = []
    for token in _QUERY_NOISE.sub(" ", query).split():
        if ":" in token:
            field, _, value = token.partition(":")
            if field.lower() in {"lang", "date", "tag", "path"}:
                continue
            token = value
        token = token.strip(".,;'’")
        if len(token) >= 2:
            words.append(token)
    return tuple(words)


def highlight(content: Content, pattern: re.Pattern[str] | None, style: str) -> Content:
    """`content` with every match of `pattern` styled."""
    if pattern is None:
        return content
    spans = [Span(m.start(), m.end(), style) for m in pattern.finditer(content.plain)]
    return content.add_spans(spans) if spans else content
