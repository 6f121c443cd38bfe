"""A web page's main content and metadata, extracted with trafilatura.

Used for `rubrique save URL` and for feeds whose entries carry only a summary when the user
asked for full text. trafilatura drops navigation, ads and comments far better than any walk
of the page we would write.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from index.feeds.http import Fetched, FetchError, known_charset
from index.readers.dates import parse_date
from index.readers.markdown import language_code
from index.readers.text import clean_line

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z-]{2,12})", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    body: str
    """Markdown: paragraphs, sub-headings and lists."""
    author: str = ""
    published: dt.date | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    site: str = ""


def page_text(fetched: Fetched) -> str:
    """The page as text: the charset the server declares, else the page's own or a guess."""
    from index.readers.errors import ReadError
    from index.readers.html import decode_html

    if fetched.charset:
        if not known_charset(fetched.charset):
            raise FetchError(f"unknown charset {fetched.charset!r}")
        return fetched.body.decode(fetched.charset, errors="replace")
    try:
        return decode_html(fetched.body)
    except ReadError as error:
        raise FetchError(f"not a readable page: {error}") from None


def extract_page(fetched: Fetched) -> Page:
    import trafilatura

    if fetched.content_type and not any(
        kind in fetched.content_type.lower() for kind in ("html", "xml", "text/plain")
    ):
        kind = fetched.content_type.split(";")[0].strip()
        raise FetchError(f"not a web page ({kind})")
    html = page_text(fetched)
    body = trafilatura.extract(
        html, url=fetched.url, output_format="markdown", include_formatting=True,
        include_comments=False, with_metadata=False,
    )
    if not body or not body.strip():
        raise FetchError("no article text found on the page")
    meta = trafilatura.bare_extraction(html, url=fetched.url, with_metadata=True,
                                       include_comments=False)
    title = clean_line(getattr(meta, "title", "") or "")
    body = _without_title(body, title)
    tags = [
        clean_line(tag)
        for field in ("tags", "categories")
        for value in (getattr(meta, field, None) or [])
        for tag in str(value).split(",")
    ]
    declared = _HTML_LANG.search(fetched.body[:8192])
    language = language_code(declared.group(1).decode("ascii")) if declared else None
    return Page(
        url=fetched.url,
        title=title,
        body=body.strip(),
        author=clean_line(getattr(meta, "author", "") or ""),
        published=parse_date(getattr(meta, "date", None)),
        language=language or language_code(getattr(meta, "language", None)),
        tags=tuple(dict.fromkeys(tag for tag in tags if tag)),
        site=clean_line(getattr(meta, "sitename", "") or ""),
    )


def _without_title(body: str, title: str) -> str:
    """trafilatura repeats the title as the first heading; the front matter already has it."""
    lines = body.lstrip().split("\n", 1)
    first = lines[0].lstrip("#").strip()
    if title and lines[0].startswith("#") and first == title:
        return lines[1] if len(lines) > 1 else ""
    return body
