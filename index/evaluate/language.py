"""Language identification: accuracy and speed against how much text langdetect is shown.

Run `python -m index.evaluate language [--prefixes 100,300,600,1000,0]` (0 = the whole text).
Texts come from the dev data in `<repo>/../shared/dev-data`: CoNLL-2003 English and HIPE French
documents, DUC-2001 English articles, and CoNLL-2002 Spanish, GermEval German and Sequoia French
sentences grouped into ~1,500-character passages (plus the single sentences, to show how short
text fares).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

from index.analysis.language import UNDETERMINED, detect_language
from index.evaluate import DEV_DATA

DOCUMENTS = {
    "en": ["ner/en_conll2003_dev.jsonl", "keys/en_duc2001.jsonl"],
    "fr": ["ner/fr_hipe2020_dev.jsonl"],
}
SENTENCES = {
    "es": "ner/es_conll2002_dev.jsonl",
    "de": "ner/de_germeval2014_dev.jsonl",
    "fr": "ner/fr_sequoia_estrepublicain.jsonl",
}
PASSAGE_CHARS = 1500


def _texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["text"]


def _passages(sentences: Iterator[str]) -> Iterator[str]:
    passage: list[str] = []
    size = 0
    for sentence in sentences:
        passage.append(sentence)
        size += len(sentence) + 1
        if size >= PASSAGE_CHARS:
            yield "\n".join(passage)
            passage, size = [], 0
    if passage:
        yield "\n".join(passage)


def load(sentences_too: bool) -> dict[str, list[tuple[str, str]]]:
    """Sets of (expected language, text), keyed by a label; absent files are skipped."""
    sets: dict[str, list[tuple[str, str]]] = {}
    docs: list[tuple[str, str]] = []
    for language, names in DOCUMENTS.items():
        for name in names:
            if (DEV_DATA / name).exists():
                docs.extend((language, text) for text in _texts(DEV_DATA / name))
    for language, name in SENTENCES.items():
        if (DEV_DATA / name).exists():
            docs.extend((language, p) for p in _passages(_texts(DEV_DATA / name)))
    if docs:
        sets["articles and passages"] = docs
    if sentences_too:
        single = [
            (language, text)
            for language, name in SENTENCES.items()
            if (DEV_DATA / name).exists()
            for text in _texts(DEV_DATA / name)
        ]
        if single:
            sets["single sentences"] = single
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate language")
    parser.add_argument("--prefixes", default="150,300,600,1000,2000,0",
                        help="comma-separated prefix lengths in characters; 0 = whole text")
    parser.add_argument("--no-sentences", action="store_true",
                        help="skip the single-sentence check")
    args = parser.parse_args(argv)
    sets = load(not args.no_sentences)
    if not sets:
        print(f"[language] skipped: no dev data under {DEV_DATA}")
        return 0
    detect_language("warm up the profiles before timing anything")
    prefixes = [int(p) for p in args.prefixes.split(",")]
    for label, items in sets.items():
        by_language: dict[str, int] = {}
        for language, _text in items:
            by_language[language] = by_language.get(language, 0) + 1
        mean_chars = sum(len(t) for _l, t in items) / len(items)
        counts = ", ".join(f"{k} {v}" for k, v in sorted(by_language.items()))
        print(f"{label}: {len(items)} texts ({counts}), mean {mean_chars:.0f} chars")
        print(f"  {'prefix':>7} {'correct':>8} {'wrong':>6} {'und':>6} {'ms/text':>8}  errors")
        lengths = prefixes if label != "single sentences" else [max(prefixes)]
        for prefix in lengths:
            size = prefix or 10**9
            correct = wrong = unknown = 0
            errors: dict[str, int] = {}
            start = time.perf_counter()
            for language, text in items:
                found = detect_language(text, prefix_chars=size)
                if found == language:
                    correct += 1
                elif found == UNDETERMINED:
                    unknown += 1
                else:
                    wrong += 1
                    errors[f"{language}->{found}"] = errors.get(f"{language}->{found}", 0) + 1
            ms = 1000 * (time.perf_counter() - start) / len(items)
            top = ", ".join(f"{k} {v}" for k, v in sorted(errors.items(), key=lambda e: -e[1])[:4])
            n = len(items)
            print(f"  {prefix or 'all':>7} {correct / n:8.1%} {wrong / n:6.1%} {unknown / n:6.1%}"
                  f" {ms:8.2f}  {top}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
