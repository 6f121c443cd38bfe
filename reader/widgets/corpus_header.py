"""The top line: corpus name, article count and languages with counts."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader import labels
from reader.widgets.text import plain


class CorpusHeader(Static):
    """Plain text, no clock: what the reader is reading, at a glance."""

    def show(self, name: str, count: int, languages: dict[str, int], note: str = "") -> None:
        parts = [
            Content.styled(" Rubrique ", "bold reverse $accent"),
            Content(" "),
            plain(name, "bold"),
            Content(f"  {labels.articles(count)}"),
        ]
        if languages:
            langs = "  ".join(f"{code} {n}" for code, n in languages.items())
            parts.append(plain(f"  ·  {langs}", "dim"))
        if note:
            parts.append(plain(f"  ·  {note}", "italic"))
        self.update(Content("").join(parts))
