"""RSS and Atom feed files (LAYOUT.md §4): every entry is one article.

feedparser reads the dialects and sanitises entry HTML; the entry's full content
(`content:encoded`, Atom `<content>`) goes through the same HTML-to-blocks walk as HTML pages,
falling back to the summary. The summary is the lede unless it merely repeats the start of the
content, in which case the first paragraph is.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from index.models import Block
from index.readers.blocks import fragment_blocks, iter_strings, same_text, split_lede, unique
from index.readers.dates import parse_date
from index.readers.errors import ReadError
from index.readers.markdown import language_code
from index.readers.parsed import ParsedArticle
from index.readers.text import clean_block, clean_line, reject_binary


def parse_feed(data: bytes) -> list[ParsedArticle]:
    """Entries of an RSS/Atom document; ReadError when the bytes are not a feed."""
    import feedparser

    # Only the first 4 KB, as feeds always were; a NUL further on is left to feedparser.
    reject_binary(data, "a feed", window=4096)
    if not data.strip():
        raise ReadError("empty file")
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({clean_line(reason)})" if reason else ""
        raise ReadError(f"not an RSS or Atom feed{detail}")
    if not parsed.entries:
        raise ReadError("feed has no entries")
    feed_language = language_code(parsed.feed.get("language"))
    entries: list[ParsedArticle] = []
    seen: set[str] = set()
    for position, entry in enumerate(parsed.entries, start=1):
        read = _entry(entry, position, feed_language)
        if read is None or read.entry_id in seen:
            continue
        seen.add(read.entry_id)
        entries.append(read)
    if not entries:
        raise ReadError("feed entries have neither title nor text")
    return entries


def _entry(entry: Any, position: int, feed_language: str | None) -> ParsedArticle | None:
    title = _plain(entry.get("title", ""))
    content = _content(entry)
    summary = entry.get("summary", "") or ""
    blocks = fragment_blocks(content) if content else []
    summary_blocks = fragment_blocks(summary) if summary else []
    summary_text = clean_block("\n".join(block.text for block in summary_blocks))
    if not blocks:
        blocks, summary_text = summary_blocks, ""
    if summary_text and not _repeats_start(summary_text, blocks):
        lede = summary_text
    else:
        lede, blocks = split_lede(blocks)
    if not title and not (lede or blocks):
        return None
    link = clean_line(entry.get("link", ""))
    entry_id = clean_line(entry.get("id", "")) or link or f"entry-{position}"
    date = None
    for key in ("published", "updated", "created"):
        date = parse_date(_field(entry, key))
        if date is not None:
            break
    authors = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
    if not any(authors):
        authors = [entry.get("author", "")]
    return ParsedArticle(
        entry_id=entry_id,
        title=title or _first_words(lede or blocks[0].text),
        content_hash=_hash(entry_id, entry),
        author=", ".join(unique(authors)),
        date=date,
        language=_language(entry) or feed_language,
        tags=unique(iter_strings(entry.get("tags", []))),
        source_url=link if link.startswith(("http://", "https://")) else "",
        lede=lede,
        blocks=blocks,
    )


def _field(entry: Any, key: str) -> Any:
    """A field as the feed has it; feedparser's own `get` maps a missing `updated` onto
    `published` with a deprecation warning."""
    return dict.get(entry, key)


def _content(entry: Any) -> str:
    """The entry's full text: the HTML variant of `content` when there are several."""
    contents = [c for c in entry.get("content", []) if isinstance(c, dict) and c.get("value")]
    for wanted in ("html", ""):
        for item in contents:
            if wanted in (item.get("type") or ""):
                return str(item["value"])
    return ""


def _plain(value: str) -> str:
    """Titles may be HTML (Atom type="html"): keep only their text."""
    if "<" in value:
        blocks = fragment_blocks(value)
        value = " ".join(block.text for block in blocks)
    return clean_line(value)


def _language(entry: Any) -> str | None:
    for key in ("content", "summary_detail", "title_detail"):
        detail = entry.get(key)
        if isinstance(detail, list):
            detail = detail[0] if detail else None
        if isinstance(detail, dict) and detail.get("language"):
            return language_code(detail["language"])
    return None


def _repeats_start(summary: str, blocks: list[Block]) -> bool:
    """True when the summary is the body's opening (often cut with "…" or "[…]")."""
    first = next((block.text for block in blocks if block.kind == "paragraph"), "")
    if not first:
        return False
    stem = summary.rstrip(" .…[]").removesuffix("[…").removesuffix("[...").rstrip(" .…")
    return same_text(summary, first) or (len(stem) >= 20 and first.startswith(stem))


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def _hash(entry_id: str, entry: Any) -> str:
    """sha256 of the entry id and the entry's own fields: changes when this entry changes."""
    fields = {
        key: _field(entry, key)
        for key in ("title", "link", "published", "updated", "author", "summary")
    }
    fields["content"] = [c.get("value") for c in entry.get("content", []) if isinstance(c, dict)]
    fields["tags"] = list(iter_strings(entry.get("tags", [])))
    payload = json.dumps([entry_id, fields], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
