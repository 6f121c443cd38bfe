"""Score `find_mentions` on annotated newswire: `python -m index.evaluate ner [--limit N]`.

Reads `<repo>/../shared/dev-data/ner/*.jsonl` (skipping what is absent; the data never enters
the repository) and prints, per dataset, exact-span and typed precision/recall/F1 for our
recogniser and for a naive capitalised-phrase regex, plus speed in ms per 1,000 characters.
Source labels map onto our kinds: PER/PERS/pers → person, ORG/org → organization, LOC/loc →
place, everything else (MISC, OTH, prod, EVE, time) → other. GermEval's *deriv/*part labels
count as their base kind (the project's convention: "deutschen", LOCderiv, is a place;
"CDU-Politiker", ORGpart, an organisation). GermEval is also scored without its deriv/part
entities, which are mostly lower-case adjectives and compounds a reader would not call names.
"""

from __future__ import annotations

import argparse
import json
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.models import Mention

REPO = Path(__file__).resolve().parents[2]
DEV_DATA = REPO.parent / "shared" / "dev-data" / "ner"
DATASETS = (
    "en_conll2003_dev",
    "es_conll2002_dev",
    "de_germeval2014_dev",
    "fr_sequoia_estrepublicain",
    "fr_hipe2020_dev",
)
KINDS = {"per": "person", "pers": "person", "org": "organization", "loc": "place"}
NAIVE = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]*)*")

KIND_ORDER = ("person", "organization", "place", "other")
Span = tuple[int, int]
Typed = tuple[int, int, str]


def kind_of(label: str) -> str:
    """Our kind for a source label; a GermEval deriv/part label counts as its base kind."""
    lower = label.lower()
    for ending in ("deriv", "part"):
        if lower.endswith(ending) and len(lower) > len(ending):
            lower = lower[: -len(ending)]
    return KINDS.get(lower, "other")


def is_deriv_or_part(label: str) -> bool:
    return label.lower().endswith(("deriv", "part"))


def naive_mentions(text: str, language: str) -> list[Mention]:
    """The baseline: every run of capitalised words, typed as the commonest kind (person)."""
    return [
        Mention(text=m.group(), kind="person", start=m.start(), end=m.end(), key=m.group())
        for m in NAIVE.finditer(text)
    ]


