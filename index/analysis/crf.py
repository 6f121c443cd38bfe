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

import gzip
import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

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


def word_features(word: str, language: str) -> tuple[str, ...]:
    """Everything about one word that needs no context."""
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


_word_features = cache(word_features)
"""Training sees each word type many times: its features are computed once."""


def context_from(own: tuple[str, ...], offset: int) -> tuple[str, ...]:
    """What a neighbour at `offset` says, from its own features: its word, shape and list
    memberships (not its affixes or frequencies)."""
    prefix = f"{offset}:"
    kept = [prefix + own[0], prefix + own[1]]
    kept.extend(prefix + feature for feature in own[7:] if not feature.startswith(("z=", "ze=")))
    return tuple(kept)


@cache
def _context_features(word: str, language: str, offset: int) -> tuple[str, ...]:
    return context_from(_word_features(word, language), offset)


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
        if start < 0 and label == "O":
            continue  # most tokens: outside any name, with none open
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
    """The CRFsuite file the trainer writes (training, cross-validation, inspection)."""
    return MODELS / f"ner-{language}.crfsuite"


def weights_path(language: str) -> Path:
    """The same model's weights in our own format, which indexing loads (see `Tagger`)."""
    return MODELS / f"ner-{language}.weights.json.gz"


def model_info(language: str) -> dict[str, Any] | None:
    """The model's metadata (training data, feature version), or None when there is none."""
    path = MODELS / f"ner-{language}.json"
    if not path.exists():
        return None
    info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return info


_SLOTS = 5  # per word type: its own features, then as the neighbour at -2, -1, +1, +2
_OFFSETS = (-2, -1, 1, 2)
_TABLE_ROWS = 40_000
"""Word types whose scores a tagger keeps (about 15 MB); past that the table starts afresh."""


