"""Moving between articles: n/N in the list, }/{ through related ones, topics, history."""

from __future__ import annotations

from pathlib import Path

from reader_pilot import (
    SIZE,
    list_caption,
    list_ids,
    main_screen,
    make_app,
    press,
    settle,
    shown_title,
)
from textual.widgets import Input

from index.library import Library
from reader.screens.topic_picker import TopicPicker
from reader.widgets.article_view import ArticleView


async def test_n_and_N_walk_the_list_without_leaving_the_article_pane(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "tab")
        view = main_screen(app).query_one(ArticleView)
        assert app.focused is view
        await press(pilot, "n", "n")
        assert shown_title(app) == summaries[2].title
        await press(pilot, "N")
        assert shown_title(app) == summaries[1].title
        assert app.focused is view


async def test_right_brace_walks_the_related_articles_and_left_comes_back(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    origin, related = next(
        (summary, found)
        for summary in sample_library.articles("date")
        if len(found := sample_library.related(summary.id)) >= 2
    )
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(origin.id)
        await settle(pilot)
        await press(pilot, "right_curly_bracket")
        assert shown_title(app) == related[0].summary.title
        await press(pilot, "right_curly_bracket")
        assert shown_title(app) == related[1].summary.title
        await press(pilot, "left_curly_bracket")
        assert shown_title(app) == related[0].summary.title
        await press(pilot, "left_curly_bracket")
        assert shown_title(app) == origin.title


async def test_t_opens_the_topic_picker_and_the_topic_view_walks_with_n(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    first = sample_library.articles("date")[0]
    topics = sample_library.topics_of(first.id)
    labels = [topic.label.casefold() for topic in topics]
    shared = max(
        (topic for topic in topics if labels.count(topic.label.casefold()) == 1),
        key=lambda topic: topic.count,
    )
    in_topic = sample_library.articles_with(shared)
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, TopicPicker)
        assert isinstance(app.focused, Input)
        await press(pilot, *shared.label)
        await press(pilot, "enter")
        assert not isinstance(app.screen, TopicPicker)
        assert list_caption(app).startswith(f"Topic ({shared.kind}): {shared.label}")
        assert list_ids(app) == [s.id for s in in_topic]
        dates = [s.date for s in in_topic if s.date is not None]
        assert dates == sorted(dates, reverse=True)
        if len(in_topic) > 1:
            position = list_ids(app).index(first.id)
            await press(pilot, "n")
            expected = in_topic[position + 1] if position + 1 < len(in_topic) else None
            if expected is not None:
                assert shown_title(app) == expected.title
        await press(pilot, "escape")
        assert list_caption(app).startswith("All ")


async def test_escape_closes_the_topic_picker(sample_corpus: Path, app_index: Path) -> None:
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, TopicPicker)
        await press(pilot, "escape")
        assert not isinstance(app.screen, TopicPicker)
        assert list_caption(app).startswith("All ")


async def test_back_and_forward_cross_articles_and_lists(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "enter")  # second article
        await press(pilot, "s")  # the list by title
        await press(pilot, "b")
        assert list_caption(app).startswith("All ") and "newest first" in list_caption(app)
        assert shown_title(app) == summaries[1].title
        await press(pilot, "alt+left")
        assert shown_title(app) == summaries[0].title
        await press(pilot, "f")
        assert shown_title(app) == summaries[1].title
        await press(pilot, "alt+right")
        assert "by title" in list_caption(app)


async def test_ctrl_f_finds_in_the_article_and_n_steps_through_the_matches(
    sample_corpus: Path, app_index: Path, sample_library: Library
) -> None:
    summaries = sample_library.articles("date")
    document = sample_library.get(summaries[0].id)
    assert document is not None
    word = "the" if document.article.language == "en" else document.article.body.split()[0]
    expected = document.article.body.casefold().count(word.casefold())
    assert expected > 2
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main_screen(app).query_one(ArticleView)
        await press(pilot, "ctrl+f", *word, "enter")
        assert app.focused is view
        assert len(view.find_hits) == expected
        assert view.find_position == 0
        await press(pilot, "n", "n")
        assert view.find_position == 2
        await press(pilot, "N")
        assert view.find_position == 1
        assert shown_title(app) == summaries[0].title  # n/N stayed in the article
        await press(pilot, "escape")
        assert view.find_hits == []
        await press(pilot, "n")
        assert shown_title(app) == summaries[1].title
