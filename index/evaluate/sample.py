"""Score the analysis and related articles against the gold annotations of `sample_articles/`.

Run `python -m index.evaluate sample [--corpus DIR]`. The gold file maps each article (its path,
plus `#entry-id` for feed entries) to its language, topic cluster, the named entities a careful
reader marks, and the keywords an editor would choose.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.lang import stemmer_for_language

from index.analysis import analyze
from index.library import Library
from index.models import Analysis, Article
from index.readers import is_article_file, read_file

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO / "sample_articles"
GOLD_NAME = "gold.json"
RELATED_DEPTH = 3
ELISIONS = ("d'", "l'", "qu'", "j'", "n'", "s'", "c'")


@dataclass
class Tally:
    """True positives against the sizes of the predicted and gold sets."""

    hits: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SampleScores:
    articles: int = 0
    entities: Tally = field(default_factory=Tally)
    typed_entities: Tally = field(default_factory=Tally)
    keyword_hits: int = 0
    gold_keywords: int = 0
    language_right: int = 0
    related: Tally = field(default_factory=Tally)
    missing: list[str] = field(default_factory=list)

    @property
    def keyword_recall(self) -> float:
        return self.keyword_hits / self.gold_keywords if self.gold_keywords else 0.0

    @property
    def language_accuracy(self) -> float:
        return self.language_right / self.articles if self.articles else 0.0

    def lines(self) -> list[str]:
        e, t = self.entities, self.typed_entities
        return [
            f"articles scored: {self.articles} (gold entries without an article: "
            f"{len(self.missing)})",
            f"entities   P {e.precision:.3f}  R {e.recall:.3f}  F1 {e.f1:.3f}"
            f"   ({e.hits} right of {e.predicted} found, {e.gold} in gold)",
            f"typed      P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}",
            f"keywords   {self.keyword_hits}/{self.gold_keywords} gold keywords among "
            f"keywords + entities ({self.keyword_recall:.3f})",
            f"language   {self.language_right}/{self.articles} detected right "
            f"({self.language_accuracy:.3f})",
            f"related    precision@{RELATED_DEPTH} {self.related.precision:.3f}"
            f" ({self.related.hits}/{self.related.predicted} in the same cluster)",
        ]


def fold(text: str) -> str:
    """Case- and accent-insensitive form, typographic apostrophes unified, elisions dropped."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    for elision in ELISIONS:
        if text.startswith(elision):
            text = text[len(elision) :]
    return " ".join(text.split())


def stems(phrase: str, language: str) -> tuple[str, ...]:
    stem = stemmer_for_language(language) if language != "und" else None
    words = fold(phrase).replace("-", " ").split()
    return tuple(stem(w) if stem else w for w in words)


def load_gold(corpus: Path) -> dict[str, dict[str, object]]:
    data = json.loads((corpus / GOLD_NAME).read_text(encoding="utf-8"))
    articles: dict[str, dict[str, object]] = data["articles"]
    return articles


def gold_key(article: Article) -> str:
    return f"{article.path}#{article.entry_id}" if article.entry_id else article.path


def read_corpus(corpus: Path) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and is_article_file(path):
            for article in read_file(path, corpus):
                found[gold_key(article)] = article
    return found


def clusters_of(entry: dict[str, object]) -> set[str]:
    also = entry.get("also") or []
    assert isinstance(also, list)
    return {str(entry["cluster"]), *map(str, also)}


def score_entities(
    scores: SampleScores, analysis: Analysis, gold: Iterable[dict[str, str]]
) -> None:
    found = {fold(e.text): e.kind for e in analysis.entities}
    wanted = {fold(g["text"]): g["kind"] for g in gold}
    right = found.keys() & wanted.keys()
    for tally in (scores.entities, scores.typed_entities):
        tally.predicted += len(found)
        tally.gold += len(wanted)
    scores.entities.hits += len(right)
    scores.typed_entities.hits += sum(found[k] == wanted[k] for k in right)


def score_keywords(
    scores: SampleScores, analysis: Analysis, gold: Iterable[str], language: str
) -> None:
    offered = {stems(k, language) for k in analysis.keywords}
    offered |= {stems(e.text, language) for e in analysis.entities}
    for keyword in gold:
        scores.gold_keywords += 1
        scores.keyword_hits += stems(keyword, language) in offered


def measure(corpus: Path = DEFAULT_CORPUS, index_dir: Path | None = None) -> SampleScores:
    """Analyse every gold article afresh and ask an index of the corpus for related articles."""
    gold = load_gold(corpus)
    articles = read_corpus(corpus)
    scores = SampleScores()
    for key, entry in gold.items():
        article = articles.get(key)
        if article is None:
            scores.missing.append(key)
            continue
        scores.articles += 1
        language = str(entry["language"])
        scores.language_right += analyze(article.text).language == language
        analysis = analyze(article.text, article.language)
        score_entities(scores, analysis, entry["entities"])  # type: ignore[arg-type]
        score_keywords(scores, analysis, entry["keywords"], language)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as scratch:
        library = Library(corpus, index_dir or Path(scratch))
        library.scan()
        by_id = {a.id: key for key, a in articles.items()}
        for key, entry in gold.items():
            article = articles.get(key)
            if article is None:
                continue
            for related in library.related(article.id, limit=RELATED_DEPTH):
                other = gold.get(by_id.get(related.summary.id, ""))
                scores.related.predicted += 1
                scores.related.hits += bool(other and clusters_of(entry) & clusters_of(other))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate sample", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / GOLD_NAME).is_file():
        print(f"no {GOLD_NAME} in {args.corpus}: nothing to score")
        return 1
    scores = measure(args.corpus)
    print("\n".join(scores.lines()))
    for key in scores.missing:
        print(f"gold entry without an article: {key}")
    return 0
