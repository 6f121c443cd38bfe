"""Fetch every subscribed feed into the library folder, and save single web pages.

Feeds are fetched a few at a time (never more than the policy's per-host limit on one host);
each new entry becomes one Markdown file in the feed's own subfolder. A feed that fails says
why in one line and leaves everything already saved as it was; the conditional-request
validators of a feed are only remembered once its entries are written, so a failure halfway
means a full download next time, never a lost entry.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from index.feeds.articles import (
    ArticleFile,
    file_name,
    html_markdown,
    html_text,
    key_hash,
    saved_hashes,
    slug,
    write_article,
)
from index.feeds.entries import Entry, ParsedFeed, parse_feed
from index.feeds.http import Fetcher, FetchError, FetchPolicy
from index.feeds.pages import extract_page
from index.feeds.state import FeedState, load_states, save_states
from index.feeds.subscriptions import Subscription, load
from index.readers.text import title_from_text

FEED_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
SAVED_FOLDER = "saved"
"""Where `rubrique save` puts single pages, beside the feeds' folders."""
MAX_PARALLEL = 6

Outcome = Literal["new", "unchanged", "error"]


@dataclass(frozen=True)
class FeedResult:
    url: str
    outcome: Outcome
    title: str = ""
    new: int = 0
    seen: int = 0
    """Entries in the feed already saved before this fetch."""
    folder: Path | None = None
    error: str = ""
    notes: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return self.outcome == "error"

    @property
    def name(self) -> str:
        return self.title or self.url


@dataclass(frozen=True)
class FetchProgress:
    done: int
    total: int
    result: FeedResult


