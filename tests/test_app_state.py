"""Read marks, bookmarks, history and the last article survive a restart."""

from __future__ import annotations

import json
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
)

from index.library import Library
from reader.state import state_path_for
from reader.widgets.article_list import BOOKMARK_MARK, UNREAD_MARK, ArticleList


async def test_m_toggles_the_read_mark_of_the_highlighted_article(
    sample_corpus: Path, app_index: Path
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article_list = main_screen(app).query_one(ArticleList)
        assert not option_text(article_list, 0).startswith(UNREAD_MARK)  # opened, so read
        assert option_text(article_list, 1).startswith(UNREAD_MARK)
        await press(pilot, "m")
        assert option_text(article_list, 0).startswith(UNREAD_MARK)
        saved = json.loads(state_path_for(app_index).read_text(encoding="utf-8"))
        assert list_ids(app)[0] not in saved["read"]
        await press(pilot, "j", "m")
        assert not option_text(article_list, 1).startswith(UNREAD_MARK)


async def test_B_bookmarks_and_the_bookmarks_list_shows_them(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "B")
        article_list = main_screen(app).query_one(ArticleList)
        assert BOOKMARK_MARK in option_text(article_list, 2)
        assert BOOKMARK_MARK not in option_text(article_list, 0)
        await press(pilot, "apostrophe")
        assert list_caption(app).startswith("Bookmarks")
        assert list_ids(app) == [summaries[2].id]
        await press(pilot, "B")  # the highlighted bookmark, removed again
        await press(pilot, "apostrophe")
        assert list_ids(app) == []


async def test_state_survives_a_restart(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "enter", "j", "enter", "B")
        assert shown_title(app) == summaries[2].title
        await pilot.press("q")

    again = make_app(sample_corpus, app_index)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_title(again) == summaries[2].title
        article_list = main_screen(again).query_one(ArticleList)
        assert article_list.highlighted == 2
        for index in range(3):
            assert not option_text(article_list, index).startswith(UNREAD_MARK)
        assert option_text(article_list, 3).startswith(UNREAD_MARK)
        assert BOOKMARK_MARK in option_text(article_list, 2)
        await press(pilot, "b")
        assert shown_title(again) == summaries[1].title


async def test_a_damaged_state_file_is_ignored(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    state_path_for(app_index).write_text("{not json", encoding="utf-8")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_title(app) == sample_library.articles("date")[0].title
    assert json.loads(state_path_for(app_index).read_text(encoding="utf-8"))["last_article"]
