"""Benchmark corpora of real news articles, at any size, outside the repository.

The dev news sets (French OrangeSum, English Reuters: 15,340 articles) are unpacked once under
the work folder; a corpus of N articles takes them in turn from both sets (so every size is
bilingual) and, past 15,340, copies them again into renamed folders (`copy-2/...`), so that
paths and ids differ while the text stays real.
"""

from __future__ import annotations

import shutil
import tarfile
from itertools import zip_longest
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "dev-data" / "news"
SETS = ("fr_orangesum_train", "en_reuters21578")
COMPLETE = ".complete"
"""Written last into a finished corpus, so an interrupted copy is redone, not reused."""


def unpack(work: Path, news: Path = NEWS) -> list[Path]:
    """Every article of the news sets, alternating between them; unpacked under work/source."""
    source = work / "source"
    per_set: list[list[Path]] = []
    for name in SETS:
        folder = source / name
        if not (folder / "manifest.csv").exists():
            archive = news / f"{name}.tar.xz"
            if not archive.exists():
                raise FileNotFoundError(f"no dev news set at {archive}")
            source.mkdir(parents=True, exist_ok=True)
            with tarfile.open(archive, "r:xz") as tar:
                tar.extractall(source, filter="data")
        # By running number, not by path: the categories then come mixed (OrangeSum's numbers
        # are shuffled, Reuters' follow the wire), as a reader's folder would have them.
        per_set.append(sorted(folder.glob("*/*.txt"), key=lambda p: (p.name, p.parent.name)))
    return [p for pair in zip_longest(*per_set) for p in pair if p is not None]


def make_corpus(size: int, work: Path, news: Path = NEWS) -> Path:
    """A folder of `size` article files under work/corpus-<size>, made once and then reused."""
    corpus = work / f"corpus-{size}"
    if (corpus / COMPLETE).exists():
        return corpus
    articles = unpack(work, news)
    if corpus.exists():
        shutil.rmtree(corpus)
    source = work / "source"
    for number in range(size):
        original = articles[number % len(articles)]
        copy = number // len(articles)
        relative = original.relative_to(source)
        target = corpus / (f"copy-{copy + 1}" if copy else "") / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, target)
    (corpus / COMPLETE).write_text(f"{size}\n", encoding="utf-8")
    return corpus


def article_files(corpus: Path) -> list[Path]:
    """The corpus's article files, in a fixed order."""
    return sorted(corpus.rglob("*.txt"))
