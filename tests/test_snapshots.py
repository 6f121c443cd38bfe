"""Screenshots of the main screens at 160x48, compared with the approved SVGs in __snapshots__.

The app reads a frozen Library (tests/frozen_library.py) so that only a change of the reader
changes the pictures. Regenerate after a deliberate layout change with `pytest
tests/test_snapshots.py --snapshot-update`, then look at the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from frozen_library import SAMPLES, FrozenLibrary
from reader_pilot import SIZE, main_screen, press, settle
from textual.pilot import Pilot
from textual.widgets import Input

from reader.app import RubriqueApp


class FrozenApp(RubriqueApp):
    def make_library(self) -> FrozenLibrary:  # type: ignore[override]
        assert self.index_dir is not None
        return FrozenLibrary(self.index_dir)


@pytest.fixture
def app(tmp_path: Path) -> FrozenApp:
    return FrozenApp(SAMPLES, tmp_path / "index")


def still(pilot: Pilot[None]) -> None:
    """No blinking cursor in the picture."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for field in main_screen(pilot.app).query(Input):  # type: ignore[arg-type]
        field.cursor_blink = False


def test_main_screen(snap_compare: Any, app: FrozenApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        still(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_search_results(snap_compare: Any, app: FrozenApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "slash", *"stargate musk")
        still(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_topic_view(snap_compare: Any, app: FrozenApp, tmp_path: Path) -> None:
    frozen = FrozenLibrary(tmp_path)
    newest = frozen.articles()[0]
    topic = max(
        frozen.topics_of(newest.id),
        key=lambda t: (t.kind == "person", len(frozen.articles_with(t)), t.label),
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        main_screen(pilot.app).open_topic(topic)  # type: ignore[arg-type]
        await settle(pilot)
        await press(pilot, "n")
        still(pilot)

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)


def test_help_screen(snap_compare: Any, app: FrozenApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "question_mark")

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
