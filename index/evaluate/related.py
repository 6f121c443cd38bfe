"""Related articles on a labelled folder: ours against a plain TF-IDF cosine, same run.

Run `python -m index.evaluate related FOLDER [--index DIR] [--sample N] [--seed S]`. FOLDER
holds the articles and a `manifest.csv` with the columns `file` (relative to FOLDER) and
`category`. The folder is indexed (into DIR when given, so a second run only checks the
files; else into a temporary folder), then, for the same seeded sample of articles, each
method names its five most related articles and we count how many share the article's
category: micro-averaged top-5 precision. The article itself and exact duplicates of it
(same text, whitespace aside) are left out of both lists.

The baseline is exactly scikit-learn's `TfidfVectorizer(sublinear_tf=True,
strip_accents="unicode", min_df=2, max_df=0.5)` (its default lowercasing, token pattern,
smoothed idf and l2 norm) with cosine similarity, written here in plain Python so the
evaluation needs no extra package. The latency line times `Library.related` as the app
calls it, after one warm-up call.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import math
import random
import re
import statistics
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.library import Library

try:  # the dev extra has it (through YAKE); the same sums in plain Python otherwise
    import numpy
except ImportError:  # pragma: no cover - depends on the environment
    numpy = None  # type: ignore[assignment, unused-ignore]

DEPTH = 5
MANIFEST = "manifest.csv"
AGREEMENT_FLOORS = (0.2, 0.3, 0.5)
"""Baseline cosines from which pairs are counted for the labels' own agreement (the lower
bound of each band; the last band runs to 1)."""
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


@dataclass
class Precision:
    """Returned related articles and how many of them share the query's category."""

    hits: int = 0
    returned: int = 0
    queries: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(query's category, returned article's category) → how many times."""

    @property
    def value(self) -> float:
        return self.hits / self.returned if self.returned else 0.0

    def add(self, category: str, found: Sequence[str]) -> None:
        self.queries += 1
        self.returned += len(found)
        self.hits += sum(other == category for other in found)
        self.pairs.update((category, other) for other in found)

    def by_category(self) -> dict[str, tuple[float, list[tuple[str, int]]]]:
        """Each query category's precision and the categories its misses fell in, most first."""
        returned: Counter[str] = Counter()
        misses: dict[str, Counter[str]] = defaultdict(Counter)
        for (category, other), count in self.pairs.items():
            returned[category] += count
            if other != category:
                misses[category][other] += count
        return {
            category: (
                self.pairs[category, category] / total,
                misses[category].most_common(),
            )
            for category, total in sorted(returned.items())
        }


@dataclass
class Agreement:
    """How often the labels agree on pairs of articles that plainly share a subject (a high
    baseline cosine: the same story, or the same event told twice), per band of cosine.
    Whatever a method ranks first is at best such a pair, so where the labels split those
    pairs between sections, no similarity can reach a precision much above their agreement:
    it tells a weak method from labels that allow no better."""

    pairs: Counter[float] = field(default_factory=Counter)
    same: Counter[float] = field(default_factory=Counter)

    def add(self, category: str, similar: Sequence[tuple[float, str]]) -> None:
        """`similar`: (baseline cosine, category) of the query's other articles."""
        for cosine, other in similar:
            band = max((floor for floor in AGREEMENT_FLOORS if cosine >= floor), default=None)
            if band is not None:
                self.pairs[band] += 1
                self.same[band] += other == category

    def lines(self) -> list[str]:
        bands = []
        for low, high in zip(AGREEMENT_FLOORS, (*AGREEMENT_FLOORS[1:], 1.0), strict=True):
            count = self.pairs[low]
            share = f"{self.same[low] / count:.3f}" if count else "-"
            bands.append(f"{low:.1f}-{high:.1f} {share} ({self.same[low]}/{count})")
        return ["same category among pairs by baseline cosine (the labels' own agreement): "
                + ", ".join(bands)]


