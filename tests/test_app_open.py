"""`o` hands the source file to $PAGER, or to the browser for HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_pilot import SIZE, list_ids, main_screen, make_app, press, settle, shown_title

from index.library import Library


async def test_o_opens_a_text_article_in_the_pager(
    sample_corpus: Path, app_index: Path, sample_library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = next(s for s in sample_library.articles() if s.path.endswith((".txt", ".md")))
    monkeypatch.setenv("PAGER", "less -R")
    app = make_app(sample_corpus, app_index)
    calls: list[list[str]] = []
    monkeypatch.setattr(app, "run_external", calls.append)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(text.id)
        await settle(pilot)
        await press(pilot, "o")
    assert calls == [["less", "-R", str(sample_corpus / text.path)]]


async def test_o_opens_an_html_article_in_the_browser(
    sample_corpus: Path, app_index: Path, sample_library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    html = next(s for s in sample_library.articles() if s.path.endswith(".html"))
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *args, **kwargs: opened.append(url))
    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).open_article(html.id)
        await settle(pilot)
        await press(pilot, "o")
    assert opened == [(sample_corpus / html.path).resolve().as_uri()]


async def test_a_single_file_opens_and_o_hands_over_that_file(
    sample_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = sorted(sample_corpus.glob("*.md"))[0]
    single = tmp_path / source.name
    single.write_bytes(source.read_bytes())
    monkeypatch.setenv("PAGER", "more")
    app = make_app(single, tmp_path / "index")
    calls: list[list[str]] = []
    monkeypatch.setattr(app, "run_external", calls.append)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.7)
        await settle(pilot)
        library = Library(single, tmp_path / "index")
        assert [s.id for s in library.articles()] == list_ids(app)
        assert shown_title(app) == library.articles()[0].title
        await press(pilot, "o")
    assert calls == [["more", str(single)]]


async def test_the_footer_shows_the_keys_of_what_has_the_focus(
    sample_corpus: Path, app_index: Path
) -> None:
    """The footer rebuilds its keys once per burst of binding changes (reader/widgets/footer.py)
    and still follows the focus: the reading screen's keys at start, the field's in a search,
    the reading screen's again after it."""
    from textual.widgets._footer import FooterKey

    def keys() -> set[str]:
        return {key.description for key in app.screen.query(FooterKey)}

    app = make_app(sample_corpus, app_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = keys()
        assert {"Search", "Next", "Quit"} <= shown
        await press(pilot, "slash")
        await settle(pilot)
        assert keys() != shown
        await press(pilot, "escape")
        await settle(pilot)
        if main_screen(app).search_box.display:
            await press(pilot, "escape")
            await settle(pilot)
        assert keys() == shown
