"""Train the entity tagger of one language: `python -m index.train ner --lang de`.

Each training unit (a sentence with gold names) goes through the same tokenizer and rules as
an article at indexing time (`entities.training_view`), its gold names become BIO labels on our
tokens, and python-crfsuite fits a linear-chain CRF on `crf.sequence_features`. The model file,
its weights in the form indexing loads (`crf.Tagger`), and a JSON file of metadata (sources,
licences, settings, feature version) are written to `index/analysis/models/`, where the
package ships them.

Which open data each language learns from is in SOURCES, with its licence. A source that is
also a dev set (GermEval) is named in the metadata's `trained_on`, and `python -m index.evaluate
ner` then scores that language by cross-validation instead of on data the model has seen.
"""

from __future__ import annotations

import argparse
import datetime
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.analysis import crf

REPO = Path(__file__).resolve().parents[2]
DEV_DATA = REPO.parent / "shared" / "dev-data"


@dataclass(frozen=True)
class Source:
    """One open annotated corpus: where it lies under dev-data, its format, whom to credit."""

    name: str
    path: str
    layout: str  # "bio": {"tokens", "tags"}; "spans": {"text", "entities"}
    licence: str
    credit: str
    dev_set: str = ""  # the dev set (evaluate.ner.DATASETS) this source is, if it is one


GERMEVAL = Source(
    "GermEval 2014 NER (dev split)",
    "ner/de_germeval2014_dev.jsonl",
    "spans",
    "CC BY 4.0",
    "Benikova, Biemann, Reznicek, 'NoSta-D Named Entity Annotation for German', LREC 2014; "
    "Benikova et al., 'GermEval 2014 Named Entity Recognition Shared Task', KONVENS 2014",
    dev_set="de_germeval2014_dev",
)
ANCORA = Source(
    "AnCora NER (Spanish, train split)",
    "train/ancora_es_train.jsonl",
    "bio",
    "CC BY 4.0 (AnCora NER as released by the Barcelona Supercomputing Center)",
    "Taulé, Martí, Recasens, 'AnCora: Multilevel Annotated Corpora for Catalan and Spanish', "
    "LREC 2008; NER split as distributed in ragerri/evaluation-spanish-language-models",
)
SOURCES: dict[str, tuple[Source, ...]] = {"de": (GERMEVAL,), "es": (ANCORA,)}
PARAMS: dict[str, dict[str, Any]] = {
    "de": {"c1": 0.1, "c2": 0.05, "max_iterations": 150},
    "es": {"c1": 0.15, "c2": 0.05, "max_iterations": 150},
}
BIO_KINDS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "OTH"}


@dataclass(frozen=True)
class Unit:
    """A text with its gold names: (start, end, label) with label in crf.LABEL_KINDS."""

    text: str
    names: tuple[tuple[int, int, str], ...]
    group: str = ""  # units of one group (a source article) stay in one fold


def _from_bio(record: dict[str, Any]) -> Unit:
    """Tokens joined by single spaces, as the dev conversions were; IOB2 decoded."""
    tokens: list[str] = record["tokens"]
    tags: list[str] = record["tags"]
    offsets = []
    position = 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    names: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for (start, end), tag in zip(offsets, tags, strict=True):
        prefix, _, kind = tag.partition("-")
        label = BIO_KINDS.get(kind, "OTH")
        if prefix == "I" and current is not None and current[2] == label:
            current[1] = end
            continue
        if current is not None:
            names.append((current[0], current[1], current[2]))
            current = None
        if prefix in ("B", "I"):
            current = [start, end, label]
    if current is not None:
        names.append((current[0], current[1], current[2]))
    return Unit(" ".join(tokens), tuple(names))


def _label_of(source_type: str) -> str:
    from index.evaluate.ner import kind_of

    return crf.KIND_LABELS[kind_of(source_type)]  # type: ignore[index]


def _from_spans(record: dict[str, Any]) -> Unit:
    names = tuple((e["start"], e["end"], _label_of(e["type"])) for e in record["entities"])
    return Unit(record["text"], names, str(record.get("source", "")))


def load(source: Source, root: Path = DEV_DATA) -> list[Unit]:
    path = root / source.path
    units = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                units.append(_from_bio(record) if source.layout == "bio" else _from_spans(record))
    return units


def records_as_units(records: Iterable[dict[str, Any]]) -> list[Unit]:
    """Dev-set records (evaluate.ner's format) as training units."""
    return [_from_spans(record) for record in records]


def examples(units: Iterable[Unit], language: str) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, BIO labels) per unit, on our own tokens: a token inside a gold name is B-
    where the name starts and I- after."""
    from index.analysis.entities import training_view

    for unit in units:
        tokens, rule_labels = training_view(unit.text, language)
        if not tokens:
            continue
        labels = ["O"] * len(tokens)
        names = sorted(unit.names)
        k = 0
        for i, token in enumerate(tokens):
            while k < len(names) and names[k][1] <= token.start:
                k += 1
            if k < len(names) and names[k][0] <= token.start < names[k][1]:
                start, _, label = names[k]
                opens = token.start == start or i == 0 or tokens[i - 1].start < start
                labels[i] = ("B-" if opens else "I-") + label
        yield crf.sequence_features(tokens, rule_labels, language), labels


def train(
    units: Iterable[Unit], language: str, path: Path, params: dict[str, Any] | None = None
) -> int:
    """Fit a CRF on `units` and write it to `path`; returns how many units it learned from."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for features, labels in examples(units, language):
        trainer.append(features, labels)
        count += 1
    settings = {"feature.possible_transitions": True, **(params or PARAMS.get(language, {}))}
    trainer.set_params(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.train ner", description=__doc__)
    parser.add_argument("--lang", required=True, choices=sorted(SOURCES))
    parser.add_argument("--data", type=Path, default=DEV_DATA, help="the dev-data folder")
    parser.add_argument("--out", type=Path, default=crf.MODELS, help="folder for the model")
    args = parser.parse_args(argv)

    sources = SOURCES[args.lang]
    units: list[Unit] = []
    for source in sources:
        if not (args.data / source.path).exists():
            print(f"missing {args.data / source.path}: nothing trained")
            return 1
        units.extend(load(source, args.data))
    path = args.out / f"ner-{args.lang}.crfsuite"
    began = time.perf_counter()
    count = train(units, args.lang, path)
    # What indexing loads: the same weights, read without CRFsuite's string lookups.
    crf.Tagger.from_crfsuite(path).save(args.out / f"ner-{args.lang}.weights.json.gz")
    info = {
        "language": args.lang,
        "features": crf.FEATURE_VERSION,
        "trained": datetime.date.today().isoformat(),
        "units": count,
        "params": PARAMS.get(args.lang, {}),
        "trained_on": [source.dev_set for source in sources if source.dev_set],
        "sources": [
            {"name": s.name, "file": s.path, "licence": s.licence, "credit": s.credit}
            for s in sources
        ],
    }
    path.with_suffix(".json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    size = path.stat().st_size / 1e6
    print(
        f"{path}: {count} units, {size:.2f} MB, {time.perf_counter() - began:.0f} s"
        f" (sources: {', '.join(s.name for s in sources)})"
    )
    return 0
