"""The reader opened on sample_articles/: what a newcomer sees and what the basic keys do."""

from __future__ import annotations

from pathlib import Path

import pytest
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
from textual.binding import Binding
from textual.widgets import Static

from index.library import Library
from reader.screens.main import MainScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.article_view import ArticleView
from reader.widgets.sidebar import RELATED_TITLE, Sidebar


async def test_opens_on_the_newest_article_with_the_whole_corpus_listed(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    newest_first = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert list_ids(app) == [summary.id for summary in newest_first]
        assert list_caption(app).startswith("All ")
        assert f"{len(newest_first)} articles" in list_caption(app)
        assert shown_title(app) == newest_first[0].title
        assert app.focused is main_screen(app).query_one(ArticleList)


async def test_header_names_the_corpus_with_count_and_languages(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = text_of(main_screen(app).query_one("#header", Static))
        assert sample_corpus.name in header
        assert f"{sample_library.count()} articles" in header
        for code, count in sample_library.languages().items():
            assert f"{code} {count}" in header


async def test_j_k_and_arrows_move_and_enter_opens(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article_list = main_screen(app).query_one(ArticleList)
        await press(pilot, "j", "j", "down")
        assert article_list.highlighted == 3
        await press(pilot, "k", "up")
        assert article_list.highlighted == 1
        assert shown_title(app) == summaries[0].title  # moving alone opens nothing
        await press(pilot, "enter")
        assert shown_title(app) == summaries[1].title
        await press(pilot, "G")
        assert article_list.highlighted == len(summaries) - 1
        await press(pilot, "g")
        assert article_list.highlighted == 0


async def test_article_pane_shows_byline_body_headings_and_tag_chips(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    with_tags = next(
        document
        for summary in sample_library.articles()
        if (document := sample_library.get(summary.id)) is not None
        and document.article.tags
        and any(block.kind == "heading" for block in document.article.blocks)
    )
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(with_tags.id)
        await settle(pilot)
        screen = main_screen(app)
        assert shown_title(app) == with_tags.article.title
        meta = text_of(screen.query_one("#article-meta", Static))
        if with_tags.article.author:
            assert with_tags.article.author in meta
        body = text_of(screen.query_one("#article-body", Static))
        heading = next(b.text for b in with_tags.article.blocks if b.kind == "heading")
        assert heading in body
        tags = text_of(screen.query_one("#article-tags", Static))
        for tag in with_tags.article.tags:
            assert tag in tags


async def test_sidebar_lists_topics_and_related_articles_with_reasons(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    first = sample_library.articles("date")[0]
    related = sample_library.related(first.id)
    topics = sample_library.topics_of(first.id)
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = main_screen(app).query_one(Sidebar)
        prompts = "\n".join(option_text(sidebar, i) for i in range(sidebar.option_count))
        for topic in topics:
            assert topic.label[:20] in prompts  # long labels are shortened to one line
        if related:
            assert RELATED_TITLE in sidebar.sections
            assert related[0].summary.title in prompts
            for reason in related[0].reasons:
                assert " ".join(reason.split()) in prompts
        people = [t for t in topics if t.kind == "person"]
        if people:
            assert "People" in sidebar.sections


async def test_choosing_a_sidebar_topic_opens_the_topic_view(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    first = sample_library.articles("date")[0]
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = main_screen(app).query_one(Sidebar)
        sidebar.focus()
        await settle(pilot)
        assert sidebar.highlighted is not None
        topic = sidebar.topics[sidebar.get_option_at_index(sidebar.highlighted).id or ""]
        await press(pilot, "enter")
        assert list_caption(app).startswith(f"Topic ({topic.kind}): {topic.label}")
        assert list_ids(app) == [s.id for s in sample_library.articles_with(topic)]
        assert first.id in list_ids(app)
        assert app.focused is main_screen(app).query_one(ArticleList)


async def test_choosing_a_related_article_opens_it(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    origin, related = next(
        (summary, found)
        for summary in sample_library.articles("date")
        if (found := sample_library.related(summary.id))
    )
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(origin.id)
        await settle(pilot)
        sidebar = main_screen(app).query_one(Sidebar)
        sidebar.focus()
        index = next(
            i for i in range(sidebar.option_count)
            if sidebar.get_option_at_index(i).id == "related-0"
        )
        sidebar.highlighted = index
        await press(pilot, "enter")
        assert shown_title(app) == related[0].summary.title


async def test_tab_cycles_the_panes(sample_corpus: Path, app_index: Path) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        order = [screen.query_one(ArticleList), screen.query_one(ArticleView),
                 screen.query_one(Sidebar)]
        assert app.focused is order[0]
        for expected in [*order[1:], order[0]]:
            await press(pilot, "tab")
            assert app.focused is expected


async def test_space_and_pagedown_scroll_the_article_g_and_G_jump(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    longest = max(
        sample_library.articles(), key=lambda s: len(sample_library.get(s.id).article.body)  # type: ignore[union-attr]
    )
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.open_article(longest.id)
        await settle(pilot)
        view = screen.query_one(ArticleView)
        assert view.max_scroll_y > 0, "the longest sample article should not fit on screen"
        await press(pilot, "space")
        after_space = view.scroll_y
        assert after_space > 0
        await press(pilot, "tab")  # into the article pane
        await press(pilot, "pagedown")
        assert view.scroll_y > after_space or view.scroll_y == view.max_scroll_y
        await press(pilot, "G")
        assert view.scroll_y == view.max_scroll_y
        await press(pilot, "g")
        assert view.scroll_y == 0
        await press(pilot, "j")
        assert view.scroll_y > 0


async def test_list_and_sidebar_collapse(sample_corpus: Path, app_index: Path) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await press(pilot, "L")
        assert not screen.query_one("#left").display
        assert app.focused is screen.query_one(ArticleView)
        await press(pilot, "S")
        assert not screen.query_one(Sidebar).display
        await press(pilot, "L", "S")
        assert screen.query_one("#left").display and screen.query_one(Sidebar).display


async def test_sort_by_title_and_back_to_date(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert list_ids(app) == [s.id for s in sample_library.articles("title")]
        assert "by title" in list_caption(app)
        await press(pilot, "s")
        assert list_ids(app) == [s.id for s in sample_library.articles("date")]


async def test_entity_highlighting_toggles(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        body = screen.query_one("#article-body", Static)
        legend = screen.query_one("#article-legend", Static)
        plain_spans = len(body.content.spans)  # type: ignore[union-attr]
        assert not legend.display
        await press(pilot, "e")
        assert legend.display and "People" in text_of(legend)
        document = screen.document
        assert document is not None
        if document.analysis.mentions:
            assert len(body.content.spans) > plain_spans  # type: ignore[union-attr]
        await press(pilot, "e")
        assert not legend.display
        assert len(body.content.spans) == plain_spans  # type: ignore[union-attr]


async def test_help_screen_lists_the_keys(sample_corpus: Path, app_index: Path) -> None:
    from reader.screens.help import HelpScreen

    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app.screen.query_one("#help-keys", Static))
        lines = keys.splitlines()
        for binding in [*MainScreen.BINDINGS, *app.BINDINGS]:
            assert isinstance(binding, Binding)
            text = binding.tooltip or binding.description
            first_key = binding.key.split(",")[0]
            shown = {"slash": "/", "question_mark": "?", "right_square_bracket": "]",
                     "left_square_bracket": "[", "right_curly_bracket": "}",
                     "left_curly_bracket": "{", "apostrophe": "'", "escape": "Esc",
                     "tab": "Tab", "shift+tab": "Shift+Tab"}.get(first_key, first_key)
            assert any(line.strip().startswith(shown) and text in line for line in lines), text
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)


async def test_q_quits(sample_corpus: Path, app_index: Path) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_failing_library_call_is_reported_and_the_app_keeps_running(
    sample_corpus: Path, app_index: Path, sample_library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summaries = sample_library.articles("date")

    def broken(self: Library, ref: str, ranked: bool = True) -> None:
        raise RuntimeError("the disk is on fire")

    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Library, "get", broken)
        await press(pilot, "j", "enter")
        assert app.is_running
        assert any("the disk is on fire" in str(n.message) for n in app._notifications)
        assert shown_title(app) == summaries[0].title  # the article on screen stays


async def test_a_missing_corpus_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path / "nowhere", tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.is_running
        messages = " ".join(str(n.message) for n in app._notifications)
        header = text_of(main_screen(app).query_one("#header", Static))
        assert "nowhere" in messages + header


async def test_the_mouse_opens_entries_and_a_returns_to_all_articles(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article_list = main_screen(app).query_one(ArticleList)
        second_entry = article_list.row_height + 1
        await pilot.click(ArticleList, offset=(5, second_entry + 1))  # inside the second entry
        await settle(pilot)
        assert shown_title(app) == summaries[1].title

        sidebar = main_screen(app).query_one(Sidebar)
        topic_row = next(
            i for i in range(sidebar.option_count)
            if (sidebar.get_option_at_index(i).id or "").startswith("topic-")
        )
        await pilot.click(Sidebar, offset=(5, topic_row + 1))
        await settle(pilot)
        assert list_caption(app).startswith("Topic (")
        await press(pilot, "a")
        assert list_caption(app).startswith("All ")
