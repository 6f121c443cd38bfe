"""The catalog on disk (index/catalog.py): what the list, the topics and their counts show, and
that it follows the index through scans, crashes and a lost file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import index.scan
from index.catalog import CATALOG_FILE, Catalog, index_state
from index.library import Library
from index.models import Summary, Topic

pytest_plugins = ["store_helpers"]

ADDED = """---
title: "Stargate gagne un troisième site"
date: 2025-03-02
lang: fr
tags: [Stargate]
---
OpenAI et Oracle ajoutent un site au Texas pour Stargate.
"""


def shown(library: Library, order: str = "date", topic: Topic | None = None) -> list[Summary]:
    rows = library.listing(order, topic)
    return [rows[index] for index in range(len(rows))]


def tag(library: Library, key: str) -> Topic | None:
    return next((t for t in library.topics() if t.kind == "tag" and t.key == key), None)


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def fresh_answers(library: Library) -> tuple[list[Summary], list[Topic]]:
    """What a catalog built from nothing says about the same index."""
    other = Library(library.corpus, library.index_dir)
    for path in library.index_dir.glob(CATALOG_FILE + "*"):
        path.unlink()
    return shown(other), other.topics()


def test_listing_newest_first_then_by_title(library: Library) -> None:
    by_date = shown(library)
    assert len(by_date) == library.count() == 6
    dates = [s.date for s in by_date if s.date is not None]
    assert dates == sorted(dates, reverse=True)
    assert by_date[-1].date is None  # the undated article comes last
    by_title = shown(library, "title")
    assert [s.title.casefold() for s in by_title] == sorted(s.title.casefold() for s in by_date)
    assert by_title == library.articles("title")


def test_listing_finds_positions_and_refuses_rows_past_the_end(library: Library) -> None:
    rows = library.listing()
    last = rows[len(rows) - 1]
    assert rows[-1] == last
    assert rows.index_of(last.id) == len(rows) - 1
    assert rows.index_of("no such article") is None
    assert [rows.index_of(rows[i].id) for i in range(len(rows))] == list(range(len(rows)))
    for order in ("date", "title"):
        listing = library.listing(order)
        assert [listing.index_of(s.id) for s in library.articles(order)] == list(
            range(len(listing))
        )
    with pytest.raises(IndexError):
        rows[len(rows)]


def test_topic_counts_match_the_articles_each_topic_lists(library: Library) -> None:
    topics = [t for t in library.topics() if t.kind != "keyword"]
    assert topics and [t.count for t in topics] == sorted((t.count for t in topics), reverse=True)
    for topic in topics:
        members = shown(library, topic=topic)
        assert len(members) == topic.count
        for summary in members:
            assert (topic.kind, topic.key) in {
                (t.kind, t.key) for t in library.topics_of(summary.id)
            }
    stargate = tag(library, "stargate")
    assert stargate is not None and stargate.count == 2
    listed = library.listing(topic=stargate)
    inside = {listed[i].id: i for i in range(len(listed))}
    for summary in library.articles():
        assert listed.index_of(summary.id) == inside.get(summary.id)
    assert [t.key for t in library.topics(limit=1)] == [topics[0].key]


def test_scan_keeps_the_catalog_in_step_with_adds_changes_and_deletes(
    library: Library, corpus: Path
) -> None:
    (corpus / "tech" / "troisieme.fr.md").write_text(ADDED, encoding="utf-8")
    changed = corpus / "cine" / "cannes.es.md"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Cannes premia", "Cannes corona"),
        encoding="utf-8",
    )
    touch_later(changed)
    (corpus / "politique" / "elections.fr.md").unlink()
    library.scan()
    # The scan itself brought the catalog up to date: nothing is left for a reader to do.
    with library._searcher() as searcher:
        assert searcher is not None
        assert Catalog(library.index_dir).recorded() == index_state(searcher)
    titles = [s.title for s in shown(library)]
    assert "Stargate gagne un troisième site" in titles
    assert any(t.startswith("Cannes corona") for t in titles)
    assert not any(t.startswith("Les élections") for t in titles)
    assert len(titles) == library.count() == 6
    stargate = tag(library, "stargate")
    assert stargate is not None and stargate.count == 3
    assert tag(library, "politique") is None  # its only article is gone
    assert fresh_answers(library) == (shown(library), library.topics())


def test_deleted_catalog_is_rebuilt_with_the_same_answers(library: Library) -> None:
    before = shown(library), library.topics(), library.languages()
    library.close()
    for path in library.index_dir.glob(CATALOG_FILE + "*"):
        path.unlink()
    reopened = Library(library.corpus, library.index_dir)
    assert (shown(reopened), reopened.topics(), reopened.languages()) == before


def test_catalog_left_behind_by_a_crash_catches_up(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan killed between Whoosh's commit and the catalog's leaves the catalog at the
    older state; the next reader brings it up to date."""
    before = shown(library)
    monkeypatch.setattr(index.scan, "follow_catalog", lambda *args: None)
    (corpus / "tech" / "troisieme.fr.md").write_text(ADDED, encoding="utf-8")
    (corpus / "sport" / "football.en.txt").unlink()
    library.scan()
    with library._searcher() as searcher:
        assert searcher is not None
        assert Catalog(library.index_dir).recorded() != index_state(searcher)
    reopened = Library(library.corpus, library.index_dir)
    titles = {s.title for s in shown(reopened)}
    assert "Stargate gagne un troisième site" in titles
    assert len(titles) == len(before) == reopened.count()
    stargate = tag(reopened, "stargate")
    assert stargate is not None and stargate.count == 3
    assert fresh_answers(reopened) == (shown(reopened), reopened.topics())