@dataclass
class Outcome:
    ours: Precision = field(default_factory=Precision)
    baseline: Precision = field(default_factory=Precision)
    agreement: Agreement = field(default_factory=Agreement)
    latencies: list[float] = field(default_factory=list)
    first_call: float = 0.0
    articles: int = 0

    def lines(self) -> list[str]:
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0
        p50 = statistics.median(ordered) if ordered else 0.0
        return [
            f"articles indexed {self.articles}, queries {self.ours.queries}",
            f"top-{DEPTH} same-category precision  rubrique {self.ours.value:.3f}"
            f" ({self.ours.hits}/{self.ours.returned})"
            f"  tf-idf baseline {self.baseline.value:.3f}"
            f" ({self.baseline.hits}/{self.baseline.returned})"
            f"  difference {self.ours.value - self.baseline.value:+.3f}",
            f"related latency  p50 {p50 * 1000:.1f} ms  p95 {p95 * 1000:.1f} ms"
            f"  (first call {self.first_call * 1000:.0f} ms, with the catalog)",
        ]

    def confusion(self) -> list[str]:
        """Per category: both precisions and where each method's misses went, to see which
        sections a method confuses rather than guess it from one number."""
        theirs = self.baseline.by_category()
        lines = ["per category (queries' category: rubrique | baseline; misses by category)"]
        for category, (value, misses) in self.ours.by_category().items():
            base_value, base_misses = theirs.get(category, (0.0, []))
            lines.append(
                f"  {category}: {value:.3f} | {base_value:.3f};"
                f" rubrique misses {_counts(misses)}; baseline misses {_counts(base_misses)}"
            )
        return lines + self.agreement.lines()


def _counts(pairs: list[tuple[str, int]], shown: int = 4) -> str:
    return ", ".join(f"{name or '?'} {count}" for name, count in pairs[:shown]) or "none"


def read_manifest(folder: Path) -> dict[str, str]:
    """file (relative to the folder, posix) → category."""
    with open(folder / MANIFEST, newline="", encoding="utf-8") as handle:
        return {
            Path(row["file"]).as_posix(): row["category"]
            for row in csv.DictReader(handle)
            if row.get("file") and row.get("category")
        }


def duplicate_key(text: str) -> str:
    return " ".join(text.split())


