"""The `rubrique` command: open the reader, or index, search and show from the shell.

    rubrique [PATH] [--index DIR]                 open the reader on a folder of articles
    rubrique index [PATH] [--rebuild] [--json]    bring the index of PATH up to date
    rubrique search QUERY [--limit N] [--json]
    rubrique show ARTICLE [--json]                ARTICLE: an id or a path
    rubrique related ARTICLE [--limit N] [--json]
    rubrique topics [--json]
    rubrique feeds add URL [--full-text] | list | remove URL | import FILE.opml | export
    rubrique fetch [FOLDER]                       download new articles from every feed
    rubrique save URL [FOLDER]                    save one web page as an article
    rubrique --version

Every command takes `--index DIR` and `--corpus PATH` (default: the sample articles) and
builds the index first when there is none. `show` also takes any article file, read and
analysed on the spot when no index holds it. The JSON shapes are a contract: keep them
stable. Paths are shown with U+FFFD for bytes of a file name that are not UTF-8.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader import cli_entity, cli_feeds, cli_stories
from reader.cli_entity import ENTITY_COMMANDS
from reader.cli_feeds import FEED_COMMANDS
from reader.cli_stories import STORY_COMMANDS

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "sample_articles"
COMMANDS = (
    "index", "search", "show", "related", "topics", *ENTITY_COMMANDS, *STORY_COMMANDS,
    *FEED_COMMANDS,
)


class CliError(Exception):
    """Ends the command with one line on stderr and exit status 1."""


# -- arguments --------------------------------------------------------------------------------
def _common(parser: argparse.ArgumentParser, corpus_option: bool = True) -> None:
    parser.add_argument("--index", type=Path, metavar="DIR", help="index folder to use")
    if corpus_option:
        parser.add_argument(
            "--corpus", type=Path, metavar="PATH", help="article folder (default: samples)"
        )
    parser.add_argument("--json", action="store_true", help="print JSON")


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rubrique",
        description="Index, search and read a folder of news articles.",
    )
    _version(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    index = commands.add_parser("index", help="build or update the index of a folder")
    index.add_argument("path", nargs="?", type=Path, help="article folder (default: samples)")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    _common(index, corpus_option=False)
    search = commands.add_parser("search", help="search the articles")
    search.add_argument("query", help='e.g. \'stargate lang:fr\' or \'"data centre"\'')
    search.add_argument("--limit", type=int, default=20, metavar="N")
    _common(search)
    show = commands.add_parser("show", help="show one article")
    show.add_argument("article", help="an article id or path")
    _common(show)
    related = commands.add_parser("related", help="articles related to one article")
    related.add_argument("article", help="an article id or path")
    related.add_argument("--limit", type=int, default=10, metavar="N")
    _common(related)
    topics = commands.add_parser("topics", help="tags, keywords and entities with counts")
    _common(topics)
    cli_entity.add_parsers(commands)
    cli_stories.add_parsers(commands)
    cli_feeds.add_parsers(commands)
    return parser


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rubrique",
        description="Read a folder of news articles in the terminal. Other commands: "
        + ", ".join(COMMANDS) + " (rubrique COMMAND --help).",
    )
    parser.add_argument(
        "path", nargs="?", type=Path, default=None, help="article folder (default: samples)"
    )
    parser.add_argument("--index", type=Path, metavar="DIR", help="index folder to use")
    _version(parser)
    return parser


class _Version(argparse.Action):
    """`--version`, looked up only when asked: reading the installed package's metadata
    takes tens of milliseconds that every start of the reader would otherwise pay."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default,
                         help=help or "show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("rubrique")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "unknown"
        print(f"rubrique {number}")
        parser.exit()


def _version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action=_Version)


