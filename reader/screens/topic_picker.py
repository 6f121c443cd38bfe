"""The topic picker (`t`): the article's tags, keywords and entities; choosing one opens it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from index.models import Topic
from reader import labels
from reader.screens.picker import Picker
from reader.widgets.sidebar import SECTIONS
from reader.widgets.text import plain

KIND_NAMES = {
    "tag": "tag",
    "keyword": "keyword",
    "person": "person",
    "organization": "organisation",
    "place": "place",
    "other": "other name",
}


class TopicPicker(Picker[Topic]):
    """Type to filter, arrows to move, Enter to open the topic view, Escape to cancel."""

    HEADING = "Go to topic"
    PLACEHOLDER = "Filter topics"

    def __init__(self, topics: Sequence[Topic]) -> None:
        order = {kind: index for index, (kind, _) in enumerate(SECTIONS)}
        super().__init__(sorted(topics, key=lambda topic: order.get(topic.kind, len(order))))

    def prompt(self, item: Topic) -> Content:
        kind = KIND_NAMES.get(item.kind, item.kind)
        return (
            plain(item.label, "bold")
            + Content.styled(f"  {kind}", "$text-accent")
            + Content.styled(f" · {labels.articles(item.count)}", "dim")
        )

    def searched(self, item: Topic) -> str:
        return item.label
