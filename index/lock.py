"""The scan lock: one writer per index, and no lock outlives its owner.

An `flock` is released by the kernel only when every descriptor of it is closed, so a scan
killed with SIGKILL while some process still holds a copy (a pool worker forked under the lock
and orphaned) would keep the index locked for good. Beside the lock file sits a small owner
file (pid and process start time); when the lock is held but its owner is dead, the lock file
is replaced by a fresh one and the scan goes on. Holders of the old file hold nothing then.

Takeovers and acquisitions happen under a short-lived guard lock, so two scans that find the
same dead owner cannot both take over.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: Whoosh's own lock, without takeover
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.1

_held_fds: set[int] = set()
"""Descriptors of locks this process holds: a forked pool worker closes its copies at once,
so the lock never depends on a worker's life."""


class IndexBusy(Exception):
    """Another process is writing this index; try again in a moment."""


class IndexUnwritable(Exception):
    """The index folder cannot be written (read-only, no permission, no space)."""


@dataclass(frozen=True)
class Owner:
    """The process that took a lock: its pid, and its start time where the system tells it
    (a recycled pid then does not pass for the owner)."""

    pid: int
    started: str | None

    @classmethod
    def me(cls) -> Owner:
        return cls(os.getpid(), process_start(os.getpid()))

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # someone else's process: it exists
            pass
        except OSError:
            return True
        stat = _proc_stat(self.pid)
        if stat is None:  # no /proc: the pid alone has to do
            return True
        state, started = stat
        if state in ("Z", "X"):
            return False
        return self.started is None or started == self.started


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks since boot) from /proc/<pid>/stat, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
    fields = text[text.rfind(")") + 2 :].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]  # fields 3 and 22 of proc(5)


def process_start(pid: int) -> str | None:
    stat = _proc_stat(pid)
    return stat[1] if stat else None


def close_inherited_locks() -> None:
    """In a forked child: drop its copies of the parent's lock descriptors."""
    for fd in list(_held_fds):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held_fds.clear()


def remember_held(fd: int | None) -> None:
    """Count a lock descriptor taken elsewhere (Whoosh's writer) among those a worker drops."""
    if fd is not None:
        _held_fds.add(fd)


def forget_held(fd: int | None) -> None:
    if fd is not None:
        _held_fds.discard(fd)


class ScanLock:
    """An exclusive, non-blocking-with-patience lock on one file of the index folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.owner_path = path.with_name(path.name + ".owner")
        self.guard_path = path.with_name(path.name + ".guard")
        self.took_over_from: Owner | None = None
        self._fd: int | None = None
        self._portable: Any = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds for a live owner to finish.

        Raises IndexBusy (a live owner), IndexUnwritable (the folder refuses the lock file).
        """
        if fcntl is None:
            self._acquire_portable()
            return
        deadline = time.monotonic() + wait
        while True:
            owner = self._try_once()
            if owner is None:
                return
            if time.monotonic() >= deadline:
                raise IndexBusy(busy_message(self.path.parent, owner))
            time.sleep(POLL_SECONDS)

    def _try_once(self) -> Owner | None:
        """Take the lock (None), or tell who holds it (pid 0 when unknown)."""
        guard = _open(self.guard_path)
        try:
            if not _flock(guard):
                return self.owner() or Owner(0, None)
            for _ in range(2):  # a second round only after taking over from a dead owner
                fd = _open(self.path)
                if _flock(fd):
                    try:
                        self._write_owner()
                    except OSError as error:
                        os.close(fd)
                        raise IndexUnwritable(unwritable_message(self.path.parent, error)) from None
                    self._fd = fd
                    _held_fds.add(fd)
                    return None
                os.close(fd)
                owner = self.owner()
                if owner is None or owner.alive():
                    return owner or Owner(0, None)
                # The owner died and something it left behind holds the old file: lock a
                # fresh file under the same name (we hold the guard: nobody else does this).
                self.took_over_from = owner
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
            return Owner(0, None)  # taken at once by something that bypasses the guard
        finally:
            os.close(guard)

    def _write_owner(self) -> None:
        me = Owner.me()
        temporary = self.owner_path.with_name(self.owner_path.name + ".tmp")
        temporary.write_text(json.dumps({"pid": me.pid, "started": me.started}), "utf-8")
        os.replace(temporary, self.owner_path)

    def owner(self) -> Owner | None:
        """Who took the lock last, as its owner file says (None when unknown)."""
        try:
            data = json.loads(self.owner_path.read_text(encoding="utf-8"))
            pid, started = data["pid"], data.get("started")
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(pid, int) or pid <= 0:
            return None
        return Owner(pid, started if isinstance(started, str) else None)

    def _acquire_portable(self) -> None:
        from whoosh.filedb.filestore import FileStorage

        lock = FileStorage(str(self.path.parent)).lock(self.path.name)
        try:
            acquired = lock.acquire(blocking=False)
        except OSError as error:
            raise IndexUnwritable(unwritable_message(self.path.parent, error)) from None
        if not acquired:
            raise IndexBusy(busy_message(self.path.parent, Owner(0, None)))
        self._portable = lock

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                self.owner_path.unlink()
            _held_fds.discard(self._fd)
            os.close(self._fd)  # closing drops the flock
            self._fd = None
        elif self._portable is not None:
            self._portable.release()
            self._portable = None


@contextlib.contextmanager
def scan_lock(path: Path, wait: float = 0.0) -> Iterator[ScanLock]:
    lock = ScanLock(path)
    lock.acquire(wait)
    try:
        yield lock
    finally:
        lock.release()


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise IndexUnwritable(unwritable_message(path.parent, error)) from None


def _flock(fd: int) -> bool:
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def busy_message(folder: Path, owner: Owner) -> str:
    who = f" (process {owner.pid})" if owner.pid else ""
    return (
        f"the index at {folder} is being updated by another process{who}; "
        "try again when it has finished"
    )


def unwritable_message(folder: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"cannot write the index at {folder}: {reason}"
