"""What each piece of related-article scoring is worth, on a labelled folder.

`python -m index.evaluate related` gives one number for Rubrique against the TF-IDF
baseline; this script replays, on the same seeded sample and an index built by it, the
views `index.related` adds up, and a few alternatives, each ranked over every article of
the language, and prints each one's top-5 same-category precision:

- rubrique's sum (BM25 of the article's strongest words + the idf of the shared topics),
  without the copy collapsing and the "needs a reason" rule of the real call (they moved
  at most a few of 5,000 answers on the dev folders);
- each view alone, and the words with one kind of topic at a time;
- a cosine of sublinear tf-idf over the same stemmed field, the index's own idf;
- with `--lsa K`: cosine of the articles' K-dimensional latent semantic vectors (a
  truncated SVD of the l2-normalised tf-idf matrix, randomised range finder in numpy),
  alone, multiplied with rubrique's sum, added to rubrique's sum as a share of the best
  other article's, and the same with pseudo-relevance feedback: the latent query is the
  article's vector plus the mean of its 10 best by that sum (Rocchio, alpha = beta = 1).
  About 10 s of CPU for 20 dimensions on 8,000 articles. The sketch is approximate: 200
  dimensions cut from a 300-dimension run scored 0.697 on the French sample where a
  200-dimension run scored 0.705, so read LSA figures to about ±0.01.

Every posting of the language's body field is read once into memory: meant for dev
folders of thousands of articles, not for a 100,000-article library.

    python bench/related_views.py FOLDER --index DIR [--sample 1000] [--seed 0] [--lsa 200]
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from index import related as scoring
from index.catalog import RelatedView
from index.evaluate.related import DEPTH, duplicate_key, read_manifest
from index.library import Library
from index.store import column_text, content_field

Scores = npt.NDArray[np.float64]
Numbers = npt.NDArray[np.int64]
_DIGIT = re.compile(r"\d")
KINDS = ("tag", "keyword", "person", "organization", "place")
Method = Callable[..., Scores]


class Views:
    """One language's postings and idf, and each sampled article's views, as arrays over
    document numbers."""

    def __init__(self, library: Library, searcher: object, language: str) -> None:
        catalog = library._synced(searcher)  # type: ignore[arg-type]
        self.view = RelatedView(catalog, searcher, catalog.languages())  # type: ignore[arg-type]
        self.searcher = searcher
        self.fieldname = content_field(language)
        self.body = scoring._body_field(searcher, self.fieldname, self.view)  # type: ignore[arg-type]
        self.size = len(self.body.norms)
        reader = searcher.reader()  # type: ignore[attr-defined]
        terms = [t.decode() if isinstance(t, bytes) else t for t in reader.lexicon(self.fieldname)]
        self.postings: dict[str, tuple[npt.NDArray[np.int32], Scores]] = {}
        for start in range(0, len(terms), 5000):
            chunk = terms[start : start + 5000]
            for term in chunk:
                self.body.doc_frequency(term)
            for term, (numbers, tf) in self.body.read(chunk).items():
                self.postings[term] = (numbers, tf.astype(np.float64))
        documents = self.body.documents
        ceiling = max(scoring.MAX_SHARE * documents, 2)
        self.idf = {
            term: math.log((1 + documents) / (1 + numbers.size)) + 1.0
            for term, (numbers, _) in self.postings.items()
            if 2 <= numbers.size <= ceiling
        }
        squares = np.zeros(self.size)
        for term, weight in self.idf.items():
            numbers, tf = self.postings[term]
            squares[numbers] += ((1 + np.log(tf)) * weight) ** 2
        self.lengths = np.sqrt(squares)

    def counts(self, docnum: int, title: str) -> Counter[str]:
        text = "\n\n".join(p for p in (title, column_text(self.searcher, "content", docnum)) if p)  # type: ignore[arg-type]
        field = self.searcher.schema[self.fieldname]  # type: ignore[attr-defined]
        return Counter(field.process_text(text, mode="index"))

    def query(
        self, counts: Counter[str], terms: int | None = scoring.WORD_TERMS
    ) -> dict[str, float]:
        """term → 1 + ln tf of the article's strongest words by tf-idf, as `index.related`."""
        ranked = sorted(
            (((1 + math.log(tf)) * self.idf[t], t) for t, tf in counts.items() if t in self.idf),
            reverse=True,
        )
        return {t: w / self.idf[t] for w, t in ranked[:terms]}

    def bm25(self, query: dict[str, float]) -> Scores:
        scores = np.zeros(self.size)
        for term, weight in query.items():
            numbers, tf = self.postings[term]
            scores[numbers] += (
                weight * self.idf[term] * (scoring.K1 + 1) * self.body.factors(numbers, tf)
            )
        return scores

    def cosine(self, query: dict[str, float]) -> Scores:
        scores = np.zeros(self.size)
        for term, weight in query.items():
            numbers, tf = self.postings[term]
            scores[numbers] += weight * self.idf[term] ** 2 * (1 + np.log(tf))
        return scores / np.maximum(self.lengths, 1e-9)

    def topics(self, docnum: int) -> tuple[Scores, dict[str, Scores]]:
        """Summed idf of the shared topics, all kinds and each kind apart."""
        mine = self.view.topics(docnum)
        sharing, _, members = scoring._sharing(self.searcher, docnum, mine, self.view)  # type: ignore[arg-type]
        kinds: dict[str, Scores] = {}
        for topic, numbers in members.items():
            kinds.setdefault(topic.kind, np.zeros(self.size))[numbers] += self.view.idf(
                topic.articles
            )
        return sharing, kinds

    def latent(self, dimensions: int, seed: int = 0) -> Scores:
        """Unit-length latent semantic vectors of every document (randomised SVD, two power
        iterations) of the l2-normalised sublinear tf-idf matrix, held as compressed rows
        and columns: each product is one gather and one cumulative sum per block of rows
        (seconds, where a Python loop per word cost minutes)."""
        terms = sorted(self.idf)
        rows, columns, weights = [], [], []
        for column, term in enumerate(terms):
            numbers, tf = self.postings[term]
            rows.append(numbers.astype(np.int64))
            columns.append(np.full(numbers.size, column, dtype=np.int64))
            weights.append((1 + np.log(tf)) * self.idf[term])
        row, col, value = np.concatenate(rows), np.concatenate(columns), np.concatenate(weights)
        norms = np.sqrt(np.bincount(row, value * value, minlength=self.size))
        value = value / np.maximum(norms[row], 1e-12)
        by_row = _Compressed(row, col, value, self.size)
        by_column = _Compressed(col, row, value, len(terms))
        rng = np.random.default_rng(seed)
        start = rng.standard_normal((len(terms), dimensions + 20))
        basis, _ = np.linalg.qr(by_row.times(start))
        for _ in range(2):
            inner, _ = np.linalg.qr(by_column.times(basis))
            basis, _ = np.linalg.qr(by_row.times(inner))
        small, values, _ = np.linalg.svd(by_column.times(basis).T, full_matrices=False)
        vectors = (basis @ small)[:, :dimensions] * values[:dimensions]
        unit: Scores = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return unit


