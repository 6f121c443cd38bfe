"""Keywords follow the reader's library: what every article says stops standing out.

Five short council stories share "city council" and each has its own project. Alone, each
story ranks "city council" near the top; in the library of five it sinks below the words
that set the story apart, without any article being analysed again.
"""

from __future__ import annotations

from pathlib import Path

from index.analysis import analyze
from index.library import Library

PROJECTS = {
    "tram": ("The new tram line", "tram line", "overhead wires", "depot workers"),
    "flood": ("The flood barrier", "flood barrier", "river embankment", "pumping stations"),
    "library": ("The library renovation", "library renovation", "reading rooms",
                "rare manuscripts"),
    "solar": ("The solar farm", "solar farm", "grid connection", "battery storage"),
    "bike": ("The bike lanes", "bike lanes", "cycle paths", "parking spaces"),
}
GENERIC = "city council"


def story(name: str) -> str:
    title, main, second, third = PROJECTS[name]
    return (
        f"{title} wins approval from the city council\n\n"
        f"The city council voted on Tuesday to approve the {main} and its {second}. "
        f"Members said the {main} would cost less than feared. "
        f"Engineers explained how the {second} and the {third} would work. "
        f"The {main} will open next spring, and the {second} will follow. "
        f"Critics of the city council asked about the {third}. "
        f"The mayor said that the {main} and the {second} were a priority. "
        f"Residents welcomed the {third}.\n"
    )


def write(corpus: Path, name: str) -> None:
    (corpus / f"{name}.en.txt").write_text(story(name), encoding="utf-8")


def keywords_of(library: Library, name: str) -> tuple[str, ...]:
    document = library.get(f"{name}.en.txt")
    assert document is not None
    return document.analysis.keywords


def test_keywords_follow_the_library_as_it_grows(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    write(corpus, "tram")
    library = Library(corpus, tmp_path / "index")
    library.scan()

    # A library of one article: the keywords analysis gives the article alone.
    document = library.get("tram.en.txt")
    assert document is not None
    alone = analyze(document.article.text, "en").keywords
    assert document.analysis.keywords == alone
    topics = [t for t in library.topics_of(document.id) if t.kind == "keyword"]
    assert [t.label for t in topics] == list(alone)
    assert {t.count for t in topics} == {1}

    for name in PROJECTS:
        if name != "tram":
            write(corpus, name)
    report = library.scan()
    assert report.indexed == len(PROJECTS) - 1  # the first article was not analysed again

    for name in PROJECTS:
        document = library.get(f"{name}.en.txt")
        assert document is not None
        alone = analyze(document.article.text, "en").keywords
        shown = document.analysis.keywords
        assert GENERIC in alone and GENERIC in shown
        assert shown.index(GENERIC) > alone.index(GENERIC), (name, alone, shown)
        assert PROJECTS[name][1] == shown[0]  # what sets the story apart leads

        # The sidebar: the same keywords, each counting the articles it opens.
        topics = [t for t in library.topics_of(document.id) if t.kind == "keyword"]
        assert [t.label for t in topics] == list(shown)
        for topic in topics:
            listed = library.articles_with(topic)
            assert topic.count == len(listed)
            assert document.id in {summary.id for summary in listed}
        generic = next(t for t in topics if t.label == GENERIC)
        assert generic.count == len(PROJECTS)
        own = next(t for t in topics if t.label == PROJECTS[name][1])
        assert own.count == 1


    # The full topic list keeps the keywords articles were indexed with; each opens at
    # least the articles it counts (those, and any other holding it as a candidate).
    keywords = [t for t in library.topics() if t.kind == "keyword"]
    assert keywords
    for topic in keywords:
        assert len(library.articles_with(topic)) >= topic.count, topic


def test_sidebar_keywords_do_not_repeat_tags_or_names(sample_library: Library) -> None:
    """A keyword that is also one of the article's tags or entities ("OpenAI", "Paris") is
    shown once, under its tag or entity heading, not again among the keywords."""
    repeated = 0
    for summary in sample_library.articles():
        topics = sample_library.topics_of(summary.id)
        held = {t.label.casefold() for t in topics if t.kind != "keyword"}
        shown = [t.label for t in topics if t.kind == "keyword"]
        assert not [label for label in shown if label.casefold() in held], summary.id
        document = sample_library.get(summary.id)
        assert document is not None
        repeated += any(k.casefold() in held for k in document.analysis.keywords)
        # the keywords kept are still the analysis's, in its order
        kept = [k for k in document.analysis.keywords if k.casefold() not in held]
        assert shown == kept[: len(shown)], summary.id
    assert repeated  # the samples do name things their keywords repeat
