"""Article text is data: markup shows literally and escape sequences never reach the screen."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from reader_pilot import SIZE, main_screen, make_app, option_text, press, settle, text_of
from textual.widgets import Static

from index.library import Library
from reader.widgets.article_list import ArticleList

TITLE = "[bold]Boom[/] [@click=app.quit]click me[/]"
AUTHOR = "[red]Mallory[/red]"
HOSTILE = f"""---
title: "{TITLE}"
author: "{AUTHOR}"
date: 2025-03-01
tags: ["[b]tag[/b]", "[/]"]
lang: en
---

This lede has [/] and [link=https://evil.example]a link[/link] and an escape \
\x1b[2J\x1b]0;pwned\x07 sequence.

## [italic]Heading[/italic]

More text with [@click=app.quit]quit[/] inside, about Elon Musk and OpenAI in Paris.
"""


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "hostile.en.md").write_text(HOSTILE, encoding="utf-8")
    index_dir = tmp_path / "index"
    Library(corpus, index_dir).scan()
    return corpus, index_dir


async def test_markup_in_articles_shows_literally(hostile: tuple[Path, Path]) -> None:
    app = make_app(*hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert text_of(screen.query_one("#article-title", Static)) == TITLE
        assert AUTHOR in text_of(screen.query_one("#article-meta", Static))
        tags = text_of(screen.query_one("#article-tags", Static))
        assert "[b]tag[/b]" in tags and "[/]" in tags
        everything = "\n".join(text_of(static) for static in screen.query(Static))
        assert "[link=https://evil.example]a link[/link]" in everything
        assert "[italic]Heading[/italic]" in everything
        assert "[@click=app.quit]quit[/]" in everything
        assert "\x1b" not in everything and "\x07" not in everything
        assert TITLE in option_text(screen.query_one(ArticleList), 0)

        screenshot = html.unescape(app.export_screenshot())
        assert "[@click=app.quit]click" in screenshot.replace("\xa0", " ")

        await pilot.click("#article-title", offset=(20, 0))  # on "click me"
        await pilot.click("#article-title", offset=(2, 0))
        await settle(pilot)
        assert app.is_running


async def test_markup_in_search_snippets_shows_literally(hostile: tuple[Path, Path]) -> None:
    app = make_app(*hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"quit")
        entry = option_text(main_screen(app).query_one(ArticleList), 0)
        assert TITLE in entry
        assert "\x1b" not in entry
        await press(pilot, "enter", "e", "t", "escape")
        assert app.is_running
