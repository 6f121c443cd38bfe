"""Helpers for tests that run `rubrique` in other processes and kill them: a generated corpus,
the command lines, process trees read from /proc, and what the index holds per file."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from index.library import Library

REPO = Path(__file__).resolve().parent.parent

SMALL_BATCHES = """
import sys, time
import index.scan
index.scan.FIRST_BATCH = 10
index.scan.BATCH_GROWTH = 1
pace, take = float(sys.argv[1]), index.scan.Scan._take
def paced_take(scan, *args):
    time.sleep(pace)
    take(scan, *args)
index.scan.Scan._take = paced_take
from reader.cli import main
sys.exit(main(sys.argv[2:]))
"""
"""`rubrique` with batches of ten files, so a kill lands between commits and within them,
and, given a pace, a pause before each file is taken in (a scan that lasts)."""


def write_articles(folder: Path, count: int) -> list[str]:
    """`count` short plain-text articles; their paths relative to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for number in range(count):
        name = f"part{number % 4}/article-{number:03d}.txt"
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"Dépêche numéro {number}\n\n"
            f"Le conseil municipal de Lyon a voté la mesure {number} mardi soir.\n",
            encoding="utf-8",
        )
        names.append(name)
    return names


def rubrique(*args: str, small_batches: bool = False, pace: float = 0.0) -> list[str]:
    if small_batches:
        return [sys.executable, "-c", SMALL_BATCHES, str(pace), *args]
    return [sys.executable, "-m", "reader", *args]


def start(argv: list[str], **options: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        argv, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options
    )


def wait_for(condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return fields[0], int(fields[1])


def living(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (pool workers, a forkserver and its children)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[0] not in ("Z", "X"):
                parents[int(entry)] = stat[1]
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def kill_tree_leftovers(pids: set[int]) -> None:
    for pid in pids:
        if living(pid):
            os.kill(pid, signal.SIGKILL)


def kill_hard(process: subprocess.Popen[bytes]) -> set[int]:
    """SIGKILL the process alone (as the OOM killer or `kill -9` would); its descendants
    at that moment."""
    below = descendants(process.pid)
    process.kill()
    process.wait()
    return below


def documents_per_path(corpus: Path, index_dir: Path) -> collections.Counter[str]:
    return collections.Counter(s.path for s in Library(corpus, index_dir).articles())


def toc_generations(index_dir: Path) -> list[int]:
    return sorted(int(p.stem.rsplit("_", 1)[1]) for p in index_dir.glob("_MAIN_*.toc"))
