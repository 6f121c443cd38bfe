"""Keyphrases a reader would tag an article with, in the words of the article.

Candidates are the word n-grams inside runs of content words (stop words, punctuation and
elisions cut runs; a number or an English participle may not end one; a name is never cut in
two), so a phrase never starts or ends with "de" or "said" and never spans a sentence.

Each word is weighted by how often the article uses it, how unusual it is in the language at
large (wordfreq's general frequencies stand in for IDF, so no corpus is needed) and how early
it first appears (title and lede say what a news article is about). A phrase scores the
geometric mean of its words' weights, so one weak word sinks it, grown with its length and
with how often the phrase itself recurs. Selection is greedy and diverse: a phrase nested in
one already chosen is dropped, one sharing words with the chosen ones is discounted.
Measured on DUC-2001 with `python -m index.evaluate keywords`.
"""

from __future__ import annotations

import heapq
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


@dataclass
class Weights:
    """The scoring knobs, in one place so the evaluation can vary them."""

    tf_power: float = 1.0
    """Exponent of a word's count in its weight."""
    early: float = 1.0
    """Bonus for a word first seen at the very start, fading over the first twentieth."""
    title: float = 1.0
    """Bonus for a word of the title."""
    length: float = 0.75
    """A phrase's score grows as (number of words) ** length."""
    mean: float = 0.0
    """Power mean of word weights in a phrase: 0 geometric, 1 arithmetic."""
    phrase_tf: float = 1.0
    """A multi-word phrase's score is multiplied by 1 + phrase_tf * ln(its count)."""
    overlap: float = 0.7
    """Discount per word shared with phrases already chosen."""


P = Weights()

_NOUNS_CAPITALISED = frozenset({"de", "lb"})
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
    final: bool
    """May end a phrase (or be one): not a number, not a likely verb form."""
    initial: bool
    """First word of a sentence or title line, where capitals say nothing."""
    capital: bool = False
    """Capitalised where capitals mean a name (not sentence-initial, not in the title)."""


def _verb_form(word: str, lower: str, language: str) -> bool:
    """A past participle or preterite, which may qualify a noun but is no keyword by itself.

    Only English marks these reliably enough by spelling ("spilled", "predicted"); a word
    written with a capital is taken for a name.
    """
    if language != "en" or word[0].isupper():
        return False
    return len(lower) > 4 and lower.endswith("ed") and not lower.endswith("eed")


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
        final = not number and not _verb_form(word, lower, language)
        index = len(tokens)
        tokens.append(
            _Token(word, lower, fold_plural(lower, language), stop, number, final, initial)
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
    if language not in _NOUNS_CAPITALISED:
        for token in tokens[title_end:]:
            token.capital = token.text[0].isupper() and not token.initial
    return tokens, runs, title_end


def _cuts_name(tokens: list[_Token], run: list[int], i: int, n: int) -> bool:
    """Whether run[i:i+n] starts or ends inside a name ("Zion National" of "Zion National Park")."""
    first, last = tokens[run[i]], tokens[run[i + n - 1]]
    if i > 0 and first.capital and tokens[run[i - 1]].capital:
        return True
    return bool(i + n < len(run) and last.capital and tokens[run[i + n]].capital)


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
    total = len(tokens)
    word_count: Counter[str] = Counter()
    word_first: dict[str, int] = {}
    word_idf: dict[str, float] = {}
    for index, token in enumerate(tokens):
        if token.stop or token.number:
            continue
        word_count[token.key] += 1
        if token.key not in word_first:
            word_first[token.key] = index
            word_idf[token.key] = _informativeness(token.lower, language)
    title_words = {t.key for t in tokens[:title_end]}
    weight: dict[str, float] = {}
    for key, count in word_count.items():
        position = 1.0 + P.early / (1.0 + 20.0 * word_first[key] / total)
        if key in title_words:
            position += P.title
        weight[key] = count**P.tf_power * word_idf[key] * position
    candidates: dict[tuple[str, ...], _Candidate] = {}
    for run in runs:
        length = len(run)
        for i in range(length):
            for n in range(1, min(MAX_WORDS, length - i) + 1):
                last = tokens[run[i + n - 1]]
                if not last.final or _cuts_name(tokens, run, i, n):
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
                initial = span[0] < title_end or tokens[span[0]].initial
                candidate.surfaces[surface] += 0.01 if initial else 1.0
    scored: list[tuple[float, tuple[str, ...]]] = []
    for key, candidate in candidates.items():
        n = len(key)
        score = _power_mean([weight.get(k, 0.0) for k in key], P.mean) * n**P.length
        if n > 1:
            score *= 1.0 + P.phrase_tf * math.log(candidate.count)
        scored.append((score, key))
    avoided = {tuple(fold_plural(w, language) for w in a.lower().split()) for a in avoid}
    base = {key: score for score, key in scored}
    heap = [(-score, key) for score, key in scored if key not in avoided]
    heapq.heapify(heap)
    used: Counter[str] = Counter()
    chosen: list[str] = []
    chosen_keys: list[tuple[str, ...]] = []
    while heap and len(chosen) < limit:
        negative, key = heapq.heappop(heap)
        if any(_contains(held, key) or _contains(key, held) for held in chosen_keys):
            continue
        repeats = sum(used[k] for k in key)
        penalised = base[key] * P.overlap**repeats
        if penalised < -negative and heap and penalised < -heap[0][0]:
            heapq.heappush(heap, (-penalised, key))
            continue
        chosen_keys.append(key)
        used.update(set(key))
        chosen.append(_display(candidates[key], tokens, language))
    return chosen


def _power_mean(values: list[float], exponent: float) -> float:
    """1 gives the arithmetic mean, 0 the geometric one: lower lets a weak word sink a phrase."""
    if len(values) == 1:
        return values[0]
    if min(values) <= 0.0:
        return 0.0 if exponent <= 0 else (sum(v**exponent for v in values) / len(values)) ** (
            1 / exponent
        )
    if exponent == 0:
        return math.exp(sum(math.log(v) for v in values) / len(values))
    return (sum(v**exponent for v in values) / len(values)) ** (1 / exponent)


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
