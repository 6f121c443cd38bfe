"""The article on screen: loading it, its sidebar, and moving to the next one (n/N, ]/[ through
its story or its related articles, }/{ through related ones)."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.widgets.option_list import OptionDoesNotExist
from textual.worker import get_current_worker

from index.dates import format_date
from index.models import Document, Related, Topic
from reader.history import Location
from reader.screens.finding import Finding
from reader.screens.story_picker import StoryPicker

if TYPE_CHECKING:
    from index.stories import Story

CATALOG_WAIT = 120.0
"""Seconds the resumed article's sidebar waits for the opening list to read the catalog."""
STORY_POLL = 0.25
"""Seconds between looks at a story grouping that a process of its own is refreshing."""


@dataclass
class RelatedTrail:
    """Where `]` and `[` are in the related articles of the article they started from."""

    origin: str
    items: list[str]
    position: int = -1


class Articles(Finding):
    """Opens articles in a worker; the newest request wins."""

    def __init__(self) -> None:
        super().__init__()
        self.trail: RelatedTrail | None = None
        self.show_entities = False
        self.story: Story | None = None
        """The story of the article on screen (None while it is being looked up, or none)."""
        self.story_pending = False
        """The grouping is being refreshed: the sidebar says so, the story may change."""
        self.about_id: str | None = None
        """The article `topics` and `related` belong to."""
        self.resuming: str | None = None
        """The article left open last time, while it loads ahead of the list."""
        self.first_shown = threading.Event()
        """Set once the first article has been answered (shown or found gone)."""

    def open_article(self, article_id: str, record: bool = True) -> None:
        if self.library is None:
            return
        if article_id != self.resuming:  # the reader chose another: nothing to resume
            self.resuming = None
        self.article_list.highlight_id(article_id)
        self.load_article(article_id, record, resumed=article_id == self.resuming)

    def resume(self, article_id: str) -> None:
        """Reopen last time's article before the list is read (with 100,000 articles the
        list takes seconds, the article milliseconds); if it has left the index since, the
        list's first article takes its place without a warning."""
        self.resuming = article_id
        self.open_article(article_id)

    def _open_first(self) -> None:
        """Open the highlighted article of a list that has just arrived, unless an article is
        on screen or last time's is still on its way."""
        first = self.article_list.highlighted_id
        if self.document is None and self.resuming is None and first is not None:
            self.open_article(first)

    @work(
        thread=True, exit_on_error=False, group="article", exclusive=True, name="open the article"
    )
    def load_article(self, article_id: str, record: bool, resumed: bool = False) -> None:
        assert self.library is not None
        library = self.library
        document = library.get(article_id, ranked=False)  # the sidebar ranks its keywords
        if document is not None and document.article.date is not None:
            # The first date written loads Babel (a tenth of a second): here, not in the
            # UI thread that paints the article.
            format_date(document.article.date)
        self._deliver(self._show_document, article_id, document, record)
        if document is None:
            return
        # First: the stored grouping answers at once (index.story_store). A big library's
        # grouping that is behind the catalog is refreshed in a process of its own; the
        # sidebar says so and the story is asked again below, in a loop that ends with the
        # worker (opening another article or quitting never waits for the grouping).
        found = library.story_answer(document.id)
        self._deliver(self._show_story, document.id, found.story, found.settled)
        if resumed:
            # Topics and related articles read the catalog the opening list is reading:
            # wait for it rather than read it twice at once.
            self._wait_for(self.list_read, CATALOG_WAIT)
        topics = library.topics_of(document.id)
        related = library.related(document.id)
        self._deliver(self._show_about, document.id, topics, related)
        worker = get_current_worker()
        while not found.settled:
            time.sleep(STORY_POLL)
            if worker.is_cancelled:
                return
            found = library.story_answer(document.id)
            if found.settled:
                self._deliver(self._show_story, document.id, found.story, True)

    def _show_document(self, article_id: str, document: Document | None, record: bool) -> None:
        resumed, self.resuming = self.resuming == article_id, None
        self.first_shown.set()
        if document is None:
            if resumed:
                self._open_first()
            else:
                self.notify(f"{article_id} is no longer in the index.", severity="warning",
                            markup=False)
            return
        if self.finding and document.id != self.current_id:
            self._end_find()
        if self.story is None or all(a.id != document.id for a in self.story.articles):
            self.story = None  # a step within the story keeps it: `]` can go on at once
        self.document = document
        self.article_view.show(document, terms=self._terms())
        self.sidebar.border_subtitle = "updating…"
        state = self.rubrique.state
        state.read.add(document.id)
        state.last_article = document.id
        if record:
            state.history.visit(Location(document.id, self.listing))
        self.rubrique.save_state()
        self._refresh_marks()

    def _show_about(self, article_id: str, topics: list[Topic], related: list[Related]) -> None:
        if article_id != self.current_id:
            return
        self.topics, self.related, self.about_id = topics, related, article_id
        self.sidebar.show(topics, related, self.story, article_id, self.story_pending)
        self.sidebar.border_subtitle = None

    def _show_story(self, article_id: str, story: Story | None, settled: bool = True) -> None:
        if article_id != self.current_id:
            return
        if story is not None or settled:  # while pending, a story being walked stays
            self.story = story
        self.story_pending = not settled
        sidebar = self.sidebar
        if self.story is None and not self.story_pending and not (
                sidebar.story is not None or sidebar.story_pending):
            return  # nothing of a story to show, nor to take away
        # Before the topics have come, the sidebar shows the story alone (not another
        # article's topics): the story is read in milliseconds, related articles take longer.
        about = self.about_id == article_id
        topics, related = (self.topics, self.related) if about else ([], [])
        highlighted = sidebar.highlighted
        chosen = sidebar.get_option_at_index(highlighted).id if highlighted is not None else None
        sidebar.show(topics, related, self.story, article_id, self.story_pending)
        if chosen is not None:  # keep the reader's place: the story comes in above it
            with contextlib.suppress(OptionDoesNotExist):
                sidebar.highlighted = sidebar.get_option_index(chosen)

    def _refresh_document(self, document: Document) -> None:
        """Show a rescanned version of the article on screen, where the reader was in it."""
        if document.id == self.current_id:
            self.document = document
            self.article_view.show(document, terms=self._terms(), keep_scroll=True)

    def action_step(self, step: int) -> None:
        """Step through the in-article find matches while a find is active; otherwise open
        the next (or previous) article of the current list."""
        if self.finding:
            self._find_step(step)
            return
        target = self.article_list.neighbour(self.current_id, step)
        if target is None:
            self.notify("That was the last one." if step > 0 else "That was the first one.",
                        timeout=2)
            return
        self.trail = None
        self.open_article(target)

    def action_story_or_related(self, step: int) -> None:
        """`]`/`[`: through the article's story in date order; a walk through related
        articles under way goes on, and an article in no story starts one."""
        current = self.current_id
        if current is None:
            return
        if self._on_trail(current) and self.trail is not None and self.trail.position >= 0:
            self.action_related(step)
        elif self.story is not None and any(a.id == current for a in self.story.articles):
            self.action_story(step)
        else:
            self.action_related(step)

    def action_story(self, step: int) -> None:
        """Open the next (or previous) article of the story of the article on screen."""
        current, story = self.current_id, self.story
        if current is None:
            return
        ids = [a.id for a in story.articles] if story is not None else []
        if current not in ids:
            self.notify("This article is part of no story.", timeout=2)
            return
        position = ids.index(current) + step
        if not 0 <= position < len(ids):
            self.notify("That was the story's last article." if step > 0
                        else "That was the story's first article.", timeout=2)
            return
        self.trail = None
        self.open_article(ids[position])

    def action_stories(self) -> None:
        """`y`: pick one of the library's stories (grouped in a worker: seconds at 10k)."""
        if self.library is None:
            return
        self.notify("Grouping the stories…", timeout=2)
        self.load_stories()

    @work(thread=True, exit_on_error=False, group="stories", exclusive=True,
          name="group the stories")
    def load_stories(self) -> None:
        """A big library's grouping is refreshed in a process of its own: wait for it here,
        looking now and then, for no longer than the worker lives (quitting ends it)."""
        assert self.library is not None
        library = self.library
        worker = get_current_worker()
        while not library.stories_settled():
            time.sleep(STORY_POLL)
            if worker.is_cancelled:
                return
        self._deliver(self._pick_story, library.stories(wait=False))

    def _pick_story(self, stories: list[Story]) -> None:
        if not stories:
            self.notify("No stories in this library yet.", timeout=2)
            return

        def chosen(story: Story | None) -> None:
            if story is not None:
                self.story = story  # `]` can walk it before the sidebar has looked it up
                self.trail = None
                self.open_article(story.articles[0].id)

        self.app.push_screen(StoryPicker(stories), chosen)

    def _on_trail(self, current: str) -> bool:
        trail = self.trail
        return trail is not None and (
            current == trail.origin
            or (0 <= trail.position < len(trail.items) and trail.items[trail.position] == current)
        )

    def action_related(self, step: int) -> None:
        """Walk the related articles of the article the walk started from."""
        current = self.current_id
        if current is None:
            return
        trail = self.trail
        on_trail = self._on_trail(current)
        if trail is None or not on_trail:
            if not self.related:
                self.notify("No related articles.", timeout=2)
                return
            trail = self.trail = RelatedTrail(current, [r.summary.id for r in self.related])
        position = trail.position + step
        if position >= len(trail.items):
            self.notify("No more related articles.", timeout=2)
            return
        trail.position = max(position, -1)
        target = trail.origin if trail.position < 0 else trail.items[trail.position]
        if target != current:
            self.open_article(target)

    def action_page_down(self) -> None:
        self.article_view.scroll_page_down()

    def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        self.article_view.set_entities(self.show_entities)

    def action_open_source(self) -> None:
        if self.document is None:
            return
        self.rubrique.open_source(self.document.article)
