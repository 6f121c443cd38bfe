"""Command palette providers: "open article…", "go to topic…" and "search…".

Titles come from articles, so hits are built from plain `Content` (never markup); the Library
is read in a thread so the palette never blocks the screen.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from index.library import shown_path
from index.models import Summary, Topic
from reader import labels
from reader.host import ReaderHost, host
from reader.messages import OpenArticle, OpenTopic, RunSearch
from reader.widgets.text import clean

MAX_DISCOVERY = 30
CANDIDATES = 500
"""Titles or topics a keystroke scores at most: the catalog on disk picks those holding the
typed letters in order (newest titles, most used topics first), so the palette never holds
a 100,000-article library in memory and a keystroke costs the same at any size."""
MATCHES_PER_TURN = 500
"""Candidates scored between two returns to the event loop (the next keystroke cancels)."""


def beyond_prefix(query: str, prefix: str) -> str:
    """What of `query` the text after `prefix` must hold: the palette matches the typed
    letters in order against prefix + text, so the longest start of the query the prefix
    can take is taken by it (any split that works leaves at least these letters)."""
    letters, prefix = query.lower(), prefix.lower()
    taken = 0
    for letter in prefix:
        if taken < len(letters) and letters[taken] == letter:
            taken += 1
    return letters[taken:]


class _ReaderProvider(Provider):
    @property
    def rubrique(self) -> ReaderHost:
        return host(self.app)

    def _display(self, prefix: str, text: str, query: str) -> Content:
        """`prefix` + `text` as literal content, with the fuzzy-matched letters styled."""
        candidate = prefix + clean(text)
        content = Content(candidate)
        if query:
            matcher = self.matcher(query)
            _, offsets = matcher.fuzzy_search.match(query, candidate)
            for offset in offsets:
                content = content.stylize("bold underline", offset, offset + 1)
        return content

    def _post(self, message: Message) -> None:
        self.rubrique.post_to_reader(message)


class ArticleCommands(_ReaderProvider):
    """Open any article by (part of) its title."""

    PREFIX = "Open article: "

    def _help(self, summary: Summary) -> str:
        date = summary.date.isoformat() if summary.date else "no date"
        return f"{date} · {summary.language} · {clean(shown_path(summary.path))}"

    async def _candidates(self, letters: str, limit: int) -> list[Summary]:
        library = self.rubrique.library
        if library is None:
            return []
        return await asyncio.to_thread(library.titles_containing, letters, limit)

    async def discover(self) -> Hits:
        for summary in await self._candidates("", MAX_DISCOVERY):
            yield DiscoveryHit(
                self._display(self.PREFIX, summary.title, ""),
                partial(self._post, OpenArticle(summary.id)),
                text=self.PREFIX + summary.title,
                help=self._help(summary),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        candidates = await self._candidates(beyond_prefix(query, self.PREFIX), CANDIDATES)
        for count, summary in enumerate(candidates, 1):
            if count % MATCHES_PER_TURN == 0:
                await asyncio.sleep(0)
            text = self.PREFIX + clean(summary.title)
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    self._display(self.PREFIX, summary.title, query),
                    partial(self._post, OpenArticle(summary.id)),
                    text=text,
                    help=self._help(summary),
                )


class TopicCommands(_ReaderProvider):
    """Go to any tag, keyword or entity of the corpus."""

    PREFIX = "Go to topic: "
    KINDS: tuple[str, ...] | None = None
    """The kinds of topic offered; None for all."""

    def _help(self, topic: Topic) -> str:
        return f"{topic.kind} · {labels.articles(topic.count)}"

    def _message(self, topic: Topic) -> Message:
        return OpenTopic(topic)

    async def _candidates(self, letters: str, limit: int) -> list[Topic]:
        library = self.rubrique.library
        if library is None:
            return []
        return await asyncio.to_thread(library.topics_containing, letters, limit, self.KINDS)

    async def discover(self) -> Hits:
        for topic in await self._candidates("", MAX_DISCOVERY):
            yield DiscoveryHit(
                self._display(self.PREFIX, topic.label, ""),
                partial(self._post, self._message(topic)),
                text=self.PREFIX + topic.label,
                help=self._help(topic),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        candidates = await self._candidates(beyond_prefix(query, self.PREFIX), CANDIDATES)
        for count, topic in enumerate(candidates, 1):
            if count % MATCHES_PER_TURN == 0:
                await asyncio.sleep(0)
            text = self.PREFIX + clean(topic.label)
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    self._display(self.PREFIX, topic.label, query),
                    partial(self._post, self._message(topic)),
                    text=text,
                    help=self._help(topic),
                )


class SearchCommands(_ReaderProvider):
    """Full-text search for whatever was typed."""

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            Content("Search…"),
            partial(self._post, RunSearch("")),
            text="Search…",
            help="Search the whole corpus (same as /)",
        )

    async def search(self, query: str) -> Hits:
        query = query.strip()
        # "search stargate" asks for this provider by name; anything else may still be a
        # search, but ranks below titles and topics that match it.
        asked = query.casefold().startswith("search ")
        if asked:
            query = query[len("search ") :].strip()
        if not query:
            return
        label = Content("Search for ") + Content.styled(clean(query), "bold")
        yield Hit(
            1.0 if asked else 0.05,
            label,
            partial(self._post, RunSearch(query)),
            text=f"Search for {query}",
            help="Full-text search of the corpus",
        )
