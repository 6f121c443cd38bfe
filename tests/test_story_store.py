"""The stored grouping (index/story_store.py): kept in the catalog file, grown by a scan that
adds articles, never showing an article that has left, and redone when one has."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from index import stories as st
from index import story_store
from index.catalog import CATALOG_FILE
from index.library import Library

LAUNCH = ("2025-01-22-stargate-annonce.fr.txt", "2025-01-22-stargate-announced.en.txt",
          "2025-01-23-stargate-musk-altman.es.md")
FEUD = "2025-01-24-musk-altman-stargate-feud.en.txt"
"""The day after: joins the launch's story."""
FINAL = ("2025-06-01-psg-sacre-munich.fr.txt", "2025-06-01-psg-thrash-inter-final.en.html")


def _paths(found: story_store.StoryAnswer) -> set[str]:
    return {a.path for a in found.story.articles} if found.story else set()


def test_the_grouping_is_kept_grown_by_additions_and_never_shows_an_article_gone(
    sample_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name in (*LAUNCH, *FINAL):
        shutil.copy(sample_corpus / name, corpus / name)
    Library(corpus, tmp_path / "index").scan()
    assert {len(s.articles) for s in Library(corpus, tmp_path / "index").stories()} == {3, 2}

    placed: list[list[int]] = []
    place = st._place
    monkeypatch.setattr(st, "_place", lambda state, features, articles: (
        placed.append(list(articles)), place(state, features, articles))[1])

    # Kept: another process (a new library, a new connection) reads it without grouping.
    library = Library(corpus, tmp_path / "index")
    ids = {a.path: a.id for a in library.articles()}
    assert {a.path for a in library.story_of(ids[LAUNCH[0]]).articles} == set(LAUNCH)
    assert placed == []
    connection = sqlite3.connect(tmp_path / "index" / CATALOG_FILE, isolation_level=None)
    assert story_store.settled(connection)

    # A scan adds the feud: until the refresh it is in no story and the answer says the
    # grouping is behind; the refresh places the new article alone, into the launch's story.
    shutil.copy(sample_corpus / FEUD, corpus / FEUD)
    library.scan()
    ids = {a.path: a.id for a in library.articles()}
    pending = story_store.answer(connection, ids[FEUD])
    assert not pending.settled and pending.story is None
    assert _paths(story_store.answer(connection, ids[LAUNCH[0]])) == set(LAUNCH)
    assert story_store.refresh(connection)
    assert [len(batch) for batch in placed] == [1]
    done = story_store.answer(connection, ids[FEUD])
    assert done.settled and _paths(done) == {*LAUNCH, FEUD}

    # A deleted article leaves its story at once, before any refresh: the final's story,
    # down to one article, is no story; then the whole library is grouped again.
    (corpus / FINAL[1]).unlink()
    (corpus / LAUNCH[1]).unlink()
    library.scan()
    stale = story_store.answer(connection, ids[FINAL[0]])
    assert not stale.settled and stale.story is None
    assert LAUNCH[1] not in _paths(story_store.answer(connection, ids[LAUNCH[0]]))
    assert story_store.refresh(connection)
    assert len(placed[-1]) == 4  # everything dated, not only what changed
    assert story_store.settled(connection)
    assert all(LAUNCH[1] not in {a.path for a in s.articles} for s in library.stories())
    connection.close()
