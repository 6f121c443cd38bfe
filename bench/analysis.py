"""Time `index.analysis.analyze()` and its parts on real articles.

Run `python bench/analysis.py [--repeat N]`. Reads `sample_articles/` through the readers and
the DUC-2001 texts from `<repo>/../shared/dev-data` (skipped when absent); prints milliseconds
of CPU time per article and per 3 KB for language detection, keywords, entities and the whole
analysis.
First calls (profile and frequency loading) are made before timing and reported apart, and
one untimed pass fills the per-word caches, so figures are the steady state of a long run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from index.analysis import analyze  # noqa: E402
from index.analysis.keywords import extract_keywords  # noqa: E402
from index.analysis.language import detect_language  # noqa: E402

DUC = REPO.parent / "shared" / "dev-data" / "keys" / "en_duc2001.jsonl"


def sample_texts() -> list[tuple[str, str | None]]:
    """(text, declared language) of every sample article, via the readers."""
    from index.readers import is_article_file, read_file

    root = REPO / "sample_articles"
    texts: list[tuple[str, str | None]] = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and is_article_file(path):
            texts.extend((a.text, a.language) for a in read_file(path, root))
    return texts


def duc_texts() -> list[tuple[str, str | None]]:
    if not DUC.exists():
        print(f"DUC-2001 skipped: {DUC} is absent")
        return []
    lines = DUC.read_text(encoding="utf-8").splitlines()
    return [(json.loads(line)["text"], None) for line in lines]


def entity_finder() -> Callable[[str, str], object] | None:
    try:
        from index.analysis.entities import find_mentions
    except ImportError:
        return None
    return find_mentions


def timed(step: Callable[[], object]) -> float:
    """CPU seconds of one call: on a shared machine wall time mostly measures the neighbours."""
    start = time.process_time()
    step()
    return time.process_time() - start


def bench(label: str, texts: list[tuple[str, str | None]], repeat: int) -> None:
    if not texts:
        return
    find = entity_finder()
    languages = [declared or detect_language(text) for text, declared in texts]
    languages = [code if code != "und" else "en" for code in languages]
    totals = {"language": 0.0, "keywords": 0.0, "entities": 0.0, "analyze()": 0.0}
    for text, declared in texts:  # fill the per-word caches, as a long indexing run has
        analyze(text, declared)
    for _ in range(repeat):
        for (text, declared), code in zip(texts, languages, strict=True):
            totals["language"] += timed(lambda t=text: detect_language(t))
            totals["keywords"] += timed(lambda t=text, c=code: extract_keywords(t, c))
            if find is not None:
                totals["entities"] += timed(lambda t=text, c=code: find(t, c))
            totals["analyze()"] += timed(lambda t=text, d=declared: analyze(t, d))
    runs = len(texts) * repeat
    kilobytes = sum(len(text.encode("utf-8")) for text, _ in texts) * repeat / 1000
    print(f"{label}: {len(texts)} articles, mean {kilobytes / runs:.1f} KB, x{repeat}")
    print(f"  {'step':<10} {'ms/article':>10} {'ms/3 KB':>8}")
    for step, seconds in totals.items():
        if step == "entities" and find is None:
            print(f"  {step:<10} {'(no index.analysis.entities yet)':>20}")
            continue
        print(f"  {step:<10} {1000 * seconds / runs:10.2f} {3000 * seconds / kilobytes:8.2f}")
    print("  (analyze() detects the language only when the source declares none)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    for code in ("en", "fr", "es", "de"):
        analyze("Warm-up text for loading word frequencies and profiles.", code)
    detect_language("Warm-up text for loading the language profiles once.")
    print(f"first-use loading (profiles, word frequencies for 4 languages): "
          f"{time.perf_counter() - start:.2f} s")
    bench("sample_articles", sample_texts(), args.repeat)
    bench("DUC-2001", duc_texts(), 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
