"""Rescans of one changed file do not pile up one tiny segment each (every search looks each
word up in every segment)."""

from __future__ import annotations

import os
from pathlib import Path

from whoosh import index as whoosh_index

from index.library import Library

pytest_plugins = ["store_helpers"]


def _segment_sizes(index_dir: Path) -> list[int]:
    ix = whoosh_index.open_dir(str(index_dir), indexname="MAIN")
    return sorted(segment.doc_count_all() for segment in ix._segments())


def test_one_file_rescans_leave_one_small_segment(library: Library, corpus: Path) -> None:
    before = library.search("stargate").total
    victim = corpus / "tech" / "stargate.en.md"
    for round_, animal in enumerate(("quokka", "wombat", "numbat", "dingo")):
        with victim.open("a", encoding="utf-8") as file:
            file.write(f"\n\nAnother paragraph, about a {animal}.\n")
        stat = victim.stat()
        os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9 * (round_ + 1)))
        library.scan()
    sizes = _segment_sizes(library.index_dir)
    assert len(sizes) <= 2, sizes  # the first scan's segment and the changes' one
    assert library.search("stargate").total == before  # nothing lost, nothing doubled
    assert library.search("dingo quokka").total == 1  # the last change, whole
