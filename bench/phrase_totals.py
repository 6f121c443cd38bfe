"""How far a phrase's estimated total ("about N") is from the exact count, per way of sampling.

    python -m bench.phrase_totals --index /work/data/bench/index-100000 \
        [--samples 4x50,16x8] [--limit 20] [--repeat 3]

A phrase with many candidates (articles holding all its words) has its total estimated from
runs of neighbouring candidates (`index.topk.SAMPLE_RUNS` runs, `CHECKED_PHRASES` checked in
all). For each `RUNSxLENGTH` sampling this sets both, searches each phrase of a fixed list
of English and French phrases, and prints the estimate beside the exact count (every
candidate checked) and the CPU time of the search (the fastest of `--repeat` runs), then
the mean and largest error. Phrases with few candidates are counted exactly either way.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import index.topk as topk
from bench.search import corpus_of
from index.library import Library

PHRASES = (
    '"stock split"', '"interest rates"', '"prime minister"', '"wall street"',
    '"central bank"', '"trade deficit"', '"net profit"', '"oil prices"', '"united states"',
    '"bank of japan"', '"first quarter"', '"premier ministre"', '"gilets jaunes"',
    '"coupe du monde"', '"emmanuel macron"', '"le président"',
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phrase_totals",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--samples", default="4x50,16x8",
                        help="samplings to compare, RUNSxLENGTH, comma-separated")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    library = Library(corpus_of(args.index), args.index)
    kept = topk.CHECKED_PHRASES, topk.SAMPLE_RUNS
    try:
        topk.CHECKED_PHRASES = 2**62  # every candidate checked: the exact count
        exact = {phrase: library.search(phrase, args.limit).total for phrase in PHRASES}
        for sampling in args.samples.split(","):
            runs, length = (int(part) for part in sampling.lower().split("x"))
            topk.SAMPLE_RUNS, topk.CHECKED_PHRASES = runs, runs * length
            errors: list[float] = []
            print(f"{runs} runs of {length}:")
            for phrase in PHRASES:
                library.search(phrase, args.limit)  # warm-up
                spent = []
                for _ in range(args.repeat):
                    started = time.process_time()
                    result = library.search(phrase, args.limit)
                    spent.append(time.process_time() - started)
                error = abs(result.total - exact[phrase]) / max(1, exact[phrase]) * 100
                errors.append(error)
                shown = ("about " if not result.total_exact else "") + str(result.total)
                print(f"  {phrase:22s} {shown:>12s} for {exact[phrase]:6d}  "
                      f"off {error:5.1f} %  cpu {min(spent) * 1000:6.2f} ms")
            print(f"  mean error {statistics.mean(errors):.1f} %, largest {max(errors):.1f} %")
    finally:
        topk.CHECKED_PHRASES, topk.SAMPLE_RUNS = kept
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
