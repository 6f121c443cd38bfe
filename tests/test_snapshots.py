"""Screenshots of the main screens at 160x48, compared with the approved SVGs in __snapshots__.

Regenerate after a deliberate layout change with `pytest tests/test_snapshots.py
--snapshot-update`, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader_pilot import SIZE, main_screen, make_app, press, settle
from textual.pilot import Pilot
from textual.widgets import Input

from index.library import Library


def still(pilot: Pilot[None]) -> None:
    """No blinking cursor in the picture."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for field in main_screen(pilot.app).query(Input):  # type: ignore[arg-type]
        field.cursor_blink = False


def test_main_screen(snap_compare: Any, sample_corpus: Path, app_index: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        still(pilot)

    assert snap_compare(make_app(sample_corpus, app_index), run_before=run_before,
                        terminal_size=SIZE)


def test_search_results(snap_compare: Any, sample_corpus: Path, app_index: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "slash", *"stargate musk")
        still(pilot)

    assert snap_compare(make_app(sample_corpus, app_index), run_before=run_before,
                        terminal_size=SIZE)


def test_topic_view(
    snap_compare: Any, sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    topic = max(sample_library.topics(), key=lambda t: (t.kind == "person", t.count, t.label))

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        main_screen(pilot.app).open_topic(topic)  # type: ignore[arg-type]
        await settle(pilot)
        await press(pilot, "n")
        still(pilot)

    assert snap_compare(make_app(sample_corpus, app_index), run_before=run_before,
                        terminal_size=SIZE)


def test_help_screen(snap_compare: Any, sample_corpus: Path, app_index: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "question_mark")

    assert snap_compare(make_app(sample_corpus, app_index), run_before=run_before,
                        terminal_size=SIZE)