def test_bookmarked_summaries_come_back_in_the_order_asked(library: Library) -> None:
    rows = shown(library)
    wanted = [rows[3].id, "gone", rows[0].id]
    assert [s.id for s in library.summaries(wanted)] == [rows[3].id, rows[0].id]


def test_a_catalog_that_cannot_be_written_beside_the_index_goes_to_the_temp_folder(
    library: Library,
) -> None:
    expected = shown(library)
    library.close()
    for path in library.index_dir.glob(CATALOG_FILE + "*"):
        path.unlink()
    (library.index_dir / CATALOG_FILE).mkdir()  # in the way, as an unwritable folder would be
    reopened = Library(library.corpus, library.index_dir)
    assert shown(reopened) == expected
    assert reopened._catalog.path.parent != library.index_dir
    reopened.close()
    for path in reopened._catalog.path.parent.glob(reopened._catalog.path.name + "*"):
        path.unlink()


def test_a_merge_repoints_unchanged_articles_and_re_reads_a_changed_one(
    library: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh merging every segment into one (as a long build does) moves each article to a
    new place: the catalog follows by re-pointing the unchanged ones (re-adding them all
    took minutes at 100k articles), and an article changed in the same commit shows its
    new text."""
    from whoosh.writing import OPTIMIZE, SegmentWriter

    import index.catalog

    (corpus / "tech" / "troisieme.fr.md").write_text(ADDED, encoding="utf-8")
    library.scan()  # a second segment, so that the next commit has something to merge
    changed = corpus / "cine" / "cannes.es.md"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Cannes premia", "Cannes corona"),
        encoding="utf-8",
    )
    touch_later(changed)
    commit = SegmentWriter.commit
    monkeypatch.setattr(
        SegmentWriter, "commit", lambda self, **kw: commit(self, mergetype=OPTIMIZE)
    )
    added: list[str] = []
    add = index.catalog._add
    monkeypatch.setattr(
        index.catalog, "_add", lambda c, batch: (added.extend(batch.articles), add(c, batch))
    )
    library.scan()
    with library._searcher() as searcher:
        assert searcher is not None and len(searcher.reader().leaf_readers()) == 1
    assert added == [s.id for s in shown(library) if Path(s.path).name == "cannes.es.md"]
    assert any(s.title.startswith("Cannes corona") for s in shown(library))
    assert fresh_answers(library) == (shown(library), library.topics())


def test_a_catalog_from_before_fingerprints_follows_changes(
    library: Library, corpus: Path
) -> None:
    """A catalog written before article fingerprints existed has no `stamps` table: the
    next scan adds it rather than failing, and the answers stay right."""
    connection = Catalog(library.index_dir).connection()
    connection.execute("DROP TABLE stamps")
    library.close()
    (corpus / "tech" / "troisieme.fr.md").write_text(ADDED, encoding="utf-8")
    reopened = Library(library.corpus, library.index_dir)
    reopened.scan()
    assert "Stargate gagne un troisième site" in {s.title for s in shown(reopened)}
    assert fresh_answers(reopened) == (shown(reopened), reopened.topics())


def test_a_title_behind_zero_width_spaces_sorts_and_is_found_by_its_words(
    library: Library,
) -> None:
    """A feed that starts its titles with invisible characters: the title order and the
    title search see the words, not the characters no one can see."""
    (library.corpus / "invisible.md").write_text(
        "---\ntitle: \"\u200b\u200b\u200bBaleines au large de Brest\"\n---\nDes baleines.\n",
        encoding="utf-8",
    )
    library.scan()
    titles = [s.title.lstrip("\u200b") for s in shown(library, "title")]
    assert "Baleines au large de Brest" in titles
    assert titles == sorted(titles, key=str.casefold)
    assert [s.path for s in library.titles_containing("baleines", 5)] == ["invisible.md"]
