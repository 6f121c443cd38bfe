"""A `Document` (article + analysis) as the JSON the index stores beside each entry.

Storing the whole document means `Library.get()` never re-reads or re-analyses a file.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from index.models import (
    Analysis,
    Article,
    Block,
    Document,
    KeywordCandidates,
    KeywordPhrase,
    KeywordTerm,
    Mention,
)


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
            "candidates": _dump_candidates(analysis.candidates),
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
        candidates=_load_candidates(n.get("candidates")),
    )
    return Document(article=article, analysis=analysis)


def _dump_candidates(candidates: KeywordCandidates) -> dict[str, Any]:
    """Compact rows: an article keeps a few dozen candidates, stored with every entry."""
    return {
        "words": candidates.words,
        "terms": [
            [t.key, t.count, round(t.first, 4), int(t.title), float(f"{t.frequency:.3g}"),
             int(t.name)]
            for t in candidates.terms
        ],
        "phrases": [
            [p.key, p.display, list(p.words), p.count, p.fit, int(p.entity)]
            for p in candidates.phrases
        ],
    }


def _load_candidates(data: dict[str, Any] | None) -> KeywordCandidates:
    """Payloads written before candidates were kept load with none (keywords as stored)."""
    if not data:
        return KeywordCandidates()
    return KeywordCandidates(
        terms=tuple(
            KeywordTerm(key=key, count=count, first=first, title=bool(title),
                        frequency=frequency, name=bool(name))
            for key, count, first, title, frequency, name in data["terms"]
        ),
        phrases=tuple(
            KeywordPhrase(key=key, display=display, words=tuple(words), count=count, fit=fit,
                          entity=bool(entity))
            for key, display, words, count, fit, entity in data["phrases"]
        ),
        words=data["words"],
    )
