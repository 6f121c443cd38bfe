"""The app on the catalog: an index whose catalog file is gone still lists every article."""

from __future__ import annotations

from pathlib import Path

from reader_pilot import SIZE, list_caption, list_ids, make_app, press, settle, shown_title

from index.catalog import CATALOG_FILE
from index.library import Library


async def test_app_lists_everything_after_the_catalog_file_was_deleted(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    for path in app_index.glob(CATALOG_FILE + "*"):
        path.unlink()
    expected = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert list_caption(app).startswith(f"All {len(expected)} articles")
        assert list_ids(app) == [s.id for s in expected]
        await press(pilot, "G", "enter")
        assert shown_title(app) == expected[-1].title
    assert (app_index / CATALOG_FILE).is_file()
