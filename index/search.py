"""Full-text search: query parsing with friendly field names, snippets, did-you-mean.

Unqualified words are looked up in every title and body field at once, each field analysing
the word its own way (French stemming for `body_fr`, English for `body_en`, plain folding for
`text`), so one query finds articles in every language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    Formatter,
    Highlighter,
    PinpointFragmenter,
    get_text,
    set_matched_filter,
    top_fragments,
)
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from index.column_values import column_bytes
from index.models import Hit, SearchResult, Summary
from index.prefix_terms import expand_prefix
from index.schema import OTHER_BODY, SEARCH_FIELDS, build_schema
from index.scoring import Held, posting_values
from index.snippet_fragments import Match, pinpointed
from index.spelling import correctors as near_word_correctors
from index.store import SNIPPET_CHARS, content_field
from index.topk import shown_score, top_matches

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
    if any(isinstance(node, query.PatternQuery | query.FuzzyTerm) for node in _walk(q)):
        q = q.accept(_patterns_on_words_only).normalize()  # the parser's output is normalized
    if q is query.NullQuery or isinstance(q, query.qcore._NullQuery):
        return None, None
    return q, None


def _patterns_on_words_only(node: query.Query) -> query.Query:
    """Prefix, wildcard and fuzzy terms only make sense against whole words: run them on
    the unstemmed title and `text` fields (a stem is not a word: "electio*" can never match
    "elect"), and spare the stemmed fields a costly lexicon walk each."""
    if isinstance(node, query.PatternQuery | query.FuzzyTerm):
        field = node.field()
        if field == OTHER_BODY:  # the unstemmed body stands for every body
            moved = node.copy()
            moved.fieldname = "text"
            return moved
        if field in SEARCH_FIELDS and field != "title":
            return query.NullQuery
    return node


def _expand_patterns(q: query.Query, searcher: Searcher) -> query.Query:
    """Prefix, wildcard and fuzzy terms replaced by the words they stand for, looked up once
    in the whole index: Whoosh would walk the lexicon again in every segment, and the
    snippets need the words too (a fuzzy lookup is the costliest part of such a query)."""
    reader = searcher.reader()

    def expand(node: query.Query) -> query.Query:
        if not isinstance(node, query.PatternQuery | query.FuzzyTerm):
            return node
        field = node.field()
        if isinstance(node, query.FuzzyTerm):
            # Whoosh measures the distance to every word sharing the prefix; most cannot
            # be near by length alone.
            text, most = node.text, node.maxdist
            words = [
                word
                for word in (b.decode("utf-8") for b in expand_prefix(
                    reader, field, text[: node.prefixlength]
                ))
                if abs(len(word) - len(text)) <= most and distance(word, text, most) <= most
            ]
        elif type(node) is query.Prefix:
            words = [btext.decode("utf-8") for btext in expand_prefix(reader, field, node.text)]
        else:
            words = sorted(
                btext.decode("utf-8") if isinstance(btext, bytes) else btext
                for btext in node._btexts(reader)
            )
        if not words:
            return query.NullQuery
        terms = [query.Term(field, word) for word in words]
        either = terms[0] if len(terms) == 1 else query.Or(terms)
        if node.constantscore:
            return query.ConstantScoreQuery(either, score=node.boost)
        either.boost = node.boost
        return either

    return q.accept(expand)


_MARK = re.compile(f"([{_OPEN}{_CLOSE}])")


def marked_to_spans(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Plain text and highlight spans from text with sentinel marks; whitespace collapsed."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start = -1
    length = 0
    ends_in_space = True  # nothing yet: leading whitespace is dropped
    for piece in _MARK.split(marked):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            if start >= 0 and length > start:
                spans.append((start, length))
            start = -1
        elif piece:
            flat = " ".join(piece.split())
            if piece[-1].isspace() and flat:
                flat += " "
            if piece[0].isspace() and not ends_in_space:
                flat = " " + flat
            if flat:
                out.append(flat)
                length += len(flat)
                ends_in_space = flat.endswith(" ")
    text = "".join(out)
    stripped = text.rstrip()
    return stripped, tuple((a, min(b, len(stripped))) for a, b in spans if a < len(stripped))


_SURROUND = 70
_FRAGMENTER = PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=_SURROUND, autotrim=True)
"""For text without stored character positions (`_retokenized`); the others are cut by
`index.snippet_fragments`, the same fragments made lighter."""
_FORMATTER = _MarkFormatter()
_HIGHLIGHT_FIELDS = frozenset(
    name for name in SEARCH_FIELDS if name.startswith("body_")
) | {"text", "title"}


def _positive_leaves(q: query.Query) -> Iterator[query.Query]:
    """The leaves a matching article may contain (not those under NOT)."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


