"""The reader's history and state file on their own (no app): fast checks of the edge cases."""

from __future__ import annotations

import json
from pathlib import Path

from index.models import Topic
from reader.history import History, Listing, Location
from reader.state import ReaderState, state_path_for


def place(name: str, listing: Listing | None = None) -> Location:
    return Location(name, listing or Listing())


def test_back_and_forward_walk_the_visits() -> None:
    history = History()
    for name in "abc":
        history.visit(place(name))
    assert history.back() == place("b")
    assert history.back() == place("a")
    assert history.back() is None
    assert history.forward() == place("b")


def test_visiting_after_going_back_drops_the_forward_places() -> None:
    history = History()
    for name in "abc":
        history.visit(place(name))
    history.back()
    history.visit(place("d"))
    assert history.forward() is None
    assert history.back() == place("b")


def test_revisiting_the_current_place_adds_nothing() -> None:
    history = History()
    history.visit(place("a"))
    history.visit(place("a"))
    assert len(history) == 1


def test_history_is_capped_and_keeps_the_newest() -> None:
    history = History(limit=3)
    for name in "abcde":
        history.visit(place(name))
    assert len(history) == 3
    assert history.current == place("e")
    assert history.back() == place("d")
    assert history.back() == place("c")
    assert history.back() is None


def test_history_round_trips_through_json_with_listings() -> None:
    topic = Topic(kind="person", key="elon musk", label="Elon Musk", count=4)
    history = History()
    history.visit(place("a", Listing("topic", topic=topic)))
    history.visit(place("b", Listing("search", query="stargate")))
    history.visit(place("c", Listing("all", order="title")))
    history.back()
    again = History.from_dict(json.loads(json.dumps(history.to_dict())))
    assert again.current == place("b", Listing("search", query="stargate"))
    assert again.back() == place("a", Listing("topic", topic=topic))
    assert again.forward() == place("b", Listing("search", query="stargate"))
    assert again.forward() == place("c", Listing("all", order="title"))


def test_state_is_saved_beside_the_index_and_read_back(tmp_path: Path) -> None:
    index_dir = tmp_path / "indexes" / "news"
    path = state_path_for(index_dir)
    assert path.parent == index_dir.parent and not path.is_relative_to(index_dir)
    state = ReaderState(path=path)
    state.toggle_read("a")
    state.toggle_bookmark("b")
    state.toggle_bookmark("c")
    state.last_article = "c"
    state.history.visit(place("c"))
    state.save()
    again = ReaderState.load(path)
    assert again.read == {"a"}
    assert again.bookmarks == ["c", "b"]
    assert again.last_article == "c"
    assert again.history.current == place("c")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_a_damaged_or_foreign_state_file_gives_a_fresh_state(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    for text in ("{oops", "[]", '{"read": 5, "bookmarks": [1, "x"], "history": {"places": 3}}'):
        path.write_text(text, encoding="utf-8")
        state = ReaderState.load(path)
        assert state.read == set()
        assert state.bookmarks in ([], ["x"])
        assert state.history.current is None
