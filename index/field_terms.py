"""A field's index terms, as `whoosh.fields.FieldType.index` gives them, in fewer steps.

Whoosh analyses text one token at a time through a chain of generators (tokenizer, then
each filter) that hand one mutable token object along, and builds each posting's value from
it: about a dozen Python frames per word, a fifth of a pool worker's CPU per article. The
chains our schema uses (`index.schema`: a regex tokenizer, lowercasing, stop words, a stemmer,
accent folding) are pure functions of each word, so here each step runs over the list of all
words at once, then the postings are encoded as Whoosh's format would. A chain or format not
recognised here goes through Whoosh itself. `tests/test_field_terms.py` checks the answers
are equal, term for term and byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pickle import dumps
from re import Pattern
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.formats import Characters, Frequency, Positions
from whoosh.system import pack_uint

from index.schema import QueryStopFilter

STEM_CACHE_LIMIT = 200_000
"""Words remembered per stemmer before the memo is cleared (a word costs ~150 bytes)."""

Step = Callable[[list[str], list[int]], tuple[list[str], list[int]]]
"""One filter over (word texts, their indexes in the tokenizer's output)."""


@dataclass(frozen=True)
class _Plan:
    pattern: Pattern[str]
    steps: tuple[Step, ...]
    kind: str
    """"frequency", "positions" or "characters": what each posting's value holds."""
    renumber: bool
    """A stop filter renumbers positions (from the first kept word's, one by one)."""
    boost: float


def _lowercase(texts: list[str], kept: list[int]) -> tuple[list[str], list[int]]:
    return [text.lower() for text in texts], kept


def _stop_step(stops: frozenset[str], low: int, high: int | None) -> Step:
    def step(texts: list[str], kept: list[int]) -> tuple[list[str], list[int]]:
        keep = [
            i for i, text in enumerate(texts)
            if len(text) >= low and (high is None or len(text) <= high) and text not in stops
        ]
        return [texts[i] for i in keep], [kept[i] for i in keep]

    return step


def _stem_step(stem: Callable[[str], str], ignore: frozenset[str]) -> Step:
    memo: dict[str, str] = {}

    def step(texts: list[str], kept: list[int]) -> tuple[list[str], list[int]]:
        if len(memo) > STEM_CACHE_LIMIT:
            memo.clear()
        out = []
        for text in texts:
            stemmed = memo.get(text)
            if stemmed is None:
                stemmed = memo[text] = text if text in ignore else stem(text)
            out.append(stemmed)
        return out, kept

    return step


def _charset_step(charmap: Any) -> Step:
    def step(texts: list[str], kept: list[int]) -> tuple[list[str], list[int]]:
        return [text.translate(charmap) for text in texts], kept

    return step


def _stemmer(item: StemFilter) -> Callable[[str], str]:
    if item.lang:
        from whoosh.lang import stemmer_for_language

        stem: Callable[[str], str] = stemmer_for_language(item.lang)
        return stem
    return item.stemfn  # type: ignore[no-any-return]


def plan_for(field: Any) -> _Plan | None:
    """How to index `field` quickly, or None to leave it to Whoosh."""
    analyzer: Any = getattr(field, "analyzer", None)
    fmt: Any = getattr(field, "format", None)
    kinds = {Frequency: "frequency", Positions: "positions", Characters: "characters"}
    kind = kinds.get(type(fmt))  # exact classes: a subclass may encode otherwise
    if kind is None or type(analyzer) is not CompositeAnalyzer:
        return None
    tokenizer, *filters = analyzer.items
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return None
    steps: list[Step] = []
    renumber = False
    for item in filters:
        cls = type(item)
        if cls is LowercaseFilter:
            steps.append(_lowercase)
        elif cls is QueryStopFilter:
            continue  # drops words in queries only
        elif cls is StopFilter:
            steps.append(_stop_step(item.stops, item.min, item.max))
            renumber = renumber or item.renumber
        elif cls is StemFilter:
            steps.append(_stem_step(_stemmer(item), item.ignore))
        elif cls is CharsetFilter:
            steps.append(_charset_step(item.charmap))
        else:
            return None
    return _Plan(tokenizer.expression, tuple(steps), kind, renumber, fmt.field_boost)


def _terms(plan: _Plan, value: str) -> Iterator[tuple[bytes, int, float, bytes]]:
    matches = list(plan.pattern.finditer(value))
    texts = [match.group(0) for match in matches]
    kept = list(range(len(texts)))
    for step in plan.steps:
        texts, kept = step(texts, kept)
    boost = plan.boost
    if plan.kind == "frequency":
        counts: dict[str, int] = {}
        for text in texts:
            counts[text] = counts.get(text, 0) + 1
        for text, count in counts.items():
            yield text.encode("utf-8"), count, float(count) * boost, pack_uint(count)
        return
    # Positions as the tokenizer numbered the words; a renumbering stop filter closes the
    # gaps its stop words left, counting on from the first word it kept.
    positions = [kept[0] + n for n in range(len(kept))] if plan.renumber and kept else kept
    if plan.kind == "positions":
        where: dict[str, list[int]] = {}
        for text, position in zip(texts, positions, strict=True):
            where.setdefault(text, []).append(position)
        for text, found in where.items():
            deltas = [found[0], *(b - a for a, b in zip(found, found[1:], strict=False))]
            encoded = pack_uint(len(deltas)) + dumps(deltas, 2)
            yield text.encode("utf-8"), len(found), float(len(found)) * boost, encoded
        return
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for text, position, index in zip(texts, positions, kept, strict=True):
        match = matches[index]
        spans.setdefault(text, []).append((position, match.start(), match.end()))
    for text, occurrences in spans.items():
        steps: list[tuple[int, int, int]] = []
        last_position = last_end = 0
        for position, start, end in occurrences:
            steps.append((position - last_position, start - last_end, end - start))
            last_position, last_end = position, end
        encoded = pack_uint(len(steps)) + dumps(steps, 2)
        yield text.encode("utf-8"), len(occurrences), float(len(occurrences)) * boost, encoded


_PLANS: dict[int, tuple[Any, _Plan | None]] = {}
"""Field object id → (the field, kept so the id stays its own; its plan)."""


def index_terms(field: Any, value: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, encoded value) of each term of `value`, as
    `field.index(value)` gives them."""
    entry = _PLANS.get(id(field))
    if entry is None or entry[0] is not field:
        entry = _PLANS[id(field)] = (field, plan_for(field))
    plan = entry[1]
    if plan is None or not isinstance(value, str):
        return field.index(value)  # type: ignore[no-any-return]
    return _terms(plan, value)
