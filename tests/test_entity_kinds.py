"""A name's kind across the library: the sidebar, topic lists and listings show one kind for a
key the recogniser typed differently in a few articles, and keep real homonyms apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entity_kinds import library_kind
from index.library import Library

PLACE_TEXT = "The summit was held in Zarvona, where the weather was mild and the talks long.\n"
PERSON_TEXT = "Officials said Zarvona would not attend the meeting on Tuesday, nor send aides.\n"
QUELLIN_PERSON = "Talks with Quellin began late. Quellin said no to every offer made that day.\n"
QUELLIN_PLACE = "Prices rose in Quellin last week, as they did in every market of the region.\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    corpus = tmp_path_factory.mktemp("kinds")
    index_dir = tmp_path_factory.mktemp("kinds-index") / "index"
    texts = {
        "zarvona-person.en.txt": PERSON_TEXT,
        **{f"zarvona-place-{n}.en.txt": PLACE_TEXT for n in range(3)},
        **{f"quellin-person-{n}.en.txt": QUELLIN_PERSON for n in range(2)},
        **{f"quellin-place-{n}.en.txt": QUELLIN_PLACE for n in range(2)},
    }
    for number, (name, text) in enumerate(texts.items()):
        (corpus / name).write_text(f"Report {number}\n\n{text}", encoding="utf-8")
    built = Library(corpus, index_dir)
    built.scan()
    return built


def _id(library: Library, name: str) -> str:
    return next(s.id for s in library.articles() if Path(s.path).name == name)


def test_a_slip_is_shown_under_the_library_kind_and_opens_every_article(
    library: Library,
) -> None:
    topics = library.topics_of(_id(library, "zarvona-person.en.txt"))
    zarvona = [t for t in topics if t.key == "zarvona"]
    assert [(t.kind, t.count) for t in zarvona] == [("place", 4)]
    listed = library.listing("date", zarvona[0])
    assert len(listed) == 4
    assert _id(library, "zarvona-person.en.txt") in {listed[i].id for i in range(len(listed))}


def test_topic_lists_hold_the_name_once_under_its_library_kind(library: Library) -> None:
    zarvona = [(t.kind, t.count) for t in library.topics() if t.key == "zarvona"]
    assert zarvona == [("place", 4)]
    assert not [t for t in library.topics_containing("zarv", kinds=["person"])]


def test_an_even_split_is_a_homonym_and_each_kind_keeps_its_articles(library: Library) -> None:
    quellin = sorted((t.kind, t.count) for t in library.topics() if t.key == "quellin")
    assert quellin == [("person", 2), ("place", 2)]
    topics = library.topics_of(_id(library, "quellin-person-0.en.txt"))
    assert [(t.kind, t.count) for t in topics if t.key == "quellin"] == [("person", 2)]


def test_library_kind_takes_the_majority_only_over_a_rare_kind() -> None:
    assert library_kind({"person": 1, "place": 3}, "person") == "place"
    assert library_kind({"person": 2, "place": 3}, "person") == "person"
    assert library_kind({"place": 3}, "place") == "place"
    assert library_kind({}, "other") == "other"
