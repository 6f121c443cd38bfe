"""An entity's page, over the reading screen: its names and timeline, the entities mentioned
with it and its articles, newest first.

Every page shown is a place in the reader's history (`reader.history.Location.entity`), so
`b` and `f` walk through entity pages and articles alike; the reading screen decides what
each place shows (reader/screens/history_marks.py), this screen only asks it to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from reader import labels
from reader.host import ReaderHost, host
from reader.messages import OpenArticle, OpenEntity
from reader.widgets.entity_facts import EntityFacts
from reader.widgets.list_keys import ListKeys
from reader.widgets.text import plain

if TYPE_CHECKING:
    from index.entity_page import EntityPage

KIND_NAMES = {"person": "person", "organization": "organisation", "place": "place",
              "other": "other name"}


class Navigator(Protocol):
    """What this screen asks of the reading screen below it."""

    def action_back(self) -> None: ...

    def action_forward(self) -> None: ...


class EntityList(OptionList, ListKeys):
    """An option list with the j/k/g/G keys every list of the reader has."""


class EntityScreen(Screen[None]):
    """Shows one entity at a time; `show` swaps in another (a co-mentioned one, or one
    reached by going back)."""

    DEFAULT_CSS = """
    EntityScreen #entity-title { height: 1; padding: 0 1; background: $panel; }
    EntityScreen #entity-panes { height: 1fr; }
    EntityScreen #entity-about {
        width: 52; border: round $primary 50%; border-title-color: $text-accent;
        padding: 0 1; scrollbar-gutter: stable;
    }
    EntityScreen #entity-articles, EntityScreen #entity-mentions {
        height: 1fr; border: round $primary 50%; border-title-color: $text-accent;
        scrollbar-gutter: stable;
    }
    EntityScreen #entity-mentions { width: 44; }
    EntityScreen #entity-articles:focus, EntityScreen #entity-mentions:focus,
    EntityScreen #entity-about:focus { border: round $accent; }
    EntityScreen OptionList > .option-list--option { padding: 0 1; }
    """

    BINDINGS = [
        Binding("b,alt+left,escape", "back", "Back",
                tooltip="Back to the page or article before this one"),
        Binding("f,alt+right", "forward", "Forward", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, kind: str, key: str) -> None:
        super().__init__()
        self.wanted = (kind, key)
        self.page: EntityPage | None = None

    @property
    def rubrique(self) -> ReaderHost:
        return host(self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="entity-title", markup=False)
        with Horizontal(id="entity-panes"):
            with VerticalScroll(id="entity-about"):
                yield EntityFacts("", id="entity-facts")
            yield EntityList(id="entity-articles")
            yield EntityList(id="entity-mentions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#entity-about").border_title = "Names and timeline"
        self.query_one("#entity-articles").border_title = "Articles, newest first"
        self.query_one("#entity-mentions").border_title = "Mentioned with"
        self.query_one("#entity-articles", OptionList).focus()
        self.show(*self.wanted)

    def show(self, kind: str, key: str) -> None:
        """Load and show the page of this entity (in a worker: the first page of a session
        builds the alias tables, about a second)."""
        self.wanted = (kind, key)
        if self.page is None or (self.page.kind, self.page.key) != (kind, key):
            self.query_one("#entity-panes").loading = True
        self.load(kind, key)

    @work(thread=True, exit_on_error=False, group="entity", exclusive=True,
          name="open the entity page")
    def load(self, kind: str, key: str) -> None:
        library = self.rubrique.library
        page = library.entity(kind, key) if library is not None else None
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, kind, key, page)

    def _loaded(self, kind: str, key: str, page: EntityPage | None) -> None:
        if (kind, key) != self.wanted:
            return
        self.query_one("#entity-panes").loading = False
        if page is None:
            self.notify(f"{key} is no longer in the library.", severity="warning",
                        markup=False)
            return
        self.page = page
        self._title(page)
        about = self.query_one("#entity-about", VerticalScroll)
        self.query_one(EntityFacts).show(page)
        about.scroll_home(animate=False)
        articles = self.query_one("#entity-articles", OptionList)
        articles.set_options(self._article_options(page))
        articles.highlighted = 0 if page.articles else None
        mentions = self.query_one("#entity-mentions", OptionList)
        mentions.set_options(self._mention_options(page))
        mentions.highlighted = 0 if page.co_mentions else None

    @on(Worker.StateChanged)
    def _failed(self, event: Worker.StateChanged) -> None:
        """A page that could not be read says why instead of loading for ever."""
        if event.state != WorkerState.ERROR or event.worker.group != "entity":
            return
        self.query_one("#entity-panes").loading = False
        error = event.worker.error
        self.notify(f"{type(error).__name__}: {error}", title="Could not open the entity page",
                    severity="error", markup=False)

    def _title(self, page: EntityPage) -> None:
        languages = ", ".join(f"{code} {count}" for code, count in page.languages)
        title = (
            plain(page.label, "bold")
            + Content.styled(f"  {KIND_NAMES.get(page.kind, page.kind)}", "$text-accent")
            + Content.styled(f" · {labels.articles(page.count)}", "dim")
            + Content.styled(f" · {languages}" if languages else "", "dim")
        )
        self.query_one("#entity-title", Static).update(title)

    @staticmethod
    def _article_options(page: EntityPage) -> list[Option]:
        options = []
        for index, summary in enumerate(page.articles):
            date = summary.date.isoformat() if summary.date else "no date"
            prompt = plain(summary.title or summary.path, "bold") + Content("\n") + (
                Content.styled(f"  {date} · {summary.language}", "dim"))
            options.append(Option(prompt, id=f"article-{index}"))
        return options

    @staticmethod
    def _mention_options(page: EntityPage) -> list[Option]:
        if not page.co_mentions:
            return [Option(Content.styled("No entity shares two of its articles", "dim"),
                           disabled=True)]
        options = []
        for index, other in enumerate(page.co_mentions):
            prompt = plain(other.label, "bold") + Content("\n") + Content.styled(
                f"  {KIND_NAMES.get(other.kind, other.kind)} · in {other.shared} of "
                f"{page.count}", "dim")
            options.append(Option(prompt, id=f"mention-{index}"))
        return options

    @on(OptionList.OptionSelected, "#entity-articles")
    def _article_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.page is None:
            return
        summary = self.page.articles[int((event.option.id or "article-0").split("-")[1])]
        # The reading screen leaves this page for the article, which goes in the history.
        self.rubrique.post_to_reader(OpenArticle(summary.id))

    @on(OptionList.OptionSelected, "#entity-mentions")
    def _mention_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.page is None or not self.page.co_mentions:
            return
        other = self.page.co_mentions[int((event.option.id or "mention-0").split("-")[1])]
        self.rubrique.post_to_reader(OpenEntity(other.kind, other.key))

    def _reader(self) -> Navigator:
        reader: Navigator = self.app.screen_stack[0]  # type: ignore[assignment]
        return reader

    def action_back(self) -> None:
        self._reader().action_back()

    def action_forward(self) -> None:
        self._reader().action_forward()
