"""A screenshot of the entity page at 160x48, compared with the approved SVG in __snapshots__.

The page comes from a frozen file (tests/frozen_entity.py) and the reading screen below it from
the frozen library, so only a change of the reader changes the picture. Regenerate after a
deliberate change with `pytest tests/test_snapshots_entity.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frozen_entity
from frozen_library import SAMPLES, FrozenLibrary
from reader_pilot import SIZE, main_screen, settle
from textual.pilot import Pilot

from index.entity_page import EntityPage
from reader.app import RubriqueApp


class FrozenEntityLibrary(FrozenLibrary):
    def entity(self, kind: str, key: str) -> EntityPage | None:
        page = frozen_entity.load()
        return page if (kind, key) == (page.kind, page.key) else None


class FrozenEntityApp(RubriqueApp):
    def make_library(self) -> FrozenEntityLibrary:  # type: ignore[override]
        assert self.index_dir is not None
        return FrozenEntityLibrary(self.index_dir)


def test_entity_page(snap_compare: Any, tmp_path: Path) -> None:
    app = FrozenEntityApp(SAMPLES, tmp_path / "index")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        main_screen(pilot.app).open_entity(*frozen_entity.ENTITY)  # type: ignore[arg-type]
        await settle(pilot)
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=SIZE)
