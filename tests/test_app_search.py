"""Search as you type: results replace the list, Enter opens, Escape leaves, errors stay inline."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader_pilot import (
    SIZE,
    list_caption,
    list_ids,
    main_screen,
    make_app,
    option_text,
    press,
    settle,
    shown_title,
    text_of,
)
from textual.widgets import Input, Static

from index.library import Library
from reader.screens.listings import SEARCH_LIMIT
from reader.widgets.article_list import ArticleList
from reader.widgets.search_box import SearchBox

QUERY = "stargate"
SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles"


async def test_slash_searches_as_you_type_and_enter_opens_the_first_hit(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    expected = sample_library.search(QUERY, limit=SEARCH_LIMIT)
    assert expected.hits, "the sample corpus should mention Stargate"
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        assert isinstance(app.focused, Input)
        await press(pilot, *QUERY)
        assert list_ids(app) == [hit.summary.id for hit in expected.hits]
        assert list_caption(app).startswith(f"Search “{QUERY}”")
        first_entry = option_text(main_screen(app).query_one(ArticleList), 0)
        assert expected.hits[0].snippet.split()[0] in first_entry  # the snippet is shown
        await press(pilot, "enter")
        assert shown_title(app) == expected.hits[0].summary.title
        assert app.focused is main_screen(app).query_one(ArticleList)
        body = main_screen(app).query_one("#article-body", Static)
        highlighted = [
            body.content.plain[span.start : span.end].casefold()  # type: ignore[union-attr]
            for span in body.content.spans  # type: ignore[union-attr]
        ]
        assert any(text.startswith(QUERY) for text in highlighted)


async def test_escape_leaves_the_search_and_restores_the_list(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *QUERY)
        assert list_caption(app).startswith("Search")
        await press(pilot, "escape")
        assert list_ids(app) == [s.id for s in sample_library.articles("date")]
        assert list_caption(app).startswith("All ")
        assert not main_screen(app).query_one(SearchBox).display
        assert app.focused is main_screen(app).query_one(ArticleList)


async def test_typing_j_and_slash_goes_into_the_search_field(
    sample_corpus: Path, app_index: Path
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "j", "k", "slash", "n", "q")
        assert main_screen(app).query_one(SearchBox).input.value == "jk/nq"
        assert app.is_running


async def test_a_query_error_is_shown_inline_not_raised(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    broken = 'title:"unclosed AND ('
    expected = sample_library.search(broken)
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *broken)
        status = text_of(main_screen(app).query_one("#search-status", Static))
        if expected.error:
            assert expected.error in status
        else:
            assert status == "" or "No matches" in status or "Did you mean" in status
        assert app.is_running


async def test_nothing_found_says_so_and_offers_a_suggestion(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    misspelt = "stargaet"
    expected = sample_library.search(misspelt)
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *misspelt)
        status = text_of(main_screen(app).query_one("#search-status", Static))
        if not expected.hits:
            assert "No matches" in status
            assert list_ids(app) == []
        if expected.suggestion:
            assert f"Did you mean {expected.suggestion}?" in status


async def test_keys_typed_in_a_burst_after_slash_all_land_in_the_field(
    sample_corpus: Path, app_index: Path
) -> None:
    """A terminal delivers a fast "/musk" (or a paste) at once; none of it may act as keys
    of the list (m would mark read, s would sort)."""
    from textual import events

    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = list_caption(app)
        for key, character in [("slash", "/"), ("m", "m"), ("u", "u"), ("s", "s"), ("k", "k")]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert main_screen(app).query_one(SearchBox).input.value == "musk"
        assert list_caption(app) != before and list_caption(app).startswith("Search “musk”")


async def test_copies_of_an_article_are_one_row_that_says_how_many(
    tmp_path: Path
) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    article = SAMPLE / "2025-01-22-stargate-announced.en.txt"
    for folder in ("feed-a", "feed-b", "feed-c"):
        (corpus / folder).mkdir()
        shutil.copy2(article, corpus / folder / article.name)
    shutil.copy2(SAMPLE / "2025-01-22-stargate-annonce.fr.txt", corpus)
    Library(corpus, tmp_path / "index").scan()
    app = make_app(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *QUERY)
        rows = [option_text(main_screen(app).query_one(ArticleList), n)
                for n in range(len(list_ids(app)))]
        assert len(rows) == 2  # the English article once, the French one
        assert [row for row in rows if "copies" in row] == [
            next(row for row in rows if "Stargate" in row and "3 copies" in row)]
