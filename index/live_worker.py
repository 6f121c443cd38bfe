"""The analysis of an open app's scans, in a small process of its own.

Reading and analysing a changed file loads the analysis (its modules, gazetteers and word
tables: 170-300 MB) into whichever process runs it. A scan of a few files runs it in the
scanning process, which in the app is the app itself: one live change would then keep the
app above its memory target for as long as it runs. `AnalysisProcess` runs those files in
one worker process instead, started at the first change (or the first file to read), at a
lower priority than the app, kept for the changes that follow and ended once idle for
`IDLE_SECONDS` or when the app closes; the app process never loads the analysis.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from index.models import Analysis
from index.pool import clean_context, watch_parent

if TYPE_CHECKING:
    from index.scan import FileOutcome

IDLE_SECONDS = 180.0
"""A worker with nothing to do for this long ends (its memory goes back to the system);
the next change starts another, which takes about a second of CPU to load."""
NICENESS = 10
"""Added to the worker's niceness: on a busy machine the app's own work comes first."""

_log = logging.getLogger(__name__)


def _start_worker(app_pid: int) -> None:
    """Worker initializer: lower priority; never outlive the app (`index.pool`)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    watch_parent(app_pid)


def _warm(language: str | None) -> None:
    from index.scan import warm_analysis

    warm_analysis(language)


class AnalysisProcess:
    """One worker process reading and analysing files for the scans of this process; safe
    to use from any thread. Starts on first use, ends when idle or `close`d."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._timer: threading.Timer | None = None
        self._busy = 0

    @property
    def running(self) -> bool:
        return self._executor is not None

    def warm(self, language: str | None) -> None:
        """Start the worker, if need be, and load the analysis there (rules of `language`
        too); returns once it is loaded. For the first change a watcher sees, so the scan
        that follows finds the analysis ready."""
        self._call(_warm, language)

    def read(
        self, path: str, root: str, reuse: dict[str, Analysis], prior: str | None
    ) -> FileOutcome:
        """`index.scan.read_and_analyse(path, root, reuse, prepare=True, prior)`, run in the
        worker (an `index.scan.Analyse`); here when no worker can run (the file is read
        all the same, at the price of the memory)."""
        from index.scan import FileOutcome, read_and_analyse, read_and_analyse_pickled

        try:
            pickled = self._call(read_and_analyse_pickled, path, root, reuse, prior)
        except BrokenProcessPool:
            _log.warning("no analysis process could run: reading %s here", path)
            return read_and_analyse(path, root, reuse, True, prior)
        assert isinstance(pickled, bytes)
        outcome = pickle.loads(pickled)
        assert isinstance(outcome, FileOutcome)
        return outcome

    def close(self) -> None:
        """End the worker now (it is started again if asked for more)."""
        with self._lock:
            executor, self._executor = self._executor, None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    # -- inside ---------------------------------------------------------------------------
    def _call(self, function: object, *args: object) -> object:
        """Run `function(*args)` in the worker and wait for it. A worker that died (killed,
        out of memory) is replaced once; a second failure is raised."""
        for attempt in (1, 2):
            future = self._submit(function, *args)
            try:
                return future.result()
            except BrokenProcessPool:
                _log.warning("the analysis process died; starting another")
                self.close()
                if attempt == 2:
                    raise
            finally:
                self._done()
        raise AssertionError("unreachable")

    def _submit(self, function: object, *args: object) -> Future[object]:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._executor is None:
                self._executor = _new_executor()
            self._busy += 1
            return self._executor.submit(function, *args)  # type: ignore[arg-type]

    def _done(self) -> None:
        with self._lock:
            self._busy -= 1
            if self._busy or self._executor is None:
                return
            self._timer = threading.Timer(self.idle_seconds, self._end_if_idle)
            self._timer.daemon = True
            self._timer.start()

    def _end_if_idle(self) -> None:
        with self._lock:
            if self._busy or self._timer is None:
                return
            executor, self._executor, self._timer = self._executor, None, None
        if executor is not None:
            _log.info("analysis process idle for %.0f s: ended", self.idle_seconds)
            executor.shutdown(wait=False, cancel_futures=True)


def _new_executor() -> ProcessPoolExecutor:
    """One worker, started clean (a forkserver, else spawn): this process runs threads (the
    app's), and forking it would copy whatever it holds."""
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=clean_context(),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
