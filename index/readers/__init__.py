"""Readers: one module per file format, all returning `index.models.Article`.

- `plain`: .txt/.text in the news-site layout (or just a title line and paragraphs);
- `markdown`: .md/.markdown with YAML front matter;
- `html`: .html/.htm pages, main content found by trafilatura;
- `feed`: .rss/.atom/.xml, one article per entry (an .xml that is not a feed is a ReadError).

Identity and change detection:
- `Article.id` is the first 16 hex digits of sha1("<relative path>") for one-article files and
  of sha1("<relative path>#<entry id>") for feed entries (`Article.entry_id` holds the entry id:
  its guid/id, else its link, else "entry-<position>").
- `Article.content_hash` is the sha256 of the file's bytes for one-article files; for a feed
  entry it is the sha256 of its entry id and its own fields (title, link, dates, author, tags,
  summary, content), so one new entry in a feed leaves the others' hashes unchanged.
- `Article.language` is the primary subtag the source declares ("de-DE" → "de"), else None.

Every text field is free of control characters and escape sequences (only \\n and \\t survive
in blocks); `read_file` raises `ReadError` with a one-line reason for anything it cannot read,
never another exception for bad content.
"""

from __future__ import annotations

import logging
from pathlib import Path

from index.models import Article
from index.readers.errors import ReadError

__all__ = ["ARTICLE_SUFFIXES", "MAX_FILE_BYTES", "ReadError", "is_article_file", "read_file"]

_FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
ARTICLE_SUFFIXES: frozenset[str] = frozenset(_FORMATS)
MAX_FILE_BYTES = 20_000_000
"""Larger files are skipped: no news article is that long, and reading one would stall a scan."""

_log = logging.getLogger(__name__)


def is_article_file(path: Path) -> bool:
    """Whether a scan should read this file: a known suffix, and not hidden."""
    return not path.name.startswith(".") and path.suffix.lower() in ARTICLE_SUFFIXES


def read_file(path: Path, root: Path) -> list[Article]:
    """The articles in one file (one, or one per feed entry), paths relative to `root`."""
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ReadError(f"not an article file (unknown suffix {path.suffix or '(none)'!r})")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"file too large ({size // 1_000_000} MB)")
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot read file: {error.strerror or error}") from None
    try:
        from index.readers.build import build_articles

        return build_articles(fmt, data, path, root)
    except ReadError:
        raise
    except (RecursionError, MemoryError):
        raise ReadError("file too deeply nested or too large to read") from None
    except Exception as error:  # a reader bug must not stop a scan of thousands of files
        _log.debug("reader failed on %s", path, exc_info=True)
        raise ReadError(
            f"could not read {fmt} file ({type(error).__name__}: {error})", retry=True
        ) from None
