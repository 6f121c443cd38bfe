"""What an article is about: its language, its keyphrases and the named entities it mentions.

`analyze()` is the one entry point; indexing calls it once per article (in a process pool) and
stores the result, so the reader never recomputes it.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from index.analysis.keyword_ranking import rank_keywords
from index.models import Analysis, Mention

if TYPE_CHECKING:
    from index.analysis.entities import find_mentions as find_mentions
    from index.analysis.keywords import extract_keywords
    from index.analysis.keywords import keyword_candidates as keyword_candidates
    from index.analysis.language import UNDETERMINED, detect_language

# The extractors load word lists and gazetteers (seconds): they are imported on first use,
# so the reader can rank stored keyword candidates (`keyword_ranking`) without them.
_LAZY = {
    "find_mentions": "index.analysis.entities",
    "extract_keywords": "index.analysis.keywords",
    "keyword_candidates": "index.analysis.keywords",
    "UNDETERMINED": "index.analysis.language",
    "detect_language": "index.analysis.language",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

# wordfreq warns whenever it stands in a neighbour's word list ("no" → "nb", "sq" → "en"),
# which for us is expected, not news; with no logging configured Python would print that on
# the user's terminal. Only its warnings go: an error from it would still show.
logging.getLogger("wordfreq").setLevel(logging.ERROR)

__all__ = ["analyze", "detect_language", "extract_keywords", "UNDETERMINED"]

KEYWORD_LIMIT = 15
TOPIC_ENTITIES = 3
"""How many of the most-mentioned non-person entities may also be keywords."""
TOPIC_MIN_MENTIONS = 3
PEOPLE_AS_TOPICS = True
"""...provided the article names them at least this often: then they are what it is about."""


def _is_name_fragment(keyword: str, names: set[tuple[str, ...]]) -> bool:
    """True for "Allianz" or "FC" when the entity list already shows "Allianz Arena"."""
    words = tuple(keyword.casefold().split())
    size = len(words)
    return any(
        len(name) > size and any(name[i : i + size] == words for i in range(len(name) - size + 1))
        for name in names
    )


def _names_shown_elsewhere(mentions: Sequence[Mention]) -> tuple[set[str], set[str]]:
    """(names keywords must not repeat, people no keyword may even contain).

    The sidebar lists entities, so keywords should not echo every name, only the few the
    article is about ("Stargate", "Elon Musk"), which a reader would also tag.
    """
    counts: Counter[str] = Counter(m.key for m in mentions)
    kinds = {m.key: m.kind for m in mentions}
    topical = [
        key
        for key, count in counts.most_common()
        if (PEOPLE_AS_TOPICS or kinds[key] != "person") and count >= TOPIC_MIN_MENTIONS
    ][:TOPIC_ENTITIES]
    avoid: set[str] = set()
    people: set[str] = set()
    for mention in mentions:
        if mention.key in topical:
            continue
        if mention.kind == "person":
            people.add(mention.text)
        else:
            avoid.add(mention.text)
    return avoid, people


def analyze(text: str, language: str | None = None, prior: str | None = None) -> Analysis:
    """Analyse an article's text (title, lede and body, as `Article.text` gives it).

    A `language` declared by the source (front matter, feed, `<html lang>`; any case, region
    ignored: "fr-CA" is "fr") wins over detection; without one the language is detected, and
    "und" means it could not be told. Keywords and entities then follow that language's rules
    (English ones when undetermined). `prior`, the majority language of the article's folder
    or feed when known, tips detection on short texts (a title-only feed entry) and is
    outweighed on longer ones. Keywords leave out names the entity list already shows and the
    article only mentions in passing; its main actors may stay.
    """
    this = sys.modules[__name__]  # the extractors, loaded on first use (or stood in for)
    undetermined = this.UNDETERMINED
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if not code or code == undetermined:
        code = this.detect_language(text, prior) if prior else this.detect_language(text)
    rules = code if code != undetermined else "en"
    mentions = this.find_mentions(text, rules)
    avoid, people = _names_shown_elsewhere(mentions)
    found = this.keyword_candidates(text, rules, avoid=avoid, avoid_within=people)
    names = {tuple(m.text.casefold().split()) for m in mentions}
    candidates = replace(
        found,
        phrases=tuple(
            replace(p, entity=True) if _is_name_fragment(p.display, names) else p
            for p in found.phrases
        ),
    )
    keywords = rank_keywords(candidates, language=rules, limit=KEYWORD_LIMIT)
    return Analysis(
        language=code,
        keywords=tuple(keywords),
        mentions=tuple(mentions),
        candidates=candidates,
    )
