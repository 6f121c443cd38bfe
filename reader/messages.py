"""Messages that any part of the reader may post to ask for a place to be shown.

Widgets say what the reader chose; the main screen decides how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from index.models import Topic


@dataclass
class OpenArticle(Message):
    """Show this article in the article pane."""

    article_id: str


@dataclass
class OpenTopic(Message):
    """Show every article of this topic in the list."""

    topic: Topic


@dataclass
class RunSearch(Message):
    """Search the corpus and show the results in the list."""

    query: str


@dataclass
class OpenEntity(Message):
    """Show the page of the entity this (kind, key) topic names."""

    kind: str
    key: str
