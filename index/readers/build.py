"""From file bytes to `Article`s: picks the format's parser and fills the shared fields."""

from __future__ import annotations

from pathlib import Path

from index.models import Article
from index.readers.blocks import article_id, bytes_hash, relative_path
from index.readers.parsed import ParsedArticle
from index.readers.text import decode


def build_articles(fmt: str, data: bytes, path: Path, root: Path) -> list[Article]:
    """`fmt` is one of "text", "markdown", "html", "feed" (also the Article's `format`)."""
    rel = relative_path(path, root)
    file_hash = "" if fmt == "feed" else bytes_hash(data)
    return [_article(record, rel, fmt, file_hash) for record in _parse(fmt, data, path)]


def _parse(fmt: str, data: bytes, path: Path) -> list[ParsedArticle]:
    # Imported on first use, as before this module existed: importing index.readers stays cheap.
    if fmt == "feed":
        from index.readers.feed import parse_feed

        return parse_feed(data)
    if fmt == "html":
        from index.readers.html import decode_html, parse_html

        return [parse_html(decode_html(data))]
    if fmt == "markdown":
        from index.readers.markdown import parse_markdown

        return [parse_markdown(decode(data), fallback_title=path.stem)]
    from index.readers.plain import parse_plain

    return [parse_plain(decode(data))]


def _article(record: ParsedArticle, rel: str, fmt: str, file_hash: str) -> Article:
    return Article(
        id=article_id(rel, record.entry_id),
        path=rel,
        title=record.title,
        entry_id=record.entry_id,
        blocks=tuple(record.blocks),
        author=record.author,
        date=record.date,
        language=record.language,
        tags=record.tags,
        kickers=record.kickers,
        lede=record.lede,
        source_url=record.source_url,
        format=fmt,
        content_hash=record.content_hash or file_hash,
        warnings=tuple(record.warnings),
    )
