"""bench/RESULTS.md is written from kept results: three sizes side by side, growth per step,
and a note naming the run whose build figures a `--reuse-index` run carried over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.report import write_results


def _stats(p50: float, p95: float) -> dict[str, float]:
    return {"p50_ms": p50, "p95_ms": p95, "samples": 10}


def _key(cpu_us: float) -> dict[str, Any]:
    micro = {"p50_us": cpu_us, "p95_us": cpu_us * 2, "samples": 40}
    return {"cpu": micro, "wall": micro}


def sample(size: int, scale: float) -> dict[str, Any]:
    """One size's results as `python -m bench` keeps them, figures growing with `scale`."""
    hits = {"one word, en": int(13 * scale), "phrase": int(18 * scale)}
    return {
        "size": size,
        "commit": "abc1234",
        "when": "2026-11-30T17:00+00:00",
        "load": [1.5, 1.2, 1.0],
        "build": {"seconds": 25.0 * scale, "articles": size, "skipped": 0,
                  "index_mb": 30.0 * scale, "peak_pss_mb": 500.0},
        "app": {"first_article_s": 0.4, "rss_open_mb": 100.0 * scale ** 0.5},
        "browse": {
            "rss_after_browsing_mb": 150.0,
            "keys": {name: _key(300.0) for name in ("j", "PgDn", "G", "n", "N")},
            "next_article": _stats(40.0, 90.0), "next_article_cpu": _stats(30.0, 60.0),
            "typed_search": _stats(20.0, 45.0), "typed_search_cpu": _stats(15.0, 30.0),
        },
        "library": {
            "search": {**_stats(5.0 * scale, 10.0 * scale), "cpu_p50_ms": 4.0 * scale,
                       "cpu_p95_ms": 8.0 * scale},
            "search_hits": hits,
            "related": _stats(20.0, 40.0), "topics_of": _stats(8.0, 12.0),
            "palette_open_first_ms": 90.0, "palette_keystroke": _stats(4.0, 9.0),
            "topic_page": _stats(1.0, 2.0),
            "topics_first_ms": 100.0 * scale, "topics_again_ms": 70.0 * scale,
            "topics": int(13_000 * scale),
            "rescan_unchanged_ms": 170.0, "rescan_one_changed_ms": 4_900.0,
            "rescan_another_changed_ms": 235.0,
            "articles_first_ms": 27.0, "articles_again_ms": 8.0,
        },
        "fts5": {"seconds": 0.2 * scale, "articles": size, "index_mb": 3.0 * scale,
                 "search": _stats(0.6, 3.8), "search_hits": hits},
        "ripgrep": None,
    }


def test_three_sizes_side_by_side_with_growth_and_the_reused_build_named(
        tmp_path: Path) -> None:
    large = sample(100_000, 100)
    large["build_run"] = {"commit": "0ld0ne1", "when": "2026-11-30T15:00+00:00"}
    results = tmp_path / "RESULTS.md"
    # Given out of order, as --report-only may read them: the table puts them in size order.
    write_results([sample(10_000, 10), large, sample(1_000, 1)], results, 600.0, "a note")

    text = results.read_text(encoding="utf-8")
    head = next(line for line in text.splitlines() if line.startswith("| figure"))
    assert head.index("1,000 articles") < head.index("10,000 articles") < head.index(
        "100,000 articles")
    assert "10× articles (1,000 → 10,000)" in head
    assert "10× articles (10,000 → 100,000)" in head
    build = next(line for line in text.splitlines() if line.startswith("| Cold build"))
    assert build.split(" | ")[1:4] == ["40", "40", "40"]  # articles/s, at every size
    memory = next(line for line in text.splitlines() if "after opening 100 articles" in line)
    assert "| 150 | 150 | 150 |" in memory and memory.endswith("| ≤ 300 |")
    topics = next(line for line in text.splitlines() if line.startswith("| All topics"))
    assert topics.endswith("| 10.0 | 10.0 |  |")  # first call grows 10x per step, no target
    search = next(line for line in text.splitlines() if line.startswith("| Search p50 / p95"))
    assert "| 5.00 / 10.0 (CPU 4.00) |" in search  # wall p50 / p95, CPU p50 when measured
    assert "ripgrep" in text and "not installed" in text
    assert "built by commit 0ld0ne1" in text
    assert "100,000 articles: measured with `--reuse-index`" in text
    assert "a note" in text


def test_a_size_missing_a_figure_shows_a_dash(tmp_path: Path) -> None:
    partial = sample(1_000, 1)
    del partial["browse"]  # an interrupted run: the results file kept what it measured
    results = tmp_path / "RESULTS.md"
    write_results([partial], results, 60.0, "")
    memory = next(line for line in results.read_text(encoding="utf-8").splitlines()
                  if "after opening 100 articles" in line)
    assert memory.endswith("| – | ≤ 300 |")
