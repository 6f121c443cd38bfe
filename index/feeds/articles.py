"""Feed entries and web pages written as Markdown article files with YAML front matter.

The files are the library: any editor, grep or static-site tool reads them, and the index is
rebuilt from them. A file's name is a readable slug of the title plus a short hash of what
identifies the entry (its id, else its link), so fetching the same entry again finds the file
it already wrote, even when the title has changed since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from index.feeds.subscriptions import write_atomically
from index.models import Block
from index.readers.blocks import fragment_blocks
from index.readers.text import clean_block

HASH_CHARS = 10
SLUG_CHARS = 60
_SLUG_GAPS = re.compile(r"[^\w]+")
_NAME_HASH = re.compile(rf"-([0-9a-f]{{{HASH_CHARS}}})\.md$")
_MARKDOWN_START = re.compile(r"^(\s*)([#>+\-*]|\d+[.)])(\s)")


@dataclass(frozen=True)
class ArticleFile:
    """What goes into one article file."""

    key: str
    title: str
    body: str
    """Markdown."""
    source: str = ""
    author: str = ""
    published: dt.datetime | dt.date | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    feed: str = ""
    feed_url: str = ""
    site: str = ""
    """For a saved page: the site's name."""
    summary: str = ""


def key_hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]


def slug(title: str) -> str:
    """Lower case, accents folded, one dash between words; letters of any script kept."""
    folded = unicodedata.normalize("NFKD", title)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = _SLUG_GAPS.sub("-", folded).replace("_", "-").strip("-")
    cut = words[:SLUG_CHARS].rstrip("-")
    return cut or "article"


def file_name(title: str, key: str) -> str:
    return f"{slug(title)}-{key_hash(key)}.md"


def saved_hashes(folder: Path) -> set[str]:
    """The entry hashes of the files already in a folder, whatever their title part says."""
    try:
        names = [entry.name for entry in folder.iterdir()]
    except (FileNotFoundError, NotADirectoryError):
        return set()
    return {match.group(1) for name in names if (match := _NAME_HASH.search(name))}


def write_article(folder: Path, article: ArticleFile, known: set[str] | None = None) -> Path | None:
    """Write the article unless an article of the same key is in the folder: None then."""
    digest = key_hash(article.key)
    known = saved_hashes(folder) if known is None else known
    if digest in known:
        return None
    path = folder / file_name(article.title, article.key)
    write_atomically(path, render(article))
    known.add(digest)
    return path


def render(article: ArticleFile) -> str:
    meta: dict[str, Any] = {"title": article.title or "Untitled"}
    if article.author:
        meta["author"] = article.author
    if article.published is not None:
        meta["date"] = article.published.isoformat()
    if article.source:
        meta["source"] = article.source
    if article.feed:
        meta["feed"] = article.feed
    if article.feed_url:
        meta["feed_url"] = article.feed_url
    if article.site:
        meta["site"] = article.site
    if article.language:
        meta["language"] = article.language
    if article.tags:
        meta["tags"] = list(article.tags)
    if article.summary:
        meta["summary"] = article.summary
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    body = article.body.strip() or article.summary or article.title
    return f"---\n{front}---\n\n{body}\n"


def blocks_markdown(blocks: Iterable[Block]) -> str:
    """Blocks as Markdown; a paragraph that would read as Markdown syntax is escaped."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            parts.append("## " + " ".join(block.text.split()))
        else:
            lines = [_MARKDOWN_START.sub(r"\1\\\2\3", line) for line in block.text.split("\n")]
            parts.append("  \n".join(lines))
    return "\n\n".join(parts)


def html_markdown(html: str) -> str:
    return blocks_markdown(fragment_blocks(html)) if html.strip() else ""


def html_text(html: str) -> str:
    """A summary as one plain paragraph, for the front matter."""
    return clean_block(" ".join(block.text for block in fragment_blocks(html))) if html else ""
