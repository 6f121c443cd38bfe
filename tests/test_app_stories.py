"""Stories in the reader: the sidebar's "same story" section and `]`/`[` through a story."""

from __future__ import annotations

from pathlib import Path

from reader_pilot import SIZE, main_screen, make_app, option_text, press, settle, shown_title
from textual.widgets import OptionList

from index.library import Library
from reader.screens.story_picker import StoryPicker, story_facts
from reader.widgets.sidebar import STORY_TITLE, Sidebar

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
