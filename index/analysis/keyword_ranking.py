"""Ranking an article's keyword candidates against the collection it belongs to.

Extraction (`index.analysis.keywords.keyword_candidates`) runs once per article at index time
and keeps each candidate with its in-article statistics. Ranking, here, is a pure function of
those candidates and of document frequencies, so the same code ranks an article alone (the
language at large as the only reference), within a dev set (the evaluator) or within the
reader's library (its own document frequencies), and keywords follow the library as it grows
without any article being analysed again.

How unusual a word is comes from a Bayesian estimate of the chance that an article contains
it: the library's document frequency, smoothed towards a prior drawn from the word's
frequency in the language at large (wordfreq), the prior weighing as `PRIOR_DOCUMENTS`
articles. A library of one article ranks by the prior alone; as articles arrive their counts
take over, so a word every article uses ("Werbung" in a library about ads, "government"
anywhere) stops looking special and one only this article uses stands out. The estimate is
read back as an equivalent per-word frequency, so the weighting keeps one scale from a
library of one to one of thousands.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from index.models import Analysis, KeywordCandidates, KeywordPhrase

IDF_CAP = 7.0
"""-log10 frequency at which a word counts as fully informative (about once per 10M words)."""
PRIOR_DOCUMENTS = 10.0
"""How many articles' worth of evidence the general-language prior is worth: below this
library size wordfreq mostly decides, well above it the library does."""
MIN_FREQUENCY = 10.0**-IDF_CAP
DEFAULT_LIMIT = 15

DocumentFrequency = Callable[[str], int]


@dataclass
class Ranking:
    """The scoring knobs, in one place so the evaluation can vary them."""

    tf_power: float = 1.0
    """Exponent of a word's count in its weight."""
    idf_power: float = 1.0
    """Exponent of a word's informativeness in its weight."""
    early: float = 1.0
    """Bonus for a word first seen at the very start, fading over the first twentieth."""
    title: float = 0.5
    """Bonus for a word of the title."""
    length: float = 0.5
    """A phrase's score grows as (number of content words) ** length."""
    mean: float = 0.0
    """Power mean of word weights in a phrase: 0 geometric, 1 arithmetic."""
    phrase_tf: float = 1.0
    """A multi-word phrase's score is multiplied by 1 + phrase_tf * ln(its count)."""
    overlap: float = 0.7
    """Discount per word shared with phrases already chosen."""
    common: float = 0.5
    """A lone common word's score is multiplied by (informativeness / IDF_CAP) ** common, so
    "law", "force" or "minutes" yield to phrases and rarer words."""
    generic_idf: float = 4.5
    """A lone common word under this informativeness is generic and must occur at least
    `generic_count` times, plus `generic_slope` for each unit of informativeness it lacks,
    to be a keyword: "money" (3.4) needs 7, "objectif" (4.1) 4."""
    generic_count: float = 2.0
    generic_slope: float = 4.0
    generic_words: int = 400
    """Texts shorter than this many words ask proportionally fewer repetitions, down to half."""
    prior_documents: float = PRIOR_DOCUMENTS
    shared: float = 1.0
    """A phrase's score is multiplied by 1 + shared * ln(df) * (1 - df / n_docs), df being the
    articles of the collection that have it as a candidate: phrases a few other articles
    also use are terms ("oil spill"), one-off word sequences ("dois corpos") are not, and
    set phrases most articles use ("wichtige Fragen") are not topics."""


R = Ranking()


def alone(_key: str) -> int:
    """Document frequencies of a library holding only the article being ranked."""
    return 1