# -- plumbing ---------------------------------------------------------------------------------
def _corpus_of_index(index_dir: Path | None) -> Path | None:
    """The corpus an existing index folder (given, or $RUBRIQUE_INDEX) was built from."""
    import os

    from index.location import INDEX_ENV
    from index.store import META_FILE

    if index_dir is None and os.environ.get(INDEX_ENV):
        index_dir = Path(os.environ[INDEX_ENV]).expanduser()
    if index_dir is None:
        return None

    try:
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
        return Path(meta["corpus"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _library(corpus: Path | None, index_dir: Path | None) -> Any:
    from index.library import Library

    chosen = corpus or _corpus_of_index(index_dir) or DEFAULT_CORPUS
    if not chosen.exists():
        raise CliError(f"no such file or folder: {chosen}")
    return Library(chosen, index_dir)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (
        TextColumn("Indexing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}")
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(progress: Any) -> None:
            bar.update(
                task,
                completed=progress.done,
                total=progress.total or None,
                description=_shown(progress.path)[-50:],
            )

        yield update


def _ensure_index(library: Any, show_progress: bool) -> None:
    if library.exists():
        return
    with _progress_bar(show_progress) as progress:
        library.scan(progress=progress)


def _emit(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _shown(stored: str) -> str:
    """An article path as people see it (U+FFFD for bytes of a name that are not UTF-8)."""
    from index.names import shown_name

    return shown_name(stored)


def _printable(path: Path | str) -> str:
    from index.names import printable

    return printable(str(path))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


# -- commands ---------------------------------------------------------------------------------
def _run_index(args: argparse.Namespace) -> int:
    corpus = args.path or _corpus_of_index(args.index) or DEFAULT_CORPUS
    library = _library(corpus, args.index)
    with _progress_bar(True) as progress:
        report = library.scan(progress=progress, rebuild=args.rebuild)
    for note in report.notes:
        print(f"rubrique: {note}", file=sys.stderr)
    _print_warnings(report.warnings)
    if args.json:
        _emit(
            {
                "indexed": report.indexed,
                "updated": report.updated,
                "removed": report.removed,
                "skipped": [
                    {"path": _shown(s.path), "reason": s.reason} for s in report.skipped
                ],
                "seconds": report.seconds,
                "warnings": [
                    {"path": _shown(path), "message": message}
                    for path, message in report.warnings
                ],
            }
        )
        return 0
    console = _console()
    if report.rebuilt_because:
        console.print(f"Rebuilt the index: {report.rebuilt_because}.", markup=False)
    console.print(
        f"{_printable(library.corpus)}: {report.indexed} added, {report.updated} updated, "
        f"{report.removed} removed, {len(report.skipped)} skipped, "
        f"{_count(len(report.warnings), 'warning')} in {report.seconds:.1f} s "
        f"({library.count()} articles in "
        f"{_printable(library.index_dir)})",
        markup=False,
    )
    for skipped in report.skipped:
        console.print(f"  skipped {_shown(skipped.path)}: {skipped.reason}", markup=False)
    return 0


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")


def _print_warnings(warnings: tuple[tuple[str, str], ...]) -> None:
    """What reading worked around in indexed files (broken front matter…): on stderr, so a
    script reading the JSON or the summary on stdout is not disturbed, and a person sees it."""
    if not warnings:
        return
    print(f"rubrique: {_count(len(warnings), 'warning')}:", file=sys.stderr)
    for path, message in warnings:
        print(f"  {_shown(path)}: {_printable(message)}", file=sys.stderr)


def _run_search(args: argparse.Namespace) -> int:
    library = _library(args.corpus, args.index)
    _ensure_index(library, not args.json)
    result = library.search(args.query, limit=max(0, args.limit))
    if result.error:
        raise CliError(result.error)
    if args.json:
        _emit(
            {
                "query": result.query,
                "total": result.total,
                "total_exact": result.total_exact,
                "suggestion": result.suggestion,
                "hits": [
                    {
                        "id": hit.summary.id,
                        "path": _shown(hit.summary.path),
                        "title": hit.summary.title,
                        "score": hit.score,
                        "snippet": hit.snippet,
                        "language": hit.summary.language,
                        "date": _iso(hit.summary.date),
                        "copies": hit.copies,
                    }
                    for hit in result.hits
                ],
            }
        )
        return 0
    from rich.text import Text

    console = _console()
    if not result.total:
        hint = f" Did you mean: {result.suggestion}" if result.suggestion else ""
        console.print(f"No article matches {result.query!r}.{hint}", markup=False)
        return 0
    console.print(f"{result.total_label} article(s) match {result.query!r}:", markup=False)
    for hit in result.hits:
        summary = hit.summary
        console.print(
            Text.assemble(
                ("\n" + summary.title, "bold"),
                f"  {_iso(summary.date) or 'undated'} · {summary.language} · "
                f"{_shown(summary.path)}",
                f" (and {hit.copies - 1} copies)" if hit.copies > 1 else "",
            )
        )
        snippet = Text("  " + hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start + 2, end + 2)
        console.print(snippet)
    return 0


def _get(library: Any, ref: str, show_progress: bool) -> tuple[Any, Any]:
    """The document ARTICLE names and the library that holds it. A file outside the
    library's corpus is looked up in the index of a folder above it; None for the library
    when no index holds it."""
    from index.library import library_of

    file = Path(ref).expanduser()
    outside = file.is_file() and not file.resolve().is_relative_to(library.root)
    if not outside:
        _ensure_index(library, show_progress)
        document = library.get(ref)
        if document is not None:
            return document, library
    if file.is_file():
        other = library_of(file)
        document = other.get(str(file.resolve())) if other is not None else None
        if document is not None:
            return document, other
        return None, None
    raise CliError(f"no article {ref!r} in the index of {_printable(library.corpus)}")


def _not_indexed(library: Any, file: Path) -> str:
    inside = file.resolve().is_relative_to(library.root)
    folder = library.corpus if inside else file.resolve().parent
    return (
        f"{_printable(file)} is not in an index; run `rubrique index {_printable(folder)}` "
        "first"
    )


def _run_show(args: argparse.Namespace) -> int:
    from index.library import read_article_file

    library = _library(args.corpus, args.index)
    document, holder = _get(library, args.article, not args.json)
    if holder is None:  # an article file no index holds: read and analysed now
        document = read_article_file(Path(args.article))[0]
    article, analysis = document.article, document.analysis
    if args.json:
        _emit(
            {
                "id": article.id,
                "path": _shown(article.path),
                "title": article.title,
                "author": article.author,
                "date": _iso(article.date),
                "language": analysis.language,
                "tags": list(article.tags),
                "keywords": list(analysis.keywords),
                "entities": [
                    {"text": e.text, "kind": e.kind, "count": e.count} for e in analysis.entities
                ],
                "lede": article.lede,
                "body": article.body,
            }
        )
        return 0
    console = _console()
    if holder is None:
        console.print("(in no index: read and analysed just now)", style="dim", markup=False)
    console.print(article.title, style="bold", markup=False)
    byline = " · ".join(
        part
        for part in (
            article.author, _iso(article.date), analysis.language, _shown(article.path)
        )
        if part
    )
    console.print(byline, style="dim", markup=False)
    if article.tags:
        console.print("Tags: " + ", ".join(article.tags), markup=False)
    if analysis.keywords:
        console.print("Keywords: " + ", ".join(analysis.keywords), markup=False)
    if analysis.entities:
        names = ", ".join(f"{e.text} ({e.kind})" for e in analysis.entities[:15])
        console.print("Entities: " + names, markup=False)
    for part in (article.lede, article.body):
        if part:
            console.print("\n" + part, markup=False)
    return 0


def _run_related(args: argparse.Namespace) -> int:
    library = _library(args.corpus, args.index)
    document, holder = _get(library, args.article, not args.json)
    if holder is None:
        raise CliError(_not_indexed(library, Path(args.article)))
    article = document.article
    related = holder.related(article.id, limit=max(0, args.limit))
    if args.json:
        _emit(
            {
                "article": {
                    "id": article.id, "path": _shown(article.path), "title": article.title
                },
                "related": [
                    {
                        "id": r.summary.id,
                        "path": _shown(r.summary.path),
                        "title": r.summary.title,
                        "score": r.score,
                        "reasons": list(r.reasons),
                    }
                    for r in related
                ],
            }
        )
        return 0
    console = _console()
    console.print(f"Related to {article.title}:", markup=False)
    if not related:
        console.print("  nothing related found", markup=False)
    for item in related:
        console.print(
            f"\n  {item.summary.title}  ({_shown(item.summary.path)})", markup=False
        )
        console.print("    " + "; ".join(item.reasons), style="dim", markup=False)
    return 0


def _run_topics(args: argparse.Namespace) -> int:
    library = _library(args.corpus, args.index)
    _ensure_index(library, not args.json)
    topics = library.topics()
    if args.json:
        _emit(
            {
                "topics": [
                    {"kind": t.kind, "key": t.key, "label": t.label, "count": t.count}
                    for t in topics
                ]
            }
        )
        return 0
    console = _console()
    shared = [t for t in topics if t.count > 1]
    console.print(
        f"{len(topics)} topics, {len(shared)} shared by several articles:", markup=False
    )
    for topic in shared:
        console.print(f"  {topic.count:4d}  {topic.label}  ({topic.kind})", markup=False)
    return 0


def _run_app(args: argparse.Namespace) -> int:
    corpus = args.path or _corpus_of_index(args.index) or DEFAULT_CORPUS
    if not corpus.exists():
        raise CliError(f"no such file or folder: {corpus}")
    from reader.app import RubriqueApp

    RubriqueApp(corpus, args.index).run()
    # The app is gone and its state written: spare the interpreter's last collection of
    # everything the app held (~0.15 s on 3,000 articles), which nothing needs.
    gc.freeze()
    return 0


RUNNERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "index": _run_index,
    "search": _run_search,
    "show": _run_show,
    "related": _run_related,
    "topics": _run_topics,
    **cli_entity.RUNNERS,
    **cli_stories.RUNNERS,
    **cli_feeds.RUNNERS,
}


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments and arguments[0] in COMMANDS:
        args = _command_parser().parse_args(arguments)
        runner = RUNNERS[args.command]
    else:
        args = _app_parser().parse_args(arguments)
        runner = _run_app
    try:
        return runner(args)
    except CliError as error:
        print(f"rubrique: {_printable(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rubrique: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # IndexBusy, unreadable folders, …: one line, no traceback
        from index.library import IndexBusy, IndexUnwritable

        known = (IndexBusy, IndexUnwritable, OSError, ValueError)
        message = str(error) if isinstance(error, known) else (
            f"{type(error).__name__}: {error}"
        )
        print(f"rubrique: {_printable(message)}", file=sys.stderr)
        return 1
