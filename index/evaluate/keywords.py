"""Keyphrase quality: ours against YAKE and plain TF-IDF on DUC-2001, plus the seed's tags.

Run `python -m index.evaluate keywords [--limit N] [--docs N] [--no-yake]`. DUC-2001 (307 news
articles with readers' keyphrases) is read from `<repo>/../shared/dev-data/keys/`; a phrase
counts as found when its Porter-stemmed words equal a gold key's, the usual convention. The
seed check asks how many of its editor's tags show up among keywords and entity names.
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

from whoosh.lang.porter import stem

from index.analysis import analyze
from index.analysis.keywords import extract_keywords
from index.analysis.stopwords import fold_plural, stop_words
from index.evaluate import DEV_DATA, SEEDS

DUC = DEV_DATA / "keys" / "en_duc2001.jsonl"
SEED = SEEDS / "stargate-fr.txt"
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-‐][^\W_]+)*")
_BREAK = re.compile(r"[^\w\s'’-]|\n")

Extractor = Callable[[str], list[str]]


def stemmed(phrase: str) -> tuple[str, ...]:
    """The matching key of a phrase: lower-cased, Porter-stemmed word by word."""
    return tuple(stem(word) for word in phrase.lower().split())


@dataclass
class Score:
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    seconds: float = 0.0
    docs: int = 0

    def add(self, predicted: Sequence[str], gold: Iterable[str], seconds: float) -> None:
        keys = {stemmed(k) for k in gold}
        found: list[tuple[str, ...]] = []
        for phrase in predicted:
            key = stemmed(phrase)
            if key not in found:
                found.append(key)
        hits = sum(1 for key in found if key in keys)
        p = hits / len(found) if found else 0.0
        r = hits / len(keys) if keys else 0.0
        self.precision += p
        self.recall += r
        self.f1 += 2 * p * r / (p + r) if hits else 0.0
        self.seconds += seconds
        self.docs += 1

    def row(self, name: str) -> str:
        n = max(self.docs, 1)
        return (
            f"{name:<22} {self.precision / n:6.3f} {self.recall / n:6.3f} {self.f1 / n:6.3f}"
            f" {1000 * self.seconds / n:9.2f}"
        )


class TfIdf:
    """Plain TF-IDF over n-grams of 1–3 words with no stop word at either edge.

    Document frequencies come from the evaluated articles themselves, as a baseline would
    get them; it uses our English stop list, so the comparison is about scoring alone.
    """

    def __init__(self, texts: Sequence[str], max_words: int = 3) -> None:
        self.max_words = max_words
        self.stops = stop_words("en")
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(self.grams(text)))
        self.df = df
        self.n = len(texts)

    def grams(self, text: str) -> list[str]:
        grams: list[str] = []
        for chunk in _BREAK.split(text):
            words = [w.lower() for w in _WORD.findall(chunk)]
            for i, first in enumerate(words):
                if first in self.stops or first.isdigit():
                    continue
                for n in range(1, self.max_words + 1):
                    if i + n > len(words):
                        break
                    last = words[i + n - 1]
                    if last in self.stops or last.isdigit() or len(last) == 1:
                        continue
                    grams.append(" ".join(words[i : i + n]))
        return grams

    def __call__(self, text: str, limit: int = 10) -> list[str]:
        tf = Counter(self.grams(text))
        ranked = sorted(tf, key=lambda g: -tf[g] * math.log(self.n / self.df.get(g, 1)))
        out: list[str] = []
        seen: set[tuple[str, ...]] = set()
        for gram in ranked:
            key = stemmed(gram)
            if key not in seen:
                seen.add(key)
                out.append(gram)
            if len(out) == limit:
                break
        return out


def yake_extractor(limit: int) -> Extractor | None:
    """YAKE with its defaults (n ≤ 3); a dev-only extra, so absent is fine."""
    try:
        import yake
    except ImportError:
        return None
    extractor = yake.KeywordExtractor(lan="en", n=3, top=limit)
    return lambda text: [kw for kw, _score in extractor.extract_keywords(text)]


def evaluate_duc(limit: int, docs: int | None, with_yake: bool) -> None:
    if not DUC.exists():
        print(f"[keywords] skipped DUC-2001: {DUC} is absent")
        return
    records = [json.loads(line) for line in DUC.read_text(encoding="utf-8").splitlines()]
    records = records[:docs] if docs else records
    texts = [r["text"] for r in records]
    tfidf = TfIdf(texts)
    systems: dict[str, Extractor] = {
        "ours (keywords)": lambda t: extract_keywords(t, "en", limit),
        "ours (analyze)": lambda t: list(analyze(t, "en").keywords[:limit]),
        "tf-idf (1-3 grams)": lambda t: tfidf(t, limit),
    }
    if with_yake:
        extractor = yake_extractor(limit)
        if extractor is None:
            print("[keywords] YAKE not installed: `pip install yake==0.7.3` to compare")
        else:
            systems["yake 0.7.3"] = extractor
    for extract in systems.values():  # warm caches and lazy loads outside the timing
        extract(texts[0])
    print(f"DUC-2001: {len(records)} articles, top-{limit}, Porter-stemmed exact match, "
          "macro-averaged")
    print(f"{'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'ms/article':>9}")
    for name, extract in systems.items():
        score = Score()
        for record in records:
            start = time.perf_counter()
            predicted = extract(record["text"])
            score.add(predicted[:limit], record["keys"], time.perf_counter() - start)
        print(score.row(name))


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
    evaluate_duc(args.limit, args.docs, not args.no_yake)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
