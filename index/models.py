"""The plain data that flows from files through `index/` to the reader.

Everything here is immutable and free of Whoosh and Textual, so any layer may hold it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

EntityKind = Literal["person", "organization", "place", "other"]
ENTITY_KINDS: tuple[EntityKind, ...] = ("person", "organization", "place", "other")

BlockKind = Literal["paragraph", "heading"]


@dataclass(frozen=True)
class Block:
    """One piece of an article body: a paragraph or a sub-heading."""

    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Article:
    """One article as read from a file (or one entry of a feed file)."""

    id: str
    """Stable: derived from the path relative to the corpus and, for feeds, the entry id."""
    path: str
    """Path relative to the corpus folder, with forward slashes."""
    title: str
    entry_id: str = ""
    """For feed entries: the entry's own id (guid); empty for one-article files."""
    blocks: tuple[Block, ...] = ()
    author: str = ""
    date: dt.date | None = None
    language: str | None = None
    """Declared by the source (front matter, feed, `<html lang>`); None when it says nothing."""
    tags: tuple[str, ...] = ()
    kickers: tuple[str, ...] = ()
    """Short lines between byline and body in the news-site text layout."""
    lede: str = ""
    source_url: str = ""
    format: str = "text"
    """One of "text", "markdown", "html", "feed"."""
    content_hash: str = ""
    warnings: tuple[str, ...] = ()
    """What the file got wrong that reading worked around (front matter that is not valid
    YAML, say): one human line each, for a scan to report. Not kept in the index."""

    @property
    def body(self) -> str:
        """The body as plain text: blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def text(self) -> str:
        """Everything analysis reads: title, kickers, lede and body, separated by blank lines."""
        parts = [self.title, *self.kickers, self.lede, self.body]
        return "\n\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a named entity; `text[start:end] == mention.text`."""

    text: str
    kind: EntityKind
    start: int
    end: int
    key: str
    """Normalised identity: "Musk", "Elon Musk" and "d'Elon Musk" share one key."""


@dataclass(frozen=True)
class Entity:
    """All the mentions of one entity in one article."""

    key: str
    text: str
    """The fullest surface form, for display ("Elon Musk", not "Musk")."""
    kind: EntityKind
    count: int


@dataclass(frozen=True)
class KeywordTerm:
    """One content word of an article with the in-article statistics keyword ranking weighs.

    Kept at index time so keywords can be re-ranked as the library's document frequencies
    change, without reading or analysing the article again.
    """

    key: str
    """Folded form (lower case, plural folded): what document frequencies count."""
    count: int
    first: float
    """Where the word first appears, as a fraction of the article's words (0 = first word)."""
    title: bool
    frequency: float
    """Its frequency in the language at large (wordfreq): the prior before a library exists."""
    name: bool = False
    """Written as a name (capitalised where capitals carry meaning)."""


@dataclass(frozen=True)
class KeywordPhrase:
    """One keyphrase candidate (a single word or a phrase) of an article."""

    key: str
    """Folded words, connectors included ("centre de donnée"), joined by spaces."""
    display: str
    """The form the article writes it in."""
    words: tuple[int, ...]
    """Indices into `KeywordCandidates.terms` of its content words."""
    count: int
    fit: float = 1.0
    """How much the article's syntax supports it as a term, in (0, 1]: one-off clause
    pieces, verbs and fragments are discounted here, where the sentence is at hand."""
    entity: bool = False
    """A name the entity list already shows (or a piece of one): ranked only on request."""


@dataclass(frozen=True)
class KeywordCandidates:
    """Everything needed to rank an article's keywords against any collection."""

    terms: tuple[KeywordTerm, ...] = ()
    phrases: tuple[KeywordPhrase, ...] = ()
    words: int = 0
    """Length of the article in words (stop words included)."""


@dataclass(frozen=True)
class Analysis:
    """What an article is about, computed once at indexing time."""

    language: str
    """ISO 639-1 code, or "und" when unknown."""
    keywords: tuple[str, ...] = ()
    """Surface-form keyphrases, best first."""
    mentions: tuple[Mention, ...] = field(default=())
    candidates: KeywordCandidates = field(default_factory=KeywordCandidates)
    """Keyword candidates with their statistics, to re-rank `keywords` as the library grows
    (`index.analysis.keyword_ranking`); empty for payloads written before they were kept."""

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Mentions grouped by key, most mentioned first; ties keep first-seen order."""
        counts: Counter[str] = Counter(m.key for m in self.mentions)
        best: dict[str, Mention] = {}
        for mention in self.mentions:
            held = best.get(mention.key)
            if held is None or len(mention.text) > len(held.text):
                best[mention.key] = mention
        ordered = sorted(best, key=lambda key: -counts[key])
        return tuple(
            Entity(key=key, text=best[key].text, kind=best[key].kind, count=counts[key])
            for key in ordered
        )


@dataclass(frozen=True)
class Document:
    """An article with its analysis, as the index stores and returns it."""

    article: Article
    analysis: Analysis

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True)
class Summary:
    """The few fields a list of articles shows."""

    id: str
    path: str
    title: str
    date: dt.date | None
    language: str

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> Summary:
        """The summary of a document, from its stored fields in the index."""
        date = stored.get("date")
        return cls(
            id=stored["id"],
            path=stored["path"],
            title=stored["title"],
            date=date.date() if isinstance(date, dt.datetime) else None,
            language=stored.get("lang", "und"),
        )


@dataclass(frozen=True)
class Hit:
    """One search result; `snippet` marks matched terms with `highlights` (start, end) spans."""

    summary: Summary
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    copies: int = 1
    """How many matching articles this row stands for: copies of one article (same title,
    language and score, e.g. one file in two folders) are listed once."""


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    """A corrected query when nothing (or little) matched."""
    error: str | None = None
    """A one-line, human message when the query could not be understood."""
    total_exact: bool = True
    """False when `total` is an estimate (counting every match of a common word would
    cost more than finding the best ones): shown as "about N"."""

    @property
    def total_label(self) -> str:
        """The total as a reader should see it: "959", or "about 9600"."""
        return str(self.total) if self.total_exact else f"about {self.total}"


@dataclass(frozen=True)
class Related:
    summary: Summary
    score: float
    reasons: tuple[str, ...]
    """Human-readable, e.g. ("shares Elon Musk, OpenAI", "tag: intelligence artificielle")."""


TopicKind = Literal["tag", "keyword", "person", "organization", "place", "other"]


@dataclass(frozen=True)
class Topic:
    """Something several articles share: a tag, a keyword or an entity."""

    kind: TopicKind
    key: str
    """Normalised (what matching uses)."""
    label: str
    """As shown to the reader."""
    count: int = 0
    """Number of articles with this topic."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class ScanProgress:
    """Posted while a scan runs; `done` of `total` files handled so far."""

    done: int
    total: int
    path: str = ""
    changed: tuple[str, ...] = ()
    """Ids of articles added or updated since the previous progress report."""


@dataclass(frozen=True)
class ScanReport:
    indexed: int
    updated: int
    removed: int
    skipped: tuple[Skipped, ...]
    seconds: float
    rebuilt_because: str | None = None
    """Why the whole index was rebuilt (schema change, unreadable index), if it was."""
    notes: tuple[str, ...] = ()
    """What went wrong before this scan and was mended (a lock left by a killed scan)."""
    warnings: tuple[tuple[str, str], ...] = ()
    """(path, message) for each problem a file read this scan had and reading worked around
    (`Article.warnings`); the file is indexed all the same."""
