"""From file bytes to `Article`s: picks the format's parser and fills the shared fields."""

from __future__ import annotations

from pathlib import Path

from index.models import Article
from index.readers.blocks import article_id, bytes_hash, relative_path
from index.readers.errors import ReadError
from index.readers.text import decode


def build_articles(fmt: str, data: bytes, path: Path, root: Path) -> list[Article]:
    rel = relative_path(path, root)
    if fmt == "feed":
        return _feed(data, rel)
    digest = bytes_hash(data)
    ident = article_id(rel)
    if fmt == "html":
        from index.readers.html import decode_html, parse_html

        if not data.strip():
            raise ReadError("empty file")
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError("binary file, not text (contains NUL bytes)")
        page = parse_html(decode_html(data))
        return [Article(
            id=ident, path=rel, title=page.title, blocks=tuple(page.blocks), author=page.author,
            date=page.date, language=page.language, tags=page.tags, lede=page.lede,
            kickers=page.kickers, source_url=page.source_url, format="html", content_hash=digest,
        )]
    text = decode(data)
    if fmt == "markdown":
        from index.readers.markdown import parse_markdown

        doc = parse_markdown(text, fallback_title=path.stem)
        return [Article(
            id=ident, path=rel, title=doc.title, blocks=tuple(doc.blocks), author=doc.author,
            date=doc.date, language=doc.language, tags=doc.tags, lede=doc.lede,
            source_url=doc.source_url, format="markdown", content_hash=digest,
        )]
    from index.readers.plain import parse_plain

    plain = parse_plain(text)
    # The byline's language is a guess from its wording, not a declaration: language stays None.
    return [Article(
        id=ident, path=rel, title=plain.title, blocks=tuple(plain.blocks), author=plain.author,
        date=plain.date, tags=plain.tags, kickers=plain.kickers, lede=plain.lede,
        format="text", content_hash=digest,
    )]


def _feed(data: bytes, rel: str) -> list[Article]:
    from index.readers.feed import parse_feed

    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary file, not a feed (contains NUL bytes)")
    return [
        Article(
            id=article_id(rel, entry.entry_id), path=rel, title=entry.title,
            entry_id=entry.entry_id, blocks=tuple(entry.blocks), author=entry.author,
            date=entry.date, language=entry.language, tags=entry.tags, lede=entry.lede,
            source_url=entry.source_url, format="feed", content_hash=entry.content_hash,
        )
        for entry in parse_feed(data)
    ]