@dataclass
class Score:
    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.hits += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    @property
    def p(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def r(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def line(self) -> str:
        return f"P {self.p:.3f} R {self.r:.3f} F1 {self.f1:.3f}"


@dataclass
class Result:
    span: Score = field(default_factory=Score)
    typed: Score = field(default_factory=Score)
    span_core: Score = field(default_factory=Score)
    typed_core: Score = field(default_factory=Score)
    seconds: float = 0.0
    chars: int = 0
    per_kind: dict[str, Score] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    spurious: Counter[str] = field(default_factory=Counter)


def score(
    records: Iterable[dict[str, Any]],
    recognise: Callable[[str, str], list[Mention]],
    result: Result | None = None,
) -> Result:
    """Score `recognise` on `records`, adding to `result` when given (cross-validation folds)."""
    result = result or Result()
    for record in records:
        text, language = record["text"], record.get("lang", "und")
        began = time.perf_counter()
        mentions = recognise(text, language)
        result.seconds += time.perf_counter() - began
        result.chars += len(text)
        gold = record["entities"]
        gold_spans = {(e["start"], e["end"]) for e in gold}
        gold_typed = {(e["start"], e["end"], kind_of(e["type"])) for e in gold}
        core = [e for e in gold if not is_deriv_or_part(e["type"])]
        core_spans = {(e["start"], e["end"]) for e in core}
        core_typed = {(e["start"], e["end"], kind_of(e["type"])) for e in core}
        spans = {(m.start, m.end) for m in mentions}
        typed = {(m.start, m.end, m.kind) for m in mentions}
        result.span.add(spans, gold_spans)
        result.typed.add(typed, gold_typed)
        for kind in KIND_ORDER:
            result.per_kind.setdefault(kind, Score()).add(
                {t for t in typed if t[2] == kind}, {t for t in gold_typed if t[2] == kind}
            )
        # Without deriv/part: our mentions on those spans are neither right nor wrong.
        excluded = gold_spans - core_spans
        result.span_core.add(spans - excluded, core_spans)
        result.typed_core.add({t for t in typed if t[:2] not in excluded}, core_typed)
        by_span = {(e["start"], e["end"]): kind_of(e["type"]) for e in gold}
        for m in mentions:
            if (m.start, m.end) in by_span:
                result.confusion[(by_span[(m.start, m.end)], m.kind)] += 1
            else:
                result.spurious[m.text] += 1
        for e in gold:
            if (e["start"], e["end"]) not in spans:
                result.misses[e["text"]] += 1
    return result


def fold_of(record: dict[str, Any], folds: int) -> int:
    """A stable fold per source article (GermEval splits articles into sentences)."""
    group = str(record.get("source") or record.get("id", ""))
    return zlib.crc32(group.encode("utf-8")) % folds


def cross_validated(records: list[dict[str, Any]], language: str, folds: int) -> Result:
    """Rules + a model trained on the other folds (plus the language's other training sources),
    scored on each held-out fold: the figure for a dev set that the shipped model learned from."""
    import tempfile

    from index.analysis import crf
    from index.analysis.entities import model_mentions
    from index.train import ner as training

    extra: list[training.Unit] = []
    for source in training.SOURCES.get(language, ()):
        if not source.dev_set and (training.DEV_DATA / source.path).exists():
            extra.extend(training.load(source))
    result = Result()
    with tempfile.TemporaryDirectory() as folder:
        for k in range(folds):
            held = [r for r in records if fold_of(r, folds) == k]
            rest = [r for r in records if fold_of(r, folds) != k]
            path = Path(folder) / f"fold{k}.crfsuite"
            training.train(training.records_as_units(rest) + extra, language, path)
            tagger = crf.Tagger.from_crfsuite(path)

            def recognise(text: str, lang: str, model: crf.Tagger = tagger) -> list[Mention]:
                return model_mentions(text, lang, model)

            score(held, recognise, result)
    return result


def print_rules(records: list[dict[str, Any]]) -> None:
    """For each typing rule: how many spans it typed, and the gold kinds of the matched ones."""
    from index.analysis.entities import explain

    table: dict[str, Counter[str]] = {}
    for record in records:
        by_span = {(e["start"], e["end"]): kind_of(e["type"]) for e in record["entities"]}
        for mention, rule in explain(record["text"], record.get("lang", "und")):
            gold = by_span.get((mention.start, mention.end), "-")
            mark = "=" if gold == mention.kind else ""
            table.setdefault(f"{rule}→{mention.kind}", Counter())[mark + gold] += 1
    for rule, counts in sorted(table.items(), key=lambda item: -sum(item[1].values())):
        total = sum(counts.values())
        print(f"    {rule:32} {total:5}  " + ", ".join(f"{k} {n}" for k, n in counts.most_common()))


def load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
            if limit and len(records) >= limit:
                break
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate ner", description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="records per dataset")
    parser.add_argument("--data", type=Path, default=DEV_DATA, help="folder of *.jsonl files")
    parser.add_argument("--only", default="", help="comma-separated dataset name fragments")
    parser.add_argument("--errors", type=int, default=0, help="show the N commonest errors")
    parser.add_argument("--rules", action="store_true", help="gold kinds per typing rule")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    args = parser.parse_args(argv)

    from index.analysis import crf
    from index.analysis.entities import find_mentions, rule_mentions

    if not args.data.is_dir():
        print(f"[ner] skipped: {args.data} is absent")
        return 0
    for name in DATASETS:
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        path = args.data / f"{name}.jsonl"
        if not path.exists():
            print(f"[ner] {name}: skipped, {path} is absent")
            continue
        records = load(path, args.limit)
        language = records[0].get("lang", "und") if records else "und"
        info = crf.model_info(language) if crf.tagger_for(language) else None
        rules = score(records, rule_mentions)
        how = "rules"
        if info is None:
            ours = rules
        elif name in info.get("trained_on", ()):
            ours = cross_validated(records, language, args.folds)
            how = f"rules+model, {args.folds}-fold cross-validated"
        else:
            ours = score(records, find_mentions)
            how = "rules+model (held out)"
        naive = score(records, naive_mentions)
        speed = 1000 * rules.seconds / max(rules.chars, 1) * 1000
        print(
            f"{name} ({len(records)} records, {ours.span.gold} entities; ours = {how}; "
            f"rules {speed:.2f} ms/1k chars)"
        )
        print(f"  span   ours {ours.span.line()}   naive {naive.span.line()}")
        print(f"  typed  ours {ours.typed.line()}   naive {naive.typed.line()}")
        if ours is not rules:
            print(f"  span   rules alone {rules.span.line()}")
            print(f"  typed  rules alone {rules.typed.line()}")
        if name.startswith("de_germeval"):
            print(
                f"  span  w/o deriv/part  ours {ours.span_core.line()}"
                f"   naive {naive.span_core.line()}"
            )
            print(
                f"  typed w/o deriv/part  ours {ours.typed_core.line()}"
                f"   naive {naive.typed_core.line()}"
            )
        print(
            "  typed F1 by kind  ours "
            + "  ".join(f"{k[:3]} {ours.per_kind[k].f1:.3f}" for k in KIND_ORDER)
        )
        if args.rules:
            print_rules(records)
        if args.errors:
            confusion = ", ".join(
                f"{g}→{p} {n}" for (g, p), n in ours.confusion.most_common() if g != p
            )
            print(f"  kind confusions (gold→ours): {confusion}")
            print(
                "  missed:", ", ".join(f"{t} {n}" for t, n in ours.misses.most_common(args.errors))
            )
            print(
                "  spurious:",
                ", ".join(f"{t} {n}" for t, n in ours.spurious.most_common(args.errors)),
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