def fetch_feeds(
    folder: Path,
    subscriptions: list[Subscription] | None = None,
    policy: FetchPolicy | None = None,
    progress: Callable[[FetchProgress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[FeedResult]:
    """Fetch each subscription (all of them by default) into `folder`; results in
    subscription order. Never raises for a single feed's failure."""
    subscriptions = load() if subscriptions is None else subscriptions
    states = load_states()
    lock = threading.Lock()
    results: dict[str, FeedResult] = {}
    folder.mkdir(parents=True, exist_ok=True)
    with Fetcher(policy) as fetcher, ThreadPoolExecutor(
        max_workers=max(1, min(MAX_PARALLEL, len(subscriptions))),
        thread_name_prefix="rubrique-fetch",
    ) as pool:
        jobs = {
            pool.submit(_fetch_one, fetcher, folder, subscription, states, lock, cancelled):
            subscription
            for subscription in subscriptions
        }
        try:
            for done, job in enumerate(as_completed(jobs), start=1):
                subscription = jobs[job]
                try:
                    result = job.result()
                except Exception as error:  # a bug of ours must not lose the other feeds
                    result = FeedResult(subscription.url, "error",
                                        error=f"{type(error).__name__}: {error}")
                results[subscription.url] = result
                if progress is not None:
                    progress(FetchProgress(done, len(jobs), result))
        except BaseException:  # Ctrl-C: feeds not started yet are not started
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    with contextlib.suppress(OSError):  # only validators lost: next time downloads in full
        save_states(states)
    return [results[subscription.url] for subscription in subscriptions]


def _fetch_one(
    fetcher: Fetcher,
    library: Path,
    subscription: Subscription,
    states: dict[str, FeedState],
    lock: threading.Lock,
    cancelled: Callable[[], bool] | None,
) -> FeedResult:
    url = subscription.url
    with lock:
        state = states.get(url, FeedState())
    if cancelled is not None and cancelled():
        return FeedResult(url, "error", title=state.title, error="cancelled")

    def remember(new_state: FeedState) -> None:
        with lock:
            states[url] = new_state

    try:
        fetched = fetcher.get(url, state.etag, state.last_modified, accept=FEED_ACCEPT)
        if fetched.not_modified:
            remember(state.updated(last_error=""))
            return FeedResult(url, "unchanged", title=state.title,
                              folder=library / state.folder if state.folder else None)
        feed = parse_feed(fetched.body, fetched.content_type)
    except FetchError as error:
        remember(state.updated(last_error=str(error)))
        return FeedResult(url, "error", title=state.title, error=str(error))
    with lock:
        folder_name = state.folder or _free_folder(feed.title, url, states)
        states[url] = state.updated(folder=folder_name)
    target = library / folder_name
    title = feed.title or state.title
    try:
        new, seen, notes = _write_entries(fetcher, target, subscription, feed)
    except OSError as error:
        remember(state.updated(folder=folder_name, last_error=str(error)))
        return FeedResult(url, "error", title=title, folder=target,
                          error=f"could not write: {error}")
    remember(FeedState(etag=fetched.etag, last_modified=fetched.last_modified,
                       folder=folder_name, title=title))
    if feed.repeated:
        notes = (f"{feed.repeated} repeated entries left out", *notes)
    return FeedResult(url, "new", title=title, new=new, seen=seen, folder=target, notes=notes)


def _free_folder(title: str, url: str, states: dict[str, FeedState]) -> str:
    """The feed's folder: its title as a slug, told apart from another feed's of that title."""
    import httpx

    base = slug(title) if title else slug(httpx.URL(url).host or "feed")
    taken = {state.folder for other, state in states.items() if other != url}
    return base if base not in taken else f"{base}-{key_hash(url)[:6]}"


def _write_entries(
    fetcher: Fetcher, target: Path, subscription: Subscription, feed: ParsedFeed
) -> tuple[int, int, tuple[str, ...]]:
    known = saved_hashes(target)
    fresh = [entry for entry in feed.entries if key_hash(entry.key) not in known]
    missing_text: list[str] = []
    new = 0
    for entry in fresh:
        article = _entry_article(entry, feed, subscription.url)
        if subscription.full_text and entry.link and not entry.content_html:
            try:
                page = extract_page(fetcher.get(entry.link, accept=PAGE_ACCEPT))
                article = ArticleFile(
                    **{**article.__dict__, "body": page.body,
                       "summary": article.summary or html_text(entry.summary_html)}
                )
            except FetchError as error:
                missing_text.append(f"{entry.link}: {error}")
        target.mkdir(parents=True, exist_ok=True)
        if write_article(target, article, known) is not None:
            new += 1
    notes: tuple[str, ...] = ()
    if missing_text:
        notes = (f"full text missing for {len(missing_text)}, summary kept "
                 f"(e.g. {missing_text[0]})",)
    return new, len(feed.entries) - len(fresh), notes


def _entry_article(entry: Entry, feed: ParsedFeed, feed_url: str) -> ArticleFile:
    body = html_markdown(entry.content_html) or html_markdown(entry.summary_html)
    summary = html_text(entry.summary_html) if entry.content_html else ""
    if summary and body.startswith(summary[:80]):
        summary = ""
    title = entry.title or title_from_text(html_text(entry.summary_html or entry.content_html))
    return ArticleFile(
        key=entry.key,
        title=title or "Untitled",
        body=body,
        source=entry.link,
        author=entry.author,
        published=entry.published,
        language=entry.language,
        tags=entry.tags,
        feed=feed.title,
        feed_url=feed_url,
        summary=summary,
    )


@dataclass(frozen=True)
class SavedPage:
    path: Path
    title: str
    new: bool
    """False when the page had been saved before (the file is left as it was)."""


def save_page(url: str, folder: Path, policy: FetchPolicy | None = None) -> SavedPage:
    """One web page's main content as an article file in `folder/saved`; FetchError says why
    not. The page's address names the file, so saving it twice keeps one file."""
    target = folder / SAVED_FOLDER
    digest = key_hash(url)
    if digest in saved_hashes(target):
        existing = next(target.glob(f"*-{digest}.md"))
        return SavedPage(existing, existing.stem, new=False)
    with Fetcher(policy) as fetcher:
        page = extract_page(fetcher.get(url, accept=PAGE_ACCEPT))
    article = ArticleFile(
        key=url, title=page.title or title_from_text(page.body) or "Untitled", body=page.body,
        source=page.url, author=page.author, published=page.published,
        language=page.language, tags=page.tags, site=page.site,
    )
    path = write_article(target, article)
    return SavedPage(path or target / file_name(article.title, url), article.title, new=True)