class Tagger:
    """A linear-chain CRF, applied by our own code to the weights CRFsuite learned.

    CRFsuite's tagger takes every token as a list of ~25 feature strings and looks each one up,
    which cost more than the rest of entity finding. A token's score per label is a sum of
    feature weights, and all but a handful of its features depend on one word only: so the
    sums for a word type (as the token itself and as each neighbour) are computed once per
    worker and kept in a table, and an article's scores are a few array additions; the Viterbi
    search is a few dozen array operations per article (`best_path`). Same model, same best
    path as CRFsuite's (up to the rounding of weights to six decimals in the dump they are read
    from, and the order in which ties are broken).
    """

    def __init__(
        self, labels: list[str], transitions: dict[str, dict[str, float]], state: dict[str, Any]
    ) -> None:
        self.labels = labels
        index = {label: k for k, label in enumerate(labels)}
        width = len(labels)
        self._outside = index["O"]
        self._attributes = {name: row for row, name in enumerate(state)}
        weights = np.zeros((len(state) + 1, width))  # the last row is all zeros
        for row, per_label in enumerate(state.values()):
            for label, weight in per_label.items():
                weights[row, index[label]] = weight
        self._weights = weights
        self._zero = len(state)
        trans = np.zeros((width, width))
        for source, targets in transitions.items():
            for target, weight in targets.items():
                trans[index[source], index[target]] = weight
        self._transitions = trans
        self._raw_state = state
        self._raw_transitions = transitions
        self._bias = self._sum(("bias",))
        self._initial = self._sum(("initial",))
        self._gap = self._sum(("gap",))
        self._edges = {offset: self._sum((f"{offset}:edge",)) for offset in _OFFSETS}
        self._rule_rows: dict[str, int] = {}
        self._rule_table = np.zeros((64, 3, width))  # per rule label: own, as left, as right
        self._rows: dict[str, dict[str, int]] = {}  # per language: word → table row
        self._row_count = 0
        self._table = np.zeros((1024, _SLOTS, width))

    # -- files ------------------------------------------------------------------------------

    @classmethod
    def from_crfsuite(cls, path: Path) -> Tagger:
        """Read a CRFsuite model (through its text dump: slow, for training and evaluation)."""
        import pycrfsuite

        reader = pycrfsuite.Tagger()
        reader.open(str(path))
        info = reader.info()
        state: dict[str, dict[str, float]] = {}
        for (attribute, label), weight in info.state_features.items():
            state.setdefault(attribute, {})[label] = weight
        transitions: dict[str, dict[str, float]] = {}
        for (source, target), weight in info.transitions.items():
            transitions.setdefault(source, {})[target] = weight
        labels = ["O", *sorted(label for label in reader.labels() if label != "O")]
        reader.close()
        return cls(labels, transitions, state)

    @classmethod
    def load(cls, path: Path) -> Tagger:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(data["labels"], data["transitions"], data["state"])

    def save(self, path: Path) -> None:
        data = {
            "labels": self.labels,
            "transitions": self._raw_transitions,
            "state": self._raw_state,
        }
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    # -- scores -----------------------------------------------------------------------------

    def _ids(self, features: Sequence[str]) -> list[int]:
        attributes = self._attributes
        return [attributes[name] for name in features if name in attributes]

    def _sum(self, features: Sequence[str]) -> Any:
        return self._weights[[self._zero, *self._ids(features)]].sum(axis=0)

    def _rule_ids(self, rule_labels: Sequence[str]) -> Any:
        """Rows of the rule-label table for `rule_labels`, adding the labels not seen yet."""
        rows = self._rule_rows
        unseen = set(rule_labels).difference(rows)
        for label in dict.fromkeys(rule_labels) if unseen else ():
            if label in unseen:
                row = len(rows)
                if row >= len(self._rule_table):
                    grown = np.zeros((2 * len(self._rule_table), *self._rule_table.shape[1:]))
                    grown[:row] = self._rule_table[:row]
                    self._rule_table = grown
                own, left, right = _rule_features(label)
                self._rule_table[row] = (self._sum(own), self._sum((left,)), self._sum((right,)))
                rows[label] = row
        return np.fromiter(map(rows.__getitem__, rule_labels), np.intp, len(rule_labels))

    def _word_rows(self, words: Sequence[str], language: str) -> Any:
        """Table rows of `words`, adding the word types not seen yet in one pass."""
        rows = self._rows.setdefault(language, {})
        unseen = set(words).difference(rows)
        new = [w for w in dict.fromkeys(words) if w in unseen] if unseen else []
        if self._row_count + len(new) > _TABLE_ROWS:
            self._rows = {language: {}}
            rows = self._rows[language]
            self._row_count = 0
            new = list(dict.fromkeys(words))
        if new:
            flat: list[int] = []
            starts: list[int] = []
            for word in new:
                own = word_features(word, language)
                for features in (own, *(context_from(own, offset) for offset in _OFFSETS)):
                    starts.append(len(flat))
                    flat.append(self._zero)  # no slot is empty, as reduceat wants
                    flat.extend(self._ids(features))
            sums = np.add.reduceat(self._weights[flat], starts, axis=0)
            first = self._row_count
            needed = first + len(new)
            if needed > len(self._table):
                grown = np.zeros((max(needed, 2 * len(self._table)), *self._table.shape[1:]))
                grown[:first] = self._table[:first]
                self._table = grown
            self._table[first:needed] = sums.reshape(len(new), _SLOTS, -1)
            for k, word in enumerate(new):
                rows[word] = first + k
            self._row_count = needed
        return np.fromiter(map(rows.__getitem__, words), dtype=np.intp, count=len(words))

    def scores(self, tokens: Sequence[Token], rule_labels: Sequence[str], language: str) -> Any:
        """(tokens × labels) sums of the weights of `sequence_features`, without the strings."""
        n = len(tokens)
        rows = self._word_rows([t.text for t in tokens], language)  # may grow the table
        table = self._table[rows]
        rules = self._rule_table[self._rule_ids(rule_labels)]
        scores = table[:, 0] + self._bias + rules[:, 0]
        scores[:2] += self._edges[-2]
        scores[2:] += table[:-2, 1]
        scores[0] += self._edges[-1]
        scores[-1] += self._edges[1]
        if n > 1:
            scores[1:] += table[:-1, 2] + rules[:-1, 1]
            scores[:-1] += table[1:, 3] + rules[1:, 2]
        scores[-2:] += self._edges[2]
        scores[:-2] += table[2:, 4]
        initial = [i for i, t in enumerate(tokens) if t.initial]
        scores[initial] += self._initial
        gaps = [i for i in range(1, n) if tokens[i - 1].end < tokens[i].start - 1]
        scores[gaps] += self._gap
        return scores

    def tag(self, tokens: Sequence[Token], rule_labels: Sequence[str], language: str) -> list[str]:
        """The best label sequence for `tokens` (the rules' BIO labels as in training)."""
        if not tokens:
            return []
        return [
            self.labels[k]
            for k in best_path(self.scores(tokens, rule_labels, language), self._transitions)
        ]


