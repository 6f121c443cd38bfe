"""Stories: the articles about one event, in any language, grouped from the catalog.

An article joins a story when it appeared within days of the story's last article and what it
names is close to what the story names: the people, organisations and places of its articles
(grouped across spellings and languages by `index.entity_aliases`, so "États-Unis" and "United
States" count as one), their tags and keywords (which share wording within a language). Each
name weighs its rarity in the library (idf), and an article must share at least two people,
organisations or places with the story and be close to it as a whole, so
two articles that only both say "Europe" or "AI" are too far apart to make a story.

Articles are taken in date order and each is compared with the stories still open, by cosine
between its names and the story's summed names: no chain of pairwise resemblances can drag a
month of coverage into one story. The grouping is kept in the catalog file
(`index.story_store`), and a scan that only adds articles has them placed into the stories
already found rather than starting over.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from index.catalog import Catalog
from index.entity_aliases import ENTITY_KINDS, Resolver
from index.models import Summary

WINDOW_DAYS = 3
"""An article joins a story whose last article is at most this many days older."""
LONGEST_DAYS = 14
"""A story spans at most this many days: follow-ups weeks later are stories of their own."""
THRESHOLD = 0.12
"""Cosine between an article's weighted names and the story's, to join it: its people,
organisations and places alone (what crosses languages), or everything it names. On
sample_articles/ articles about one event score 0.16 to 0.42 pairwise, neighbours in time
about other events 0.06 at most."""
SHARED_NAMES = 2
"""People, organisations or places an article must share with the story (common ones aside)."""
COMMON_SHARE, COMMON_LEAST = 0.01, 20
"""An entity in more than 1% of the library, and in more than 20 articles, is common: news
mentions France or Macron every day, and a recogniser's recurring slips (a wire service's
"Shr" and "QTR" in earnings tables) would otherwise tie a hundred unrelated articles."""
ENTITY_WEIGHT, TAG_WEIGHT, KEYWORD_WEIGHT = 1.0, 0.7, 0.5
"""Names say the most about an event; tags and keywords add wording (within a language)."""


@dataclass
class _Story:
    members: list[int] = field(default_factory=list)
    """Catalog article rows, in the order they joined."""
    vector: dict[int, float] = field(default_factory=dict)
    named: dict[int, float] = field(default_factory=dict)
    """The entity part of `vector`."""
    entities: Counter[int] = field(default_factory=Counter)
    """How many of its articles name each entity group."""
    specific: set[int] = field(default_factory=set)
    """The keys of `entities`, as a set: what an article must share SHARED_NAMES of."""
    norm: float = 0.0
    named_norm: float = 0.0
    first: int = 0
    last: int = 0
    """Day ordinals of its first and last articles."""


@dataclass(frozen=True)
class Story:
    """One event's articles, oldest first, with a headline (its most typical article's
    title) and the names its articles share most."""

    headline: str
    articles: tuple[Summary, ...]
    languages: tuple[str, ...]
    first: dt.date
    last: dt.date
    names: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass
class _State:
    state: str
    seen: set[int]
    stories: list[_Story]
    story_of: dict[int, int]
    by_last: dict[int, set[int]] = field(default_factory=dict)
    """Day of a story's last article → the stories ending that day: the candidates for an
    article are found in a few days' buckets, not among every story."""
    shared: set[int] = field(default_factory=set)
    """Stories this state shares with the one it was copied from: copied before they grow."""

    def copy(self, state: str) -> _State:
        return _State(state, set(self.seen), list(self.stories), dict(self.story_of),
                      {day: set(held) for day, held in self.by_last.items()},
                      set(range(len(self.stories))))


def stories(catalog: Catalog, since: dt.date | None = None, smallest: int = 2) -> list[Story]:
    """Stories of at least `smallest` articles, newest first; with `since`, those whose last
    article is on or after that day. The grouping is brought up to date here first, in this
    process (`index.story_store.refresh`): what the command line wants, not the reader."""
    from index import story_store

    story_store.refresh(catalog.connection())
    return story_store.stored_stories(catalog.connection(), since, smallest)


