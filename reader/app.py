"""The Textual application: opens the Library, keeps the reader's state, hosts the screens.

Kept thin: the reading screen does the work (reader/screens/main.py). The app imports its
screens and palette providers; they see it only as a `reader.host.ReaderHost`.

Start-up is what a reader waits for, so this module and the reading screen import only Textual,
SQLite and the reader's own parts: the palette providers load when the palette first opens,
Whoosh and the analysis in the workers that first need them, the folder watcher once the list
is on screen.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import webbrowser
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.message import Message
from textual.screen import Screen

from index.library import Library
from index.models import Article
from reader.screens.help import HelpScreen, key_label
from reader.screens.main import MainScreen
from reader.state import ReaderState, state_path_for
from reader.watch import LiveLibrary


def _provider(name: str) -> Callable[[], type[Provider]]:
    """A palette provider of `reader.commands` or `reader.commands_entity`, imported when
    the palette first opens (Textual takes such callables in COMMANDS)."""

    def load() -> type[Provider]:
        import importlib

        module, _, attribute = name.rpartition(".")
        provider: type[Provider] = getattr(importlib.import_module(module), attribute)
        return provider

    return load


PALETTE = (
    _provider("reader.commands.ArticleCommands"),
    _provider("reader.commands.TopicCommands"),
    _provider("reader.commands_entity.EntityCommands"),
    _provider("reader.commands.SearchCommands"),
)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker while stderr is still the terminal.

    Once Textual captures stderr its `fileno()` is -1, and the scan's process pool would fail
    with "bad value(s) in fds_to_keep" the first time it needs the tracker.
    """
    if os.name == "posix":
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()


class RubriqueApp(App[None]):
    CSS_PATH = Path(__file__).with_name("rubrique.tcss")
    TITLE = "Rubrique"
    COMMANDS = App.COMMANDS | set(PALETTE)
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help"),
        Binding("R", "fetch_feeds", "Fetch feeds", show=False,
                tooltip="Download new articles from your feeds into this folder"),
    ]

    def __init__(self, corpus: Path, index_dir: Path | None = None) -> None:
        super().__init__()
        start_resource_tracker()
        self.corpus = Path(corpus)
        self.index_dir = Path(index_dir) if index_dir is not None else None
        self.library: Library | None = None
        self.state = ReaderState()
        self.live = LiveLibrary(self)

    def watch_folder(self) -> None:
        self.live.start()

    def on_unmount(self) -> None:
        self.live.stop()

    def action_fetch_feeds(self) -> None:
        self.live.fetch()

    @property
    def corpus_name(self) -> str:
        return self.corpus.name or str(self.corpus)

    def make_library(self) -> Library:
        """Called from a worker thread: opening reads the index folder. Files a scan reads
        itself are analysed in a process of their own, so the app never loads the analysis."""
        return Library(self.corpus, self.index_dir, analysis_apart=True)

    def load_state(self, library: Library) -> ReaderState:
        """Read the reader's state kept beside the library's index (from a worker thread)."""
        index_dir = getattr(library, "index_dir", None) or self.index_dir
        return ReaderState.load(state_path_for(index_dir) if index_dir else None)

    def attach(self, library: Library, state: ReaderState) -> None:
        self.library = library
        self.state = state

    def save_state(self) -> None:
        try:
            self.state.save()
        except OSError as error:
            self.notify(f"Could not save reading state: {error}", severity="warning",
                        markup=False)

    async def action_quit(self) -> None:
        """Write the state now (atomically, before anything else can go wrong), stop the
        scan without waiting for it, and leave."""
        self.save_state()
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.stop_scan()
        self.exit()

    def post_to_reader(self, message: Message) -> None:
        """The reading screen is the bottom of the stack, under any picker or palette."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.post_message(message)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every key of the reading screen is also a palette command."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for binding in MainScreen.BINDINGS:
                assert isinstance(binding, Binding)
                yield SystemCommand(
                    binding.description,
                    f"Key: {key_label(binding.key)}",
                    lambda action=binding.action: screen.run_action(action),
                )
        yield SystemCommand("Fetch feeds", "Key: R. New articles from your feeds, into this folder",
                            self.action_fetch_feeds)
        yield SystemCommand("Help", "Every key and what it does", self.action_help)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        bindings = [
            binding
            for binding in (*MainScreen.BINDINGS, *self.BINDINGS)
            if isinstance(binding, Binding)
        ]
        self.push_screen(HelpScreen(bindings))

    # -- leaving the app for a moment -----------------------------------------------------
    def source_path(self, article: Article) -> Path:
        base = self.corpus if self.corpus.is_dir() else self.corpus.parent
        path = self.library.source_path(article) if self.library else base / article.path
        return path if path.exists() or not self.corpus.is_file() else self.corpus

    def open_source(self, article: Article) -> None:
        """HTML goes to the browser; anything else to $PAGER (or $EDITOR, else less)."""
        path = self.source_path(article)
        if article.format == "html" or path.suffix.lower() in (".html", ".htm"):
            webbrowser.open(path.resolve().as_uri())
            self.notify(f"Opened {path.name} in the browser.", markup=False)
            return
        command = os.environ.get("PAGER") or os.environ.get("EDITOR") or "less"
        self.run_external([*shlex.split(command), str(path)])

    def run_external(self, argv: list[str]) -> None:
        try:
            with self.suspend():
                subprocess.run(argv, check=False)
        except Exception as error:  # no terminal to hand over (tests, web) or no such program
            self.notify(f"Could not run {argv[0]}: {error}", severity="error", markup=False)
