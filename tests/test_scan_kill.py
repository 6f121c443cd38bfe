"""A scan killed with SIGKILL (by the user, the OOM killer, a closed terminal) leaves no process
behind, no lock stuck, and nothing indexed twice; two writers at once never corrupt the index."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scan_processes import (
    REPO,
    descendants,
    documents_per_path,
    kill_hard,
    kill_tree_leftovers,
    living,
    rubrique,
    start,
    toc_generations,
    wait_for,
    write_articles,
)

from index.library import IndexBusy, Library
from index.lock import Owner, scan_lock
from index.store import SCAN_LOCK, Store

pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads process trees from /proc"
    ),
    pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: scans use no pool"),
]

ARTICLE_COUNT = 120


def committed(index_dir: Path) -> bool:
    """Whether a scan has committed a first batch (generation 0 is the empty new index)."""
    return max(toc_generations(index_dir), default=0) >= 1


def assert_no_leftovers(pids: set[int], timeout: float = 30) -> None:
    try:
        assert wait_for(lambda: not any(living(pid) for pid in pids), timeout), (
            "pool workers outlived the killed scan"
        )
    finally:
        kill_tree_leftovers(pids)


def test_scans_killed_at_several_moments_then_rescanned(tmp_path: Path) -> None:
    """`rubrique index` killed just after its first commit, the app killed while its workers
    read, `rubrique index` killed in the middle of a batch: the next scan is not locked out
    and every file ends in the index exactly once."""
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    names = write_articles(corpus, ARTICLE_COUNT)
    command = rubrique("index", str(corpus), "--index", str(index_dir), small_batches=True)

    first = start(command)
    assert wait_for(lambda: committed(index_dir))
    assert_no_leftovers(kill_hard(first))
    kept = sum(documents_per_path(corpus, index_dir).values())
    assert 0 < kept < ARTICLE_COUNT

    kill_app_mid_scan(corpus, index_dir)

    third = start(command)
    assert wait_for(lambda: len(descendants(third.pid)) >= 2)  # its pool workers
    time.sleep(0.3)
    assert_no_leftovers(kill_hard(third))

    rescan = subprocess.run(
        rubrique("index", str(corpus), "--index", str(index_dir)),
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert rescan.returncode == 0, rescan.stderr
    per_path = documents_per_path(corpus, index_dir)
    assert set(per_path) == set(names)
    assert set(per_path.values()) == {1}


def kill_app_mid_scan(corpus: Path, index_dir: Path) -> None:
    """Open the reader on a terminal, SIGKILL it while its scan's workers read files."""
    import pty
    import select

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    app = subprocess.Popen(
        rubrique(str(corpus), "--index", str(index_dir)),
        stdin=follower, stdout=follower, stderr=follower, env=env, cwd=REPO,
        start_new_session=True,
    )
    os.close(follower)
    shown = bytearray()

    def scanning() -> bool:
        while select.select([leader], [], [], 0)[0]:  # keep the terminal drained
            try:
                shown.extend(os.read(leader, 65536))
            except OSError:
                break
        # The resource tracker, the forkserver and at least one worker reading files.
        return len(descendants(app.pid)) >= 3 and (index_dir / f"{SCAN_LOCK}.owner").exists()

    try:
        assert wait_for(scanning), bytes(shown[-2000:])
        time.sleep(0.5)
        assert_no_leftovers(kill_hard(app))
    finally:
        os.close(leader)
        if app.poll() is None:
            app.kill()
            app.wait()


HOLD_AND_DIE = """
import os, sys, time
from pathlib import Path
from index.lock import ScanLock
ScanLock(Path(sys.argv[1])).acquire()
child = os.fork()
if child == 0:
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    time.sleep(60)  # an orphaned worker of an old version: still holds the lock
    os._exit(0)
print(child, flush=True)
os._exit(0)  # the owner dies without releasing anything
"""


def test_a_lock_whose_owner_died_is_taken_over(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    write_articles(corpus, 5)
    Library(corpus, index_dir).scan()
    holder = subprocess.run(
        [sys.executable, "-c", HOLD_AND_DIE, str(index_dir / SCAN_LOCK)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent,
    )
    orphan = int(holder.stdout)
    try:
        assert living(orphan)
        write_articles(corpus, 6)
        report = Library(corpus, index_dir).scan()
        assert report.indexed == 1
        assert any("died" in note and "took over" in note for note in report.notes)
        assert Library(corpus, index_dir).count() == 6
    finally:
        kill_tree_leftovers({orphan})


HOLD_WHOOSH_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_a_stuck_whoosh_write_lock_does_not_block_scans(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    write_articles(corpus, 5)
    Library(corpus, index_dir).scan()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WHOOSH_LOCK, str(index_dir / "MAIN_WRITELOCK")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        write_articles(corpus, 6)
        report = Library(corpus, index_dir).scan()
        assert report.indexed == 1 and any("Whoosh write lock" in n for n in report.notes)
        assert Library(corpus, index_dir).count() == 6
    finally:
        holder.kill()
        holder.wait()


def test_two_writers_at_once(tmp_path: Path) -> None:
    """While one `rubrique index` writes, a second says the index is busy (after a short
    wait), a reader keeps finding articles, and the index ends with every file once."""
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    names = write_articles(corpus, 30)
    first = start(  # 9 s at least: long enough for the second to find it at work
        rubrique("index", str(corpus), "--index", str(index_dir), small_batches=True, pace=0.3)
    )
    assert wait_for(lambda: committed(index_dir))
    second = start(rubrique("index", str(corpus), "--index", str(index_dir)))
    reader = Library(corpus, index_dir)
    assert reader.search("Lyon").total > 0
    second_out, second_err = second.communicate(timeout=120)
    _, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    message = second_err.decode()
    assert second.returncode == 1 and second_out == b"", message
    assert message.count("\n") == 1 and "Traceback" not in message
    assert f"being updated by another process (process {first.pid})" in message
    per_path = documents_per_path(corpus, index_dir)
    assert set(per_path) == set(names) and set(per_path.values()) == {1}
    assert reader.search("Lyon").total == len(names)


def test_an_owner_is_alive_only_while_its_process_is_the_same() -> None:
    me = Owner.me()
    assert me.alive() and me.started is not None
    assert not Owner(me.pid, "1").alive()  # same pid, another start: a recycled pid
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not Owner(child.pid, None).alive()


def test_a_live_writer_is_named_in_the_busy_message(tmp_path: Path) -> None:
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    write_articles(corpus, 3)
    index_dir.mkdir()
    busy = f"another process \\(process {os.getpid()}\\)"
    with scan_lock(index_dir / SCAN_LOCK), pytest.raises(IndexBusy, match=busy):
        Library(corpus, index_dir).scan()
    assert Library(corpus, index_dir).scan().indexed == 3


def test_an_index_created_but_not_yet_committed_to_reads_as_empty(tmp_path: Path) -> None:
    """What a reader meets when a first scan was killed before its first commit."""
    corpus, index_dir = tmp_path / "news", tmp_path / "index"
    write_articles(corpus, 3)
    Store(index_dir, corpus).create()
    library = Library(corpus, index_dir)
    assert library.articles() == [] and library.topics() == [] and library.count() == 0
    assert library.scan().indexed == 3 and len(library.articles()) == 3
