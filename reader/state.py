"""What the reader remembers between runs: read marks, bookmarks, history, last article.

Kept in a small JSON file beside the index (not inside it, so a rebuild of the index keeps it),
written atomically so a crash mid-write never leaves a half file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.history import History

STATE_VERSION = 1


def state_path_for(index_dir: Path) -> Path:
    """The state file that goes with an index folder: a sibling named after it."""
    index_dir = Path(index_dir)
    return index_dir.with_name(f"{index_dir.name}.reader-state.json")


def _strings(value: Any) -> list[str]:
    """The strings of a JSON list; anything else (a hand-edited or foreign file) gives none."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


@dataclass
class ReaderState:
    path: Path | None = None
    """Where to save; None keeps the state in memory only."""
    read: set[str] = field(default_factory=set)
    bookmarks: list[str] = field(default_factory=list)
    """Newest first."""
    history: History = field(default_factory=History)
    last_article: str | None = None

    @classmethod
    def load(cls, path: Path | None) -> ReaderState:
        """Read the state file; a missing or damaged file gives a fresh state, never an error."""
        state = cls(path=path)
        if path is None:
            return state
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return state
        if not isinstance(data, dict):
            return state
        state.read = set(_strings(data.get("read")))
        state.bookmarks = _strings(data.get("bookmarks"))
        history = data.get("history")
        if isinstance(history, dict):
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                state.history = History.from_dict(history)
        last = data.get("last_article")
        state.last_article = last if isinstance(last, str) else None
        return state

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "read": sorted(self.read),
            "bookmarks": self.bookmarks,
            "history": self.history.to_dict(),
            "last_article": self.last_article,
        }

    def save(self) -> None:
        """Write to a temporary file in the same folder, then rename it over the old one."""
        if self.path is None:
            return
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(self.to_dict(), file, ensure_ascii=False, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    # -- the changes the reader makes ----------------------------------------------------
    def toggle_read(self, article_id: str) -> bool:
        """Flip the read mark; returns whether the article is now read."""
        if article_id in self.read:
            self.read.discard(article_id)
            return False
        self.read.add(article_id)
        return True

    def toggle_bookmark(self, article_id: str) -> bool:
        """Flip the bookmark; returns whether the article is now bookmarked."""
        if article_id in self.bookmarks:
            self.bookmarks.remove(article_id)
            return False
        self.bookmarks.insert(0, article_id)
        return True
