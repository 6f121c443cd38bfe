"""Keyphrase quality: ours against YAKE and a plain TF-IDF, plus the seed's tags.

Run `python -m index.evaluate keywords [--limit N] [--docs N] [--no-yake]`. Two sets are read
from `<repo>/../shared/dev-data/keys/`: DUC-2001 (English news, readers' keys mostly phrases)
and 110-PT-BN-KP (Portuguese broadcast news, keys mostly single words). Each set is the
collection its own document frequencies are counted over, for us as for TF-IDF. A phrase
counts as found when its accent-folded, Snowball-stemmed words equal a gold key's; scores are
macro-averaged F1@limit. "ours" ranks with the set's document frequencies through the very
code the index uses (`keyword_ranking.rank_keywords` over the candidates `analyze` stores),
names included as YAKE and TF-IDF include them; "ours (keywords only)" leaves out the names
the reader sees in the entity list, as the sidebar does; "ours (alone)" is each article
ranked as if it were the only one (what `analyze` itself returns), names left out. Times
are per article: the whole `analyze` (entities included) for ours.
The seed check asks how many of its editor's tags show up among keywords and entity names.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from whoosh.lang import stemmer_for_language

from index.analysis import analyze
from index.analysis.keyword_ranking import document_frequencies, rank_keywords
from index.analysis.stopwords import fold_plural
from index.evaluate import DEV_DATA, SEEDS
from index.models import KeywordCandidates

SEED = SEEDS / "stargate-fr.txt"


@dataclass(frozen=True)
class KeySet:
    name: str
    path: Path
    language: str


SETS = (
    KeySet("DUC-2001", DEV_DATA / "keys" / "en_duc2001.jsonl", "en"),
    KeySet("110-PT-BN-KP", DEV_DATA / "keys" / "pt_110_bn_kp.jsonl", "pt"),
)
_MATCH_WORD = re.compile(r"\w+")
_BASELINE_WORD = re.compile(r"[^\W\d_][\w'’-]+")
BASELINE_MAX_SHARE = 0.3
"""The baseline drops words found in more than this share of the set's articles."""

Extractor = Callable[[str], list[str]]


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    stem: Callable[[str], str] = stemmer_for_language(language)
    return stem


def matching_key(phrase: str, language: str) -> tuple[str, ...]:
    """What two phrases must share to match: casefolded, Snowball-stemmed word by word, then
    stripped of accents (so "eleições" matches "eleicoes" and "eleição")."""
    stem = _stemmer(language)
    return tuple(
        _strip_accents(stem(word)) for word in _MATCH_WORD.findall(phrase.casefold())
    )


@dataclass
class Score:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    seconds: float = 0.0
    docs: int = 0

    def add(
        self, predicted: Sequence[str], gold: Iterable[str], language: str, seconds: float
    ) -> None:
        keys = {matching_key(k, language) for k in gold}
        found: list[tuple[str, ...]] = []
        for phrase in predicted:
            key = matching_key(phrase, language)
            if key and key not in found:
                found.append(key)
        hits = sum(1 for key in found if key in keys)
        p = hits / len(found) if found else 0.0
        r = hits / len(keys) if keys else 0.0
        self.precision += p
        self.recall += r
        self.f1 += 2 * p * r / (p + r) if hits else 0.0
        self.seconds += seconds
        self.docs += 1

    @property
    def mean_f1(self) -> float:
        return self.f1 / max(self.docs, 1)

    def row(self, name: str) -> str:
        n = max(self.docs, 1)
        return (
            f"{name:<22} {self.precision / n:6.3f} {self.recall / n:6.3f} {self.f1 / n:6.3f}"
            f" {1000 * self.seconds / n:9.2f}"
        )


