"""A Library frozen in a JSON file, so snapshot tests show the UI, not today's analysis.

The keywords, entities and related articles of the real index change whenever analysis
improves; screenshots of the reader should change only when the reader does. The frozen file
holds what the real Library answered for a handful of sample articles.

    /work/venv/bin/python tests/frozen_library.py   # refreeze from the current index code
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index.models import (
    Hit,
    Related,
    ScanProgress,
    ScanReport,
    SearchResult,
    Summary,
    Topic,
)
from index.payload import dump_document, load_document
from reader.rows import SummaryRows

FROZEN = Path(__file__).resolve().parent / "fixtures" / "reader" / "frozen_library.json"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
ARTICLES = 10
QUERIES = ("stargate musk",)


def _summary(data: dict[str, Any]) -> Summary:
    import datetime as dt

    date = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    return Summary(data["id"], data["path"], data["title"], date, data["language"])


def _summary_dict(summary: Summary) -> dict[str, Any]:
    data = asdict(summary)
    data["date"] = summary.date.isoformat() if summary.date else None
    return data


class FrozenLibrary:
    """Answers like `index.library.Library` from the frozen file; scanning finds nothing new."""

    def __init__(self, index_dir: Path) -> None:
        data = json.loads(FROZEN.read_text(encoding="utf-8"))
        self.index_dir = index_dir
        self.documents = {doc.id: doc for doc in map(load_document, data["documents"])}
        self._summaries = [_summary(item) for item in data["articles"]]
        self._related = {
            key: [Related(_summary(r["summary"]), r["score"], tuple(r["reasons"])) for r in value]
            for key, value in data["related"].items()
        }
        self._topics_of = {
            key: [Topic(**topic) for topic in value] for key, value in data["topics_of"].items()
        }
        by_id = {summary.id: summary for summary in self._summaries}
        self._with = {
            (item["kind"], item["key"]): [by_id[key] for key in item["articles"]]
            for item in data["articles_with"]
        }
        self._searches = {
            query: SearchResult(
                query=query,
                total=result["total"],
                hits=tuple(
                    Hit(_summary(h["summary"]), h["score"], h["snippet"],
                        tuple(tuple(span) for span in h["highlights"]))  # type: ignore[misc]
                    for h in result["hits"]
                ),
                suggestion=result["suggestion"],
                error=result["error"],
            )
            for query, result in data["searches"].items()
        }

    def scan(self, progress: Any = None, *, rebuild: bool = False, cancelled: Any = None,
             paths: Any = None) -> ScanReport:
        if progress is not None:
            progress(ScanProgress(done=len(self._summaries), total=len(self._summaries)))
        return ScanReport(indexed=0, updated=0, removed=0, skipped=(), seconds=0.0)

    def end_analysis(self) -> None:
        """No analysis process to end."""

    def count(self) -> int:
        return len(self._summaries)

    def languages(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for summary in self._summaries:
            counts[summary.language] = counts.get(summary.language, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def _ordered(self, order: str) -> list[Summary]:
        if order == "title":
            return sorted(self._summaries, key=lambda s: s.title.casefold())
        return list(self._summaries)

    def articles(self, order: str = "date") -> list[Summary]:
        return self._ordered(order)

    def get(self, ref: str, ranked: bool = True) -> Any:
        return self.documents.get(ref)

    def search(self, query: str, limit: int = 20) -> SearchResult:
        found = self._searches.get(query)
        if found is None:
            return SearchResult(query=query, total=0, hits=())
        return SearchResult(found.query, found.total, found.hits[:limit], found.suggestion,
                            found.error)

    def related(self, article_id: str, limit: int = 10) -> list[Related]:
        return self._related.get(article_id, [])[:limit]

    def topics_of(self, article_id: str) -> list[Topic]:
        return self._topics_of.get(article_id, [])

    def topics(self) -> list[Topic]:
        seen: dict[tuple[str, str], Topic] = {}
        for topics in self._topics_of.values():
            for topic in topics:
                seen[(topic.kind, topic.key)] = topic
        return list(seen.values())

    def articles_with(self, topic: Topic) -> list[Summary]:
        return self._with.get((topic.kind, topic.key), [])

    def glance(self, order: str = "date", keep: str | None = None) -> SummaryRows:
        """The list before the index opens: what `listing` gives (a frozen catalog is level)."""
        return SummaryRows(self._ordered(order))

    def listing(self, order: str = "date", topic: Topic | None = None) -> SummaryRows:
        return SummaryRows(self.articles(order) if topic is None else self.articles_with(topic))

    def story_of(self, article_id: str) -> None:
        """The frozen file holds no stories: the snapshots show articles in none."""
        return None

    def story_answer(self, article_id: str) -> Any:
        """As `story_of`, in the settled answer the reader asks for."""
        from index.story_store import StoryAnswer

        return StoryAnswer(None, True)

    def summaries(self, article_ids: list[str]) -> list[Summary]:
        by_id = {summary.id: summary for summary in self._summaries}
        return [by_id[key] for key in article_ids if key in by_id]


def freeze() -> None:
    """Ask the real Library about the newest sample articles and write the frozen file."""
    from index.library import Library

    with tempfile.TemporaryDirectory() as folder:
        library = Library(SAMPLES, Path(folder) / "index")
        library.scan()
        summaries = library.articles("date")[:ARTICLES]
        kept = {summary.id for summary in summaries}
        documents = [library.get(summary.id) for summary in summaries]
        related = {
            s.id: [r for r in library.related(s.id) if r.summary.id in kept] for s in summaries
        }
        topics_of = {s.id: library.topics_of(s.id) for s in summaries}
        articles_with: dict[tuple[str, str], list[str]] = {}
        for topics in topics_of.values():
            for topic in topics:
                if (topic.kind, topic.key) not in articles_with:
                    members = library.articles_with(topic)
                    articles_with[(topic.kind, topic.key)] = [m.id for m in members if m.id in kept]
        searches = {}
        for query in QUERIES:
            result = library.search(query, limit=200)
            hits = [h for h in result.hits if h.summary.id in kept]
            searches[query] = {
                "total": len(hits),
                "hits": [
                    {"summary": _summary_dict(h.summary), "score": h.score,
                     "snippet": h.snippet, "highlights": [list(span) for span in h.highlights]}
                    for h in hits
                ],
                "suggestion": result.suggestion,
                "error": result.error,
            }
    data = {
        "articles": [_summary_dict(s) for s in summaries],
        "documents": [dump_document(d) for d in documents if d is not None],
        "related": {
            key: [{"summary": _summary_dict(r.summary), "score": r.score,
                   "reasons": list(r.reasons)} for r in value]
            for key, value in related.items()
        },
        "topics_of": {key: [asdict(t) for t in value] for key, value in topics_of.items()},
        "articles_with": [
            {"kind": kind, "key": key, "articles": ids}
            for (kind, key), ids in articles_with.items()
        ],
        "searches": searches,
    }
    FROZEN.parent.mkdir(parents=True, exist_ok=True)
    FROZEN.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"froze {len(summaries)} articles into {FROZEN}")


if __name__ == "__main__":
    freeze()