def story_of(catalog: Catalog, article_id: str, smallest: int = 2) -> Story | None:
    """The story (of at least `smallest` articles) an article belongs to, if any, with the
    grouping brought up to date first in this process (the reader asks
    `index.story_store.answer`, which never computes)."""
    from index import story_store

    story_store.refresh(catalog.connection())
    return story_store.answer(catalog.connection(), article_id, smallest).story


# -- grouping ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Article:
    vector: dict[int, float]
    """Its names, weighted: entity groups as negative head tids, tags and keywords by tid."""
    named: dict[int, float]
    """The entity part of `vector`."""
    entities: frozenset[int]
    """Its entity groups that are not among the library's commonest (`COMMON`)."""
    day: int
    norm: float
    named_norm: float


Features = dict[int, _Article]


def _features(connection: sqlite3.Connection, resolver: Resolver) -> Features:
    """Every dated article's names, each weighted by kind and rarity (idf)."""
    days = {n: day for n, day in connection.execute("SELECT n, day FROM articles WHERE day > 0")}
    documents = max(connection.execute("SELECT count(*) FROM articles").fetchone()[0], 1)
    names: dict[int, set[tuple[int, float]]] = defaultdict(set)
    entities: dict[int, set[int]] = defaultdict(set)
    frequency: Counter[int] = Counter()
    # What each topic counts as, worked out once per topic rather than once per mention:
    # an entity by its group's head (one name per entity, any spelling), a tag or keyword
    # by itself; None for an entity the resolver does not know.
    named_as: dict[int, tuple[int, float] | None] = {}
    for tid, kind in connection.execute("SELECT tid, kind FROM topics"):
        if kind in ENTITY_KINDS:
            group = resolver.group(tid)
            named_as[tid] = None if group is None else (-group.head.tid, ENTITY_WEIGHT)
        else:
            named_as[tid] = (tid, TAG_WEIGHT if kind == "tag" else KEYWORD_WEIGHT)
    # Rows come article by article: each article's names are gathered in sets of its own.
    rows = connection.execute("SELECT article, tid FROM article_topics ORDER BY article, place")
    current, dated = None, False
    held: set[tuple[int, float]] = set()
    named_here: set[int] = set()
    for article, tid in rows:
        if article != current:
            current, dated = article, article in days
            if dated:
                held, named_here = names[article], entities[article]
        if not dated:
            continue
        pair = named_as.get(tid)
        if pair is None:
            continue
        if pair[0] < 0:
            named_here.add(pair[0])
        if pair not in held:
            held.add(pair)
            frequency[pair[0]] += 1
    common = max(COMMON_LEAST, COMMON_SHARE * documents)
    # Each name's weight once, not once per article naming it (the same product either way).
    # A name has one weight (an entity's is ENTITY_WEIGHT, a tag's or keyword's its kind's).
    weights = {name: weight * math.log(documents / frequency[name])
               for name, weight in {pair for pair in named_as.values() if pair is not None}
               if frequency[name]}
    out: Features = {}
    for article, day in days.items():
        vector = {name: weights[name] for name, _ in names.get(article, ())}
        named = {name: weight for name, weight in vector.items() if name < 0}
        specific = frozenset(e for e in entities.get(article, ()) if frequency[e] <= common)
        out[article] = _Article(vector, named, specific, day, _norm(vector), _norm(named))
    return out


def _norm(vector: Mapping[int, float]) -> float:
    return math.sqrt(sum(weight * weight for weight in vector.values()))


