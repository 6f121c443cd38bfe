"""Counts in words, written once: "1 article", "2 articles", "1 hit".

The sidebar, the article list, the corpus header and the command palette all say how many
articles something has; one wording keeps them in step.
"""

from __future__ import annotations


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun that goes with `count`: singular only for exactly one ("0 articles")."""
    return singular if count == 1 else (plural or f"{singular}s")


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` followed by its noun: "1 article", "12 articles"."""
    return f"{count} {noun(count, singular, plural)}"


def articles(count: int) -> str:
    return counted(count, "article")


def hits(count: int) -> str:
    return counted(count, "hit")
