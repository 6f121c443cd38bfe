"""`rubrique feeds`, `rubrique fetch` and `rubrique save` against a local HTTP server."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from tests.feed_server import FeedServer, Route, rss
from tests.test_feeds import PAGE, items

pytestmark = pytest.mark.usefixtures("feeds_config")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_feeds_add_list_remove_export_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "feeds", "add", "https://a.example/feed")[0] == 0
    status, out, _ = run(capsys, "feeds", "add", "https://b.example/rss", "--full-text")
    assert status == 0 and "full text" in out
    status, out, _ = run(capsys, "feeds", "list")
    assert "https://a.example/feed" in out and "never fetched" in out and "2 feeds" in out
    status, opml, _ = run(capsys, "feeds", "export")
    assert 'xmlUrl="https://b.example/rss"' in opml
    assert run(capsys, "feeds", "remove", "https://a.example/feed")[0] == 0
    status, _, err = run(capsys, "feeds", "remove", "https://a.example/feed")
    assert status == 1 and "not subscribed" in err
    (tmp_path / "mine.opml").write_text(opml)
    status, out, _ = run(capsys, "feeds", "import", str(tmp_path / "mine.opml"))
    assert out.strip() == "1 feed added, 1 already subscribed."
    status, _, err = run(capsys, "feeds", "add", "not a url")
    assert status == 1 and err.count("\n") == 1 and "not an http(s) URL" in err


def test_fetch_reports_each_feed_and_fails_when_one_does(
    server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/a.xml"] = Route(rss("Alpha", items("alpha", 2)), etag='"a1"')
    server.routes["/b.xml"] = Route(rss("Beta", items("beta", 1)), etag='"b1"')
    for path in ("/a.xml", "/b.xml"):
        run(capsys, "feeds", "add", server.url(path))
    library = tmp_path / "library"
    status, out, _ = run(capsys, "fetch", str(library))
    assert status == 0
    assert "Alpha: 2 new" in out and "Beta: 1 new" in out
    assert out.splitlines()[-1].startswith("2 feeds: 3 new articles, 0 unchanged, 0 failed")

    status, out, _ = run(capsys, "fetch", str(library))
    assert status == 0 and "Alpha: unchanged (304)" in out and "Beta: unchanged (304)" in out
    assert len(list(library.rglob("*.md"))) == 3

    server.routes["/b.xml"] = Route(b"missing", status=404, content_type="text/plain")
    status, out, _ = run(capsys, "fetch", str(library))
    assert status == 1
    assert "Beta: error: HTTP 404 Not Found" in out
    assert "1 unchanged, 1 failed" in out
    assert len(list(library.rglob("*.md"))) == 3


def test_fetch_without_feeds_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "fetch", str(tmp_path))
    assert status == 1 and "rubrique feeds add URL" in err


def test_save_a_page(
    server: FeedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/page"] = Route(PAGE.encode(), content_type="text/html; charset=utf-8")
    status, out, _ = run(capsys, "save", server.url("/page"), str(tmp_path))
    assert status == 0 and out.startswith("Saved “La page entière” to ")
    status, out, _ = run(capsys, "save", server.url("/page"), str(tmp_path))
    assert status == 0 and out.startswith("Already saved: ")
    status, _, err = run(capsys, "save", server.url("/nothing"), str(tmp_path))
    assert status == 1 and err.strip().endswith("HTTP 404 Not Found")
