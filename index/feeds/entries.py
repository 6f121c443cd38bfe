"""A fetched feed read into entries, each with a stable identity for its file name.

feedparser reads every dialect; what it forgives silently is checked here, because an entry
saved from a half-read feed is never corrected later (saved files are not rewritten): XML that
is not well formed and a charset nobody knows are refused with one line saying so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
import xml.sax
from dataclasses import dataclass
from typing import Any

from index.feeds.http import FetchError, known_charset
from index.readers.markdown import language_code
from index.readers.text import clean_line


@dataclass(frozen=True)
class Entry:
    key: str
    """What makes the entry itself: its id, else its link, else its title and date."""
    title: str
    link: str = ""
    author: str = ""
    published: dt.datetime | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    summary_html: str = ""
    content_html: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    language: str | None
    entries: tuple[Entry, ...]
    repeated: int = 0
    """Entries left out because an earlier one of the same feed was the same entry."""


def parse_feed(data: bytes, content_type: str = "") -> ParsedFeed:
    """Raises FetchError for invalid XML, an unknown charset, a page that is not a feed, a
    feed without entries and one that repeats a single entry throughout."""
    import feedparser

    if not data.strip():
        raise FetchError("empty response")
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(data, response_headers=headers)
    problem = parsed.get("bozo_exception")
    declared = _declared_encoding(problem)
    if declared and not known_charset(declared):
        raise FetchError(f"unknown charset {declared!r}")
    if isinstance(problem, xml.sax.SAXParseException):
        where = f"line {problem.getLineNumber()}, column {problem.getColumnNumber()}"
        if not parsed.get("version"):
            raise FetchError(_not_a_feed(data))
        raise FetchError(f"invalid XML at {where}: {problem.getMessage()}")
    if not parsed.get("version"):
        raise FetchError(_not_a_feed(data))
    feed = parsed.get("feed", {})
    language = language_code(feed.get("language"))
    entries: list[Entry] = []
    seen: set[tuple[str, str, str]] = set()
    total = len(parsed.entries)
    for raw in parsed.entries:
        entry = _entry(raw, language)
        identity = (entry.key, entry.link, entry.title)
        if identity in seen:
            continue
        seen.add(identity)
        entries.append(entry)
    if not entries:
        raise FetchError("the feed has no entries")
    if total > 1 and len(entries) == 1:
        raise FetchError(f"the feed repeats one entry {total} times: nothing saved")
    return ParsedFeed(
        title=clean_line(feed.get("title", "")),
        language=language,
        entries=tuple(_distinct_keys(entries)),
        repeated=total - len(entries),
    )


def _declared_encoding(problem: object) -> str:
    text = str(problem or "")
    if "declared as" not in text:
        return ""
    return text.split("declared as", 1)[1].split(",", 1)[0].strip()


def _not_a_feed(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "not a feed: the address gives an HTML page"
    return "not an RSS or Atom feed"


def _entry(raw: Any, feed_language: str | None) -> Entry:
    title = clean_line(raw.get("title", ""))
    link = clean_line(raw.get("link", ""))
    published = _written_datetime(raw.get("published") or raw.get("updated") or "") or _datetime(
        raw.get("published_parsed") or raw.get("updated_parsed")
    )
    key = clean_line(raw.get("id", "")) or link or f"{title}\n{published or ''}"
    contents = raw.get("content") or []
    content = max((part.get("value", "") for part in contents), key=len, default="")
    tags = tuple(
        dict.fromkeys(
            clean_line(tag.get("term") or tag.get("label") or "") for tag in raw.get("tags", [])
        )
    )
    detail = raw.get("title_detail") or {}
    return Entry(
        key=key,
        title=title,
        link=link,
        author=clean_line(raw.get("author", "")),
        published=published,
        language=language_code(detail.get("language")) or feed_language,
        tags=tuple(tag for tag in tags if tag),
        summary_html=raw.get("summary", "") or "",
        content_html=content,
    )


def _written_datetime(text: str) -> dt.datetime | None:
    """The date as the feed writes it, in its own time zone: the article's day is the one its
    readers saw (feedparser's parsed form is in UTC, which moves late-evening news a day)."""
    from email.utils import parsedate_to_datetime

    text = text.strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _datetime(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser gives UTC struct_times; a date it could not read is None."""
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _distinct_keys(entries: list[Entry]) -> list[Entry]:
    """Entries that share an id but are not the same entry (a broken CMS gives every entry
    one guid) are told apart by their link and title, so none overwrites another."""
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.key] = counts.get(entry.key, 0) + 1
    return [
        entry if counts[entry.key] == 1
        else Entry(**{**entry.__dict__, "key": f"{entry.key}\n{entry.link}\n{entry.title}"})
        for entry in entries
    ]
