"""Stories: the articles about one event, in any language, as a reader of sample_articles/
would group them, and never two articles that only share a generic name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from index import stories as st
from index.library import Library
from reader import cli


def _paths(story: st.Story) -> set[str]:
    return {summary.path for summary in story.articles}


def test_the_stories_a_reader_would_see(sample_library: Library) -> None:
    found = sample_library.stories()
    by_paths = [_paths(story) for story in found]
    launch = {"2025-01-22-stargate-annonce.fr.txt", "2025-01-22-stargate-announced.en.txt",
              "2025-01-23-stargate-musk-altman.es.md",
              "2025-01-24-musk-altman-stargate-feud.en.txt"}
    final = {"2025-06-01-finale-muenchen-ohne-bayern.de.html",
             "2025-06-01-psg-sacre-munich.fr.txt", "2025-06-01-psg-thrash-inter-final.en.html"}
    assert launch in by_paths
    assert final in by_paths
    story = found[by_paths.index(final)]
    assert set(story.languages) == {"de", "fr", "en"}
    assert story.first == story.last == dt.date(2025, 6, 1)
    # The semi-final a month before is a story of its own.
    assert {"2025-05-08-psg-arsenal-finale.fr.md", "2025-05-08-psg-knock-out-arsenal.en.md"} \
        in by_paths
    # Newest first, each within the longest span a story may have.
    assert [s.last for s in found] == sorted((s.last for s in found), reverse=True)
    assert all((s.last - s.first).days <= st.LONGEST_DAYS for s in found)


def test_articles_sharing_only_generic_names_are_not_one_story(sample_library: Library) -> None:
    """The Norwegian Stargate site (31 July) and the AI Act rules (2 August) both name
    OpenAI, Europe and Brussels, days apart: two events, not one story."""
    for story in sample_library.stories():
        paths = _paths(story)
        assert not ("2025-07-31-stargate-norwegen.de.txt" in paths
                    and "2025-08-02-ai-act-modeles-generalistes.fr.html" in paths)
        assert "2025-05-07-barcelona-cae-inter.es.md" not in paths


def test_since_keeps_the_stories_still_running(sample_library: Library) -> None:
    recent = sample_library.stories(since=dt.date(2025, 9, 1))
    assert recent and all(story.last >= dt.date(2025, 9, 1) for story in recent)
    assert len(recent) < len(sample_library.stories())


def _article(day: int, *names: int) -> st._Article:
    vector = {-name: 1.0 for name in names}
    norm = st._norm(vector)
    return st._Article(vector, dict(vector), frozenset(-name for name in names), day, norm,
                       norm)


def test_a_scan_that_adds_articles_places_them_into_the_stories_found() -> None:
    features = {
        1: _article(100, 1, 2, 3, 4),
        2: _article(101, 1, 2, 3, 5),
        3: _article(101, 7, 8, 9),
        4: _article(102, 1, 2, 4, 5),  # arrives with a later scan
        5: _article(140, 1, 2, 3, 4),  # the same names a month later: another story
    }
    before = st._State("a", set(), [], {})
    st._place(before, features, [1, 2, 3])
    after = before.copy("b")
    st._place(after, features, [4, 5])
    whole = st._State("c", set(), [], {})
    st._place(whole, features, list(features))
    assert after.story_of[4] == after.story_of[1] == after.story_of[2]
    assert after.story_of[5] != after.story_of[1]
    assert after.story_of[3] not in (after.story_of[1], after.story_of[5])
    groups = {frozenset(story.members) for story in after.stories}
    assert groups == {frozenset(story.members) for story in whole.stories}
    assert len(before.stories[before.story_of[1]].members) == 2  # the old grouping is intact


def test_stories_json_shape(
    sample_corpus: Path, sample_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["stories", "--since", "2025-06-01", "--index", str(sample_index),
                     "--corpus", str(sample_corpus), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"stories"} and data["stories"]
    story = data["stories"][0]
    assert set(story) == {"headline", "count", "languages", "first", "last", "names",
                          "articles"}
    assert story["count"] == len(story["articles"]) >= 2
    assert set(story["articles"][0]) == {"id", "path", "title", "date", "language"}
    assert all(s["last"] >= "2025-06-01" for s in data["stories"])


def test_story_of_an_article_is_its_whole_story(sample_library: Library) -> None:
    launch = next(s for s in sample_library.stories() if len(s.languages) == 3
                  and "2025-01-22-stargate-annonce.fr.txt" in _paths(s))
    for summary in launch.articles:
        assert sample_library.story_of(summary.id) == launch
    in_stories = {a.id for s in sample_library.stories() for a in s.articles}
    alone = next(s for s in sample_library.articles("date") if s.id not in in_stories)
    assert sample_library.story_of(alone.id) is None
    assert sample_library.story_of("no-such-article") is None
