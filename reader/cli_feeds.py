"""`rubrique feeds …`, `rubrique fetch` and `rubrique save`: the feed commands of the CLI.

Kept apart from reader/cli.py, which registers them; the work is done by `index.feeds`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.labels import counted

FEED_COMMANDS = ("feeds", "fetch", "save")


def add_parsers(commands: Any) -> None:
    """Add the feed commands to the `rubrique COMMAND` subparsers."""
    feeds = commands.add_parser("feeds", help="feed subscriptions (add, list, remove, import…)")
    actions = feeds.add_subparsers(dest="feeds_command", required=True)
    add = actions.add_parser("add", help="subscribe to a feed")
    add.add_argument("url")
    add.add_argument("--full-text", action="store_true",
                     help="save each entry's whole page when the feed gives only a summary")
    actions.add_parser("list", help="the subscriptions, with what each answered last")
    remove = actions.add_parser("remove", help="unsubscribe (saved articles stay)")
    remove.add_argument("url")
    opml_in = actions.add_parser("import", help="subscribe to every feed of an OPML file")
    opml_in.add_argument("file", type=Path)
    actions.add_parser("export", help="print the subscriptions as OPML")

    fetch = commands.add_parser("fetch", help="download new articles from every feed")
    fetch.add_argument("folder", nargs="?", type=Path,
                       help="library folder (default: $RUBRIQUE_LIBRARY or ~/Documents/Rubrique)")
    save = commands.add_parser("save", help="save one web page as an article")
    save.add_argument("url")
    save.add_argument("folder", nargs="?", type=Path, help="library folder (as for fetch)")


def _folder(given: Path | None) -> Path:
    from index.feeds.subscriptions import default_library

    return (given or default_library()).expanduser()


def _line(text: str, stream: Any = None) -> None:
    from index.names import printable

    print(printable(text), file=stream or sys.stdout, flush=True)


def run_feeds(args: argparse.Namespace) -> int:
    from index.feeds import subscriptions
    from index.feeds.state import load_states

    command = args.feeds_command
    if command == "add":
        subscription, new = subscriptions.add(args.url, full_text=args.full_text)
        mode = " (full text)" if subscription.full_text else ""
        verb = "Subscribed to" if new else "Already subscribed to"
        _line(f"{verb} {subscription.url}{mode}. `rubrique fetch` downloads it.")
        return 0
    if command == "remove":
        if not subscriptions.remove(args.url):
            _line(f"rubrique: not subscribed to {args.url}", sys.stderr)
            return 1
        _line(f"Unsubscribed from {args.url}; articles already saved stay.")
        return 0
    if command == "import":
        try:
            data = args.file.read_bytes()
        except OSError as error:
            _line(f"rubrique: cannot read {args.file}: {error.strerror or error}", sys.stderr)
            return 1
        added, known = subscriptions.import_opml(data)
        _line(f"{counted(added, 'feed')} added, {known} already subscribed.")
        return 0
    states = load_states()
    subscribed = subscriptions.load()
    if command == "export":
        titles = {url: state.title for url, state in states.items() if state.title}
        sys.stdout.write(subscriptions.export_opml(subscribed, titles))
        return 0
    # list
    if not subscribed:
        _line(f"No feeds yet: `rubrique feeds add URL` ({subscriptions.subscriptions_path()})")
        return 0
    for subscription in subscribed:
        state = states.get(subscription.url)
        parts = [subscription.url]
        if state and state.title:
            parts.append(state.title)
        if subscription.full_text:
            parts.append("full text")
        if state and state.last_error:
            parts.append(f"last fetch failed: {state.last_error}")
        elif state is None:
            parts.append("never fetched")
        _line("  ·  ".join(parts))
    _line(f"({counted(len(subscribed), 'feed')} in {subscriptions.subscriptions_path()})")
    return 0


def describe(result: Any) -> str:
    """One line per feed: what it brought, or why it failed."""
    name = result.name
    if result.failed:
        return f"{name}: error: {result.error}"
    if result.outcome == "unchanged":
        return f"{name}: unchanged (304)"
    already = f", {result.seen} already saved" if result.seen else ""
    notes = "".join(f"; {note}" for note in result.notes)
    return f"{name}: {result.new} new{already}{notes}"


def run_fetch(args: argparse.Namespace) -> int:
    from index.feeds import fetch_feeds
    from index.feeds.subscriptions import load, subscriptions_path

    subscribed = load()
    if not subscribed:
        _line(f"rubrique: no feeds to fetch: `rubrique feeds add URL` first "
              f"({subscriptions_path()})", sys.stderr)
        return 1
    folder = _folder(args.folder)
    results = fetch_feeds(folder, subscribed, progress=lambda step: _line(describe(step.result)))
    new = sum(result.new for result in results)
    unchanged = sum(result.outcome == "unchanged" for result in results)
    failed = sum(result.failed for result in results)
    _line(f"{counted(len(results), 'feed')}: {counted(new, 'new article')}, "
          f"{unchanged} unchanged, {failed} failed, in {folder}")
    return 1 if failed else 0


def run_save(args: argparse.Namespace) -> int:
    from index.feeds import FetchError, save_page
    from index.feeds.subscriptions import check_url

    folder = _folder(args.folder)
    try:
        saved = save_page(check_url(args.url), folder)
    except FetchError as error:
        _line(f"rubrique: could not save {args.url}: {error}", sys.stderr)
        return 1
    if saved.new:
        _line(f"Saved “{saved.title}” to {saved.path}")
    else:
        _line(f"Already saved: {saved.path}")
    return 0


RUNNERS = {"feeds": run_feeds, "fetch": run_fetch, "save": run_save}
