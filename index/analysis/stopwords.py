"""Per-language stop words for keyword extraction, and a light plural folding for merging.

Whoosh's Snowball lists hold only function words (and the French one lacks "les"); a keyword
must also not start or end with "said", "jeudi" or "millions", so we keep our own lists in
`index/data/stopwords-<lang>.txt` and add Whoosh's on top.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from whoosh.lang import has_stopwords, stopwords_for_language

DATA = Path(__file__).resolve().parents[1] / "data"
LANGUAGES = ("en", "fr", "es", "de")


@cache
def stop_words(language: str) -> frozenset[str]:
    """Lower-case stop words of `language`; English ones for a language we have no list for."""
    path = DATA / f"stopwords-{language}.txt"
    if not path.exists():
        if language not in LANGUAGES and has_stopwords(language):
            return frozenset(stopwords_for_language(language)) | stop_words("en")
        return stop_words("en") if language != "en" else frozenset()
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.lower().split())
    if has_stopwords(language):
        words.update(stopwords_for_language(language))
    return frozenset(words)


def fold_plural(word: str, language: str) -> str:
    """Map a lower-case word and its plural to one form, so "élection" and "élections" merge.

    Deliberately lighter than a stemmer: stems merge words a reader would keep apart
    ("general", "generation"), plurals never should be.
    """
    n = len(word)
    if n <= 3:
        return word
    if language == "en":
        if word.endswith("ies") and n > 4:
            return word[:-3] + "y"
        if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
            return word[:-2]
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
        return word
    if language == "fr":
        if word.endswith("aux") and n > 4:
            return word[:-3] + "al"
        if word.endswith(("s", "x")) and not word.endswith(("ss",)):
            return word[:-1]
        return word
    if language == "es":
        if word.endswith("ces"):
            return word[:-3] + "z"
        if word.endswith("es") and word[-3] not in "aeiouáéíóú" and n > 4:
            return word[:-2]
        if word.endswith("s"):
            return word[:-1]
        return word
    if language == "de":
        for suffix in ("innen", "en", "er", "e", "n", "s"):
            if word.endswith(suffix) and n - len(suffix) >= 4:
                return word[: -len(suffix)]
        return word
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_CONNECTORS = {
    "en": frozenset(),  # "of" phrases are names ("Bank of England") or not tags (DUC-2001)
    "fr": frozenset({"de", "du", "des", "d"}),
    "es": frozenset({"de", "del"}),
    "de": frozenset(),
}


def connectors(language: str) -> frozenset[str]:
    """Stop words that may sit inside a keyphrase: "restricciones de agua", "centres de données"."""
    return _CONNECTORS.get(language, frozenset())
