"""A `Document` (article + analysis) as the JSON the index stores beside each entry.

Storing the whole document means `Library.get()` never re-reads or re-analyses a file.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from index.models import Analysis, Article, Block, Document, Mention


def dump_document(document: Document) -> str:
    article, analysis = document.article, document.analysis
    data: dict[str, Any] = {
        "article": {
            "id": article.id,
            "path": article.path,
            "title": article.title,
            "entry_id": article.entry_id,
            "blocks": [[block.kind, block.text] for block in article.blocks],
            "author": article.author,
            "date": article.date.isoformat() if article.date else None,
            "language": article.language,
            "tags": list(article.tags),
            "kickers": list(article.kickers),
            "lede": article.lede,
            "source_url": article.source_url,
            "format": article.format,
            "content_hash": article.content_hash,
        },
        "analysis": {
            "language": analysis.language,
            "keywords": list(analysis.keywords),
            "mentions": [
                [m.text, m.kind, m.start, m.end, m.key] for m in analysis.mentions
            ],
        },
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def load_document(payload: str) -> Document:
    data = json.loads(payload)
    a = data["article"]
    article = Article(
        id=a["id"],
        path=a["path"],
        title=a["title"],
        entry_id=a.get("entry_id", ""),
        blocks=tuple(Block(kind=kind, text=text) for kind, text in a["blocks"]),
        author=a["author"],
        date=dt.date.fromisoformat(a["date"]) if a["date"] else None,
        language=a["language"],
        tags=tuple(a["tags"]),
        kickers=tuple(a["kickers"]),
        lede=a["lede"],
        source_url=a["source_url"],
        format=a["format"],
        content_hash=a["content_hash"],
    )
    n = data["analysis"]
    analysis = Analysis(
        language=n["language"],
        keywords=tuple(n["keywords"]),
        mentions=tuple(
            Mention(text=text, kind=kind, start=start, end=end, key=key)
            for text, kind, start, end, key in n["mentions"]
        ),
    )
    return Document(article=article, analysis=analysis)
