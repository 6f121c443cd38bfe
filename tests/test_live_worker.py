"""The app's scans analyse files in a process of their own: the app never loads the analysis,
changes and broken files come out as they do in-process, and the worker is replaced when it
dies and ends when idle."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from scan_processes import REPO, wait_for, write_articles

from index.live_worker import AnalysisProcess
from index.scan import FileOutcome

HEAVY = ("index.analysis.entities", "index.analysis.gazetteer", "index.analysis.language")
"""Modules the analysis loads (with their tables) the first time a text is analysed."""

SCRIPT = """
import json, sys
from pathlib import Path
from index.library import Library

def main():
    corpus, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
    library = Library(corpus, index_dir, analysis_apart=True)
    first = library.scan()
    library.expect_changes()  # what the app's watcher does at a first change
    edited = corpus / sys.argv[3]
    edited.write_text(edited.read_text() + "\\n\\nZanzibarique est le mot du jour.\\n")
    (corpus / "flux.xml").write_text("<rss><channel><item><title>Cut off")
    second = library.scan(paths=[str(edited), str(corpus / "flux.xml")])
    library.end_analysis()
    print(json.dumps({
        "indexed": first.indexed, "updated": second.updated,
        "found": library.search("Zanzibarique").total,
        "skipped": [[s.path, s.reason] for s in second.skipped],
        "loaded": sorted(m for m in sys.modules if m.startswith("index.analysis.")
                         or m.startswith("langdetect")),
    }))

if __name__ == "__main__":
    main()
"""


def test_a_library_analysing_apart_never_loads_the_analysis(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    names = write_articles(corpus, 4)
    script = tmp_path / "live.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(corpus), str(tmp_path / "index"), names[0]],
        capture_output=True, text=True, timeout=300, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.splitlines()[-1])
    assert out["indexed"] == 4
    assert out["updated"] == 1
    assert out["found"] == 1  # the edit was analysed (elsewhere) and indexed
    assert [path for path, _ in out["skipped"]] == ["flux.xml"]
    assert out["skipped"][0][1]  # with its reason
    assert not set(HEAVY) & set(out["loaded"]), out["loaded"]


def test_a_dead_analysis_process_is_replaced_and_an_idle_one_ends(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    names = write_articles(corpus, 1)
    analysis = AnalysisProcess(idle_seconds=3600)
    try:
        outcome = analysis.read(str(corpus / names[0]), str(corpus), {}, None)
        assert isinstance(outcome, FileOutcome) and outcome.prepared
        executor = analysis._executor
        assert executor is not None
        for pid in list(executor._processes):  # the worker: killed as the OOM killer would
            os.kill(pid, signal.SIGKILL)
        again = analysis.read(str(corpus / names[0]), str(corpus), {}, None)
        assert [doc.id for doc in again.prepared] == [doc.id for doc in outcome.prepared]
        analysis.idle_seconds = 0.1
        analysis.read(str(corpus / names[0]), str(corpus), {}, None)
        assert wait_for(lambda: not analysis.running, timeout=30)
    finally:
        analysis.close()
