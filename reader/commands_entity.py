"""Command palette provider "go to entity…": any person, organisation or place of the library,
by any of its names, opens its entity page (reader/screens/entity.py)."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits

from index.entity_aliases import ENTITY_KINDS
from index.models import Topic
from reader import labels
from reader.commands import (
    CANDIDATES,
    MATCHES_PER_TURN,
    MAX_DISCOVERY,
    _ReaderProvider,
    beyond_prefix,
)
from reader.messages import OpenEntity
from reader.widgets.text import clean

KIND_NAMES = {"person": "person", "organization": "organisation", "place": "place",
              "other": "other name"}


class EntityCommands(_ReaderProvider):
    """Every name an entity was written under is listed: "Vereinigte Staaten" and "United
    States" both find the one page of that place."""

    PREFIX = "Go to entity: "

    async def _candidates(self, letters: str, limit: int) -> list[Topic]:
        library = self.rubrique.library
        if library is None:
            return []
        return await asyncio.to_thread(library.topics_containing, letters, limit, ENTITY_KINDS)

    def _help(self, topic: Topic) -> str:
        return f"{KIND_NAMES.get(topic.kind, topic.kind)} · {labels.articles(topic.count)}"

    def _open(self, topic: Topic) -> OpenEntity:
        return OpenEntity(topic.kind, topic.key)

    async def discover(self) -> Hits:
        for topic in await self._candidates("", MAX_DISCOVERY):
            yield DiscoveryHit(
                self._display(self.PREFIX, topic.label, ""),
                partial(self._post, self._open(topic)),
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
                    partial(self._post, self._open(topic)),
                    text=text,
                    help=self._help(topic),
                )
