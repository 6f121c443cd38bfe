"""Stories in the reader: the sidebar's "same story" section and `]`/`[` through a story."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from reader_pilot import SIZE, main_screen, make_app, option_text, press, settle, shown_title
from textual.pilot import Pilot
from textual.widgets import OptionList

from index import story_store
from index.catalog import CATALOG_FILE
from index.library import Library
from reader.screens.articles import STORY_POLL
from reader.screens.story_picker import StoryPicker, story_facts
from reader.widgets.sidebar import STORY_PENDING, STORY_TITLE, Sidebar

LAUNCH = ("2025-01-22-stargate-annonce.fr.txt", "2025-01-22-stargate-announced.en.txt",
          "2025-01-23-stargate-musk-altman.es.md", "2025-01-24-musk-altman-stargate-feud.en.txt")
"""The Stargate launch and the Musk–Altman feud that followed, in date order."""


def _id(library: Library, path: str) -> str:
    return next(s.id for s in library.articles("date") if s.path == path)


def _title(library: Library, path: str) -> str:
    return next(s.title for s in library.articles("date") if s.path == path)


def _sidebar_text(app: object) -> str:
    sidebar = main_screen(app).query_one(Sidebar)  # type: ignore[arg-type]
    return "\n".join(option_text(sidebar, i) for i in range(sidebar.option_count))


async def test_a_story_article_shows_its_story_and_brackets_walk_it_by_date(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(_id(sample_library, LAUNCH[0]))
        await settle(pilot)
        sidebar = main_screen(app).query_one(Sidebar)
        assert STORY_TITLE in sidebar.sections
        text = _sidebar_text(app)
        assert "4 articles (fr, en, es)" in text
        entries = [option_text(sidebar, i) for i in range(sidebar.option_count)
                   if (sidebar.get_option_at_index(i).id or "").startswith("story-")]
        # Every article of the story, by date, with its language; the feud two days later.
        assert [e[:13] for e in entries] == ["2025-01-22 fr", "2025-01-22 en", "2025-01-23 es",
                                             "2025-01-24 en"]
        assert entries[3][14:].startswith(_title(sample_library, LAUNCH[3])[:15])
        await press(pilot, "right_square_bracket")
        assert shown_title(app) == _title(sample_library, LAUNCH[1])
        await press(pilot, "right_square_bracket")
        assert shown_title(app) == _title(sample_library, LAUNCH[2])
        await press(pilot, "left_square_bracket")
        assert shown_title(app) == _title(sample_library, LAUNCH[1])
        # Through the history: b goes back the way the brackets came.
        await press(pilot, "b")
        assert shown_title(app) == _title(sample_library, LAUNCH[2])
        await press(pilot, "b", "b")
        assert shown_title(app) == _title(sample_library, LAUNCH[0])
        # Past the story's first article nothing opens.
        await press(pilot, "left_square_bracket")
        assert shown_title(app) == _title(sample_library, LAUNCH[0])


async def test_enter_on_a_story_article_in_the_sidebar_opens_it(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(_id(sample_library, LAUNCH[0]))
        await settle(pilot)
        sidebar = main_screen(app).query_one(Sidebar)
        sidebar.focus()
        last = next(i for i in range(sidebar.option_count)
                    if sidebar.get_option_at_index(i).id == "story-3")
        sidebar.highlighted = last
        await press(pilot, "enter")
        assert shown_title(app) == _title(sample_library, LAUNCH[3])


async def test_an_article_in_no_story_shows_none_and_brackets_walk_related_instead(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    in_stories = {a.id for story in sample_library.stories() for a in story.articles}
    alone = next(s for s in sample_library.articles("date")
                 if s.id not in in_stories and sample_library.related(s.id))
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(alone.id)
        await settle(pilot)
        assert STORY_TITLE not in main_screen(app).query_one(Sidebar).sections
        await press(pilot, "right_square_bracket")
        assert shown_title(app) == sample_library.related(alone.id)[0].summary.title
        await press(pilot, "left_square_bracket")
        assert shown_title(app) == alone.title


async def test_y_lists_the_stories_and_enter_opens_one_to_walk(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    stories = sample_library.stories()
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        assert isinstance(app.screen, StoryPicker)
        options = app.screen.query_one("#picker-options", OptionList)
        assert options.option_count == len(stories) == 8
        first = " ".join(str(options.get_option_at_index(0).prompt).split())
        assert stories[0].headline in first and story_facts(stories[0]) in first
        await press(pilot, *"unveils")  # the filter: the launch story's headline
        assert options.option_count == 1
        launch = next(s for s in stories if s.count == 4)
        assert launch.headline in " ".join(str(options.get_option_at_index(0).prompt).split())
        await press(pilot, "enter")
        assert not isinstance(app.screen, StoryPicker)
        assert shown_title(app) == launch.articles[0].title
        await press(pilot, "right_square_bracket")
        assert shown_title(app) == launch.articles[1].title


async def _until(pilot: Pilot[None], shown: Callable[[], bool]) -> None:
    """Wait for the screen to show something while a worker still runs (`settle` waits for
    every worker to end, and the story's worker waits on the grouping)."""
    for _ in range(600):
        if shown():
            return
        await pilot.pause(0.05)
    raise AssertionError("never shown")


@pytest.fixture
def slow_grouping(app_index: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The app's library as a big one whose grouping is behind and being refreshed in a
    process of its own that has not finished: the refreshes asked for are listed."""
    with contextlib.closing(sqlite3.connect(app_index / CATALOG_FILE)) as connection:
        connection.execute("DROP TABLE IF EXISTS story_meta")
    started: list[Path] = []
    monkeypatch.setattr(story_store, "IN_PROCESS", 0)
    monkeypatch.setattr(story_store, "start_refresh", started.append)
    return started


async def test_the_story_section_says_it_is_grouping_and_fills_in_without_waiting(
    sample_corpus: Path, app_index: Path, sample_library: Library, slow_grouping: list[Path]
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        sidebar = screen.query_one(Sidebar)
        await _until(pilot, lambda: screen.document is not None)
        launch = _id(sample_library, LAUNCH[0])
        screen.open_article(launch)
        # Topics and related articles come; the story section says it is on its way.
        await _until(pilot, lambda: screen.about_id == launch and sidebar.story_pending)
        assert slow_grouping
        text = _sidebar_text(app)
        assert STORY_TITLE in sidebar.sections and STORY_PENDING in text
        assert "People" in sidebar.sections
        # The grouping finishes (as its process would): the story fills in by itself.
        with contextlib.closing(sqlite3.connect(app_index / CATALOG_FILE,
                                                isolation_level=None)) as connection:
            assert story_store.refresh(connection)
        await _until(pilot, lambda: "4 articles (fr, en, es)" in _sidebar_text(app))
        assert STORY_PENDING not in _sidebar_text(app) and "People" in sidebar.sections
        await press(pilot, "right_square_bracket")
        assert shown_title(app) == _title(sample_library, LAUNCH[1])


async def test_quitting_does_not_wait_for_the_grouping(
    sample_corpus: Path, app_index: Path, slow_grouping: list[Path],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    ask = Library.story_answer

    def spied(library: Library, article_id: str) -> story_store.StoryAnswer:
        asked.append(article_id)
        return ask(library, article_id)

    monkeypatch.setattr(Library, "story_answer", spied)
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = main_screen(app).query_one(Sidebar)
        await _until(pilot, lambda: sidebar.story_pending)
        await pilot.press("q")
    # The worker that asked again and again has stopped with the app: no more questions
    # over several of its intervals (one that went on would also have held up the exit).
    assert len(asked) >= 1 and slow_grouping
    before = len(asked)
    time.sleep(4 * STORY_POLL)
    assert len(asked) == before
