"""`rubrique entity NAME`: one person, organisation or place through the library.

Kept apart from reader/cli.py, which registers it; the page comes from `Library.entity`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from reader import timeline

ENTITY_COMMANDS = ("entity",)
KIND_NAMES = {"person": "person", "organization": "organisation", "place": "place",
              "other": "other name"}
TIMELINE_WIDTH = 40


def add_parsers(commands: Any) -> None:
    """Add `entity` to the `rubrique COMMAND` subparsers."""
    entity = commands.add_parser(
        "entity", help="one person, organisation or place: names, timeline, co-mentions"
    )
    entity.add_argument("name", help="e.g. 'Musk', 'Elon Musk', 'États-Unis'")
    entity.add_argument("--limit", type=int, default=20, metavar="N",
                        help="articles listed (JSON lists them all)")
    entity.add_argument("--index", type=Path, metavar="DIR", help="index folder to use")
    entity.add_argument("--corpus", type=Path, metavar="PATH",
                        help="article folder (default: samples)")
    entity.add_argument("--json", action="store_true", help="print JSON")


def page_data(page: Any, others: list[Any]) -> dict[str, Any]:
    """The JSON shape documented in the README."""
    from index.names import shown_name

    return {
        "kind": page.kind,
        "key": page.key,
        "label": page.label,
        "count": page.count,
        "aliases": [
            {"kind": a.kind, "key": a.key, "label": a.label, "articles": a.articles,
             "confidence": round(a.confidence, 2), "reason": a.reason}
            for a in page.aliases
        ],
        "spellings": [
            {"label": s.label, "language": s.language, "articles": s.articles}
            for s in page.spellings
        ],
        "languages": dict(page.languages),
        "months": [{"month": p.label, "articles": p.articles} for p in page.months],
        "weeks": [{"week": p.label, "articles": p.articles} for p in page.weeks],
        "undated": page.undated,
        "co_mentions": [
            {"kind": c.kind, "key": c.key, "label": c.label, "shared": c.shared,
             "articles": c.articles, "score": round(c.score, 3)}
            for c in page.co_mentions
        ],
        "articles": [
            {"id": s.id, "path": shown_name(s.path), "title": s.title,
             "date": s.date.isoformat() if s.date else None, "language": s.language}
            for s in page.articles
        ],
        "may_be": [_ref(ref) for ref in page.may_be],
        "other_matches": [_ref(ref) for ref in others],
    }


def _ref(ref: Any) -> dict[str, Any]:
    return {"kind": ref.kind, "key": ref.key, "label": ref.label, "articles": ref.articles}


def _run_entity(args: argparse.Namespace) -> int:
    from reader.cli import CliError, _console, _emit, _ensure_index, _library

    library = _library(args.corpus, args.index)
    _ensure_index(library, not args.json)
    found = library.find_entity(args.name)
    if not found:
        raise CliError(f"no person, organisation or place called {args.name!r}")
    best, others = found[0], found[1:]
    page = library.entity(best.kind, best.key)
    if page is None:
        raise CliError(f"no person, organisation or place called {args.name!r}")
    if args.json:
        _emit(page_data(page, others))
        return 0
    _print_page(_console(), page, others, max(0, args.limit))
    return 0


def _print_page(console: Any, page: Any, others: list[Any], limit: int) -> None:
    from rich.text import Text

    from index.names import shown_name
    from reader import labels

    def line(*parts: tuple[str, str] | str) -> None:
        console.print(Text.assemble(*parts))

    languages = ", ".join(f"{code} {count}" for code, count in page.languages)
    line((page.label, "bold"), f"  {KIND_NAMES.get(page.kind, page.kind)} · "
         f"{labels.articles(page.count)} ({languages})")
    if page.may_be:
        line(("May be: ", "bold"), "; ".join(f"{r.label} ({labels.articles(r.articles)})"
                                          for r in page.may_be))
    written: dict[str, list[str]] = {}
    for spelling in page.spellings:
        written.setdefault(spelling.label, []).append(spelling.language)
    line(("Written ", "bold"), "; ".join(f"{label} ({', '.join(langs)})"
                                      for label, langs in written.items()))
    if len(page.aliases) > 1:
        line(("Merged", "bold"))
        for alias in page.aliases[1:]:
            line(f"  {alias.label} ({labels.articles(alias.articles)}): ",
                 (f"{alias.reason}, {alias.confidence:.0%} sure", "dim"))
    periods = timeline.rows(page.weeks or page.months)
    line(("By week" if page.weeks else "By month", "bold"),
         f" ({page.undated} undated)" if page.undated else "")
    for text in timeline.lines(periods, TIMELINE_WIDTH):
        line(f"  {text}")
    if page.co_mentions:
        line(("Mentioned with", "bold"))
        for other in page.co_mentions:
            line(f"  {other.label}", (f"  {KIND_NAMES.get(other.kind, other.kind)}, "
                                      f"in {other.shared} of these articles", "dim"))
    line((f"Articles, newest first ({page.count})", "bold"))
    for summary in page.articles[:limit]:
        date = summary.date.isoformat() if summary.date else "no date   "
        line(f"  {date}  {summary.language}  {summary.title}",
             (f"  {shown_name(summary.path)}", "dim"))
    if page.count > limit:
        line((f"  … {page.count - limit} more (--limit N)", "dim"))
    if others:
        line(("Other matches: ", "bold"),
             "; ".join(f"{r.label} ({KIND_NAMES.get(r.kind, r.kind)})" for r in others))


RUNNERS = {"entity": _run_entity}