# -- the baseline ---------------------------------------------------------------------------
def strip_accents(text: str) -> str:
    """scikit-learn's `strip_accents_unicode`: NFKD, then drop the combining marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed == text:
        return text
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def baseline_tokens(text: str) -> list[str]:
    return _TOKEN.findall(strip_accents(text.lower()))


class TfidfCosine:
    """Sublinear tf × smoothed idf, l2-normalised, over the terms with min_df ≤ df ≤ max_df·n;
    neighbours by cosine through an inverted index (exact, like a dense product)."""

    def __init__(self, texts: Sequence[str], min_df: int = 2, max_df: float = 0.5) -> None:
        counts = [Counter(baseline_tokens(text)) for text in texts]
        frequency: Counter[str] = Counter()
        for tally in counts:
            frequency.update(tally.keys())
        n = len(texts)
        kept = {t for t, df in frequency.items() if min_df <= df <= max_df * n}
        idf = {t: math.log((1 + n) / (1 + frequency[t])) + 1.0 for t in kept}
        self.vectors: list[dict[str, float]] = []
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, tally in enumerate(counts):
            raw = {t: (1.0 + math.log(tf)) * idf[t] for t, tf in tally.items() if t in kept}
            norm = math.sqrt(sum(w * w for w in raw.values())) or 1.0
            vector = {t: w / norm for t, w in raw.items()}
            self.vectors.append(vector)
            for term, weight in vector.items():
                self.postings[term].append((number, weight))

        self._arrays: dict[str, tuple[Any, Any]] | None = None
        if numpy is not None:
            self._arrays = {
                term: (
                    numpy.fromiter((n for n, _ in rows), dtype=numpy.int32, count=len(rows)),
                    numpy.fromiter((w for _, w in rows), dtype=numpy.float64, count=len(rows)),
                )
                for term, rows in self.postings.items()
            }

    def nearest(self, number: int, count: int, skip: set[int]) -> list[int]:
        """The `count` most similar documents by cosine, not in `skip`, none at cosine 0
        (nothing in common); ties by number."""
        if self._arrays is not None and numpy is not None:
            dense = self._dense(number)
            dense[list(skip)] = -1.0
            ranked = numpy.argsort(-dense, kind="stable")[:count]
            return [int(n) for n in ranked if dense[n] > 0]
        scores = self._sparse(number)
        for other in skip:
            scores.pop(other, None)
        return heapq.nlargest(count, scores, key=lambda n: (scores[n], -n))

    def similar(self, number: int, floor: float, skip: set[int]) -> list[tuple[int, float]]:
        """(document, cosine) of every document not in `skip` at cosine `floor` or more."""
        if self._arrays is not None and numpy is not None:
            dense = self._dense(number)
            dense[list(skip)] = -1.0
            found = numpy.flatnonzero(dense >= floor)
            return [(int(n), float(dense[n])) for n in found]
        scores = self._sparse(number)
        return sorted((n, c) for n, c in scores.items() if c >= floor and n not in skip)

    def _dense(self, number: int) -> Any:
        assert self._arrays is not None and numpy is not None
        dense = numpy.zeros(len(self.vectors))
        for term, weight in self.vectors[number].items():
            ids, weights = self._arrays[term]
            dense[ids] += weight * weights
        return dense

    def _sparse(self, number: int) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for term, weight in self.vectors[number].items():
            for other, theirs in self.postings[term]:
                scores[other] += weight * theirs
        return scores


# -- the run --------------------------------------------------------------------------------
def evaluate(
    folder: Path, index_dir: Path | None = None, sample: int | None = None, seed: int = 0
) -> Outcome:
    labels = read_manifest(folder)
    files = sorted(f for f in labels if (folder / f).is_file())
    texts = [(folder / f).read_text(encoding="utf-8", errors="replace") for f in files]
    position = {f: number for number, f in enumerate(files)}
    twins: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(texts):
        twins[duplicate_key(text)].append(number)
    outcome = Outcome()
    with tempfile.TemporaryDirectory() as scratch:
        library = Library(folder, index_dir or Path(scratch))
        library.scan()
        summaries = {s.path: s for s in library.articles()}
        outcome.articles = len(summaries)
        indexed = [f for f in files if f in summaries]
        chosen = sorted(indexed)
        if sample is not None and sample < len(chosen):
            chosen = sorted(random.Random(seed).sample(chosen, sample))
        baseline = TfidfCosine(texts)
        for place, name in enumerate(chosen):
            number = position[name]
            skip = set(twins[duplicate_key(texts[number])])
            category = labels[name]
            started = time.perf_counter()
            found = library.related(summaries[name].id, limit=DEPTH + len(skip))
            elapsed = time.perf_counter() - started
            if place == 0:
                outcome.first_call = elapsed
            else:
                outcome.latencies.append(elapsed)
            ours = [r.summary.path for r in found if position.get(r.summary.path) not in skip]
            outcome.ours.add(category, [labels.get(path, "") for path in ours[:DEPTH]])
            theirs = baseline.nearest(number, DEPTH, skip)
            outcome.baseline.add(category, [labels[files[other]] for other in theirs])
            similar = baseline.similar(number, AGREEMENT_FLOORS[0], skip)
            outcome.agreement.add(category, [(c, labels[files[n]]) for n, c in similar])
        library.close()
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate related", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, nargs="?", help=f"articles and their {MANIFEST}")
    parser.add_argument("--index", type=Path, default=None,
                        help="index folder to build or reuse (default: a temporary one)")
    parser.add_argument("--sample", type=int, default=None,
                        help="score N articles drawn with --seed (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--confusion", action="store_true",
                        help="also print each category's precision and where its misses went")
    args = parser.parse_args(argv)
    if args.folder is None:
        print("skipped: name a labelled folder, python -m index.evaluate related FOLDER")
        return 0
    if not (args.folder / MANIFEST).is_file():
        print(f"no {MANIFEST} in {args.folder}: nothing to score")
        return 1
    outcome = evaluate(args.folder, args.index, args.sample, args.seed)
    print("\n".join(outcome.lines() + (outcome.confusion() if args.confusion else [])))
    return 0
