"""Full-text search: query parsing with friendly field names, snippets, did-you-mean.

Unqualified words are looked up in every title and body field at once, each field analysing
the word its own way (French stemming for `body_fr`, English for `body_en`, plain folding for
`text`), so one query finds articles in every language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.highlight import Formatter, PinpointFragmenter, get_text
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from index.models import Hit, SearchResult, Summary
from index.payload import load_document
from index.schema import SEARCH_FIELDS, build_schema
from index.store import body_text, content_field

FIELD_ALIASES: dict[str, list[str]] = {
    "tag": ["tags"],
    "keyword": ["keywords", "kw"],
    "lang": ["language", "langue"],
    "org": ["organization", "organisation"],
    "place": ["location", "lieu"],
}
QUERY_FIELDS: tuple[str, ...] = (
    "tag", "keyword", "lang", "author", "person", "org", "place", "other", "date", "title",
)
"""The field names a user may type, as listed in error messages."""

SNIPPET_CHARS = 220
_OPEN, _CLOSE = "\x02", "\x03"


class _MarkFormatter(Formatter):  # type: ignore[misc]
    """Wraps matched words in control characters, turned into spans afterwards."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"{_OPEN}{get_text(text, token, replace)}{_CLOSE}"


def _parser_plugins(parser: qparser.QueryParser) -> None:
    parser.remove_plugin_class(qparser.FieldsPlugin)
    # Unknown names stay field names, so they can be reported instead of silently searched
    # as words.
    parser.add_plugin(qparser.FieldsPlugin(remove_unknown=False))
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    # "-word" excludes, "+word" requires; only at the start of a word, so "etats-unis" stays.
    word_start = r"(?:^|(?<=\s))"
    parser.add_plugin(
        qparser.PlusMinusPlugin(
            plusexpr=word_start + r"\+(?=\S)", minusexpr=word_start + r"-(?=\S)"
        )
    )


@lru_cache(maxsize=1)
def _parsers() -> tuple[qparser.QueryParser, qparser.QueryParser]:
    """The search parser, and the one spelling correction reads (unstemmed `text`).

    Built on this version's schema: an index with another one is rebuilt before use.
    """
    schema = build_schema()
    search = qparser.MultifieldParser(list(SEARCH_FIELDS), schema)
    _parser_plugins(search)
    spelling = qparser.QueryParser("text", schema)
    _parser_plugins(spelling)
    return search, spelling


def _syntax_error(text: str) -> str | None:
    """Mistakes Whoosh would silently swallow."""
    if text.count('"') % 2:
        return "unclosed quote: add the missing \" to end the phrase"
    depth = 0
    in_phrase = False
    for char in text:
        if char == '"':
            in_phrase = not in_phrase
        elif in_phrase:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return "unbalanced parentheses: a ')' has no matching '('"
    if depth:
        return "unbalanced parentheses: a '(' is never closed"
    for bracket, closing in (("[", "]"), ("{", "}")):
        if text.count(bracket) != text.count(closing):
            return f"unclosed range: '{bracket}' needs a matching '{closing}'"
    if re.search(r"(^|\s)(AND|OR|NOT|ANDNOT|ANDMAYBE)\s*$", text):
        return "the query ends with an operator: add a word after it"
    if re.match(r"\s*(AND|OR|ANDNOT|ANDMAYBE)\s", text):
        return "the query starts with an operator: add a word before it"
    return None


def _query_error(q: query.Query, schema: Schema) -> str | None:
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            return f"could not understand the query: {error}"
        field = node.field() if node.is_leaf() and hasattr(node, "field") else None
        if field and field not in schema:
            known = ", ".join(f"{name}:" for name in QUERY_FIELDS)
            return f"unknown field '{field}:' (use one of {known})"
    return None


def _walk(q: query.Query) -> Iterator[query.Query]:
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _walk(child)


def parse(text: str, schema: Schema) -> tuple[query.Query | None, str | None]:
    """The query, or the one-line reason it cannot be understood."""
    error = _syntax_error(text)
    if error:
        return None, error
    parser, _ = _parsers()
    try:
        q = parser.parse(text)
    except Exception as exc:  # the parser raises on some inputs; the user gets one line
        return None, f"could not understand the query: {exc}"
    error = _query_error(q, schema)
    if error and "date:" in text.lower():
        return None, (
            "could not read a date: write date:2025-01-31, date:2025-01, date:>2025-01-01 "
            "or date:[2025-01-01 TO 2025-03-01]"
        )
    if error:
        return None, error
    q = q.accept(_patterns_on_words_only).normalize()
    if q is query.NullQuery or isinstance(q, query.qcore._NullQuery):
        return None, None
    return q, None


