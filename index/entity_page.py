"""One entity across the library: its names and languages, its articles through time, who it
is mentioned with, its articles newest first. Read from the catalog (`index.catalog`), with
the catalog topics that name one entity grouped by `index.entity_aliases`.

Co-mentioned entities are ranked by local mutual information, shared articles × log(how much
more often they meet than chance would have them meet): a raw count puts whatever is
everywhere ("Europe", "AI") first; PMI alone puts one-article coincidences first; their
product keeps entities that meet often and meet more than their frequency explains. Pairs
that meet no more than chance, and pairs below a floor of shared articles, are left out.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.analysis.cues import fold
from index.catalog import Catalog
from index.entity_aliases import (
    Group,
    Member,
    Resolver,
    normal,
    place_of,
)
from index.entity_aliases import resolver as resolver_of
from index.models import Summary

CO_MENTIONS = 12
"""Co-mentioned entities a page lists."""
WEEKS_UP_TO = 26
"""Weeks are given too when the articles span at most this many weeks."""
SPELLINGS = 30


@dataclass(frozen=True)
class Alias:
    """A catalog topic that names the entity, with how sure the merge is (1.0: its own)."""

    kind: str
    key: str
    label: str
    articles: int
    confidence: float
    reason: str


@dataclass(frozen=True)
class Spelling:
    """A written form of the entity and the language of the articles that wrote it."""

    label: str
    language: str
    articles: int


@dataclass(frozen=True)
class Period:
    """A month ("2025-01") or an ISO week ("2025-W03") and its article count."""

    label: str
    start: dt.date
    articles: int


@dataclass(frozen=True)
class CoMention:
    kind: str
    key: str
    label: str
    shared: int
    """Articles that mention both."""
    articles: int
    """Articles that mention this one."""
    score: float


@dataclass(frozen=True)
class EntityRef:
    """An entity as a name search finds it: the (kind, key) its page opens with."""

    kind: str
    key: str
    label: str
    articles: int
    aliases: int
    """Catalog topics merged into it (1: none)."""


@dataclass(frozen=True)
class EntityPage:
    kind: str
    key: str
    label: str
    aliases: tuple[Alias, ...]
    spellings: tuple[Spelling, ...]
    languages: tuple[tuple[str, int], ...]
    """Article count per language, most first."""
    months: tuple[Period, ...]
    """Every month from the first article to the last, empty ones included."""
    weeks: tuple[Period, ...]
    """The same by ISO week, when the span is short (else empty)."""
    undated: int
    co_mentions: tuple[CoMention, ...]
    articles: tuple[Summary, ...]
    """Newest first."""
    may_be: tuple[EntityRef, ...] = ()
    """For a name several people carry (a bare surname): who it may be."""

    @property
    def count(self) -> int:
        return len(self.articles)


def entity_page(catalog: Catalog, kind: str, key: str,
                co_mentions: int = CO_MENTIONS) -> EntityPage | None:
    """The page of the entity a (kind, key) topic names, or None when the catalog lacks it."""
    connection = catalog.connection()
    resolver = resolver_of(connection, str(catalog.path))
    row = connection.execute(
        "SELECT tid FROM topics WHERE kind = ? AND key = ? AND count > 0",
        (kind, _catalog_key(key)),
    ).fetchone()
    group = resolver.group(int(row[0])) if row else None
    if group is None:
        return None
    tids = [member.tid for member in group.members]
    rows = _articles_of(connection, tids)
    numbers = sorted({n for _, n in rows})
    summaries = _summaries(connection, numbers)
    dated = [s.date for s in summaries if s.date is not None]
    head = group.head
    return EntityPage(
        kind=head.kind,
        key=head.key,
        label=head.label,
        aliases=tuple(
            Alias(kind=m.kind, key=m.key, label=m.label, articles=m.count,
                  confidence=m.confidence, reason=m.reason)
            for m in group.members
        ),
        spellings=_spellings(connection, tids),
        languages=tuple(Counter(s.language for s in summaries).most_common()),
        months=_months(dated),
        weeks=_weeks(dated),
        undated=len(summaries) - len(dated),
        co_mentions=_co_mentions(connection, resolver, group, numbers, catalog.count(),
                                 co_mentions),
        articles=tuple(summaries),
        may_be=tuple(_ref(resolver.group(m.tid), m) for m in group.may_be),
    )


def find_entities(catalog: Catalog, name: str, limit: int = 10) -> list[EntityRef]:
    """Entities a typed name may mean, best first: the exact name (in any spelling the
    catalog or the place gazetteer knows), then names that start with it or contain it."""
    wanted = normal(name)
    if not wanted:
        return []
    resolver = resolver_of(catalog.connection(), str(catalog.path))
    found = place_of(name)
    place = found[0] if found else None
    ranked: dict[int, tuple[int, Group]] = {}
    for row in resolver.names:
        if wanted in (row.written, row.keyed) or (place is not None and row.place == place):
            rank = 0
        elif row.surname == wanted:
            rank = 1
        elif row.written.startswith(wanted) or row.keyed.startswith(wanted):
            rank = 2
        elif f" {wanted}" in f" {row.written}" or wanted in row.keyed:
            rank = 3
        else:
            continue
        held = ranked.get(id(row.group))
        if held is None or rank < held[0]:
            ranked[id(row.group)] = (rank, row.group)
    best = sorted(ranked.values(), key=lambda item: (item[0], -_total(item[1]),
                                                      item[1].head.label))
    return [_ref(group, group.head) for _, group in best[:limit]]


# -- reading --------------------------------------------------------------------------------
def _catalog_key(key: str) -> str:
    """A key as the catalog holds it, from any form of it a caller gives."""
    return " ".join(fold(key).split())


def _in(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _articles_of(connection: sqlite3.Connection, tids: Sequence[int]) -> list[tuple[int, int]]:
    """(topic, article row) of every article with one of these topics."""
    found: list[tuple[int, int]] = []
    for chunk in _chunks(tids):
        found.extend(connection.execute(
            f"SELECT tid, article FROM article_topics WHERE tid IN ({_in(chunk)})", chunk
        ))
    return found


def _summaries(connection: sqlite3.Connection, numbers: Sequence[int]) -> list[Summary]:
    """Articles by catalog row, newest first (undated last), then by title."""
    found: list[tuple[int, str, str, str, str, str]] = []
    for chunk in _chunks(numbers):
        found.extend(connection.execute(
            "SELECT day, title_key, id, path, title, language FROM articles "
            f"WHERE n IN ({_in(chunk)})", chunk
        ))
    found.sort(key=lambda row: (-row[0], row[1], row[2]))
    return [
        Summary(id=article_id, path=path, title=title,
                date=dt.date.fromordinal(day) if day else None, language=language)
        for day, _, article_id, path, title, language in found
    ]


def _spellings(connection: sqlite3.Connection, tids: Sequence[int]) -> tuple[Spelling, ...]:
    """Each written form and the languages of the articles that wrote it, most used first;
    forms that differ only by case ("EMMANUEL MACRON" in a headline) count as their most
    used casing."""
    counts: Counter[tuple[str, str]] = Counter()
    casings: dict[str, Counter[str]] = defaultdict(Counter)
    for chunk in _chunks(tids):
        for label, language, count in connection.execute(
            "SELECT f.label, a.language, count(*) FROM article_topics x "
            "JOIN forms f ON f.fid = x.form JOIN articles a ON a.n = x.article "
            f"WHERE x.tid IN ({_in(chunk)}) GROUP BY f.label, a.language", chunk
        ):
            counts[(str(label).casefold(), str(language))] += int(count)
            casings[str(label).casefold()][str(label)] += int(count)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(
        Spelling(casings[folded].most_common(1)[0][0], language, count)
        for (folded, language), count in ranked[:SPELLINGS]
    )


def _months(dates: Iterable[dt.date]) -> tuple[Period, ...]:
    counts = Counter((d.year, d.month) for d in dates)
    if not counts:
        return ()
    (year, month), last = min(counts), max(counts)
    periods = []
    while (year, month) <= last:
        periods.append(Period(f"{year:04d}-{month:02d}", dt.date(year, month, 1),
                              counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(periods)


def _weeks(dates: Iterable[dt.date]) -> tuple[Period, ...]:
    mondays = Counter(d - dt.timedelta(days=d.weekday()) for d in dates)
    if not mondays:
        return ()
    first, last = min(mondays), max(mondays)
    if (last - first).days // 7 + 1 > WEEKS_UP_TO:
        return ()
    periods = []
    monday = first
    while monday <= last:
        year, week, _ = monday.isocalendar()
        periods.append(Period(f"{year:04d}-W{week:02d}", monday, mondays.get(monday, 0)))
        monday += dt.timedelta(days=7)
    return tuple(periods)


def _co_mentions(
    connection: sqlite3.Connection,
    resolver: Resolver,
    group: Group,
    numbers: Sequence[int],
    documents: int,
    limit: int,
) -> tuple[CoMention, ...]:
    """Entities in the same articles, each counted once per article whatever name it had
    there, ranked by shared × PMI; at least two shared articles when the entity has more."""
    own = {member.tid for member in group.members}
    shared: dict[int, set[int]] = defaultdict(set)
    groups: dict[int, Group] = {}
    for chunk in _chunks(numbers):
        for tid, article in connection.execute(
            f"SELECT tid, article FROM article_topics WHERE article IN ({_in(chunk)})", chunk
        ):
            if tid in own:
                continue
            other = resolver.group(int(tid))
            if other is None:
                continue
            groups[id(other)] = other
            shared[id(other)].add(int(article))
    floor = 2 if len(numbers) >= 4 else 1
    mine = max(len(numbers), 1)
    scored: list[CoMention] = []
    for gid, articles in shared.items():
        together = len(articles)
        if together < floor:
            continue
        other = groups[gid]
        total = max(_total(other), together)
        pmi = math.log(together * max(documents, 1) / (mine * total))
        if pmi <= 0:
            continue
        head = other.head
        scored.append(CoMention(kind=other.kind, key=head.key, label=head.label,
                                shared=together, articles=total, score=together * pmi))
    scored.sort(key=lambda c: (-c.score, -c.shared, c.label))
    return tuple(scored[:limit])


def _total(group: Group | None) -> int:
    """Articles naming the entity under any of its names (an article that uses two of them,
    rare across languages, counts twice: the catalog keeps topic counts, not their union)."""
    return sum(member.count for member in group.members) if group is not None else 0


def _ref(group: Group | None, member: Member) -> EntityRef:
    if group is None:
        return EntityRef(member.kind, member.key, member.label, member.count, 1)
    head = group.head
    return EntityRef(group.kind, head.key, head.label, _total(group), len(group.members))


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
