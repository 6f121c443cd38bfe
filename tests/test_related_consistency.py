"""Related articles come out the same however they are asked for: the first few of a long
list are the short list (the sidebar shows 10, `}` walks on), and what an earlier call
left kept (decoded postings, topics' articles) never changes an answer."""

from __future__ import annotations

import pytest

import index.related
from index.library import Library
from index.models import Related

pytest_plugins = ["store_helpers"]


def _shown(found: list[Related]) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(r.summary.id, r.score, r.reasons) for r in found]


def test_a_short_list_is_the_start_of_the_long_one(library: Library) -> None:
    for summary in library.articles():
        longest = _shown(library.related(summary.id, limit=30))
        for limit in (1, 2, 3, 5):
            assert _shown(library.related(summary.id, limit=limit)) == longest[:limit]


def test_answers_do_not_depend_on_what_was_kept_before(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [summary.id for summary in library.articles()]
    first = {article: _shown(library.related(article)) for article in ids}
    again = {article: _shown(library.related(article)) for article in reversed(ids)}
    assert again == first
    # Nothing kept at all: every word's postings and every topic's articles read anew.
    monkeypatch.setattr(index.related, "HELD_POSTINGS", 0)
    monkeypatch.setattr(index.related, "HELD_MEMBERS", 0)
    fresh = Library(library.corpus, library.index_dir)
    assert {article: _shown(fresh.related(article)) for article in ids} == first
    fresh.close()
