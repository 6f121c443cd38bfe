"""Where the reader has been: back and forward over a capped list of places.

A place is the article on screen together with the list beside it (the whole corpus, a search,
a topic or the bookmarks), so going back restores both, as a browser restores a page.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Literal

from index.models import Topic

ListingKind = Literal["all", "search", "topic", "bookmarks"]


@dataclass(frozen=True)
class Listing:
    """What the article list shows."""

    kind: ListingKind = "all"
    order: str = "date"
    """For the whole corpus: "date" (newest first) or "title"."""
    query: str = ""
    """For a search."""
    topic: Topic | None = None
    """For a topic view."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "order": self.order, "query": self.query}
        if self.topic is not None:
            topic = self.topic
            data["topic"] = {
                "kind": topic.kind, "key": topic.key, "label": topic.label, "count": topic.count
            }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Listing:
        kind = data.get("kind", "all")
        if kind not in ("all", "search", "topic", "bookmarks"):
            kind = "all"
        topic_data = data.get("topic")
        topic = None
        if isinstance(topic_data, dict):
            topic = Topic(
                kind=topic_data.get("kind", "keyword"),
                key=str(topic_data.get("key", "")),
                label=str(topic_data.get("label", "")),
                count=int(topic_data.get("count", 0)),
            )
            if not topic.key:
                topic, kind = None, "all"
        if kind == "topic" and topic is None:
            kind = "all"
        return cls(
            kind=kind,
            order=str(data.get("order", "date")),
            query=str(data.get("query", "")),
            topic=topic,
        )


@dataclass(frozen=True)
class Location:
    """One place in the history: an article (maybe none yet) and the list beside it, or an
    entity's page opened over them (`entity`: its kind and key)."""

    article_id: str | None
    listing: Listing = Listing()
    entity: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"article": self.article_id, "listing": self.listing.to_dict()}
        if self.entity is not None:
            data["entity"] = list(self.entity)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        article = data.get("article")
        entity = data.get("entity")
        pair: tuple[str, str] | None = None
        if isinstance(entity, list) and len(entity) == 2:
            kind, key = entity
            if isinstance(kind, str) and isinstance(key, str):
                pair = (kind, key)
        return cls(
            article_id=article if isinstance(article, str) else None,
            listing=Listing.from_dict(data.get("listing") or {}),
            entity=pair,
        )


class History:
    """Back and forward over visited locations; visiting after going back drops the future."""

    def __init__(self, limit: int = 200) -> None:
        self._places: deque[Location] = deque(maxlen=limit)
        self._position = -1

    def __len__(self) -> int:
        return len(self._places)

    @property
    def current(self) -> Location | None:
        return self._places[self._position] if self._position >= 0 else None

    @property
    def can_go_back(self) -> bool:
        return self._position > 0

    @property
    def can_go_forward(self) -> bool:
        return self._position < len(self._places) - 1

    def visit(self, location: Location) -> None:
        """Record a new place; revisiting the current place changes nothing."""
        if location == self.current:
            return
        while len(self._places) > self._position + 1:
            self._places.pop()
        full = len(self._places) == self._places.maxlen
        self._places.append(location)
        self._position = len(self._places) - 1 if full else self._position + 1

    def back(self) -> Location | None:
        if not self.can_go_back:
            return None
        self._position -= 1
        return self._places[self._position]

    def forward(self) -> Location | None:
        if not self.can_go_forward:
            return None
        self._position += 1
        return self._places[self._position]

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self._position,
            "places": [place.to_dict() for place in self._places],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], limit: int = 200) -> History:
        history = cls(limit)
        places = data.get("places")
        places = places if isinstance(places, list) else []
        for place in places[-limit:]:
            if isinstance(place, dict):
                history._places.append(Location.from_dict(place))
        position = data.get("position", len(history._places) - 1)
        if not isinstance(position, int):
            position = len(history._places) - 1
        history._position = max(-1, min(position, len(history._places) - 1))
        return history