def _place(state: _State, features: Features, articles: Iterable[int]) -> None:
    """Put each article (oldest first) into the open story it is closest to, or a new one.

    The stories that share SHARED_NAMES specific names with an article are found through
    the open stories naming each name (`naming`), not by testing every story of three weeks
    of news; they are then taken in the same order as before (by day of their last article,
    then as each day's stories come), so a tie still goes to the same story.
    """
    ordered = sorted(articles, key=lambda n: (features[n].day, n))
    if not ordered:
        return
    start = features[ordered[0]].day
    naming: dict[int, set[int]] = defaultdict(set)
    """Specific name → the stories naming it whose last article is recent enough to be
    joined (older ones are dropped as the days go by: articles come in date order)."""
    for index, story in enumerate(state.stories):
        if story.last >= start - WINDOW_DAYS:
            for name in story.specific:
                naming[name].add(index)
    for article in ordered:
        held = features[article]
        entities, day = held.entities, held.day
        best, best_score = None, THRESHOLD
        sharing: Counter[int] = Counter()
        if len(entities) >= SHARED_NAMES:  # fewer cannot share enough with any story
            for name in entities:
                stories = naming.get(name)
                if not stories:
                    continue
                closed = [i for i in stories if state.stories[i].last < day - WINDOW_DAYS]
                stories.difference_update(closed)
                sharing.update(stories)
        candidates = {index for index, count in sharing.items() if count >= SHARED_NAMES}
        days = {state.stories[index].last for index in candidates}
        for last in range(day - WINDOW_DAYS, day + LONGEST_DAYS + 1) if candidates else ():
            if last not in days:
                continue
            for index in state.by_last.get(last, ()):
                if index not in candidates:
                    continue
                story = state.stories[index]
                if story.first - day > WINDOW_DAYS:
                    continue
                if max(day, story.last) - min(day, story.first) > LONGEST_DAYS:
                    continue
                score = max(
                    _dot(held.named, story.named) / (held.named_norm * story.named_norm or 1),
                    _dot(held.vector, story.vector) / (held.norm * story.norm or 1),
                )
                if score >= best_score:
                    best, best_score = index, score
        if best is None:
            state.stories.append(_Story(first=day, last=day))
            best = len(state.stories) - 1
        else:
            old = state.stories[best]
            state.by_last[old.last].discard(best)
            if best in state.shared:  # a copy: the state it came from stays as it was
                state.shared.discard(best)
                state.stories[best] = _Story(list(old.members), dict(old.vector),
                                             dict(old.named), Counter(old.entities),
                                             set(old.specific), old.norm, old.named_norm,
                                             old.first, old.last)
        story = state.stories[best]
        story.members.append(article)
        for name, weight in held.vector.items():
            story.vector[name] = story.vector.get(name, 0.0) + weight
        for name, weight in held.named.items():
            story.named[name] = story.named.get(name, 0.0) + weight
        story.norm, story.named_norm = _norm(story.vector), _norm(story.named)
        story.entities.update(entities)
        story.specific.update(entities)
        for name in entities:
            naming[name].add(best)
        story.first, story.last = min(story.first, day), max(story.last, day)
        state.by_last.setdefault(story.last, set()).add(best)
        state.story_of[article] = best
        state.seen.add(article)


def _dot(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(name, 0.0) for name, weight in a.items())


def _cosine(a: Mapping[int, float], b: Mapping[int, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(name, 0.0) for name, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _summaries(connection: sqlite3.Connection, numbers: list[int]) -> dict[int, Summary]:
    found: dict[int, Summary] = {}
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for n, article_id, path, title, day, language in connection.execute(
            f"SELECT n, id, path, title, day, language FROM articles WHERE n IN ({marks})", chunk
        ):
            found[n] = Summary(article_id, path, title,
                               dt.date.fromordinal(day) if day else None, language)
    return found


def _labels(connection: sqlite3.Connection, names: set[int]) -> dict[int, str]:
    """Labels of entity names (negative head tids)."""
    tids = [-name for name in names if name < 0]
    found: dict[int, str] = {}
    for start in range(0, len(tids), 500):
        chunk = tids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for tid, label in connection.execute(
            f"SELECT tid, label FROM topics WHERE tid IN ({marks})", chunk
        ):
            found[-tid] = label
    return found
