"""The list shown while the index opens (index/glance.py) is the library's list: same rows,
same order, same positions, read a page at a time from the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

import index.glance
from index.library import Library


@pytest.mark.parametrize("order", ["date", "title"])
def test_glance_shows_the_listing_row_for_row(
    sample_library: Library, order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index.glance, "PAGE", 5)  # several pages, out of order
    listing = sample_library.listing(order)
    glance = sample_library.glance(order)
    assert len(glance) == len(listing) > 10
    positions = [*range(len(listing) - 1, -1, -3), *range(len(listing))]
    assert [glance[i].id for i in positions] == [listing[i].id for i in positions]
    for i in range(len(listing)):
        assert glance.index_of(listing[i].id) == i
    assert glance[-1] == listing[len(listing) - 1]
    with pytest.raises(IndexError):
        glance[len(listing)]


def test_glance_finds_last_times_article_and_not_a_gone_one(sample_library: Library) -> None:
    listing = sample_library.listing("date")
    last = listing[len(listing) // 2].id
    glance = sample_library.glance("date", keep=last)
    assert glance.index_of(last) == len(listing) // 2
    assert glance.index_of("no-such-article") is None


def test_glance_without_a_catalog_has_no_articles(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    glance = Library(corpus, tmp_path / "index").glance("date", keep="anything")
    assert len(glance) == 0
    assert glance.index_of("anything") is None
    assert not (tmp_path / "index").exists()  # looking wrote nothing