def informativeness(
    frequency: float, df: int, n_docs: int, words: int, prior_documents: float | None = None
) -> float:
    """-log10 of a word's equivalent frequency, blending a collection with the language.

    `df` of `n_docs` articles contain the word, the ranked one among them; it is left out,
    so what counts is how often the *other* articles use the word. The chance that an
    article of `words` words contains a word of general frequency f is 1 - exp(-f·words);
    that prior weighs as `prior_documents` articles beside the others' counts, and the
    posterior chance is turned back into a per-word frequency. With no other article this
    is exactly -log10 f (capped): the language at large decides.
    """
    strength = R.prior_documents if prior_documents is None else prior_documents
    length = max(words, 1)
    prior = -math.expm1(-max(frequency, MIN_FREQUENCY) * length)
    others = max(n_docs - 1, 0)
    seen = min(max(df - 1, 0), others)
    chance = (seen + strength * prior) / (others + strength)
    chance = min(chance, 1.0 - 1e-9)
    equivalent = -math.log1p(-chance) / length
    return min(max(-math.log10(equivalent), 0.0), IDF_CAP)


def language_informativeness(frequency: float) -> float:
    """-log10 of a word's frequency in the language at large (capped): how generic the
    word is whatever the library, which `informativeness` gives for an article alone."""
    return min(max(-math.log10(max(frequency, MIN_FREQUENCY)), 0.0), IDF_CAP)


def rank_keywords(
    candidates: KeywordCandidates,
    df: DocumentFrequency = alone,
    n_docs: int = 1,
    language: str = "en",
    limit: int = DEFAULT_LIMIT,
    entities: bool = False,
) -> list[str]:
    """The article's `limit` best keyphrases, best first, as the article writes them.

    `df(key)` counts the articles of the collection (this one included) that contain a word,
    `n_docs` the collection's articles; the defaults rank the article alone. `language`
    is accepted for the callers' symmetry: everything language-specific was settled when
    the candidates were extracted. Names the entity list shows are left out unless
    `entities` asks for them (to compare with extractors that do not set names apart).
    """
    del language
    scores = _scores(candidates, df, n_docs, entities)
    best = {tuple(candidates.phrases[i].key.split(" ")): i for i in scores}
    return _select(
        {key: scores[i] for key, i in best.items()},
        {key: candidates.phrases[i] for key, i in best.items()},
        limit,
    )


def _scores(
    candidates: KeywordCandidates,
    df: DocumentFrequency,
    n_docs: int,
    entities: bool,
    fading: float | None = None,
) -> dict[int, float]:
    """Score of each phrase worth showing, by its index in `candidates.phrases`."""
    terms = candidates.terms
    scores: dict[int, float] = {}
    if not terms or not candidates.phrases:
        return scores
    informative = [
        informativeness(term.frequency, df(term.key), n_docs, candidates.words)
        for term in terms
    ]
    weight = [
        term.count**R.tf_power
        * informative[index] ** R.idf_power
        * (1.0 + R.early / (1.0 + 20.0 * term.first) + (R.title if term.title else 0.0))
        for index, term in enumerate(terms)
    ]
    brevity = min(1.0, max(0.5, candidates.words / R.generic_words))
    # The length bonus and the common-word discount stand in for what a library shows
    # directly (which phrases recur across articles, how unusual a word is there), so they
    # fade as the library's evidence outweighs the prior. The generic-word rule does not:
    # it reads how common a word is in the language, which a library's few hundred articles
    # do not measure ("place" is in few of them yet is no topic unless the article keeps
    # using it), so it holds at any library size.
    if fading is None:
        fading = R.prior_documents / (max(n_docs - 1, 0) + R.prior_documents)
    for position, phrase in enumerate(candidates.phrases):
        if not phrase.words or (phrase.entity and not entities):
            continue
        values = [weight[i] for i in phrase.words]
        n = len(values)
        score = _power_mean(values, R.mean) * n ** (R.length * fading) * phrase.fit
        if " " in phrase.key:
            score *= 1.0 + R.phrase_tf * math.log(phrase.count)
            shared = max(df(phrase.key), 1)
            score *= 1.0 + R.shared * math.log(shared) * (1.0 - shared / max(n_docs, shared))
        else:
            term = terms[phrase.words[0]]
            value = language_informativeness(term.frequency)
            score *= (value / IDF_CAP) ** (R.common * fading)
            needed = brevity * (R.generic_count + R.generic_slope * (R.generic_idf - value))
            if not term.name and phrase.count < needed:
                continue  # "money", "objectif": a tag only when the article keeps using it
        if score > 0.0:
            scores[position] = score
    return scores


