"""`python -m index.train ner --lang de`: train a model (see `index/train/ner.py`)."""

from __future__ import annotations

import sys

from index.train import ner

COMMANDS = {"ner": ner.main}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print("usage: python -m index.train {" + ",".join(COMMANDS) + "} [options]")
        return 2
    return COMMANDS[args[0]](args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
