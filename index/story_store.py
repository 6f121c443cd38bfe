"""Each article's story, kept in the catalog file, so that asking for one is a lookup.

Grouping a library (`index.stories`) reads every article's names and compares each with the
stories open around its date: seconds of CPU at 100,000 articles, far too long for the
reader's sidebar to wait on, and too long to redo on every start. The grouping is therefore
written into tables of its own beside the catalog's, stamped with the catalog state it was
made from, and `answer` reads one article's story with two indexed queries.

Bringing it up to date (`refresh`) runs where it can take its time: in a process of its own
that the reader starts when it finds the grouping behind the catalog (`start_refresh`; the
reader never waits for it, and quitting leaves it to finish or not), or in the command
line's own process. A catalog that only gained articles has them placed into the stories
already found, oldest first, against the open stories rebuilt from their members; an
article gone or changed (its catalog stamp differs from the one stored with it) makes the
whole grouping start again, since it may have held a story together. Until then an answer
is read from the grouping as stored, without the articles that have left, and says it is
not settled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index import stories as st
from index.catalog import writing
from index.entity_aliases import resolver as resolver_of
from index.models import Summary

FORMAT = "1:" + ":".join(str(value) for value in (
    st.WINDOW_DAYS, st.LONGEST_DAYS, st.THRESHOLD, st.SHARED_NAMES, st.COMMON_SHARE,
    st.COMMON_LEAST, st.ENTITY_WEIGHT, st.TAG_WEIGHT, st.KEYWORD_WEIGHT))
"""The tables' layout and the grouping's settings: a grouping made otherwise is redone."""

_TABLES = """
CREATE TABLE IF NOT EXISTS story_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_articles(
    article INTEGER PRIMARY KEY,
    story INTEGER NOT NULL,
    stamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS story_articles_by_story ON story_articles(story);
CREATE TABLE IF NOT EXISTS story_heads(
    story INTEGER PRIMARY KEY,
    headline INTEGER NOT NULL,
    names TEXT NOT NULL
);
"""
"""`story_articles`: every dated article's story, named by the catalog row of the article
that opened it, with the article's catalog stamp (`stamps`) when it was placed: a row whose
stamp no longer matches is an article that has changed or left. `story_heads`: for stories
of two articles or more, the row of the most typical article (the headline) and the head
tids of the names its articles share most, as JSON."""

_STAMPS = "CREATE TABLE IF NOT EXISTS stamps(article INTEGER PRIMARY KEY, stamp INTEGER NOT NULL)"
"""As `index.catalog` makes it."""

_MEMBER = (
    "FROM story_articles s JOIN articles a ON a.n = s.article "
    "LEFT JOIN stamps t ON t.article = a.n WHERE s.stamp = ifnull(t.stamp, 0)"
)
"""The stored rows whose article is still there as it was placed."""


@dataclass(frozen=True)
class StoryAnswer:
    """What the stored grouping says about one article right now."""

    story: st.Story | None
    settled: bool
    """False while the grouping is behind the catalog: ask again once it is refreshed."""


# -- reading -------------------------------------------------------------------------------
def _has_tables(connection: sqlite3.Connection) -> bool:
    return connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='story_meta'"
    ).fetchone() is not None


def _catalog_state(connection: sqlite3.Connection) -> str:
    row = connection.execute("SELECT value FROM meta WHERE name='state'").fetchone()
    return str(row[0]) if row else ""


def _stored_state(connection: sqlite3.Connection) -> str | None:
    if not _has_tables(connection):
        return None
    rows = dict(connection.execute("SELECT name, value FROM story_meta"))
    return rows.get("state") if rows.get("format") == FORMAT else None


def settled(connection: sqlite3.Connection) -> bool:
    """Whether the stored grouping matches the catalog's current state."""
    return _stored_state(connection) == _catalog_state(connection)


def answer(connection: sqlite3.Connection, article_id: str, smallest: int = 2) -> StoryAnswer:
    """The story of `article_id` as stored (of at least `smallest` live articles), at once."""
    is_settled = settled(connection)
    if not _has_tables(connection):
        return StoryAnswer(None, is_settled)
    row = connection.execute(
        f"SELECT s.story {_MEMBER} AND a.id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return StoryAnswer(None, is_settled)
    found = _described(connection, {row[0]: _members(connection, row[0])}, smallest)
    return StoryAnswer(found[0] if found else None, is_settled)


def stored_stories(connection: sqlite3.Connection, since: dt.date | None = None,
                   smallest: int = 2) -> list[st.Story]:
    """Every stored story of at least `smallest` live articles, newest first."""
    if not _has_tables(connection):
        return []
    grouped: dict[int, list[tuple[int, Summary]]] = {}
    for story, *columns in connection.execute(
        f"SELECT s.story, a.n, a.id, a.path, a.title, a.day, a.language {_MEMBER} "
        "AND s.story IN (SELECT story FROM story_heads) ORDER BY s.story"
    ):
        grouped.setdefault(story, []).append(_summary(*columns))
    found = _described(connection, grouped, smallest)
    if since is not None:
        found = [s for s in found if s.last >= since]
    found.sort(key=lambda s: (-s.last.toordinal(), -s.count))
    return found


def _summary(n: int, article_id: str, path: str, title: str, day: int,
             language: str) -> tuple[int, Summary]:
    """(catalog row, summary): the row names the headline."""
    return n, Summary(article_id, path, title, dt.date.fromordinal(day) if day else None,
                      language)


def _members(connection: sqlite3.Connection, story: int) -> list[tuple[int, Summary]]:
    return [_summary(*row) for row in connection.execute(
        f"SELECT a.n, a.id, a.path, a.title, a.day, a.language {_MEMBER} AND s.story = ?",
        (story,))]


def _described(connection: sqlite3.Connection, grouped: dict[int, list[tuple[int, Summary]]],
               smallest: int) -> list[st.Story]:
    """Stories as a reader sees them: articles oldest first, a headline and shared names."""
    grouped = {story: members for story, members in grouped.items() if len(members) >= smallest}
    heads: dict[int, tuple[int, list[int]]] = {}
    for chunk in _chunks(list(grouped)):
        marks = ",".join("?" * len(chunk))
        for story, headline, names in connection.execute(
            f"SELECT story, headline, names FROM story_heads WHERE story IN ({marks})", chunk
        ):
            heads[story] = (headline, json.loads(names))
    labels = st._labels(connection, {-tid for _, names in heads.values() for tid in names})
    out = []
    for story, rows in grouped.items():
        headline_row, names = heads.get(story, (0, []))
        members = sorted((s for _, s in rows), key=lambda s: (s.date or dt.date.min, s.title))
        headline = next((s.title for n, s in rows if n == headline_row), members[0].title)
        days = [s.date for s in members if s.date is not None]
        out.append(st.Story(
            headline=headline,
            articles=tuple(members),
            languages=tuple(dict.fromkeys(s.language for s in members)),
            first=min(days),
            last=max(days),
            names=tuple(labels[-tid] for tid in names if -tid in labels),
        ))
    return out


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


# -- grouping ------------------------------------------------------------------------------
def refresh(connection: sqlite3.Connection, place: str = "") -> bool:
    """Bring the stored grouping to the catalog's state; True when it was written.

    Reads one snapshot of the catalog and groups without holding any lock. What it found
    is written, stamped with that snapshot's state, even if a scan has committed since: the
    next refresh goes on from it (a long scan commits every few seconds, and a grouping
    thrown away each time would never be written). Nothing is written when another refresh
    has already brought the grouping to the catalog's state. `place` names the catalog for
    the entity resolver's per-process memory.
    """
    if settled(connection):
        return False
    # A catalog from before `stamps` lacks it until its next sync: the catalog's own table,
    # empty (each article's stamp then reads 0).
    connection.execute(_STAMPS)
    connection.execute("BEGIN")  # one snapshot of the catalog for everything read below
    try:
        state = _catalog_state(connection)
        current = {n: (day, stamp) for n, day, stamp in connection.execute(
            "SELECT a.n, a.day, ifnull(t.stamp, 0) FROM articles a "
            "LEFT JOIN stamps t ON t.article = a.n WHERE a.day > 0")}
        held: dict[int, tuple[int, int]] = {}
        if _stored_state(connection) is not None:
            held = {n: (story, stamp) for n, story, stamp in connection.execute(
                "SELECT article, story, stamp FROM story_articles")}
        intact = all(n in current and current[n][1] == stamp
                     for n, (_, stamp) in held.items())
        whole = not held or not intact
        if not whole and len(held) == len(current):
            # Nothing dated came or went (a merge that moved articles, undated ones): the
            # grouping stands as it is, at the new state.
            features: st.Features = {}
        else:
            resolver = resolver_of(connection, place or _place_name(connection))
            features = st._features(connection, resolver)
    finally:
        connection.execute("COMMIT")
    named: dict[int, int] = {}
    if whole:
        grouping = st._State(state, set(), [], {})
        fresh = list(features)
    else:
        fresh = [n for n in features if n not in held]
        grouping, named = _reopened(held, features, fresh)
    st._place(grouping, features, fresh)
    # A story is named by the row of the article that opened it: stable as it grows.
    names_of = {index: named.get(index, grouping.stories[index].members[0])
                for index in {grouping.story_of[n] for n in fresh}}
    rows = [(n, names_of[grouping.story_of[n]], current[n][1]) for n in fresh]
    heads = []
    for index, story_name in names_of.items():
        story = grouping.stories[index]
        if len(story.members) >= 2:
            heads.append((story_name, _headline(story, features), json.dumps(_names(story))))
    return _write(connection, state, whole, rows, heads)


def _place_name(connection: sqlite3.Connection) -> str:
    row = connection.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row else ""


def _reopened(held: dict[int, tuple[int, int]], features: st.Features,
              fresh: list[int]) -> tuple[st._State, dict[int, int]]:
    """The stored stories the fresh articles could join, rebuilt from their members with
    today's weights (the others are left out: no fresh article can reach them), and the
    stored name of each by its index."""
    grouping = st._State("", set(held), [], {})
    named: dict[int, int] = {}
    if not fresh:
        return grouping, named
    earliest = min(features[n].day for n in fresh)
    members: dict[int, list[int]] = {}
    for n, (story, _) in held.items():
        members.setdefault(story, []).append(n)
    for story_name, rows in members.items():
        if max(features[n].day for n in rows if n in features) < earliest - st.WINDOW_DAYS:
            continue
        rows.sort(key=lambda n: (features[n].day, n))
        rebuilt = st._Story(first=features[rows[0]].day, last=features[rows[0]].day)
        for n in rows:
            held_article = features[n]
            for name, weight in held_article.vector.items():
                rebuilt.vector[name] = rebuilt.vector.get(name, 0.0) + weight
            for name, weight in held_article.named.items():
                rebuilt.named[name] = rebuilt.named.get(name, 0.0) + weight
            rebuilt.entities.update(held_article.entities)
            rebuilt.specific.update(held_article.entities)
            rebuilt.first = min(rebuilt.first, held_article.day)
            rebuilt.last = max(rebuilt.last, held_article.day)
        rebuilt.members = rows
        rebuilt.norm, rebuilt.named_norm = st._norm(rebuilt.vector), st._norm(rebuilt.named)
        index = len(grouping.stories)
        named[index] = story_name
        grouping.stories.append(rebuilt)
        grouping.by_last.setdefault(rebuilt.last, set()).add(index)
        for n in rows:
            grouping.story_of[n] = index
    return grouping, named


def _headline(story: st._Story, features: st.Features) -> int:
    """The member closest to the story as a whole (the lowest row on a tie)."""
    return max(story.members, key=lambda n: (st._cosine(features[n].vector, story.vector), -n))


def _names(story: st._Story) -> list[int]:
    """Head tids of the entities its articles share most (six at most, each in two)."""
    return [-name for name, count in Counter(story.entities).most_common(6) if count >= 2]


def _write(connection: sqlite3.Connection, state: str, whole: bool,
           rows: list[tuple[int, int, int]], heads: list[tuple[int, int, str]]) -> bool:
    with writing(connection):
        if settled(connection):  # another refresh got there first: nothing written
            return False
        for statement in _TABLES.split(";"):
            if statement.strip():
                connection.execute(statement)
        if whole:
            connection.execute("DELETE FROM story_articles")
            connection.execute("DELETE FROM story_heads")
        connection.executemany("INSERT OR REPLACE INTO story_articles VALUES (?,?,?)", rows)
        connection.executemany("INSERT OR REPLACE INTO story_heads VALUES (?,?,?)", heads)
        connection.executemany("INSERT OR REPLACE INTO story_meta VALUES (?,?)",
                               (("format", FORMAT), ("state", state)))
    return True


# -- for the reader: never waiting on a big grouping ---------------------------------------
IN_PROCESS = 2_000
"""Catalogs of at most this many articles are grouped where they are asked (a fraction of a
second, once the gazetteer is loaded); bigger ones in a process of their own."""
RETRY_SECONDS = 30.0
"""After a refresh process failed, how long before another is started."""


def _small(connection: sqlite3.Connection) -> bool:
    return connection.execute(
        "SELECT 1 FROM articles LIMIT 1 OFFSET ?", (IN_PROCESS,)
    ).fetchone() is None


def ask(connection: sqlite3.Connection, catalog_path: Path, article_id: str) -> StoryAnswer:
    """An article's story without waiting on a big grouping: a small catalog is grouped
    here first; a big one answers from the stored grouping and, if that is behind, has it
    refreshed in a process of its own (ask again later)."""
    found = answer(connection, article_id)
    if found.settled:
        return found
    if _small(connection):
        refresh(connection, str(catalog_path))
        return answer(connection, article_id)
    start_refresh(catalog_path)
    return found


def ready(connection: sqlite3.Connection, catalog_path: Path) -> bool:
    """Whether the stored grouping is up to date, grouping a small catalog here first and
    starting a big one's refresh otherwise."""
    if settled(connection):
        return True
    if _small(connection):
        refresh(connection, str(catalog_path))
        return settled(connection)
    start_refresh(catalog_path)
    return False


# -- in a process of its own ---------------------------------------------------------------
_running: dict[Path, tuple[subprocess.Popen[bytes], float]] = {}
_running_lock = threading.Lock()


def start_refresh(catalog_path: Path) -> None:
    """Refresh the grouping of the catalog at `catalog_path` in a process of its own, unless
    this process already has one at work (or one failed less than RETRY_SECONDS ago).
    Nothing waits for it: a reader that quits leaves it to finish (its result is written in
    one transaction, or not at all)."""
    with _running_lock:
        held = _running.get(catalog_path)
        if held is not None:
            process, started = held
            code = process.poll()
            if code is None or (code != 0 and time.monotonic() - started < RETRY_SECONDS):
                return
        _running[catalog_path] = subprocess.Popen(
            [sys.executable, "-m", "index.story_store", str(catalog_path)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped by the terminal's ctrl+c meant for the app
        ), time.monotonic()


def refreshing(catalog_path: Path) -> bool:
    """Whether this process's refresh of that catalog is still at work."""
    with _running_lock:
        held = _running.get(catalog_path)
        return held is not None and held[0].poll() is None


def _main(argv: list[str]) -> int:
    """`python -m index.story_store CATALOG`: refresh, one refresher per catalog at a time."""
    import fcntl

    path = Path(argv[0])
    with contextlib.suppress(OSError):
        os.nice(10)  # behind the reader that started it
    with open(path.with_name(path.name + ".stories-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another refresher first; this one then checks
        connection = sqlite3.connect(path, timeout=120.0, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            refresh(connection, str(path))
        finally:
            connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
