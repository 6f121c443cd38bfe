"""Keyphrases a reader would tag an article with, in the words of the article.

Candidates are the word n-grams inside runs of content words (stop words, numbers at the end
and punctuation cut runs), so a phrase never starts or ends with "de" or "said" and never
spans a sentence. Each is scored by how often it recurs, how unusual its words are in the
language at large (wordfreq's general frequencies stand in for IDF, so no corpus is needed),
and how early it appears (title and lede say what a news article is about).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from wordfreq import get_frequency_dict

from index.analysis.stopwords import fold_plural, stop_words

MAX_WORDS = 4
"""Longest phrase considered; longer runs are rarely what an editor writes as a tag."""
IDF_CAP = 7.0
"""-log10 frequency at which a word counts as fully informative (about once per 10M words)."""
DEFAULT_LIMIT = 15

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-‐][^\W_]+)*")
_SOFT_GAP = re.compile(r"[ \t\u00a0'’]*")
_SENTENCE_END = re.compile(r"[.!?:;«»\"“”\n]")


@cache
def _frequencies(language: str) -> dict[str, float]:
    try:
        return get_frequency_dict(language)
    except (LookupError, ValueError):
        return {}


@cache
def _informativeness(word: str, language: str) -> float:
    """-log10 of the word's frequency in general text, capped: high for rare words and names."""
    freq = _frequencies(language).get(word, 0.0)
    if freq <= 0.0:
        return IDF_CAP
    return min(-math.log10(freq), IDF_CAP)


@dataclass
class _Candidate:
    words: tuple[int, ...]
    """Token indices of the first occurrence."""
    count: int = 0
    first: int = 0
    in_title: bool = False
    surfaces: Counter[str] = field(default_factory=Counter)


@dataclass
class _Token:
    text: str
    lower: str
    key: str
    stop: bool
    number: bool
    initial: bool
    """First word of a sentence or title line, where capitals say nothing."""


def _tokenize(text: str, language: str) -> tuple[list[_Token], list[list[int]], int]:
    """Tokens, the runs of content tokens between stops and punctuation, and the title's end."""
    stops = stop_words(language)
    tokens: list[_Token] = []
    runs: list[list[int]] = []
    run: list[int] = []
    title_end = -1
    previous_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        previous_end = match.end()
        hard = bool(tokens) and not _SOFT_GAP.fullmatch(gap)
        if title_end < 0 and "\n\n" in gap and tokens:
            title_end = len(tokens)
        if hard and run:
            runs.append(run)
            run = []
        word = match.group()
        lower = word.lower()
        number = any(ch.isdigit() for ch in word)
        stop = lower in stops or (len(word) == 1 and not number)
        initial = not tokens or bool(_SENTENCE_END.search(gap))
        index = len(tokens)
        tokens.append(
            _Token(word, lower, fold_plural(lower, language), stop, number, initial)
        )
        if stop:
            if run:
                runs.append(run)
                run = []
        else:
            run.append(index)
    if run:
        runs.append(run)
    if title_end < 0 or title_end > 30:
        title_end = 0
    return tokens, runs, title_end


def extract_keywords(
    text: str,
    language: str,
    limit: int = DEFAULT_LIMIT,
    avoid: Iterable[str] = (),
) -> list[str]:
    """The `limit` best keyphrases of `text`, best first, in surface form and deduplicated.

    `avoid` holds phrases (e.g. entity names shown elsewhere) that must not be returned.
    """
    tokens, runs, title_end = _tokenize(text, language)
    if not tokens:
        return []
    candidates: dict[tuple[str, ...], _Candidate] = {}
    for run in runs:
        length = len(run)
        for i in range(length):
            for n in range(1, min(MAX_WORDS, length - i) + 1):
                last = tokens[run[i + n - 1]]
                if last.number:
                    continue
                span = run[i : i + n]
                key = tuple(tokens[t].key for t in span)
                candidate = candidates.get(key)
                if candidate is None:
                    candidate = candidates[key] = _Candidate(tuple(span), first=span[0])
                candidate.count += 1
                if span[0] < title_end:
                    candidate.in_title = True
                surface = " ".join(tokens[t].text for t in span)
                weight = 0.01 if span[0] < title_end or tokens[span[0]].initial else 1.0
                candidate.surfaces[surface] += weight
    total = len(tokens)
    scored: list[tuple[float, tuple[str, ...]]] = []
    for key, candidate in candidates.items():
        if len(key) == 1 and tokens[candidate.words[0]].number:
            continue
        idfs = [_informativeness(tokens[t].lower, language) for t in candidate.words]
        n = len(key)
        if n > 1 and candidate.count < 2 and not candidate.in_title:
            continue
        informativeness = sum(idfs) / n
        position = 1.0 + 1.0 / (1.0 + 20.0 * candidate.first / total)
        if candidate.in_title:
            position += 1.0
        score = candidate.count * informativeness * position * (n**0.5)
        scored.append((score, key))
    scored.sort(reverse=True)
    avoided = {tuple(fold_plural(w, language) for w in a.lower().split()) for a in avoid}
    chosen: list[str] = []
    chosen_keys: list[tuple[str, ...]] = []
    for _score, key in scored:
        if key in avoided:
            continue
        if any(_contains(held, key) for held in chosen_keys):
            continue
        chosen_keys.append(key)
        chosen.append(_display(candidates[key], tokens, language))
        if len(chosen) >= limit:
            break
    return chosen


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    if n >= len(longer):
        return False
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _display(candidate: _Candidate, tokens: list[_Token], language: str) -> str:
    """The form the article uses most, lower-cased when capitals only came from position."""
    surface, weight = candidate.surfaces.most_common(1)[0]
    if weight >= 1.0:
        return surface
    words = surface.split(" ")
    freqs = _frequencies(language)
    return " ".join(
        w.lower() if freqs.get(w.lower(), 0.0) > 1e-6 else w for w in words
    )
