"""Dispatch `python -m index.evaluate [ner|keywords|language|sample|related|all] [args]`."""

from __future__ import annotations

import importlib
import sys

COMMANDS = ("ner", "keywords", "language", "sample", "related")


def run(command: str, argv: list[str]) -> int:
    """Run one evaluation's `main(argv)`; a missing module is reported, not fatal."""
    try:
        module = importlib.import_module(f"index.evaluate.{command}")
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith(f"index.evaluate.{command}"):
            print(f"[{command}] skipped: index/evaluate/{command}.py is not there yet")
            return 0
        raise
    result = module.main(argv)
    return int(result or 0)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "all"
    if command in ("-h", "--help"):
        print(__doc__)
        print("commands:", ", ".join((*COMMANDS, "all")))
        return 0
    if command == "all":
        if args:
            print("`all` runs every evaluation with its defaults; options go to one evaluation:"
                  f" python -m index.evaluate <{'|'.join(COMMANDS)}> {' '.join(args)}",
                  file=sys.stderr)
            return 2
        status = 0
        for name in COMMANDS:
            print(f"=== {name} ===", flush=True)
            status |= run(name, [])
        return status
    if command not in COMMANDS:
        print(f"unknown evaluation {command!r}; choose from {', '.join((*COMMANDS, 'all'))}",
              file=sys.stderr)
        return 2
    return run(command, args)


if __name__ == "__main__":
    sys.exit(main())
