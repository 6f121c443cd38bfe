"""Markdown articles with YAML front matter (LAYOUT.md §2).

Front matter gives title, author, date, tags, lang/language, source/url and summary/description/
lede. A front matter that is not valid YAML (or not a mapping, or never closed) costs only what
cannot be read: the body is indexed, the fields whose lines read as `key: value` are kept, and the
article carries a warning naming the problem. Skipping the whole article would lose its text.
Markdown syntax is reduced to plain text (link text kept, emphasis markers dropped); `#` headings
below the title become heading blocks.
"""

from __future__ import annotations

import re
from typing import Any

from index.models import Block
from index.readers.blocks import iter_strings, same_text, split_lede, unique
from index.readers.dates import parse_date
from index.readers.errors import ReadError
from index.readers.parsed import ParsedArticle
from index.readers.text import clean_block, clean_line, strip_controls

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ATX = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_FENCE = re.compile(r"^(?:```|~~~)")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_LIST = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CODE = re.compile(r"`+([^`]+?)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")

_TITLE_KEYS = ("title",)
_AUTHOR_KEYS = ("author", "authors", "byline", "creator")
_DATE_KEYS = ("date", "published", "pubdate", "created")
_TAG_KEYS = ("tags", "keywords", "categories", "category")
_LANGUAGE_KEYS = ("lang", "language", "locale")
_SOURCE_KEYS = ("source", "url", "link", "canonical")
_LEDE_KEYS = ("summary", "description", "lede", "standfirst", "excerpt")


def parse_markdown(text: str, fallback_title: str) -> ParsedArticle:
    text = strip_controls(text)
    meta, body, warnings = _front_matter(text)
    blocks, first_heading = _blocks(body)
    title = clean_line(_first(meta, _TITLE_KEYS))
    if not title and first_heading is not None:
        title = first_heading
        blocks = _without_first(blocks, first_heading)
    elif title and blocks and blocks[0].kind == "heading" and same_text(blocks[0].text, title):
        blocks = blocks[1:]  # the body repeats the front-matter title as its "# " heading
    if not title:
        title = fallback_title
    lede = clean_block(" ".join(_first(meta, _LEDE_KEYS).split()))
    if lede:
        lede = _inline(lede)
        if blocks and blocks[0].kind == "paragraph" and same_text(blocks[0].text, lede):
            blocks = blocks[1:]
    else:
        lede, blocks = split_lede(blocks)
    if not (lede or blocks):
        raise ReadError("no article text, only front matter or a title")
    return ParsedArticle(
        title=title,
        author=", ".join(unique(_strings(meta, _AUTHOR_KEYS))),
        date=parse_date(_raw(meta, _DATE_KEYS)),
        language=language_code(_first(meta, _LANGUAGE_KEYS)),
        tags=_tags(meta),
        source_url=clean_line(_first(meta, _SOURCE_KEYS)),
        lede=lede,
        blocks=blocks,
        warnings=warnings,
    )


