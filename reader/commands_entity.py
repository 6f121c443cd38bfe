"""Command palette provider "go to entity…": any person, organisation or place of the library
opens its entity page (reader/screens/entity.py); the page gathers every name it was written
under, so "Vereinigte Staaten" and "United States" lead to the one page."""

from __future__ import annotations

from textual.message import Message

from index.entity_aliases import ENTITY_KINDS
from index.models import Topic
from reader import labels
from reader.commands import TopicCommands
from reader.messages import OpenEntity

KIND_NAMES = {"person": "person", "organization": "organisation", "place": "place",
              "other": "other name"}


class EntityCommands(TopicCommands):
    """The topic command's search, over names only, opening the entity page."""

    PREFIX = "Go to entity: "
    KINDS = ENTITY_KINDS

    def _help(self, topic: Topic) -> str:
        return f"{KIND_NAMES.get(topic.kind, topic.kind)} · {labels.articles(topic.count)}"

    def _message(self, topic: Topic) -> Message:
        return OpenEntity(topic.kind, topic.key)