class TfIdf:
    """The single-word TF-IDF baseline, exactly as the issue states it: words are the regex
    `[^\\W\\d_][\\w'’-]+` casefolded; document frequency over the set; words in more than
    30 % of its articles or of two letters or fewer are dropped; score tf × ln(N/df)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.df: Counter[str] = Counter()
        for text in texts:
            self.df.update(set(self.words(text)))
        self.n = len(texts)

    @staticmethod
    def words(text: str) -> list[str]:
        return [w.casefold() for w in _BASELINE_WORD.findall(text)]

    def __call__(self, text: str, limit: int = 10) -> list[str]:
        tf = Counter(
            w for w in self.words(text)
            if len(w) > 2 and self.df[w] <= BASELINE_MAX_SHARE * self.n
        )
        ranked = sorted(tf, key=lambda w: -tf[w] * math.log(self.n / self.df[w]))
        return ranked[:limit]


def yake_extractor(limit: int, language: str) -> Extractor | None:
    """YAKE with its defaults (n ≤ 3); a dev-only extra, so absent is fine."""
    try:
        import yake
    except ImportError:
        return None
    extractor = yake.KeywordExtractor(lan=language, n=3, top=limit)
    return lambda text: [kw for kw, _score in extractor.extract_keywords(text)]


def read_set(key_set: KeySet, docs: int | None) -> list[dict[str, object]] | None:
    if not key_set.path.exists():
        print(f"[keywords] skipped {key_set.name}: {key_set.path} is absent")
        return None
    lines = key_set.path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return records[:docs] if docs else records


def evaluate_set(
    key_set: KeySet, limit: int, docs: int | None, with_yake: bool
) -> dict[str, Score]:
    """Score every system on one set and print the table; returns the scores by system."""
    records = read_set(key_set, docs)
    if not records:
        return {}
    language = key_set.language
    texts = [str(r["text"]) for r in records]
    golds = [[str(k) for k in r["keys"]] for r in records]  # type: ignore[attr-defined]
    analyze(texts[0], language)  # load frequency lists and caches outside the timing
    analysed: list[tuple[KeywordCandidates, tuple[str, ...]]] = []
    seconds: list[float] = []
    for text in texts:
        start = time.perf_counter()
        analysis = analyze(text, language)
        seconds.append(time.perf_counter() - start)
        analysed.append((analysis.candidates, analysis.keywords))
    table = document_frequencies(candidates for candidates, _ in analysed)
    n_docs = len(texts)
    scores: dict[str, Score] = {
        "ours": Score(), "ours (keywords only)": Score(), "ours (alone)": Score()
    }
    for (candidates, alone), gold, spent in zip(analysed, golds, seconds, strict=True):
        start = time.perf_counter()
        ranked = rank_keywords(
            candidates, table.__getitem__, n_docs, language, limit, entities=True
        )
        ranking = time.perf_counter() - start
        scores["ours"].add(ranked, gold, language, spent + ranking)
        shown = rank_keywords(candidates, table.__getitem__, n_docs, language, limit)
        scores["ours (keywords only)"].add(shown, gold, language, spent)
        scores["ours (alone)"].add(alone[:limit], gold, language, spent)
    systems: dict[str, Extractor] = {}
    tfidf = TfIdf(texts)
    systems["tf-idf (words)"] = lambda t: tfidf(t, limit)
    if with_yake:
        extractor = yake_extractor(limit, language)
        if extractor is None:
            print("[keywords] YAKE not installed: `pip install yake==0.7.3` to compare")
        else:
            systems["yake 0.7.3"] = extractor
    for name, extract in systems.items():
        extract(texts[0])
        score = scores[name] = Score()
        for text, gold in zip(texts, golds, strict=True):
            start = time.perf_counter()
            predicted = extract(text)
            score.add(predicted[:limit], gold, language, time.perf_counter() - start)
    print(f"{key_set.name} ({language}): {n_docs} articles, F1@{limit}, accent-folded "
          "Snowball-stemmed exact match, macro-averaged")
    print(f"{'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'ms/article':>9}")
    for name, score in scores.items():
        print(score.row(name))
    rivals = [scores[n].mean_f1 for n in ("tf-idf (words)", "yake 0.7.3") if n in scores]
    if rivals:
        print(f"ours / best of the others: {scores['ours'].mean_f1 / max(max(rivals), 1e-9):.2f}"
              " (target 1.10)")
    print()
    return scores


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str, language: str) -> tuple[str, ...]:
    return tuple(fold_plural(w, language) for w in re.findall(r"\w+", _fold(text)))


def tag_found(tag: str, phrases: Iterable[str], language: str) -> bool:
    """A tag is found when its words appear, in order, in one keyword or entity name."""
    wanted = _words(tag, language)
    n = len(wanted)
    for phrase in phrases:
        words = _words(phrase, language)
        if any(words[i : i + n] == wanted for i in range(len(words) - n + 1)):
            return True
    return False


def split_seed(raw: str) -> tuple[str, list[str]]:
    """The seed's text without its tag line and footer, and the tags from that line."""
    lines = raw.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        parts = [p.strip() for p in lines[index].split(",")]
        if len(parts) >= 5 and all(0 < len(p.split()) <= 4 for p in parts):
            return "\n".join(lines[:index]), parts
    return raw, []


def evaluate_seed() -> None:
    if not SEED.exists():
        print(f"[keywords] skipped seed: {SEED} is absent")
        return
    text, tags = split_seed(SEED.read_text(encoding="utf-8"))
    analysis = analyze(text)
    names = [entity.text for entity in analysis.entities]
    found = [t for t in tags if tag_found(t, [*analysis.keywords, *names], analysis.language)]
    by_keywords = [t for t in tags if tag_found(t, analysis.keywords, analysis.language)]
    print(f"seed {SEED.name} ({analysis.language}): {len(found)}/{len(tags)} tags among "
          f"keywords + entities ({len(by_keywords)} from keywords alone)")
    print("  missed:", ", ".join(t for t in tags if t not in found) or "none")
    print("  keywords:", " | ".join(analysis.keywords))
    print("  entities:", " | ".join(names[:15]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate keywords")
    parser.add_argument("--limit", type=int, default=10, help="keyphrases per article")
    parser.add_argument("--docs", type=int, default=None, help="only the first N articles")
    parser.add_argument("--no-yake", action="store_true", help="skip the YAKE comparison")
    args = parser.parse_args(argv)
    evaluate_seed()
    print()
    for key_set in SETS:
        evaluate_set(key_set, args.limit, args.docs, not args.no_yake)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
