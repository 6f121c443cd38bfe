"""Features and model files for the learned entity tagger (a linear-chain CRF).

Where open gold annotation of news exists (German, Spanish), a CRF trained on it by
`python -m index.train ner` decides which tokens form names and of what kind; the hand-written
rules of `entities` take part as features (each token's rule label and rule name), so the model
learns when to trust them. Features are computed once per word type and cached, so a long
indexing run pays for each distinct word once per worker.

Training and tagging share this module: a feature written differently in the two places would
silently cost accuracy, so there is one function that computes them, `sequence_features`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from index.analysis import gazetteer
from index.analysis.cues import (
    CAPITALISED_COMMON,
    CONNECTORS,
    DEMONYM_NOUNS_DE,
    DEMONYM_STEMS_DE,
    GERMAN_NOUN_ENDINGS,
    ORG_CUE_NOUNS,
    ORG_HEADS,
    ORG_SUFFIXES,
    OTHER_HEADS,
    PERSON_TITLES,
    PLACE_HEADS,
    PLACE_PREPOSITIONS,
    PRODUCT_CUE_NOUNS,
    SPEECH_VERBS,
    fold,
)
from index.analysis.tokens import Token
from index.models import EntityKind

MODELS = Path(__file__).resolve().parent / "models"
FEATURE_VERSION = 1
"""Raised whenever a feature changes: a model trained on other features refuses to load."""
LABEL_KINDS: dict[str, EntityKind] = {
    "PER": "person",
    "ORG": "organization",
    "LOC": "place",
    "OTH": "other",
}
KIND_LABELS = {kind: label for label, kind in LABEL_KINDS.items()}
MODEL_LANGUAGES = ("de", "es")

_PLACES = gazetteer.places()
_FIRST = gazetteer.first_names()
_SURNAMES = gazetteer.surnames()
_FREQ = {code: gazetteer.frequencies(code) for code in gazetteer.FREQUENCY_LANGUAGES}
_DEMONYM_NOUNS_DE = frozenset(fold(word) for word in DEMONYM_NOUNS_DE)
_DEMONYM_STEMS_DE = tuple(fold(stem) for stem in DEMONYM_STEMS_DE)
_GERMAN_NOUN_ENDINGS = tuple(GERMAN_NOUN_ENDINGS)

# Word lists whose membership is a feature of the word itself and of its neighbours.
_CUES: tuple[tuple[str, frozenset[str]], ...] = (
    ("title", PERSON_TITLES),
    ("orgh", ORG_HEADS),
    ("orgs", ORG_SUFFIXES),
    ("plh", PLACE_HEADS),
    ("othh", OTHER_HEADS),
    ("prep", PLACE_PREPOSITIONS),
    ("conn", CONNECTORS),
    ("say", SPEECH_VERBS),
    ("orgcue", ORG_CUE_NOUNS),
    ("prodcue", PRODUCT_CUE_NOUNS),
)


def _zipf(table: dict[str, float], word: str) -> float:
    frequency = table.get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def _shape(text: str) -> str:
    """ "Xx", "X", "x", "d", with runs collapsed: "McDonald" → "XxXx", "G20" → "Xd"."""
    out: list[str] = []
    for char in text:
        if char.isupper():
            mark = "X"
        elif char.islower():
            mark = "x"
        elif char.isdigit():
            mark = "d"
        else:
            mark = char
        if not out or out[-1] != mark:
            out.append(mark)
    return "".join(out[:6])


def _place_band(weight: int) -> str:
    if weight >= gazetteer.COUNTRY_WEIGHT:
        return "3"
    if weight >= 300_000:
        return "2"
    if weight >= 15_000:
        return "1"
    return "0" if weight else ""


@cache
def _word_features(word: str, language: str) -> tuple[str, ...]:
    """Everything about one word that needs no context (cached per word type)."""
    lower = word.casefold()
    folded = fold(word)
    features = [
        "w=" + lower,
        "sh=" + _shape(word),
        "p2=" + lower[:2],
        "p3=" + lower[:3],
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
    ]
    if len(word) == 1:
        features.append("len1")
    elif len(word) > 10:
        features.append("long")
    table = _FREQ.get(language, {})
    here = _zipf(table, lower)
    elsewhere = max(
        (_zipf(other, lower) for code, other in _FREQ.items() if code != language), default=0.0
    )
    features.append(f"z={int(here)}")
    features.append(f"ze={max(-3, min(3, round(elsewhere - here)))}")
    band = _place_band(_PLACES.get(folded, 0))
    if band:
        features.append("pl=" + band)
    if folded in _FIRST:
        features.append("first")
    share = _SURNAMES.get(folded)
    if share is not None:
        features.append("sur" if share < 0.01 else "sur+")
    for name, words in _CUES:
        if folded in words:
            features.append(name)
    if folded in CAPITALISED_COMMON.get(language, ()):
        features.append("capcommon")
    if "-" in word:
        parts = [part for part in word.split("-") if part]
        if parts:
            head, tail = parts[0], parts[-1]
            features.append("hy0=" + _shape(head))
            features.append("hy1=" + fold(tail)[-5:])
            head_band = _place_band(_PLACES.get(fold(head), 0))
            if head_band:
                features.append("hypl=" + head_band)
            if fold(head) in _FIRST:
                features.append("hyfirst")
    if language == "de":
        if len(lower) > 5 and lower.endswith(_GERMAN_NOUN_ENDINGS):
            features.append("denoun")
        if folded in _DEMONYM_NOUNS_DE:
            features.append("dedemonym")
        elif folded.startswith(_DEMONYM_STEMS_DE):
            features.append("dedemstem")
    return tuple(features)


@cache
def _context_features(word: str, language: str, offset: int) -> tuple[str, ...]:
    """What a neighbour at `offset` says: its word, shape and list memberships."""
    prefix = f"{offset}:"
    own = _word_features(word, language)
    kept = [prefix + own[0], prefix + own[1]]
    kept.extend(prefix + feature for feature in own[7:] if not feature.startswith(("z=", "ze=")))
    return tuple(kept)


def sequence_features(
    tokens: Sequence[Token], rule_labels: Sequence[str], language: str
) -> list[list[str]]:
    """One feature list per token; `rule_labels` holds the rules' BIO label for each token
    ("B-person", "I-place", "O", with "|rule-name" after the label where a rule named one)."""
    n = len(tokens)
    words = [token.text for token in tokens]
    own = [_word_features(word, language) for word in words]
    left2 = [_context_features(word, language, -2) for word in words]
    left1 = [_context_features(word, language, -1) for word in words]
    right1 = [_context_features(word, language, 1) for word in words]
    right2 = [_context_features(word, language, 2) for word in words]
    rules = [_rule_features(label) for label in rule_labels]
    out: list[list[str]] = []
    for i, token in enumerate(tokens):
        features = ["bias", *own[i], *rules[i][0]]
        if token.initial:
            features.append("initial")
        features += left2[i - 2] if i >= 2 else _EDGES[-2]
        if i >= 1:
            features += left1[i - 1]
            features.append(rules[i - 1][1])
        else:
            features += _EDGES[-1]
        if i + 1 < n:
            features += right1[i + 1]
            features.append(rules[i + 1][2])
        else:
            features += _EDGES[1]
        features += right2[i + 2] if i + 2 < n else _EDGES[2]
        if i > 0 and tokens[i - 1].end < token.start - 1:
            features.append("gap")
        out.append(features)
    return out


_EDGES = {offset: (f"{offset}:edge",) for offset in (-2, -1, 1, 2)}


@cache
def _rule_features(label: str) -> tuple[tuple[str, ...], str, str]:
    """The token's own rule features, and what it says as the left and right neighbour."""
    tag, _, rule = label.partition("|")
    own = ("r=" + tag, "rn=" + rule, "rk=" + tag[2:] + "|" + rule) if rule else ("r=" + tag,)
    return own, "-1:r=" + tag, "1:r=" + tag


