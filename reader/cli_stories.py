"""`rubrique stories [--since DATE]`: the articles about one event, grouped across languages.

Kept apart from reader/cli.py, which registers it; the grouping is `index.stories`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

STORY_COMMANDS = ("stories",)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def add_parsers(commands: Any) -> None:
    """Add `stories` to the `rubrique COMMAND` subparsers."""
    stories = commands.add_parser(
        "stories", help="articles about the same event, in any language, grouped"
    )
    stories.add_argument("--since", type=_day, metavar="DATE",
                         help="only stories with an article on or after DATE (YYYY-MM-DD)")
    stories.add_argument("--index", type=Path, metavar="DIR", help="index folder to use")
    stories.add_argument("--corpus", type=Path, metavar="PATH",
                         help="article folder (default: samples)")
    stories.add_argument("--json", action="store_true", help="print JSON")


def story_data(story: Any) -> dict[str, Any]:
    """One story in the JSON shape documented in the README."""
    from index.names import shown_name

    return {
        "headline": story.headline,
        "count": story.count,
        "languages": list(story.languages),
        "first": story.first.isoformat(),
        "last": story.last.isoformat(),
        "names": list(story.names),
        "articles": [
            {"id": s.id, "path": shown_name(s.path), "title": s.title,
             "date": s.date.isoformat() if s.date else None, "language": s.language}
            for s in story.articles
        ],
    }


def _run_stories(args: argparse.Namespace) -> int:
    from reader.cli import _console, _emit, _ensure_index, _library

    library = _library(args.corpus, args.index)
    _ensure_index(library, not args.json)
    found = library.stories(args.since)
    if args.json:
        _emit({"stories": [story_data(story) for story in found]})
        return 0
    from rich.text import Text

    from reader import labels

    console = _console()
    if not found:
        console.print("No story: no two articles about one event.", markup=False)
        return 0
    for story in found:
        span = story.first.isoformat() + (
            f" to {story.last.isoformat()}" if story.last != story.first else "")
        console.print(Text.assemble(
            (story.headline, "bold"),
            (f"\n  {labels.articles(story.count)} · {', '.join(story.languages)} · {span}"
             + (f" · {', '.join(story.names[:4])}" if story.names else ""), "dim"),
        ))
        for summary in story.articles:
            date = summary.date.isoformat() if summary.date else "no date   "
            console.print(f"    {date}  {summary.language}  {summary.title}", markup=False)
    return 0


RUNNERS = {"stories": _run_stories}
