"""bench/RESULTS.md: every figure per corpus size in one table, with ratios, machine and date."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = tuple[str, Callable[[dict[str, Any]], str], Callable[[dict[str, Any]], float] | None]
"""(label, cell text for one size's results, the number whose growth the last column shows)."""


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _pair(stats: dict[str, float]) -> str:
    return f"{_ms(stats['p50_ms'])} / {_ms(stats['p95_ms'])}"


def _rg(r: dict[str, Any]) -> dict[str, Any] | None:
    found: dict[str, Any] | None = r.get("ripgrep")
    return found


def _rate(build: dict[str, Any]) -> float:
    return float(build["articles"] / build["seconds"])


ROWS: list[Row] = [
    ("Cold build, articles/s, all analysis (Rubrique)",
     lambda r: f"{_rate(r['build']):,.0f}", lambda r: _rate(r["build"])),
    ("Cold build, articles/s (FTS5, no analysis)",
     lambda r: f"{_rate(r['fts5']):,.0f}", lambda r: _rate(r["fts5"])),
    ("Build speed: FTS5 ÷ Rubrique",
     lambda r: f"{_rate(r['fts5']) / _rate(r['build']):.0f}×", None),
    ("Build peak memory, MB (PSS of the build and its workers)",
     lambda r: f"{r['build']['peak_pss_mb']:,.0f}", lambda r: r["build"]["peak_pss_mb"]),
    ("Index on disk, MB: Rubrique / FTS5",
     lambda r: f"{r['build']['index_mb']:,.0f} / "
     + (f"{r['fts5']['index_mb']:,.0f}" if "fts5" in r else "–"),
     lambda r: r["build"]["index_mb"]),
    ("App start to first article painted, s (existing index)",
     lambda r: f"{r['app']['first_article_s']:.2f}", lambda r: r["app"]["first_article_s"]),
    ("App memory once open, RSS MB",
     lambda r: f"{r['app']['rss_open_mb']:,.0f}", lambda r: r["app"]["rss_open_mb"]),
    ("Search p50 / p95, ms, snippets included (Rubrique)",
     lambda r: _pair(r["library"]["search"]), lambda r: r["library"]["search"]["p50_ms"]),
    ("Search p50 / p95, ms (FTS5, bm25 + snippet)",
     lambda r: _pair(r["fts5"]["search"]), lambda r: r["fts5"]["search"]["p50_ms"]),
    ("Search p50 / p95, ms (ripgrep, no index)",
     lambda r: _pair(rg["search"]) if (rg := _rg(r)) else "not installed",
     lambda r: rg["search"]["p50_ms"] if (rg := _rg(r)) else float("nan")),
    ("Search p50: Rubrique ÷ FTS5 / Rubrique ÷ ripgrep",
     lambda r: f"{r['library']['search']['p50_ms'] / r['fts5']['search']['p50_ms']:.1f}× / "
     + (f"{r['library']['search']['p50_ms'] / rg['search']['p50_ms']:.2f}×"
        if (rg := _rg(r)) else "–"),
     None),
    ("Related articles p50 / p95, ms",
     lambda r: _pair(r["library"]["related"]), lambda r: r["library"]["related"]["p50_ms"]),
    ("Topic list and counts, ms: first call / again",
     lambda r: f"{_ms(r['library']['topics_first_ms'])} / {_ms(r['library']['topics_again_ms'])}",
     lambda r: r["library"]["topics_first_ms"]),
    ("Topics in the list",
     lambda r: f"{r['library']['topics']:,}", lambda r: r["library"]["topics"]),
    ("Rescan, ms: nothing changed / one file changed (first in the process / next)",
     lambda r: f"{_ms(r['library']['rescan_unchanged_ms'])} / "
     f"{_ms(r['library']['rescan_one_changed_ms'])} / "
     f"{_ms(r['library']['rescan_another_changed_ms'])}",
     lambda r: r["library"]["rescan_unchanged_ms"]),
    ("`Library.articles()`, ms: first call / again",
     lambda r: f"{_ms(r['library']['articles_first_ms'])} / "
     f"{_ms(r['library']['articles_again_ms'])}",
     lambda r: r["library"]["articles_first_ms"]),
]


def machine() -> str:
    """Cores, RAM, CPU model, Python, SQLite and ripgrep versions, load when the run ended."""
    model = platform.processor() or "unknown CPU"
    ram = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024**2
    except OSError:
        pass
    rg = shutil.which("rg")
    rg_version = (subprocess.run([rg, "--version"], capture_output=True, text=True, check=False)
                  .stdout.split("\n")[0] if rg else "ripgrep not installed")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores, {ram:.0f} GiB RAM, {model}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; SQLite "
            f"{sqlite3.sqlite_version}; {rg_version}. Load average at the end: {load}.")


def table(results: list[dict[str, Any]]) -> str:
    sizes = [r["size"] for r in results]
    growth = len(results) > 1
    head = ["figure", *(f"{s:,} articles" for s in sizes)]
    if growth:
        head.append(f"{sizes[-1] // sizes[0]}× articles: figure ×")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, cell, number in ROWS:
        cells = [label]
        for result in results:
            try:
                cells.append(cell(result))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        if growth:
            try:
                ratio = number(results[-1]) / number(results[0]) if number else float("nan")
                cells.append(f"{ratio:.1f}" if ratio == ratio else "")
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_results(results: list[dict[str, Any]], path: Path, seconds: float, note: str) -> None:
    today = dt.datetime.now(dt.UTC)
    text = [
        "# Benchmark results",
        "",
        f"`python -m bench --sizes {','.join(str(r['size']) for r in results)}`, "
        f"{today:%Y-%m-%d %H:%M} UTC, {seconds / 60:.0f} min in all, commit "
        + ", ".join(sorted({str(r.get("commit", "unknown")) for r in results}))
        + ". What each figure means: bench/README.md.",
        "",
        table(results),
        "",
        f"Machine: {machine()}",
        "",
    ]
    loads = [f"{r['size']:,}: {r['load'][0]:.1f}" for r in results if r.get("load")]
    if loads:
        text += ["Load average (1 min) when each size finished, on these "
                 f"{os.cpu_count()} cores: " + ", ".join(loads) + ". Above the core count, "
                 "other work shared the machine and every time above is inflated.", ""]
    if 100_000 not in [r["size"] for r in results]:
        text += ["100,000 articles: `python -m bench --sizes 100000 --work DIR` runs it (about "
                 "ten times the 10k build, so long on 2 cores); not run for this table.", ""]
    if note:
        text += [note, ""]
    hits = {r["size"]: r["library"]["search_hits"] for r in results if "library" in r}
    if hits:
        text += ["Hits per query of the mix (Rubrique total / FTS5, top 20 / ripgrep files):", ""]
        for result in results:
            if "library" not in result or "fts5" not in result:
                continue
            rg = _rg(result)
            parts = []
            for label, total in result["library"]["search_hits"].items():
                fts = result["fts5"]["search_hits"].get(label, "–")
                files = rg["search_hits"].get(label, "–") if rg else "–"
                parts.append(f"{label} {total}/{fts}/{files}")
            text.append(f"- {result['size']:,}: " + "; ".join(parts))
        text.append("")
    path.write_text("\n".join(text), encoding="utf-8")
