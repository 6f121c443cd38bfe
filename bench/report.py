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
    """p50 / p95 of the wall time, and the CPU time's p50 when it was measured."""
    cpu = f" (CPU {_ms(stats['cpu_p50_ms'])})" if "cpu_p50_ms" in stats else ""
    return f"{_ms(stats['p50_ms'])} / {_ms(stats['p95_ms'])}{cpu}"


def _rg(r: dict[str, Any]) -> dict[str, Any] | None:
    found: dict[str, Any] | None = r.get("ripgrep")
    return found


def _rate(build: dict[str, Any]) -> float:
    return float(build["articles"] / build["seconds"])


def _cpu_ratio(ours: dict[str, float], theirs: dict[str, float]) -> str:
    if "cpu_p50_ms" not in ours or "cpu_p50_ms" not in theirs:
        return ""
    return f" (CPU p50 {ours['cpu_p50_ms'] / theirs['cpu_p50_ms']:.1f}×)"


def _us(value: float) -> str:
    return f"{value / 1000:.1f} ms" if value >= 1000 else f"{value:.0f} µs"


def _key(r: dict[str, Any], name: str) -> str:
    """A list key's CPU / wall median (the machine is shared: CPU time is the steadier)."""
    key = r["browse"]["keys"][name]
    return f"{_us(key['cpu']['p50_us'])} / {_us(key['wall']['p50_us'])}"


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
    ("App start to first article painted, s (existing index): its title / its text",
     lambda r: _start(r["app"]), lambda r: r["app"]["first_article_s"]),
    ("A bare Textual app (one Static), start to its first screen, s (CPU): the floor",
     lambda r: f"{r['textual_floor']['first_paint_s']:.2f} "
     f"(CPU {r['textual_floor']['first_paint_cpu_s']:.2f})" if "textual_floor" in r else "–",
     lambda r: r["textual_floor"]["first_paint_s"] if "textual_floor" in r else float("nan")),
    ("App memory once open, RSS MB",
     lambda r: f"{r['app']['rss_open_mb']:,.0f}", lambda r: r["app"]["rss_open_mb"]),
    ("App memory after opening 100 articles and typing 20 searches, RSS MB",
     lambda r: f"{r['browse']['rss_after_browsing_mb']:,.0f}",
     lambda r: r["browse"]["rss_after_browsing_mb"]),
    ("List key `j` in the whole list, move + redraw: CPU / wall median",
     lambda r: _key(r, "j"), lambda r: r["browse"]["keys"]["j"]["cpu"]["p50_us"]),
    ("List key `PgDn`, move + redraw: CPU / wall median",
     lambda r: _key(r, "PgDn"), lambda r: r["browse"]["keys"]["PgDn"]["cpu"]["p50_us"]),
    ("List key `G` (to the end), move + redraw: CPU / wall median",
     lambda r: _key(r, "G"), lambda r: r["browse"]["keys"]["G"]["cpu"]["p50_us"]),
    ("`n` / `N`: the list's next / previous article, CPU median",
     lambda r: f"{_us(r['browse']['keys']['n']['cpu']['p50_us'])} / "
     f"{_us(r['browse']['keys']['N']['cpu']['p50_us'])}",
     lambda r: r["browse"]["keys"]["n"]["cpu"]["p50_us"]),
    ("`n`/`N` key to the article on screen, ms p50 / p95 (100 articles)",
     lambda r: f"{_pair(r['browse']['next_article'])} "
     f"(CPU {_ms(r['browse']['next_article_cpu']['p50_ms'])})",
     lambda r: r["browse"]["next_article"]["p50_ms"]),
    ("Search typed in the app, last key to results listed, ms p50 / p95",
     lambda r: f"{_pair(r['browse']['typed_search'])} "
     f"(CPU {_ms(r['browse']['typed_search_cpu']['p50_ms'])})",
     lambda r: r["browse"]["typed_search"]["p50_ms"]),
    ("Search p50 / p95, ms, snippets included (Rubrique)",
     lambda r: _pair(r["library"]["search"]), lambda r: r["library"]["search"]["p50_ms"]),
    ("Search p50 / p95, ms (FTS5, bm25 + snippet)",
     lambda r: _pair(r["fts5"]["search"]), lambda r: r["fts5"]["search"]["p50_ms"]),
    ("Search p50 / p95, ms (ripgrep, no index)",
     lambda r: _pair(rg["search"]) if (rg := _rg(r)) else "not installed",
     lambda r: rg["search"]["p50_ms"] if (rg := _rg(r)) else float("nan")),
    ("Search: Rubrique ÷ FTS5, p50 / p95",
     lambda r: f"{r['library']['search']['p50_ms'] / r['fts5']['search']['p50_ms']:.1f}× / "
     f"{r['library']['search']['p95_ms'] / r['fts5']['search']['p95_ms']:.1f}×"
     + _cpu_ratio(r["library"]["search"], r["fts5"]["search"]),
     None),
    ("Search p50: Rubrique ÷ ripgrep",
     lambda r: f"{r['library']['search']['p50_ms'] / rg['search']['p50_ms']:.2f}×"
     if (rg := _rg(r)) else "–",
     None),
    ("Related articles p50 / p95, ms",
     lambda r: _pair(r["library"]["related"]), lambda r: r["library"]["related"]["p50_ms"]),
    ("Topic picker `t` (the article's topics with counts), ms p50 / p95",
     lambda r: _pair(r["library"]["topics_of"]), lambda r: r["library"]["topics_of"]["p95_ms"]),
    ("Go to topic: opening (first call) / per keystroke p50 / p95, ms",
     lambda r: f"{_ms(r['library']['palette_open_first_ms'])} / "
     + _pair(r["library"]["palette_keystroke"]),
     lambda r: r["library"]["palette_keystroke"]["p95_ms"]),
    ("A page of 50 topics with counts, anywhere in the list, ms p50 / p95",
     lambda r: _pair(r["library"]["topic_page"]), lambda r: r["library"]["topic_page"]["p95_ms"]),
    ("All topics at once (`rubrique topics`), ms: first call / again",
     lambda r: f"{_ms(r['library']['topics_first_ms'])} / {_ms(r['library']['topics_again_ms'])}",
     lambda r: r["library"]["topics_first_ms"]),
    ("Topics in the list",
     lambda r: f"{r['library']['topics']:,}", lambda r: r["library"]["topics"]),
    ("Rescan walking the folder, ms: nothing changed / one file changed / another",
     lambda r: f"{_ms(r['library']['rescan_unchanged_ms'])} / "
     f"{_ms(r['library']['rescan_one_changed_ms'])} / "
     f"{_ms(r['library']['rescan_another_changed_ms'])}"
     + _rescan_cpu(r["library"], ("unchanged", "one_changed", "another_changed")),
     lambda r: r["library"]["rescan_unchanged_ms"]),
    ("Rescan of one file the open app's watcher names, ms: first (analysis loading) / later",
     lambda r: f"{_ms(r['library']['rescan_watched_one_changed_ms'])} / "
     f"{_ms(r['library']['rescan_watched_another_changed_ms'])}"
     + _rescan_cpu(r["library"], ("watched_one_changed", "watched_another_changed"))
     if "rescan_watched_one_changed_ms" in r["library"] else "–",
     lambda r: r["library"].get("rescan_watched_one_changed_ms", float("nan"))),
    ("`Library.articles()`, ms: first call / again",
     lambda r: f"{_ms(r['library']['articles_first_ms'])} / "
     f"{_ms(r['library']['articles_again_ms'])}",
     lambda r: r["library"]["articles_first_ms"]),
]