def _query_words(searcher: Searcher, q: query.Query, fields: set[str]
                 ) -> dict[str, set[bytes]]:
    """Per highlightable field among `fields` (those of the hits shown), the indexed terms
    the query looks for (patterns expanded)."""
    words: dict[str, set[bytes]] = {}
    reader = searcher.reader()
    for leaf in _positive_leaves(q):
        field = leaf.field() if hasattr(leaf, "field") else None
        if field not in _HIGHLIGHT_FIELDS or field not in fields:
            continue
        try:
            terms = leaf.existing_terms(reader, phrases=True, expand=True)
        except Exception:  # a term Whoosh cannot expand just goes unhighlighted
            continue
        for name, btext in terms:
            words.setdefault(name, set()).add(btext)
    return words


def _matched_chars(
    searcher: Searcher, field: str, terms: set[bytes], docnums: list[int],
    held: Held | None = None,
) -> dict[int, list[Match]]:
    """Where each term occurs in each document, from the positions the field stores
    (`chars=True`): no re-analysis of the text, and only the postings blocks holding the
    documents shown are decoded."""
    found: dict[int, list[Match]] = {docnum: [] for docnum in docnums}
    try:
        decode = searcher.schema[field].format.decoder("characters")
    except Exception:  # a field without character positions: nothing to pinpoint
        return found
    for btext in terms:
        word = btext.decode("utf-8")
        try:
            values = posting_values(searcher, field, btext, docnums, held)
        except Exception:
            continue
        for docnum, value in values.items():
            found[docnum].extend((start, end, word) for _, start, end in decode(value))
    return found


def _best_fragments(text: str, fragments: Any) -> str:
    best = top_fragments(fragments, 2, BasicFragmentScorer(), FIRST, minscore=1)
    return str(_FORMATTER.format(best)) if best else ""


def _pinpointed(text: str, matches: list[Match]) -> str:
    if not matches:
        return ""
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    unique = [m for i, m in enumerate(matches) if i == 0 or m[0] != matches[i - 1][0]]
    return pinpointed(text, unique, SNIPPET_CHARS, _SURROUND, (_OPEN, _CLOSE),
                      _FORMATTER.between)


def _retokenized(searcher: Searcher, field: str, text: str, words: set[bytes]) -> str:
    """Highlights in a field without stored character positions: analyse the text again."""
    if not words:
        return ""
    analyzer = searcher.schema[field].analyzer
    tokens = analyzer(text, positions=True, chars=True, mode="index", removestops=False)
    matched = set_matched_filter(tokens, frozenset(w.decode("utf-8") for w in words))
    merged = Highlighter._merge_matched_tokens(matched)
    return _best_fragments(text, _FRAGMENTER.fragment_tokens(text, merged))


def _snippets(
    searcher: Searcher, q: query.Query, hits: list[tuple[int, dict[str, Any]]],
    held: Held | None = None,
) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """A highlighted snippet per hit, cut from its body; the stored plain one otherwise.

    Only the hits shown are highlighted, from the character positions the body fields
    store, so a word with a thousand matches costs no more than one with twenty.
    """
    by_field: dict[str, list[int]] = {}
    for docnum, stored in hits:
        by_field.setdefault(content_field(stored.get("lang", "und")), []).append(docnum)
    words = _query_words(searcher, q, {*by_field, "text", "title"})
    tokens: dict[int, list[Match]] = {}
    for field, docnums in by_field.items():
        tokens.update(_matched_chars(searcher, field, words.get(field, set()), docnums, held))
    unstemmed = words.get("text", set()) | words.get("title", set())
    texts = column_bytes(searcher, "content")
    snippets = []
    for docnum, stored in hits:
        content = texts[docnum].decode("utf-8")
        marked = ""
        try:
            marked = _pinpointed(content, tokens.get(docnum, []))
            if not marked and unstemmed:
                title = stored.get("title", "")
                text = "\n\n".join(part for part in (title, content) if part)
                marked = _retokenized(searcher, "text", text, unstemmed)
        except Exception:  # highlighting is a nicety; a hit without one is still a hit
            marked = ""
        if marked and _OPEN in marked:
            snippets.append(marked_to_spans(marked))
        else:
            snippets.append((stored.get("blurb", ""), ()))
    return snippets


def _suggestion(searcher: Searcher, text: str, schema: Schema) -> str | None:
    _, spelling = _parsers()
    try:
        q = spelling.parse(text)
        fields = {token.fieldname for token in q.all_tokens()}
        correction = searcher.correct_query(
            q, text, prefix=1, correctors=near_word_correctors(searcher.reader(), fields)
        )
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


def _ranking(searcher: Searcher, q: query.Query, limit: int, held: Held | None = None,
             read: _Read | None = None) -> tuple[int, bool, list[tuple[int, float]]]:
    """The total (and whether it is exact) and every (document number, score) scoring one
    of the `limit` best scores (as hits round them), best first: word queries ranked here
    (`index.topk`), the others by Whoosh."""
    read = _Read(searcher) if read is None else read
    ranking = top_matches(searcher, q, limit, held, ties=True, same=read.same)
    if ranking is not None:
        return ranking.total, ranking.exact, ranking.best
    # One pass without limit: every match is scored once and the total is exact (a
    # limited search counts the total in a second pass); sorting the scores is cheap.
    results = searcher.search(q, limit=None)
    best: list[tuple[int, float]] = []
    scores: set[float] = set()
    for hit in results:
        shown = shown_score(hit.score)
        if shown not in scores and len(scores) == limit:
            break
        scores.add(shown)
        best.append((hit.docnum, hit.score))
    return results.scored_length(), True, best


