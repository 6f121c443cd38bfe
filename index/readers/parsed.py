"""What every format parser returns: one article's fields, before it gets its identity.

The parsers know the content; `build` adds what depends on where the file is (id, path) and
what format it was, so the four formats fill `Article` in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from index.models import Block


@dataclass
class ParsedArticle:
    title: str
    author: str = ""
    date: dt.date | None = None
    language: str | None = None
    """Declared by the source; None when it only hints (a plain-text byline's wording)."""
    tags: tuple[str, ...] = ()
    kickers: tuple[str, ...] = ()
    lede: str = ""
    source_url: str = ""
    blocks: list[Block] = field(default_factory=list)
    entry_id: str = ""
    """Feed entries only: the entry's guid/id, else its link, else "entry-<position>"."""
    content_hash: str = ""
    """Feed entries hash their own fields; empty means the hash of the file's bytes."""
    warnings: list[str] = field(default_factory=list)
    """What the file got wrong that the parser worked around; becomes `Article.warnings`."""
