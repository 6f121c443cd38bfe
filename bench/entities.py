"""CPU cost of entity extraction per article: `python -m bench.entities [--articles N]`.

Reads N real news articles (half English, half French) from the bench corpus
(`/work/data/bench/corpus-1000` by default) and, for German and Spanish, which that corpus
lacks, ~3 KB pseudo-articles made of consecutive dev-set sentences
(`<repo>/../shared/dev-data/ner`). Prints CPU milliseconds (time.process_time) per article and
per 3 KB. An untimed pass over as many other articles of the same kind first fills the
per-word caches and loads any model, as a worker of a long indexing run would have done; the
timed articles are new to those caches, as most of a build's are.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from index.analysis.entities import find_mentions

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/data/bench/corpus-1000")
NER = REPO.parent / "shared" / "dev-data" / "ner"
PSEUDO = {"de": "de_germeval2014_dev.jsonl", "es": "es_conll2002_dev.jsonl"}


def corpus_articles(root: Path, count: int) -> list[tuple[str, str]]:
    """(text, language) of the first `count` articles, alternating English and French."""
    folders = {"en": root / "en_reuters21578", "fr": root / "fr_orangesum_train"}
    lists = {code: sorted(folder.rglob("*.txt")) for code, folder in folders.items()}
    picked: list[tuple[str, str]] = []
    for i in range(count):
        code = "en" if i % 2 == 0 else "fr"
        files = lists[code]
        if i // 2 < len(files):
            picked.append((files[i // 2].read_text(encoding="utf-8"), code))
    return picked


def pseudo_articles(language: str, count: int, size: int = 3000) -> list[tuple[str, str]]:
    path = NER / PSEUDO[language]
    if not path.exists():
        return []
    articles: list[tuple[str, str]] = []
    current: list[str] = []
    length = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        current.append(text)
        length += len(text) + 1
        if length >= size:
            articles.append(("\n".join(current), language))
            current, length = [], 0
            if len(articles) >= count:
                break
    return articles


def measure(label: str, warm_up: list[tuple[str, str]], articles: list[tuple[str, str]]) -> None:
    if not articles:
        return
    for text, code in warm_up:
        find_mentions(text, code)
    chars = sum(len(text) for text, _ in articles)
    began = time.process_time()
    for text, code in articles:
        find_mentions(text, code)
    spent = time.process_time() - began
    print(
        f"{label:24} {len(articles):4} articles  {1000 * spent / len(articles):6.2f} ms/article"
        f"  {1000 * spent / chars * 3000:6.2f} ms per 3 KB (CPU)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.entities", description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if args.corpus.is_dir():
        both = corpus_articles(args.corpus, 2 * args.articles)
        measure("news (en+fr)", both[: len(both) // 2], both[len(both) // 2 :])
    else:
        print(f"{args.corpus} is absent: real-news figure skipped")
    for code in PSEUDO:
        both = pseudo_articles(code, 2 * (args.articles // 4))
        measure(f"dev sentences ({code})", both[: len(both) // 2], both[len(both) // 2 :])


if __name__ == "__main__":
    main()