class _Compressed:
    """A sparse matrix by rows (CSR-like): what a product with a dense matrix needs."""

    def __init__(self, row: Numbers, col: Numbers, value: Scores, size: int) -> None:
        order = np.argsort(row, kind="stable")
        self.columns, self.values = col[order], value[order]
        self.starts = np.searchsorted(row[order], np.arange(size + 1))

    def times(self, dense: Scores, block: int = 1000) -> Scores:
        size = self.starts.size - 1
        out = np.zeros((size, dense.shape[1]))
        for first in range(0, size, block):
            last = min(size, first + block)
            a, b = int(self.starts[first]), int(self.starts[last])
            terms = self.values[a:b, None] * dense[self.columns[a:b]]
            sums = np.concatenate([np.zeros((1, dense.shape[1])), np.cumsum(terms, axis=0)])
            bounds = self.starts[first : last + 1] - a
            out[first:last] = sums[bounds[1:]] - sums[bounds[:-1]]
        return out


def _rocchio(latent: Scores, base: Scores, docnum: int, skip: set[int], nearest: int) -> Scores:
    """Latent cosine with the article's vector plus the mean vector of its `nearest` best
    by `base` (pseudo-relevance feedback, Rocchio's alpha = beta = 1, in the latent space)."""
    scores = base.copy()
    scores[list(skip)] = -np.inf
    top = np.argpartition(-scores, nearest)[:nearest]
    query = latent[docnum] + latent[top].mean(axis=0)
    found: Scores = latent @ (query / max(float(np.linalg.norm(query)), 1e-12))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--lsa", type=int, default=0, help="also latent semantic vectors of K dimensions"
    )
    args = parser.parse_args(argv)
    labels = read_manifest(args.folder)
    files = sorted(f for f in labels if (args.folder / f).is_file())
    twins: dict[str, set[str]] = defaultdict(set)
    keys = {
        f: duplicate_key((args.folder / f).read_text(encoding="utf-8", errors="replace"))
        for f in files
    }
    for name, key in keys.items():
        twins[key].add(name)
    library = Library(args.folder, args.index)
    library.scan()
    summaries = {s.path: s for s in library.articles()}
    chosen = sorted(f for f in files if f in summaries)
    if args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample))
    with library._searcher() as searcher:
        assert searcher is not None
        views = Views(library, searcher, summaries[chosen[0]].language)
        category = np.full(views.size, "", dtype=object)
        number_of: dict[str, int] = {}
        for path, summary in summaries.items():
            number = searcher.document_number(id=summary.id)
            if number is not None:
                category[number] = labels.get(path, "")
                number_of[path] = number
        articles = []
        skips: dict[int, set[int]] = {}
        for name in chosen:
            docnum = searcher.document_number(id=summaries[name].id)
            counts = views.counts(docnum, summaries[name].title)
            sharing, kinds = views.topics(docnum)
            words = views.bm25(views.query(counts))
            skip = {number_of[n] for n in twins[keys[name]] if n in number_of} | {docnum}
            skips[docnum] = skip
            articles.append((name, docnum, skip, counts, words, sharing, kinds))
        methods: dict[str, Method] = {
            "rubrique: words + topics": lambda c, w, s, k, d: w + s,
            "words alone (BM25, 50 words)": lambda c, w, s, k, d: w,
            "topics alone": lambda c, w, s, k, d: s,
            **{f"words + {kind} only": _with_kind(kind) for kind in KINDS},
            "words without numbers + topics": lambda c, w, s, k, d: (
                views.bm25(
                    views.query(Counter({t: n for t, n in c.items() if not _DIGIT.search(t)}))
                )
                + s
            ),
            "BM25 of all the article's words": lambda c, w, s, k, d: views.bm25(
                views.query(c, None)
            ),
            "tf-idf cosine, stemmed, all words": lambda c, w, s, k, d: views.cosine(
                views.query(c, None)
            ),
        }
        if args.lsa:
            latent = views.latent(args.lsa)
            methods[f"LSA {args.lsa} cosine"] = lambda c, w, s, k, d: latent @ latent[d]
            methods[f"LSA {args.lsa} cosine x rubrique"] = lambda c, w, s, k, d: (
                np.maximum(latent @ latent[d], 0.0) * (w + s)
            )
            methods[f"LSA {args.lsa} cosine + rubrique share"] = lambda c, w, s, k, d: (
                np.maximum(latent @ latent[d], 0.0) + _share(w + s, d)
            )

            def feedback(c: object, w: Scores, s: Scores, k: object, d: int) -> Scores:
                share = _share(w + s, d)
                base = np.maximum(latent @ latent[d], 0.0) + share
                skipped = skips[d] | set(np.flatnonzero(category == "").tolist())
                return np.maximum(_rocchio(latent, base, d, skipped, 10), 0.0) + share

            methods[f"LSA {args.lsa} Rocchio (10 nearest) + rubrique share"] = feedback
        for label, method in methods.items():
            hits = returned = 0
            for name, docnum, skip, counts, words, sharing, kinds in articles:
                scores = np.array(method(counts, words, sharing, kinds, docnum), dtype=np.float64)
                scores[list(skip)] = 0.0
                scores[category == ""] = 0.0  # deleted or unlabelled documents
                found = [
                    category[other]
                    for other in np.argsort(-scores, kind="stable")[:DEPTH].tolist()
                    if scores[other] > 0
                ]
                returned += len(found)
                hits += sum(c == labels[name] for c in found)
            print(f"{label:40s} {hits / max(returned, 1):.3f} ({hits}/{returned})", flush=True)
    library.close()
    return 0


def _share(scores: Scores, docnum: int) -> Scores:
    """Scores over the best other article's: rubrique's sum on the latent cosine's scale
    (the app divides by the article's own score instead; the order is the same)."""
    others = scores.copy()
    others[docnum] = 0.0
    shared: Scores = scores / max(float(others.max()), 1e-9)
    return shared


def _with_kind(kind: str) -> Method:
    """The words and the shared topics of one kind only."""

    def score(
        counts: object, words: Scores, sharing: Scores, kinds: dict[str, Scores], docnum: int
    ) -> Scores:
        return words + kinds.get(kind, 0.0)

    return score


if __name__ == "__main__":
    sys.exit(main())