_PATTERN_FIELDS = frozenset({"text", "title"})


def _patterns_on_words_only(node: query.Query) -> query.Query:
    """Prefix, wildcard and fuzzy terms only make sense against whole words: keep them on
    the unstemmed fields (a stem is not a word: "electio*" can never match "elect"), and
    spare the stemmed fields a costly lexicon walk each."""
    if isinstance(node, query.PatternQuery | query.FuzzyTerm):
        field = node.field()
        if field in SEARCH_FIELDS and field not in _PATTERN_FIELDS:
            return query.NullQuery
    return node


def summary_of(stored: dict[str, Any]) -> Summary:
    date = stored.get("date")
    return Summary(
        id=stored["id"],
        path=stored["path"],
        title=stored["title"],
        date=date.date() if isinstance(date, dt.datetime) else None,
        language=stored.get("lang", "und"),
    )


def marked_to_spans(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain text and highlight spans from text with sentinel marks; whitespace collapsed."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start = -1
    length = 0
    for char in marked:
        if char == _OPEN:
            start = length
        elif char == _CLOSE:
            if start >= 0 and length > start:
                spans.append((start, length))
            start = -1
        elif char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                length += 1
        else:
            out.append(char)
            length += 1
    text = "".join(out)
    stripped = text.rstrip()
    return stripped, tuple((a, min(b, len(stripped))) for a, b in spans if a < len(stripped))


def _plain_snippet(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return flat[: cut if cut > 0 else SNIPPET_CHARS] + " …"


def _snippet(hit: WhooshHit) -> tuple[str, tuple[tuple[int, int], ...]]:
    document = load_document(hit["payload"])
    field = content_field(document.analysis.language)
    candidates = [(field, body_text(document))]
    if field != "text":
        candidates.append(("text", document.article.text))
    for name, text in candidates:
        try:
            marked = hit.highlights(name, text=text, top=2)
        except Exception:  # highlighting is a nicety; a hit without one is still a hit
            marked = ""
        if marked and _OPEN in marked:
            return marked_to_spans(marked)
    article = document.article
    return _plain_snippet(article.lede or article.body or article.title), ()


def _suggestion(searcher: Searcher, text: str, schema: Schema) -> str | None:
    _, spelling = _parsers()
    try:
        q = spelling.parse(text)
        correction = searcher.correct_query(q, text, prefix=1)
    except Exception:
        return None
    suggested: str | None = correction.string
    if not suggested or suggested == text:
        return None
    corrected, error = parse(suggested, schema)
    if corrected is None or error:
        return None
    if searcher.search(corrected, limit=1).scored_length() == 0:
        return None
    return suggested


def search(searcher: Searcher, text: str, limit: int) -> SearchResult:
    """Run one query; any failure comes back as `SearchResult.error`."""
    schema = searcher.schema
    if not text.strip():
        return SearchResult(query=text, total=0, hits=())
    q, error = parse(text, schema)
    if error:
        return SearchResult(query=text, total=0, hits=(), error=error)
    if q is None:  # only stop words
        return SearchResult(query=text, total=0, hits=())
    try:
        results = searcher.search(q, limit=max(1, limit), terms=True)
        results.fragmenter = PinpointFragmenter(
            maxchars=SNIPPET_CHARS, surround=70, autotrim=True
        )
        results.formatter = _MarkFormatter()
        hits = []
        for hit in results:
            snippet, spans = _snippet(hit)
            hits.append(
                Hit(
                    summary=summary_of(hit.fields()),
                    score=round(float(hit.score or 0.0), 4),
                    snippet=snippet,
                    highlights=spans,
                )
            )
        total = len(results)
    except Exception as exc:  # e.g. a range Whoosh cannot run; never a traceback
        return SearchResult(query=text, total=0, hits=(), error=f"search failed: {exc}")
    suggestion = None if total else _suggestion(searcher, text, schema)
    return SearchResult(query=text, total=total, hits=tuple(hits), suggestion=suggestion)
