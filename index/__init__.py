"""Rubrique's library: read articles, analyse them, index and search them. Never imports Textual.

`from index import analyze` gives the analysis entry point; it is loaded on first use, so a
bare `import index` stays instant (the analysis loads word lists and gazetteers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.analysis import analyze

__all__ = ["analyze"]


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from index.analysis import analyze

        return analyze
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
