"""What the reader asks of the library while an article opens (index/library.py's open path)."""

from __future__ import annotations

from dataclasses import replace

from index.library import Library


def test_an_article_read_unranked_is_the_same_article_with_its_keywords_as_stored(
    sample_library: Library,
) -> None:
    """The reader's article pane reads articles with `ranked=False` (it never shows the
    keywords): everything it shows is what `get` gives, and the sidebar's topics still
    carry the library-ranked keywords."""
    for summary in sample_library.articles()[:5]:
        ranked = sample_library.get(summary.id)
        unranked = sample_library.get(summary.id, ranked=False)
        assert ranked is not None and unranked is not None
        assert unranked.article == ranked.article
        same_but_keywords = replace(unranked.analysis, keywords=ranked.analysis.keywords)
        assert same_but_keywords == ranked.analysis
        shown = [t.label for t in sample_library.topics_of(summary.id) if t.kind == "keyword"]
        assert shown and set(shown) <= set(ranked.analysis.keywords)