def best_path(scores: Any, transitions: Any) -> list[int]:
    """Viterbi: the label sequence maximising the sum of `scores[t, y_t]` and
    `transitions[y_t-1, y_t]`.

    Written as a max-plus product of one matrix per step, multiplied pairwise in a tree: a few
    hundred array operations for a whole article instead of a few per token, which is what makes
    it cheap in Python. The matrices are stacked along the last axis (`steps[i, j, t]`), so that
    every array operation runs along the many products of a level rather than along a row of
    nine labels. Where a level holds many products, each is a running maximum over the middle
    label (nine element-wise maxima; an argmax over a short axis, as numpy does it, cost three
    times as much); where it holds few, one sum over all middles and its maximum, as fewer
    operations. Only the products on the best path are revisited to recover their middle label,
    walking back down the tree from the best (first, last) pair."""
    n, width = scores.shape
    if n == 1:
        return [int(scores[0].argmax())]
    steps = transitions[:, :, None] + scores[1:].T[None, :, :]  # [y_t-1, y_t, t - 1]
    levels: list[tuple[Any, Any, bool]] = []
    while steps.shape[2] > 1:
        count = steps.shape[2]
        odd = count % 2 == 1  # the last matrix waits for the next level
        left = np.ascontiguousarray(steps[:, :, 0 : count - 1 : 2] if odd else steps[:, :, 0::2])
        right = np.ascontiguousarray(steps[:, :, 1::2])
        if count <= _FEW_STEPS:
            products = (left[:, :, None, :] + right[None, :, :, :]).max(axis=1)
        else:
            products = left[:, 0, None, :] + right[None, 0, :, :]  # [i, j, k] through middle 0
            for middle in range(1, width):
                np.maximum(
                    products, left[:, middle, None, :] + right[None, middle, :, :], out=products
                )
        levels.append((left, right, odd))
        steps = np.concatenate([products, steps[:, :, -1:]], axis=2) if odd else products
    total = scores[0][:, None] + steps[:, :, 0]
    first, last = divmod(int(total.argmax()), width)
    starts, ends = np.array([first]), np.array([last])
    for left, right, odd in reversed(levels):
        if odd:
            kept = starts[-1:], ends[-1:]
            starts, ends = starts[:-1], ends[:-1]
        pairs = np.arange(len(starts))
        chosen = (left[starts, :, pairs] + right[:, ends, pairs].T).argmax(axis=1)
        starts = np.array((starts, chosen)).T.ravel()  # each pair's start, then its middle
        ends = np.array((chosen, ends)).T.ravel()
        if odd:
            starts, ends = np.concatenate([starts, kept[0]]), np.concatenate([ends, kept[1]])
    return [first, *ends.tolist()]


_FEW_STEPS = 64
"""A tree level of at most this many matrices is multiplied in one sum over all middle labels."""


_LOADED: dict[str, Tagger | None] = {}


def tagger_for(language: str) -> Tagger | None:
    """The shipped model for `language`, loaded on first use (once per worker process)."""
    if language not in MODEL_LANGUAGES:
        return None
    if language not in _LOADED:
        path = weights_path(language)
        info = model_info(language)
        usable = path.exists() and info is not None and info.get("features") == FEATURE_VERSION
        try:
            _LOADED[language] = Tagger.load(path) if usable else None
        except (OSError, ValueError, KeyError):
            _LOADED[language] = None
    return _LOADED[language]
