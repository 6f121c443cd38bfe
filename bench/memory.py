"""Memory of a process and the workers it forks, read from /proc (Linux only).

The index build analyses articles in a process pool, so the figure that matters is the whole
tree's. RSS would count the pages the forked workers share with their parent once per process;
PSS (proportional set size) splits shared pages between their users, so the tree's sum is what
the build really takes from the machine.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PROC = Path("/proc")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name, in parentheses, may hold spaces: the fields follow its last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    children = _children()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _field_kb(path: Path, field: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def pss_mb(pid: int) -> float:
    """PSS of `pid` and its descendants, in MB."""
    return sum(_field_kb(PROC / str(p) / "smaps_rollup", "Pss") for p in tree(pid)) / 1024


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of one process (this one by default), in MB."""
    return _field_kb(PROC / str(pid or os.getpid()) / "status", "VmRSS") / 1024


class PeakSampler:
    """Samples a process tree's PSS in a thread until stopped; `peak` is the largest seen."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid = pid
        self.every = every
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, pss_mb(self.pid))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
