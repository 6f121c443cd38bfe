"""The command palette: open article…, go to topic…, search…, and every key as a command."""

from __future__ import annotations

from pathlib import Path

from reader_pilot import SIZE, list_caption, list_ids, make_app, press, settle, shown_title
from textual.command import CommandPalette
from textual.pilot import Pilot

from index.library import Library
from reader.screens.listings import SEARCH_LIMIT


async def choose(pilot: Pilot[None], typed: str) -> None:
    """Open the palette, type, wait for the hits, take the best one."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*typed)
    await pilot.pause(0.6)
    await pilot.press("enter")
    await settle(pilot)


async def test_palette_opens_an_article_by_title(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    target = sample_library.articles("date")[-1]
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, target.title[:16])
        assert shown_title(app) == target.title


async def test_palette_goes_to_a_topic(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    topic = max(sample_library.topics(), key=lambda topic: (topic.count, len(topic.label)))
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "topic " + topic.label)
        assert list_caption(app).startswith("Topic (")
        assert topic.label in list_caption(app)


async def test_palette_searches(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    expected = sample_library.search("electricity", limit=SEARCH_LIMIT)
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "search electricity")
        assert list_caption(app).startswith("Search “electricity”")
        assert list_ids(app) == [hit.summary.id for hit in expected.hits]


async def test_keys_are_palette_commands_too(sample_corpus: Path, app_index: Path) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "sort by")
        assert "by title" in list_caption(app)
        await press(pilot, "escape")
