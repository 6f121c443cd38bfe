"""Language identification on headlines and on whole articles: ours beside langdetect alone.

Run `python -m index.evaluate language [--prefixes 150,600,0] [--article-every 20]`.
Every text is identified three ways in the same run: langdetect alone (Rubrique's method before
word evidence), `detect_language` with no prior, and `detect_language` with the set's majority
language as the prior (what a feed or folder of that language gives).

Headlines come from the dev data in `<repo>/../shared/dev-data`: the titles of the news sets
(French OrangeSum, English Reuters in ALL CAPS), DUC-2001 titles, the first line of each
CoNLL-2003 document (a wire headline, ALL CAPS), and headline-like prefixes (the first eight
words) of CoNLL-2002 Spanish, GermEval German and Sequoia French sentences and of the Portuguese
broadcast transcripts. Articles are the CoNLL-2003, HIPE and DUC documents, passages of ~1,500
characters of the sentence sets, and every Nth article of the news sets.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from index.analysis.language import UNDETERMINED, detect_language, detect_with_langdetect
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
NEWS = {"fr": "news/fr_orangesum_train.tar.xz", "en": "news/en_reuters21578.tar.xz"}
TRANSCRIPTS = {"pt": "keys/pt_110_bn_kp.jsonl"}
PASSAGE_CHARS = 1500
HEADLINE_WORDS = 8
"""A headline-like prefix: the first eight words (news titles run 6 to 12 words)."""
MIN_SENTENCE_WORDS = 6
"""Sentences with fewer words (numbers and punctuation not counted) are not headline-like:
"Bilbao .", or the EFE datelines "Miami ( EEUU ) , 23 may ( EFE ) ."."""
MIN_TITLE_WORDS = 2
"""DUC "titles" of one word are AP slugs ("$Adv16"), not headlines."""

Item = tuple[str, str]
"""(expected language, text)"""


def _records(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


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


def _news(path: Path, article_every: int) -> tuple[list[str], list[str]]:
    """(every title of the manifest, every Nth article's text), streamed from the archive."""
    titles: list[str] = []
    articles: list[str] = []
    with tarfile.open(path, "r:xz") as archive:
        for number, member in enumerate(archive):
            if not member.isfile():
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            if member.name.endswith("/manifest.csv"):
                rows = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
                titles = [row["title"] for row in rows]
            elif member.name.endswith(".txt") and article_every and number % article_every == 0:
                articles.append(handle.read().decode("utf-8"))
    return titles, articles


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalpha() for c in token) and
               all(c.isalpha() or c in "-'’." for c in token))


def _headline(text: str) -> str | None:
    words = text.split()
    if _words(text) < MIN_SENTENCE_WORDS or not words[0][0].isalpha():
        return None
    return " ".join(words[:HEADLINE_WORDS])


def load(article_every: int) -> tuple[dict[str, list[Item]], dict[str, list[Item]]]:
    """(headline sets, article sets), keyed by a label; absent files are skipped."""
    headlines: dict[str, list[Item]] = {}
    articles: dict[str, list[Item]] = {}
    for language, name in NEWS.items():
        if (DEV_DATA / name).exists():
            titles, texts = _news(DEV_DATA / name, article_every)
            label = Path(name).name.removesuffix(".tar.xz")
            headlines[f"{label} titles"] = [(language, t) for t in titles]
            if texts:
                articles[f"{label} 1/{article_every}"] = [(language, t) for t in texts]
    duc = DEV_DATA / "keys/en_duc2001.jsonl"
    if duc.exists():
        headlines["en_duc2001 titles"] = [
            ("en", r["title"])
            for r in _records(duc)
            if _words(r.get("title") or "") >= MIN_TITLE_WORDS
        ]
    conll = DEV_DATA / "ner/en_conll2003_dev.jsonl"
    if conll.exists():
        headlines["en_conll2003 first lines"] = [
            ("en", r["text"].split("\n")[0]) for r in _records(conll)
        ]
    for language, name in {**SENTENCES, **TRANSCRIPTS}.items():
        if (DEV_DATA / name).exists():
            starts = [_headline(r["text"]) for r in _records(DEV_DATA / name)]
            label = f"{Path(name).stem} {HEADLINE_WORDS}-word starts"
            headlines[label] = [(language, s) for s in starts if s]
    docs: list[Item] = []
    for language, names in DOCUMENTS.items():
        for name in names:
            if (DEV_DATA / name).exists():
                docs.extend((language, r["text"]) for r in _records(DEV_DATA / name))
    for language, name in SENTENCES.items():
        if (DEV_DATA / name).exists():
            sentences = (r["text"] for r in _records(DEV_DATA / name))
            docs.extend((language, p) for p in _passages(sentences))
    if docs:
        articles["documents and passages"] = docs
    return headlines, articles


Method = Callable[[str, str], str]
"""(text, the set's majority language) -> the language found."""


def _methods(prefix_chars: int) -> dict[str, Method]:
    return {
        "langdetect": lambda text, _major: detect_with_langdetect(text, prefix_chars=prefix_chars),
        "ours": lambda text, _major: detect_language(text, prefix_chars=prefix_chars),
        "ours+prior": lambda text, major: detect_language(
            text, prior=major, prefix_chars=prefix_chars
        ),
    }


def _score(items: list[Item], method: Method) -> tuple[float, float, float, Counter[str]]:
    """(accuracy, share undetermined, ms per text, counts of "expected->found" errors)."""
    major = Counter(language for language, _ in items).most_common(1)[0][0]
    correct = unknown = 0
    errors: Counter[str] = Counter()
    start = time.perf_counter()
    for language, text in items:
        found = method(text, major)
        if found == language:
            correct += 1
        elif found == UNDETERMINED:
            unknown += 1
        else:
            errors[f"{language}->{found}"] += 1
    ms = 1000 * (time.perf_counter() - start) / len(items)
    return correct / len(items), unknown / len(items), ms, errors


def _table(sets: dict[str, list[Item]], prefix_chars: int) -> None:
    methods = _methods(prefix_chars)
    head = "".join(f" {name:>11} {'ms':>5}" for name in methods)
    print(f"  {'set':<38} {'n':>5}{head}  errors of ours (und = undetermined)")
    for label, items in sets.items():
        cells = ""
        errors: Counter[str] = Counter()
        for name, method in methods.items():
            accuracy, unknown, ms, wrong = _score(items, method)
            cells += f" {accuracy:11.1%} {ms:5.2f}"
            if name == "ours":
                errors = wrong
                if unknown:
                    errors[UNDETERMINED] = round(unknown * len(items))
        top = ", ".join(f"{k} {v}" for k, v in errors.most_common(3))
        print(f"  {label:<38} {len(items):>5}{cells}  {top}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate language")
    parser.add_argument("--prefixes", default="600",
                        help="comma-separated prefix lengths in characters for the article sets;"
                        " 0 = whole text")
    parser.add_argument("--article-every", type=int, default=20,
                        help="score every Nth article of the news sets (0 = none)")
    args = parser.parse_args(argv)
    headlines, articles = load(args.article_every)
    if not headlines and not articles:
        print(f"[language] skipped: no dev data under {DEV_DATA}")
        return 0
    detect_language("warm up the profiles and word tables before timing anything")
    detect_with_langdetect("warm up the profiles before timing anything, once more")
    print("Headlines: share identified right (und counts as wrong), ms per text")
    _table(headlines, 600)
    for prefix in (int(p) for p in args.prefixes.split(",")):
        print(f"\nArticles, first {prefix or 'all'} characters read")
        _table(articles, prefix or 10**9)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
