"""The entity page in the reader: opened from the sidebar and the palette, its timeline, a
co-mentioned entity's page, its articles, and back through the history."""

from __future__ import annotations

from pathlib import Path

from reader_pilot import SIZE, main_screen, make_app, press, settle, shown_title
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from index.library import Library
from reader.app import RubriqueApp
from reader.screens.entity import EntityScreen
from reader.screens.main import MainScreen
from reader.widgets.entity_facts import EntityFacts
from reader.widgets.sidebar import Sidebar


def _entity_screen(app: RubriqueApp) -> EntityScreen:
    assert isinstance(app.screen, EntityScreen)
    return app.screen


def _title(app: RubriqueApp) -> str:
    return str(_entity_screen(app).query_one("#entity-title", Static).content)


async def _open_from_sidebar(pilot: Pilot[None], label: str) -> None:
    """Highlight `label` among the sidebar's people and press E."""
    sidebar = main_screen(pilot.app).query_one(Sidebar)  # type: ignore[arg-type]
    sidebar.focus()
    sidebar.highlighted = next(
        index for index in range(sidebar.option_count)
        if (topic := sidebar.topics.get(sidebar.get_option_at_index(index).id or ""))
        and topic.kind == "person" and topic.label == label
    )
    await press(pilot, "E")


async def test_sidebar_entity_page_co_mention_and_back_twice(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = shown_title(app)
        await _open_from_sidebar(pilot, "Elon Musk")
        assert _title(app).startswith("Elon Musk  person")
        facts = str(_entity_screen(app).query_one(EntityFacts).content)
        assert "BY MONTH" in facts and "2025-01" in facts and "█" in facts
        page = sample_library.entity("person", "elon musk")
        assert page is not None
        articles = _entity_screen(app).query_one("#entity-articles", OptionList)
        assert articles.option_count == page.count
        assert page.articles[0].title in str(articles.get_option_at_index(0).prompt)

        # A co-mentioned entity opens its own page.
        mentions = _entity_screen(app).query_one("#entity-mentions", OptionList)
        mentions.focus()
        mentions.highlighted = 0
        await press(pilot, "enter")
        other = page.co_mentions[0].label
        assert _title(app).startswith(other)

        await press(pilot, "b")
        assert _title(app).startswith("Elon Musk")
        await press(pilot, "b")
        assert isinstance(app.screen, MainScreen)
        assert shown_title(app) == article
        await press(pilot, "f")
        assert _title(app).startswith("Elon Musk")


async def test_an_article_opened_from_the_page_comes_back_to_it(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    page = sample_library.entity("person", "elon musk")
    assert page is not None
    oldest = page.articles[-1]
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_from_sidebar(pilot, "Elon Musk")
        articles = _entity_screen(app).query_one("#entity-articles", OptionList)
        articles.focus()
        articles.highlighted = articles.option_count - 1
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert shown_title(app) == oldest.title
        await press(pilot, "b")
        assert _title(app).startswith("Elon Musk")


async def test_palette_goes_to_an_entity_by_a_name_in_another_language(
    sample_corpus: Path, app_index: Path
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"entity United States")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        # The page is the one place, whichever of its names it is shown under.
        assert "place" in _title(app)
        facts = str(_entity_screen(app).query_one(EntityFacts).content)
        assert "United States" in facts and "États-Unis" in facts