TARGETS = {
    "Cold build, articles/s, all analysis (Rubrique)": "≥ 200",
    "Build peak memory, MB (PSS of the build and its workers)": "≤ 1,000",
    "App start to first article painted, s (existing index): its title / its text": "≤ 0.5",
    "App memory once open, RSS MB": "≤ 300",
    "App memory after opening 100 articles and typing 20 searches, RSS MB": "≤ 300",
    "List key `j` in the whole list, move + redraw: CPU / wall median": "same at any size",
    "List key `PgDn`, move + redraw: CPU / wall median": "same at any size",
    "List key `G` (to the end), move + redraw: CPU / wall median": "same at any size",
    "`n` / `N`: the list's next / previous article, CPU median": "same at any size",
    "Search p50 / p95, ms, snippets included (Rubrique)": "p95 ≤ 30",
    "Search: Rubrique ÷ FTS5, p50 / p95": "p95 ≤ 5× at 10k",
    "Related articles p50 / p95, ms": "p95 ≤ 50",
    "Topic picker `t` (the article's topics with counts), ms p50 / p95": "≤ 100",
    "Go to topic: opening (first call) / per keystroke p50 / p95, ms": "≤ 100",
    "A page of 50 topics with counts, anywhere in the list, ms p50 / p95": "≤ 100",
    "Rescan walking the folder, ms: nothing changed / one file changed / another":
        "≤ 2,000 / ≤ 1,000",
    "Rescan of one file the open app's watcher names, ms: first (analysis loading) / later":
        "≤ 1,000",
}
"""Issue 12's targets at 100,000 articles on 2 cores, beside the figure they judge."""


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


