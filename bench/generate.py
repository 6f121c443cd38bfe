"""Write N synthetic articles made by recombining the paragraphs of the sample corpus.

Each article keeps one language: a title, a date, tags and 3–8 paragraphs drawn from the
sample articles of that language, so the text statistics (and analysis cost) stay realistic.

    python bench/generate.py 3000 [--out DIR] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"


def load_samples() -> dict[str, list[tuple[str, list[str], list[str]]]]:
    """Per language: (title, tags, paragraphs) of every sample article."""
    from index.analysis import detect_language
    from index.readers import ReadError, is_article_file, read_file

    by_language: dict[str, list[tuple[str, list[str], list[str]]]] = defaultdict(list)
    for path in sorted(SAMPLES.rglob("*")):
        if not path.is_file() or not is_article_file(path):
            continue
        try:
            articles = read_file(path, SAMPLES)
        except ReadError:
            continue
        for article in articles:
            paragraphs = [b.text for b in article.blocks if b.kind == "paragraph"]
            if len(paragraphs) < 2:
                continue
            language = article.language or detect_language(article.text)
            by_language[language].append((article.title, list(article.tags), paragraphs))
    return by_language


def generate(count: int, out: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    samples = load_samples()
    languages = sorted(samples)
    weights = [len(samples[lang]) for lang in languages]
    start = dt.date(2023, 1, 1)
    written = []
    for number in range(count):
        language = rng.choices(languages, weights)[0]
        pool = samples[language]
        title, tags, _ = rng.choice(pool)
        paragraphs = [p for _, _, ps in rng.sample(pool, min(3, len(pool))) for p in ps]
        body = rng.sample(paragraphs, min(len(paragraphs), rng.randint(3, 8)))
        date = start + dt.timedelta(days=rng.randrange(3 * 365))
        chosen_tags = rng.sample(tags, min(len(tags), 4))
        # JSON strings are valid YAML: quotes, colons and commas in titles stay harmless.
        front = [
            "---",
            f"title: {json.dumps(f'{title} ({number})', ensure_ascii=False)}",
            f"date: {date.isoformat()}",
            f"lang: {language}",
            f"tags: {json.dumps(chosen_tags, ensure_ascii=False)}",
            "---",
        ]
        folder = out / f"{date.year}" / f"{date.month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{number:05d}.{language}.md"
        path.write_text("\n".join(front) + "\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=3000)
    parser.add_argument("--out", type=Path, default=None, help="folder (default: a new tmp dir)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="rubrique-bench-"))
    written = generate(args.count, out, args.seed)
    print(f"wrote {len(written)} articles to {out}", file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
