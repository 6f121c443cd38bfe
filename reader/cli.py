"""The `rubrique` command: open the reader, or index, search and show from the shell."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "sample_articles"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rubrique", description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    from reader.app import RubriqueApp

    RubriqueApp(args.path).run()
    return 0
