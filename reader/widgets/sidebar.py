"""The sidebar: what the article is about (tags, keywords, entities) and what relates to it.

Every entry can be chosen: a topic opens the topic view, a related article opens that article.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import Related, Topic, TopicKind
from reader.messages import OpenArticle, OpenTopic
from reader.widgets.text import plain

SECTIONS: tuple[tuple[TopicKind, str], ...] = (
    ("tag", "Tags"),
    ("keyword", "Keywords"),
    ("person", "People"),
    ("organization", "Organisations"),
    ("place", "Places"),
    ("other", "Other"),
)
RELATED_TITLE = "Related articles"


def count_label(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"


class Sidebar(OptionList):
    """Sections as disabled headings; the cursor skips them."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.topics: dict[str, Topic] = {}
        self.related: list[Related] = []
        self.sections: list[str] = []
        """The headings shown, in order (what a reader sees at a glance)."""

    def show(self, topics: Sequence[Topic], related: Sequence[Related]) -> None:
        options: list[Option] = []
        self.topics = {}
        self.related = list(related)
        self.sections = []
        for kind, title in SECTIONS:
            of_kind = [topic for topic in topics if topic.kind == kind]
            if not of_kind:
                continue
            self._heading(options, title)
            for topic in of_kind:
                option_id = f"topic-{len(self.topics)}"
                self.topics[option_id] = topic
                prompt = plain(topic.label) + Content.styled(
                    f"  {count_label(topic.count)}", "dim"
                )
                options.append(Option(prompt, id=option_id))
        if related:
            self._heading(options, RELATED_TITLE)
            for index, item in enumerate(related):
                title = plain(item.summary.title or item.summary.path, "bold")
                reasons = "; ".join(item.reasons) or "similar wording"
                prompt = Content("\n").join([title, plain(reasons, "dim italic")])
                options.append(Option(prompt, id=f"related-{index}"))
        if not options:
            options.append(Option(Content.styled("Nothing to show yet", "dim"), disabled=True))
        self.set_options(options)
        self.highlighted = next(
            (i for i, option in enumerate(self.options) if not option.disabled), None
        )

    def _heading(self, options: list[Option], title: str) -> None:
        if options:
            options.append(Option(Content(""), disabled=True))
        options.append(Option(Content.styled(title.upper(), "bold $text-accent"), disabled=True))
        self.sections.append(title)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id in self.topics:
            self.post_message(OpenTopic(self.topics[option_id]))
        elif option_id.startswith("related-"):
            item = self.related[int(option_id.removeprefix("related-"))]
            self.post_message(OpenArticle(item.summary.id))