Row = tuple[int, float, dict[str, Any], int]
"""A result row: (document number, score, stored fields, copies it stands for)."""


class _Read:
    """What one search reads of its matches, once each: the stored fields of the rows
    shown, and the text of tied matches, to tell copies of one article.

    Copies are matches of equal score (rounded as hits show them) and the same text:
    the same file in two folders, or a story twice in a feed. The text is compared
    rather than the title (as `index.related` does): it comes from a column, a tenth of
    the time of the stored fields (0.012 against 0.114 ms per article at 100,000; 0.002
    since `index.column_values` reads it), and
    bench copies are tied by the dozen."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.stored: dict[int, dict[str, Any]] = {}
        self._texts: dict[int, Any] = {}
        self._content = column_bytes(searcher, "content")

    def fields(self, docnum: int) -> dict[str, Any]:
        found = self.stored.get(docnum)
        if found is None:
            found = self.stored[docnum] = self.searcher.stored_fields(docnum)
        return found

    def copy_key(self, docnum: int) -> Any:
        """Equal for copies of one article (among matches of one score)."""
        key = self._texts.get(docnum)
        if key is None:
            key = self._content[docnum]
            if not key:  # no body: the title and language tell
                stored = self.fields(docnum)
                key = (str(stored.get("title", "")).casefold(), stored.get("lang", "und"))
            self._texts[docnum] = key
        return key

    def same(self, one: int, other: int) -> bool:
        return bool(self.copy_key(one) == self.copy_key(other))


def _rows(read: _Read, best: list[tuple[int, float]], limit: int) -> list[Row]:
    """The first `limit` rows of the ranking `best` (which holds every match of its
    scores), copies of one article on one row. Only tied scores need their texts
    compared: a lone score is a lone article. Where several articles tie (a prefix scores
    every match alike) the rows stop at `limit`, their copies counted among those read."""
    rows: list[Row] = []
    if not best:
        return rows
    shown = np.round(np.array([score or 0.0 for _, score in best], dtype=np.float64), 4)
    # Where each run of equal scores starts, and the end of the list.
    starts = np.flatnonzero(np.concatenate(([True], shown[1:] != shown[:-1]))).tolist()
    starts.append(len(best))
    for start, stop in zip(starts, starts[1:], strict=False):
        if len(rows) >= limit:
            break
        if stop - start == 1:
            docnum, exact = best[start]
            rows.append((docnum, exact, read.fields(docnum), 1))
            continue
        groups: dict[Any, int] = {}
        for docnum, exact in best[start:stop]:
            key = read.copy_key(docnum)
            if key in groups:
                at = groups[key]
                first, first_score, first_fields, copies = rows[at]
                rows[at] = (first, first_score, first_fields, copies + 1)
            elif len(rows) < limit:
                groups[key] = len(rows)
                rows.append((docnum, exact, read.fields(docnum), 1))
            elif len(groups) > 1:
                break  # many articles tie: enough rows
    return rows


def search(searcher: Searcher, text: str, limit: int) -> SearchResult:
    """Run one query; any failure comes back as `SearchResult.error`. Copies of one article
    make one hit (`Hit.copies`); the total counts every matching article."""
    schema = searcher.schema
    if not text.strip():
        return SearchResult(query=text, total=0, hits=())
    q, error = parse(text, schema)
    if error:
        return SearchResult(query=text, total=0, hits=(), error=error)
    if q is None:  # only stop words
        return SearchResult(query=text, total=0, hits=())
    try:
        q = _expand_patterns(q, searcher)
        held: Held = {}  # the terms' blocks, read once for ranking and snippets
        read = _Read(searcher)
        total, exact, best = _ranking(searcher, q, max(1, limit), held, read)
        top = _rows(read, best, max(1, limit))
        snippets = _snippets(searcher, q, [(docnum, stored) for docnum, _, stored, _ in top],
                             held)
        hits = tuple(
            Hit(
                summary=Summary.from_stored(stored),
                score=round(float(score or 0.0), 4),
                snippet=snippet,
                highlights=spans,
                copies=copies,
            )
            for (_, score, stored, copies), (snippet, spans) in zip(top, snippets, strict=True)
        )
    except Exception as exc:  # e.g. a range Whoosh cannot run; never a traceback
        return SearchResult(query=text, total=0, hits=(), error=f"search failed: {exc}")
    suggestion = None if total else _suggestion(searcher, text, schema)
    return SearchResult(query=text, total=total, hits=hits, suggestion=suggestion,
                        total_exact=exact)