def _start(app: dict[str, Any]) -> str:
    """Seconds to the first article's title (from the catalog) and to its text (the index
    open), with the process's CPU by then, where the run kept them."""
    wall = f"{app['first_article_s']:.2f}"
    if "first_text_s" not in app:
        return wall
    return (f"{wall} / {app['first_text_s']:.2f} (CPU {app['first_article_cpu_s']:.2f} / "
            f"{app['first_text_cpu_s']:.2f})")


def _rescan_cpu(library: dict[str, Any], cases: tuple[str, ...]) -> str:
    """The rescan figures' CPU times, where the run kept them."""
    names = tuple(f"rescan_{case}_cpu_ms" for case in cases)
    if not all(name in library for name in names):
        return ""
    return " (CPU " + " / ".join(_ms(library[name]) for name in names) + ")"


def _cell(cell: Callable[[dict[str, Any]], str], result: dict[str, Any]) -> str:
    try:
        return cell(result)
    except (KeyError, TypeError, ZeroDivisionError):
        return "–"


def _growth(number: Callable[[dict[str, Any]], float] | None, small: dict[str, Any],
            large: dict[str, Any]) -> str:
    if number is None:
        return ""
    try:
        ratio = number(large) / number(small)
    except (KeyError, TypeError, ZeroDivisionError):
        return ""
    return f"{ratio:.1f}" if ratio == ratio else ""


def table(results: list[dict[str, Any]]) -> str:
    """One column per size, then one growth column per step between sizes (10x articles
    should cost 10x build time, and as close to 1x search time as possible)."""
    results = sorted(results, key=lambda r: r["size"])
    sizes = [r["size"] for r in results]
    steps = list(zip(results, results[1:], strict=False))
    head = ["figure", *(f"{s:,} articles" for s in sizes)]
    head += [f"{b['size'] / a['size']:g}× articles ({a['size']:,} → {b['size']:,}): figure ×"
             for a, b in steps]
    head.append("target at 100,000")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, cell, number in ROWS:
        cells = [label, *(_cell(cell, result) for result in results)]
        cells += [_growth(number, a, b) for a, b in steps]
        cells.append(TARGETS.get(label, ""))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def reuse_notes(results: list[dict[str, Any]]) -> list[str]:
    """Which sizes were measured on an index built by an earlier run (`--reuse-index`)."""
    notes = []
    for result in sorted(results, key=lambda r: r["size"]):
        run = result.get("build_run")
        if run:
            notes.append(
                f"{result['size']:,} articles: measured with `--reuse-index` at commit "
                f"{result.get('commit', 'unknown')} ({result.get('when', '?')}) on a copy of "
                f"the index built by commit {run.get('commit', 'unknown')} "
                f"({run.get('when', '?')}); the build rows (Rubrique and FTS5: articles/s, "
                "peak memory, size on disk) are that run's, kept in its results file."
            )
    return notes


def write_results(results: list[dict[str, Any]], path: Path, seconds: float, note: str) -> None:
    today = dt.datetime.now(dt.UTC)
    results = sorted(results, key=lambda r: r["size"])
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
    loads = [f"{r['size']:,}: {r['load'][0]:.1f} ({r.get('when', '?')})"
             for r in results if r.get("load")]
    if loads:
        text += ["Load average (1 min) when each size finished, on these "
                 f"{os.cpu_count()} cores: " + ", ".join(loads) + ". Above the core count, "
                 "other work shared the machine and every time above is inflated.", ""]
    if 100_000 not in [r["size"] for r in results]:
        text += ["100,000 articles: `python -m bench --sizes 100000 --work DIR` runs it (about "
                 "ten times the 10k build, so long on 2 cores; with `--reuse-index`, minutes on "
                 "an index built before); not run for this table.", ""]
    for line in reuse_notes(results):
        text += [line, ""]
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
