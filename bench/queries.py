"""The fixed query mix, written for each engine compared.

Words a reader of the two news sets would type: English and French, one word, several words,
a phrase, a prefix, an accented word. Each engine gets its closest form: Rubrique's and FTS5's
query languages agree on these (implicit AND, "phrase", prefix*); ripgrep has no index and no
AND across lines, so it looks for the words in order on one line (a phrase: next to each
other), case-insensitively, and prints the first matching line of each file (its "snippet").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    label: str
    text: str
    """Rubrique's and FTS5's form."""

    @property
    def fts5(self) -> str:
        """FTS5 wants the bare words quoted: "sncf" is fine, but a hyphen or a colon would be
        an operator there."""
        if self.text.startswith('"'):
            return self.text
        return " ".join(
            f'"{w[:-1]}"*' if w.endswith("*") else f'"{w}"' for w in self.text.split()
        )

    @property
    def ripgrep(self) -> str:
        words = self.text.strip('"').split()
        parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
        between = r"\s+" if self.text.startswith('"') else r"\b.*\b"
        return r"\b" + between.join(parts) + (r"\b" if not words[-1].endswith("*") else "")


MIX = (
    Query("one word, en", "opec"),
    Query("one word, fr", "gouvernement"),
    Query("accented word", "élections"),
    Query("name", "macron"),
    Query("two words, en", "interest rates"),
    Query("two words, fr", "grève sncf"),
    Query("three words", "coffee prices brazil"),
    Query("phrase", '"stock split"'),
    Query("prefix", "dividend*"),
    Query("rare word", "sorghum"),
)

BROWSING = (
    Query("en", "inflation"),
    Query("fr", "ministre"),
    Query("two words, en", "wheat exports"),
    Query("fr", "santé"),
    Query("en", "gold"),
    Query("fr", "police"),
    Query("en", "tokyo"),
    Query("fr", "football"),
    Query("en", "dollar"),
    Query("fr", "japon"),
)
"""Ten more searches for the app's browsing figure (20 searches typed): MIX, then these."""

TOPIC_PREFIXES = ("macron", "reuters", "pétrole", "bank", "paris")
"""Words typed letter by letter in "Go to topic": each prefix is one keystroke's lookup."""
