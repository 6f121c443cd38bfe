"""Which names are one entity: places across languages, people by first name and surname."""

from __future__ import annotations

from index.entity_aliases import (
    SAME_NAME,
    Group,
    Resolver,
    compatible,
    person_name,
    place_of,
)


def _resolve(*topics: tuple[str, str, int]) -> tuple[Resolver, dict[str, int]]:
    """A resolver over (kind, key, count) topics; also each key's tid."""
    rows = [(tid, kind, key, key.title(), count)
            for tid, (kind, key, count) in enumerate(topics, 1)]
    tids = {f"{kind}:{key}": tid for tid, kind, key, _, _ in rows}
    return Resolver(rows).finish(), tids


def _group(resolver: Resolver, tids: dict[str, int], name: str) -> Group:
    group = resolver.group(tids[name])
    assert group is not None
    return group


def _keys(group: Group) -> set[str]:
    return {member.key for member in group.members}


def test_united_states_in_four_languages_is_one_place() -> None:
    found = {place_of(name) for name in
             ("États-Unis", "United States", "Estados Unidos", "Vereinigte Staaten", "USA")}
    assert len(found) == 1
    place = found.pop()
    assert place is not None and place[0] == "C:US"
    resolver, tids = _resolve(
        ("place", "etats-unis", 6), ("place", "united states", 6),
        ("place", "estados unidos", 2), ("place", "vereinigte staaten", 1),
        ("place", "mexico", 3),
    )
    group = _group(resolver, tids, "place:vereinigte staaten")
    assert _keys(group) == {"etats-unis", "united states", "estados unidos",
                            "vereinigte staaten"}
    assert group.head.confidence == SAME_NAME
    assert all(0.5 < m.confidence < SAME_NAME for m in group.members[1:])
    assert _keys(_group(resolver, tids, "place:mexico")) == {"mexico"}


def test_cities_and_continents_merge_across_languages_but_not_with_their_country() -> None:
    assert place_of("München") == place_of("Munich") == place_of("Múnich")
    assert place_of("Europa") == place_of("Europe")
    assert place_of("Allemagne") == place_of("Deutschland") != place_of("Berlin")
    assert place_of("Rubriqueville") is None


def test_two_trumps_are_never_merged_and_a_bare_trump_stays_unsure() -> None:
    resolver, tids = _resolve(
        ("person", "donald trump", 13), ("person", "melania trump", 2), ("person", "trump", 4),
    )
    donald = _group(resolver, tids, "person:donald trump")
    melania = _group(resolver, tids, "person:melania trump")
    bare = _group(resolver, tids, "person:trump")
    assert donald is not melania is not bare
    assert _keys(donald) == {"donald trump"} and _keys(melania) == {"melania trump"}
    assert {m.key for m in bare.may_be} == {"donald trump", "melania trump"}


def test_two_bushes_stay_apart_and_the_plain_name_fits_neither() -> None:
    resolver, tids = _resolve(
        ("person", "george w. bush", 5), ("person", "george h. w. bush", 3),
        ("person", "george bush", 4), ("person", "jeb bush", 1),
    )
    groups = {id(_group(resolver, tids, f"person:{key}")) for key in
              ("george w. bush", "george h. w. bush", "george bush", "jeb bush")}
    assert len(groups) == 4
    plain = _group(resolver, tids, "person:george bush")
    assert {m.key for m in plain.may_be} == {"george w. bush", "george h. w. bush"}


def test_a_surname_alone_joins_the_one_person_who_has_it_as_a_guess() -> None:
    resolver, tids = _resolve(("person", "elon musk", 9), ("person", "musk", 3))
    group = _group(resolver, tids, "person:musk")
    assert group is _group(resolver, tids, "person:elon musk")
    assert group.head.key == "elon musk"
    bare = next(m for m in group.members if m.key == "musk")
    assert bare.confidence < SAME_NAME and "surname only" in bare.reason


def test_a_fuller_form_of_one_name_joins_it() -> None:
    resolver, tids = _resolve(("person", "john f. kennedy", 2), ("person", "john kennedy", 3))
    assert _group(resolver, tids, "person:john kennedy") is _group(
        resolver, tids, "person:john f. kennedy")


def test_name_parts() -> None:
    assert person_name("ursula von der leyen").surname == "von der leyen"
    assert person_name("George H. W. Bush").given == ("george", "h", "w")
    assert compatible(person_name("e. musk"), person_name("elon musk"))[0]
    assert not compatible(person_name("donald trump"), person_name("ivanka trump"))[0]


def test_a_rare_kind_joins_the_majority_but_a_common_one_stays_apart() -> None:
    resolver, tids = _resolve(
        ("place", "paris", 12), ("person", "paris", 1),
        ("place", "jordan", 3), ("person", "jordan", 3),
    )
    assert _group(resolver, tids, "person:paris") is _group(resolver, tids, "place:paris")
    assert _group(resolver, tids, "person:jordan") is not _group(resolver, tids, "place:jordan")


def test_organisations_merge_without_their_legal_form() -> None:
    resolver, tids = _resolve(
        ("organization", "openai", 10), ("organization", "openai inc", 2),
        ("organization", "open", 1),
    )
    assert _group(resolver, tids, "organization:openai inc") is _group(
        resolver, tids, "organization:openai")
    assert _group(resolver, tids, "organization:open") is not _group(
        resolver, tids, "organization:openai")
