"""The process pool that reads and analyses files for a scan, and its workers' tie to it.

A worker whose scan was killed (SIGKILL, out-of-memory killer) would otherwise wait on its
pipe forever, holding memory and, if it was forked under a lock, the lock itself. So each
worker drops its copies of the parent's lock descriptors, asks the kernel to kill it when
its parent dies (Linux), and checks twice a second that the scanning process is still there
(everywhere else, and for a forkserver's workers whose parent is the server).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from index.lock import close_inherited_locks

WATCH_SECONDS = 0.5
PR_SET_PDEATHSIG = 1


def warm_up() -> None:
    """Load the readers, the analysers with their gazetteers and the language profiles
    (seconds of work, done on first use) so forked workers start with them in memory."""
    from index.analysis import analyze
    from index.analysis.language import preload
    from index.readers import read_file  # noqa: F401

    analyze("Les profils de langue sont chargés une fois, avant de lancer les workers à Paris.")
    preload()  # the word tables only long texts are scored with, too


def new_pool() -> ProcessPoolExecutor:
    """Workers for reading and analysis, one per core.

    Forking is cheapest (the workers inherit the imported readers and analysers) but can
    deadlock a process that runs other threads, as the app does when it scans from a worker
    thread: then a forkserver, started clean, forks the workers instead.
    """
    context: multiprocessing.context.BaseContext
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
        warm_up()  # once here, instead of once in every worker
    else:
        context = clean_context()
    return ProcessPoolExecutor(
        max_workers=os.cpu_count() or 1,
        mp_context=context,
        initializer=watch_parent,
        initargs=(os.getpid(),),
    )


def clean_context() -> multiprocessing.context.BaseContext:
    """Workers started clean, for a process that runs threads: a forkserver that has
    imported the scan, analysis and readers modules, else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["index.scan", "index.analysis", "index.readers"])
        return context
    return multiprocessing.get_context("spawn")


def watch_parent(scanner: int) -> None:
    """Pool initializer: never outlive the scanning process `scanner`; and leave what a
    forked worker inherited out of its garbage collections (`gc.freeze`)."""
    # A full collection writes to the header of every object it walks, so each worker
    # would copy the pages it shares with the scanning process (the warmed-up analysis,
    # the scan's list of files to read): measured after a fork at 100,000 files to read,
    # 44 MB of private pages per worker after one `gc.collect()`, none when frozen first.
    # Inherited objects are then freed by reference counting only (a worker is short-lived).
    gc.freeze()
    close_inherited_locks()
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if not _alive(scanner) or os.getppid() != parent:  # died before the watch began
        os._exit(1)
    threading.Thread(target=_watch, args=(scanner, parent), daemon=True).start()


def _watch(scanner: int, parent: int) -> None:
    while _alive(scanner) and os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