def language_code(value: object) -> str | None:
    """"fr", "fr-FR", "fr_FR" → "fr"; None for nothing or something that is not a code."""
    text = clean_line(value).lower().replace("_", "-")
    primary = text.split("-", 1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(metadata, body, warnings). A front matter that YAML cannot read still gives the fields
    whose lines read as `key: value`, and the body is always kept: a warning says what was lost."""
    if not text.startswith("---"):
        return {}, text, []
    found = _FRONT_MATTER.match(text)
    if found is None:
        opening = re.match(r"\A---[ \t]*\n", text)
        if opening is None:
            return {}, text, []
        # Never closed: the `key: value` lines up to the first blank line are the front matter.
        rest = text[opening.end():]
        head, _, body = rest.partition("\n\n")
        meta = _fields_by_line(head)
        if not meta:  # a rule above the text, not front matter
            return {}, rest, []
        return meta, body, [_kept("front matter is never closed (no second '---' line)", head)]
    raw = found["yaml"] or ""
    body = text[found.end():]
    import yaml

    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        warning = f"front matter is not valid YAML{where}: {problem}"
        return _fields_by_line(raw), body, [_kept(warning, raw)]
    except (ValueError, TypeError, OverflowError) as error:  # "date: 2025-02-30"
        warning = f"front matter has a value YAML cannot read ({error})"
        return _fields_by_line(raw), body, [_kept(warning, raw)]
    if not isinstance(meta, dict):
        return {}, body, ["front matter is not a list of 'key: value' fields; ignored"]
    return {str(key).lower(): value for key, value in meta.items()}, body, []


_FIELD_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")


def _fields_by_line(raw: str) -> dict[str, Any]:
    """Top-level `key: value` lines, each value read as YAML on its own (so "[a, b]" is a list
    and "2025-03-01" a date) or, when that fails too, as the text it is, quotes trimmed."""
    import yaml

    fields: dict[str, Any] = {}
    for line in raw.split("\n"):
        found = _FIELD_LINE.match(line)
        if found is None or not found["value"]:
            continue
        value: Any = found["value"]
        try:
            value = yaml.safe_load(value)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            value = value.strip("\"'[]{} ")
        if isinstance(value, dict):  # "title: a: b" is one text, not a mapping
            value = found["value"]
        fields.setdefault(found["key"].lower(), value)
    return fields


def _kept(warning: str, raw: str) -> str:
    kept = sorted(_fields_by_line(raw))
    return f"{warning}; kept {', '.join(kept)}" if kept else f"{warning}; no field kept"


def _raw(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if meta.get(key) not in (None, "", []):
            return meta[key]
    return None


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> str:
    return next(iter_strings(_raw(meta, keys)), "")


def _strings(meta: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return list(iter_strings(_raw(meta, keys)))


def _tags(meta: dict[str, Any]) -> tuple[str, ...]:
    raw = _raw(meta, _TAG_KEYS)
    if isinstance(raw, str):
        return unique(raw.split(","))
    return unique(iter_strings(raw))


def _blocks(body: str) -> tuple[list[Block], str | None]:
    """Blocks from Markdown, and the text of the first `# ` heading (the title candidate)."""
    blocks: list[Block] = []
    first_heading: str | None = None
    paragraph: list[str] = []
    fence: list[str] | None = None

    def flush() -> None:
        if paragraph:
            listed = any(line.startswith("• ") for line in paragraph)
            joined = "\n".join(paragraph) if listed else " ".join(paragraph)
            text = clean_block(_inline(joined))
            if text:
                blocks.append(Block("paragraph", text))
            paragraph.clear()

    for raw in body.split("\n"):
        if fence is not None:
            if _FENCE.match(raw.strip()):
                if fence:
                    blocks.append(Block("paragraph", clean_block("\n".join(fence))))
                fence = None
            else:
                fence.append(raw.rstrip())
            continue
        line = raw.strip()
        if _FENCE.match(line):
            flush()
            fence = []
            continue
        line = re.sub(r"^(?:>\s?)+", "", line)  # block quotes read as plain paragraphs
        if not line:
            flush()
            continue
        if heading := _ATX.match(line):
            flush()
            text = clean_line(_inline(heading["text"]))
            if heading["level"] == "#" and first_heading is None and not blocks:
                first_heading = text
            if text:
                blocks.append(Block("heading", text))
            continue
        if _SETEXT.match(line) and len(paragraph) == 1:
            text = clean_line(_inline(paragraph.pop()))
            if line.startswith("=") and first_heading is None and not blocks:
                first_heading = text
            blocks.append(Block("heading", text))
            continue
        if _RULE.match(line) or _REFERENCE.match(line):
            flush()
            continue
        if _LIST.match(line):
            line = "• " + _LIST.sub("", line, count=1)
        paragraph.append(line)
    flush()
    if fence:
        blocks.append(Block("paragraph", clean_block("\n".join(fence))))
    return blocks, first_heading


def _without_first(blocks: list[Block], heading: str) -> list[Block]:
    for index, block in enumerate(blocks):
        if block.kind == "heading" and block.text == heading:
            return blocks[:index] + blocks[index + 1:]
    return blocks


def _inline(text: str) -> str:
    """Markdown inline syntax to plain text: link text kept, markers and images dropped."""
    text = _CODE.sub(r"\1", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(m.lastindex or 1), text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)
