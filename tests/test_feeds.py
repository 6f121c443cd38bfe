"""Feeds against a real HTTP server on 127.0.0.1: subscriptions, fetching, conditional
requests, failures, full text and saved pages, and the files our own reader reads back."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.feeds import FetchPolicy, fetch_feeds, save_page, subscriptions
from index.feeds.fetch import FeedResult
from index.feeds.http import FetchError
from index.feeds.subscriptions import Subscription
from index.readers import read_file
from tests.feed_server import FeedServer, Route, rss

FAST = FetchPolicy(timeout=2.0, retries=1, backoff=0.01, max_bytes=200_000)

PAGE = (
    "<html lang='fr'><head><title>La page entière</title>"
    "<meta name='author' content='Marie Curie'>"
    "<meta property='article:published_time' content='2026-11-03'></head><body>"
    "<nav>Accueil · Contact · Menu</nav><article><h1>La page entière</h1>"
    + "".join(
        f"<p>Paragraphe {n} de l'article complet, avec assez de mots pour que l'extraction "
        "le retienne comme texte principal de la page.</p>"
        for n in range(5)
    )
    + "</article><footer>Mentions légales</footer></body></html>"
)


def items(prefix: str, count: int) -> list[dict[str, str]]:
    return [
        {
            "title": f"{prefix} story {n}",
            "guid": f"urn:{prefix}:{n}",
            "link": f"http://127.0.0.1/{prefix}/{n}",
            "description": f"<p>Summary of {prefix} story {n}.</p>",
            "content": f"<p>Full text of {prefix} story {n}.</p><p>Second paragraph.</p>",
            "category": "World, Science",
            "author": "Ada Lovelace",
            "date": "Mon, 02 Nov 2026 10:00:00 GMT",
        }
        for n in range(count)
    ]


pytestmark = pytest.mark.usefixtures("feeds_config")


def fetch(library: Path, *urls: str, full_text: bool = False) -> list[FeedResult]:
    subs = [Subscription(url, full_text=full_text) for url in urls]
    return fetch_feeds(library, subs, policy=FAST)


def articles(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


# -- subscriptions ----------------------------------------------------------------------------
def test_subscriptions_file_is_plain_and_hand_edits_survive(feeds_config: Path) -> None:
    subscriptions.add("https://a.example/feed.xml")
    subscriptions.add("https://b.example/rss", full_text=True)
    path = feeds_config / "feeds.txt"
    text = path.read_text()
    assert "https://a.example/feed.xml\n" in text and "https://b.example/rss  full-text\n" in text
    path.write_text("# mine\n" + text + "https://c.example/atom  some-option\n")
    assert subscriptions.remove("https://a.example/feed.xml")
    assert not subscriptions.remove("https://nothing.example/")
    kept = subscriptions.load()
    assert [(s.url, s.full_text) for s in kept] == [
        ("https://b.example/rss", True), ("https://c.example/atom", False)
    ]
    assert "# mine" in path.read_text() and "some-option" in path.read_text()
    with pytest.raises(subscriptions.SubscriptionError):
        subscriptions.add("ftp://x.example/feed")


def test_opml_round_trip() -> None:
    opml = b"""<?xml version="1.0"?><opml version="1.0"><body>
      <outline text="News"><outline text="A" type="rss" xmlUrl="https://a.example/feed"/>
      <outline text="B" xmlUrl="https://b.example/rss"/></outline>
      <outline text="no feed here"/></body></opml>"""
    assert subscriptions.import_opml(opml) == (2, 0)
    assert subscriptions.import_opml(opml) == (0, 2)
    exported = subscriptions.export_opml(subscriptions.load(), {"https://a.example/feed": "A!"})
    again = subscriptions.read_opml(exported.encode())
    assert [(s.url, s.title) for s in again] == [
        ("https://a.example/feed", "A!"), ("https://b.example/rss", "https://b.example/rss")
    ]
    with pytest.raises(subscriptions.SubscriptionError, match="not a valid OPML"):
        subscriptions.read_opml(b"<opml><body>")


# -- fetching ---------------------------------------------------------------------------------
def test_fetch_writes_articles_our_reader_reads_and_refetch_is_a_304(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/a.xml"] = Route(rss("Alpha News", items("alpha", 3), "fr"), etag='"v1"')
    server.routes["/b.xml"] = Route(
        rss("Beta", items("beta", 2)), last_modified="Mon, 02 Nov 2026 10:00:00 GMT", gzip=True
    )
    library = tmp_path / "library"
    first = fetch(library, server.url("/a.xml"), server.url("/b.xml"))
    assert [(r.outcome, r.new, r.title) for r in first] == [
        ("new", 3, "Alpha News"), ("new", 2, "Beta")
    ]
    files = articles(library)
    assert len(files) == 5
    assert {f.parent.name for f in files} == {"alpha-news", "beta"}
    article = read_file(library / "alpha-news" / files[0].name, library)[0]
    assert article.title == "alpha story 0"
    assert article.date is not None and article.date.isoformat() == "2026-11-02"
    assert article.tags == ("World", "Science")
    assert article.source_url == "http://127.0.0.1/alpha/0"
    assert article.author == "Ada Lovelace"
    assert article.language == "fr"
    assert "Full text of alpha story 0." in article.body
    agent = server.requests[0][1]["user-agent"]
    assert agent.startswith("Rubrique/")
    assert all("gzip" in headers["accept-encoding"] for _, headers in server.requests)

    second = fetch(library, server.url("/a.xml"), server.url("/b.xml"))
    assert [r.outcome for r in second] == ["unchanged", "unchanged"]
    assert server.statuses("/a.xml") == [200, 304] and server.statuses("/b.xml") == [200, 304]
    assert articles(library) == files


def test_a_feed_that_comes_back_whole_adds_only_its_new_entries(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/c.xml"] = Route(rss("Gamma", items("gamma", 2)))
    library = tmp_path / "library"
    fetch(library, server.url("/c.xml"))
    renamed = items("gamma", 3)
    renamed[0]["title"] = "gamma story 0, corrected headline"
    server.routes["/c.xml"] = Route(rss("Gamma", renamed))
    (result,) = fetch(library, server.url("/c.xml"))
    assert (result.outcome, result.new, result.seen) == ("new", 1, 2)
    assert len(articles(library)) == 3


def test_failures_say_why_in_one_line_and_keep_what_was_saved(
    server: FeedServer, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    server.routes["/ok.xml"] = Route(rss("Kept", items("kept", 2)))
    fetch(library, server.url("/ok.xml"))
    saved = {path: path.read_bytes() for path in articles(library)}
    server.routes["/ok.xml"] = Route(b"gone", status=404, content_type="text/plain")
    server.routes["/slow.xml"] = Route(rss("Slow", items("slow", 1)), delay=0.6)
    server.routes["/broken.xml"] = Route(rss("Broken", items("broken", 2))[:-40])
    server.routes["/huge.xml"] = Route(b"<rss>" + b"x" * 400_000, no_length=True)
    server.routes["/declared-huge.xml"] = Route(b"x" * 300_000)
    server.routes["/same.xml"] = Route(rss("Same", [items("same", 1)[0]] * 4))
    server.routes["/charset.xml"] = Route(
        rss("Odd", items("odd", 1), encoding="x-no-such-charset"),
        content_type="application/rss+xml",
    )
    server.routes["/page.html"] = Route(PAGE.encode(), content_type="text/html")
    tls = server.url("/ok.xml").replace("http://", "https://")
    slow_policy = FetchPolicy(timeout=0.3, retries=0, max_bytes=200_000)
    urls = {
        "ok": server.url("/ok.xml"), "broken": server.url("/broken.xml"),
        "huge": server.url("/huge.xml"), "declared": server.url("/declared-huge.xml"),
        "same": server.url("/same.xml"), "charset": server.url("/charset.xml"),
        "html": server.url("/page.html"), "tls": tls,
    }
    results = fetch_feeds(
        library, [Subscription(url) for url in [*urls.values(), server.url("/slow.xml")]],
        policy=slow_policy,
    )
    errors = {result.url: result.error for result in results}
    assert all(result.failed for result in results)
    assert errors[urls["ok"]] == "HTTP 404 Not Found"
    assert errors[server.url("/slow.xml")] == "timed out after 0.3 s"
    assert errors[urls["broken"]].startswith("invalid XML at line")
    assert errors[urls["huge"]].startswith("response larger than 195 KB")
    assert errors[urls["declared"]].startswith("response larger than 195 KB")
    assert errors[urls["same"]] == "the feed repeats one entry 4 times: nothing saved"
    assert errors[urls["charset"]] == "unknown charset 'x-no-such-charset'"
    assert errors[urls["html"]] == "not a feed: the address gives an HTML page"
    assert errors[urls["tls"]].startswith("TLS error: ")
    assert all("\n" not in error for error in errors.values())
    assert {path: path.read_bytes() for path in articles(library)} == saved


def test_retries_a_server_error_then_succeeds(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/flaky.xml"] = Route(rss("Flaky", items("flaky", 1)), fail_first=1)
    (result,) = fetch(tmp_path, server.url("/flaky.xml"))
    assert (result.outcome, result.new) == ("new", 1)
    assert server.statuses("/flaky.xml") == [503, 200]
    server.routes["/down.xml"] = Route(fail_first=10)
    (down,) = fetch(tmp_path, server.url("/down.xml"))
    assert down.error == "HTTP 503 Service Unavailable (after 2 tries)"


def test_redirects_are_followed(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/old.xml"] = Route(redirect_to=server.url("/new.xml"))
    server.routes["/new.xml"] = Route(rss("Moved", items("moved", 1)))
    (result,) = fetch(tmp_path, server.url("/old.xml"))
    assert (result.outcome, result.new) == ("new", 1)


def test_entries_sharing_one_guid_are_not_merged(server: FeedServer, tmp_path: Path) -> None:
    shared = items("cms", 3)
    for item in shared:
        item["guid"] = "same-guid-for-all"
    server.routes["/cms.xml"] = Route(rss("CMS", shared))
    (result,) = fetch(tmp_path, server.url("/cms.xml"))
    assert result.new == 3
    (again,) = fetch(tmp_path, server.url("/cms.xml"))
    assert (again.new, again.seen) == (0, 3)


def test_full_text_fetches_the_page_of_summary_only_entries(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/article"] = Route(PAGE.encode(), content_type="text/html; charset=utf-8")
    entry = {"title": "Short", "guid": "s1", "link": server.url("/article"),
             "description": "Only a teaser."}
    missing = {"title": "Gone", "guid": "s2", "link": server.url("/missing"),
               "description": "Teaser of a page that is gone."}
    server.routes["/summary.xml"] = Route(rss("Teasers", [entry, missing]))
    (result,) = fetch(tmp_path, server.url("/summary.xml"), full_text=True)
    assert result.new == 2
    assert result.notes and "full text missing for 1" in result.notes[0]
    by_title = {
        read_file(path, tmp_path)[0].title: read_file(path, tmp_path)[0]
        for path in articles(tmp_path)
    }
    assert "Paragraphe 3 de l'article complet" in by_title["Short"].body
    assert "Accueil" not in by_title["Short"].body
    gone = by_title["Gone"]
    assert "Teaser of a page that is gone." in gone.lede + gone.body


def test_save_page_once(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/article"] = Route(PAGE.encode(), content_type="text/html; charset=utf-8")
    saved = save_page(server.url("/article"), tmp_path, policy=FAST)
    assert saved.new and saved.path.parent == tmp_path / "saved"
    article = read_file(saved.path, tmp_path)[0]
    assert (article.title, article.author, article.language) == (
        "La page entière", "Marie Curie", "fr"
    )
    assert article.date is not None and article.date.isoformat() == "2026-11-03"
    assert article.source_url == server.url("/article")
    again = save_page(server.url("/article"), tmp_path, policy=FAST)
    assert not again.new and again.path == saved.path
    assert len(articles(tmp_path)) == 1


def test_save_page_in_an_unknown_charset_says_so(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/odd"] = Route(PAGE.encode(), content_type="text/html; charset=x-martian")
    with pytest.raises(FetchError, match="unknown charset 'x-martian'"):
        save_page(server.url("/odd"), tmp_path, policy=FAST)
    assert not articles(tmp_path)


def test_no_more_than_the_per_host_limit_at_once(server: FeedServer, tmp_path: Path) -> None:
    for n in range(5):
        server.routes[f"/f{n}.xml"] = Route(rss(f"Feed {n}", items(f"f{n}", 1)), delay=0.15)
    policy = FetchPolicy(timeout=5, retries=0, per_host=2)
    results = fetch_feeds(
        tmp_path, [Subscription(server.url(f"/f{n}.xml")) for n in range(5)], policy=policy
    )
    assert [r.new for r in results] == [1] * 5
    assert server.most_in_flight <= 2


def test_the_date_is_the_day_the_feed_wrote(server: FeedServer, tmp_path: Path) -> None:
    late = items("late", 1)
    late[0]["date"] = "Mon, 02 Nov 2026 23:30:00 -0500"  # 04:30 on the 3rd in UTC
    server.routes["/late.xml"] = Route(rss("Late", late))
    fetch(tmp_path, server.url("/late.xml"))
    (path,) = articles(tmp_path)
    article = read_file(path, tmp_path)[0]
    assert article.date is not None and article.date.isoformat() == "2026-11-02"