def decode(labels: Sequence[str]) -> list[tuple[int, int, EntityKind]]:
    """(first, last inclusive, kind) of each BIO run; a stray I- opens a new run."""
    spans: list[tuple[int, int, EntityKind]] = []
    start = -1
    kind: EntityKind | None = None
    for i, label in enumerate([*labels, "O"]):
        tag, _, name = label.partition("-")
        continues = tag == "I" and kind is not None and LABEL_KINDS.get(name) == kind
        if start >= 0 and not continues:
            assert kind is not None
            spans.append((start, i - 1, kind))
            start, kind = -1, None
        if tag in ("B", "I") and not continues and name in LABEL_KINDS:
            start, kind = i, LABEL_KINDS[name]
    return spans


def model_path(language: str) -> Path:
    return MODELS / f"ner-{language}.crfsuite"


def model_info(language: str) -> dict[str, Any] | None:
    """The model's metadata (training data, feature version), or None when there is none."""
    path = model_path(language).with_suffix(".json")
    if not path.exists():
        return None
    info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return info


class Tagger:
    """A loaded CRF model; `tag` labels one token sequence."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, features: list[list[str]]) -> list[str]:
        labels: list[str] = self._tagger.tag(features)
        return labels


_LOADED: dict[str, Tagger | None] = {}


def tagger_for(language: str) -> Tagger | None:
    """The shipped model for `language`, loaded on first use (once per worker process)."""
    if language not in MODEL_LANGUAGES:
        return None
    if language not in _LOADED:
        path = model_path(language)
        info = model_info(language)
        usable = path.exists() and info is not None and info.get("features") == FEATURE_VERSION
        try:
            _LOADED[language] = Tagger(path) if usable else None
        except (ImportError, OSError):
            _LOADED[language] = None
    return _LOADED[language]