def document_frequencies(collection: Iterable[KeywordCandidates]) -> Counter[str]:
    """How many articles of a collection contain each word key: the table `rank_keywords`
    reads through `df=table.__getitem__` (a Counter answers 0 for a word never seen)."""
    table: Counter[str] = Counter()
    for candidates in collection:
        table.update({term.key for term in candidates.terms})
        table.update({p.key for p in candidates.phrases if " " in p.key})
    return table


def _select(
    scores: dict[tuple[str, ...], float], phrases: dict[tuple[str, ...], KeywordPhrase],
    limit: int,
) -> list[str]:
    """Best first, skipping nested phrases and discounting words already used."""
    heap = [(-score, key) for key, score in scores.items()]
    heapq.heapify(heap)
    used: Counter[str] = Counter()
    chosen: list[str] = []
    chosen_keys: set[tuple[str, ...]] = set()
    nested: set[tuple[str, ...]] = set()
    while heap and len(chosen) < limit:
        negative, key = heapq.heappop(heap)
        nested_in = parts(key)
        if key in nested or not chosen_keys.isdisjoint(nested_in):
            continue
        penalised = scores[key] * R.overlap ** sum(used[k] for k in key)
        if penalised < -negative and heap and penalised < -heap[0][0]:
            heapq.heappush(heap, (-penalised, key))
            continue
        chosen_keys.add(key)
        nested.update(nested_in)
        used.update(set(key))
        chosen.append(phrases[key].display)
    return chosen


def _power_mean(values: list[float], exponent: float) -> float:
    """1 gives the arithmetic mean, 0 the geometric one: lower lets a weak word sink a phrase."""
    if len(values) == 1:
        return values[0]
    if exponent == 0:
        if min(values) <= 0.0:
            return 0.0
        return math.exp(sum(math.log(v) for v in values) / len(values))
    mean: float = (sum(v**exponent for v in values) / len(values)) ** (1 / exponent)
    return mean


def parts(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every shorter phrase nested in `key`."""
    n = len(key)
    return {key[i:j] for i in range(n) for j in range(i + 1, n + 1) if j - i < n}


def best_candidates(candidates: KeywordCandidates, keep: int) -> KeywordCandidates:
    """What is worth storing of an article's candidates: its `keep` best phrases ranked
    alone, those it would rank best in a large library (where the prior's stand-ins have
    faded), and the words they use. A collection re-orders an article's candidates but
    rarely lifts one from far down both lists into its first few."""
    if len(candidates.phrases) <= keep:
        return candidates
    chosen: set[int] = set()
    for fading in (1.0, 0.0):
        scores = _scores(candidates, alone, 1, True, fading)
        chosen.update(sorted(scores, key=lambda i: -scores[i])[:keep])
    kept = [candidates.phrases[i] for i in sorted(chosen)]
    used = sorted({w for phrase in kept for w in phrase.words})
    renumber = {old: new for new, old in enumerate(used)}
    return KeywordCandidates(
        terms=tuple(candidates.terms[i] for i in used),
        phrases=tuple(
            replace(phrase, words=tuple(renumber[w] for w in phrase.words)) for phrase in kept
        ),
        words=candidates.words,
    )


def library_keywords(
    analysis: Analysis, table: Counter[str], n_docs: int, limit: int = DEFAULT_LIMIT
) -> tuple[str, ...]:
    """An article's keywords within a library whose `document_frequencies` are `table` over
    `n_docs` articles; a payload written before candidates were kept keeps its stored ones."""
    if not analysis.candidates.phrases:
        return analysis.keywords[:limit]
    return tuple(
        rank_keywords(analysis.candidates, table.__getitem__, n_docs, analysis.language, limit)
    )
