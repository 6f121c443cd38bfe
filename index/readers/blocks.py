"""Helpers shared by the readers: ids, hashes, paths, and the HTML-to-blocks walk.

The walk serves both HTML pages (on trafilatura's cleaned tree, whose tags are `head`, `p`,
`list`/`item`, `quote`, `hi`, `ref`) and feed entries (on the entry's own HTML, with `h2`, `p`,
`ul`/`li`, `blockquote`), so an article reads the same whichever way it arrived.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.models import Block
from index.readers.text import clean_block, clean_line

# Tags whose content is never article text.
_SKIP = {
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
    "iframe", "svg", "figure", "figcaption", "img", "graphic", "head_meta", "select", "input",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "head"}
_PARAGRAPHS = {"p", "li", "item", "dd", "dt", "pre", "code_block", "td", "th", "address"}
_CONTAINERS = {
    "div", "section", "article", "main", "body", "html", "list", "ul", "ol", "dl", "quote",
    "blockquote", "table", "tbody", "thead", "tr", "row", "cell", "doc", "header", "hgroup",
    "center", "details", "summary",
}
_SPACE = re.compile(r"\s+")


def article_id(relative_path: str, entry_id: str = "") -> str:
    """First 16 hex digits of sha1("<path>") or sha1("<path>#<entry id>"): stable across runs."""
    key = f"{relative_path}#{entry_id}" if entry_id else relative_path
    # surrogateescape: a file name that is not UTF-8 hashes as its real bytes.
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=16)
def _resolved_root(root: Path) -> Path:
    """A scan's root, resolved once: resolving walks every folder above it (a stat each),
    a third of reading a small file when done again per file."""
    return root.resolve()


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes; the file name when `root` is not above it."""
    try:
        relative = path.resolve().relative_to(_resolved_root(root))
    except ValueError:
        return path.name
    text = relative.as_posix()
    return path.name if text in ("", ".") else text


def html_blocks(root: Any) -> list[Block]:
    """Paragraph and heading blocks from an lxml element, in document order."""
    blocks: list[Block] = []
    _walk(root, blocks)
    return [block for block in blocks if block.text]


def _tag(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return "#"
    return tag.rsplit("}", 1)[-1].lower()


def _walk(element: Any, blocks: list[Block]) -> None:
    tag = _tag(element)
    if tag == "#" or tag in _SKIP:
        return
    if tag in _HEADINGS:
        text = inline_text(element)
        if text:
            blocks.append(Block("heading", clean_line(text)))
        return
    if tag in _PARAGRAPHS or (tag not in _CONTAINERS and not _has_block_child(element)):
        text = inline_text(element, keep_breaks=True)
        if text:
            blocks.append(Block("paragraph", clean_block(text)))
        return
    # A container: its loose text and tails form paragraphs between the child blocks.
    loose: list[str] = [element.text or ""]
    for child in element:
        child_tag = _tag(child)
        if child_tag in _HEADINGS or child_tag in _PARAGRAPHS or child_tag in _CONTAINERS \
                or child_tag in _SKIP or _has_block_child(child):
            _flush(loose, blocks)
            _walk(child, blocks)
        else:
            loose.append(inline_text(child, keep_breaks=True))
        loose.append(child.tail or "")
    _flush(loose, blocks)


def _flush(loose: list[str], blocks: list[Block]) -> None:
    text = clean_block(_squeeze("".join(loose)))
    if text:
        blocks.append(Block("paragraph", text))
    loose.clear()


def _has_block_child(element: Any) -> bool:
    return any(
        _tag(child) in _HEADINGS or _tag(child) in _PARAGRAPHS or _tag(child) in _CONTAINERS
        for child in element
    )


def inline_text(element: Any, keep_breaks: bool = False) -> str:
    """The text of an element with inline markup dropped; `<br>` kept as a newline if asked."""
    parts: list[str] = []
    _inline(element, parts, keep_breaks, top=True)
    return _squeeze("".join(parts))


def _inline(element: Any, parts: list[str], keep_breaks: bool, top: bool = False) -> None:
    tag = _tag(element)
    if tag in _SKIP and not top:
        parts.append(element.tail or "")
        return
    if tag in ("br", "lb"):
        parts.append("\n" if keep_breaks else " ")
    elif tag != "#":
        parts.append(element.text or "")
        for child in element:
            _inline(child, parts, keep_breaks)
        if tag in _PARAGRAPHS or tag in _HEADINGS:
            parts.append(" ")
    if not top:
        parts.append(element.tail or "")


def _squeeze(text: str) -> str:
    """Collapse HTML whitespace, keeping the newlines that came from `<br>`."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fragment_blocks(html: str) -> list[Block]:
    """Blocks from an HTML fragment (a feed entry's content); plain text gives paragraphs."""
    if "<" not in html:
        return text_paragraphs(html)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return text_paragraphs(html)
    return html_blocks(root)


def text_paragraphs(text: str) -> list[Block]:
    """Paragraphs of plain text; a part that cleaning empties (control characters) is none."""
    cleaned = (clean_block(" ".join(part.split())) for part in re.split(r"\n\s*\n", text))
    return [Block("paragraph", paragraph) for paragraph in cleaned if paragraph]


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Non-empty items in first-seen order, without case-insensitive repeats."""
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        cleaned = clean_line(item)
        key = cleaned.casefold()
        if cleaned and key not in seen:
            seen.add(key)
            kept.append(cleaned)
    return tuple(kept)


def split_lede(blocks: list[Block]) -> tuple[str, list[Block]]:
    """The first paragraph as lede (removed from the blocks), when no source names one."""
    for index, block in enumerate(blocks):
        if block.kind == "paragraph":
            return block.text, blocks[:index] + blocks[index + 1:]
    return "", blocks


def same_text(a: str, b: str) -> bool:
    return _fold(a) == _fold(b)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def iter_strings(value: Any) -> Iterator[str]:
    """Strings from a YAML/feed value that may be a string, a list, or a list of dicts."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in ("term", "label", "name", "value"):
            if value.get(key):
                yield str(value[key])
                return
    elif isinstance(value, Iterable):
        for item in value:
            yield from iter_strings(item)
    else:
        yield str(value)
