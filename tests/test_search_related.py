"""Navigation beyond search: related articles with reasons, topics and their articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.evaluate.related import TfidfCosine
from index.evaluate.related import main as evaluate_main
from index.library import Library
from index.models import Topic

pytest_plugins = ["store_helpers"]


def article_id(lib: Library, path: str) -> str:
    document = lib.get(path)
    assert document is not None
    return document.id


def test_related_crosses_languages_through_shared_entities(library: Library) -> None:
    related = library.related(article_id(library, "tech/stargate.fr.md"))
    assert related[0].summary.path == "tech/stargate.en.md"
    shares = next(reason for reason in related[0].reasons if reason.startswith("shares "))
    # The rarest shared names come first; the others are counted.
    assert "Sam Altman" in shares and "OpenAI" in shares and "more" in shares
    assert "Paris" not in shares


def test_related_names_a_shared_tag(library: Library) -> None:
    related = library.related(article_id(library, "tech/stargate.en.md"))
    french = next(r for r in related if r.summary.path == "tech/stargate.fr.md")
    assert "same tag: Stargate" in french.reasons


def test_related_says_similar_wording_within_a_language(library: Library) -> None:
    related = library.related(article_id(library, "sport/finale.de.md"))
    english = next(r for r in related if r.summary.path == "sport/football.en.txt")
    assert english.reasons  # Paris Saint-Germain, "Champions League"
    assert any("Paris Saint-Germain" in reason for reason in english.reasons)


def test_related_never_returns_the_article_and_respects_limit(library: Library) -> None:
    for summary in library.articles():
        related = library.related(summary.id, limit=2)
        assert len(related) <= 2
        assert all(r.summary.id != summary.id for r in related)
        assert all(r.reasons for r in related)
        assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_unrelated_articles_are_not_offered(library: Library) -> None:
    related = library.related(article_id(library, "cine/cannes.es.md"))
    assert "tech/stargate.en.md" not in {r.summary.path for r in related}


def test_related_of_unknown_article_is_empty(library: Library) -> None:
    assert library.related("nope") == []


def test_topics_count_articles(library: Library) -> None:
    topics = {(t.kind, t.key): t for t in library.topics()}
    assert topics[("tag", "stargate")].count == 2
    assert topics[("tag", "stargate")].label == "Stargate"
    assert topics[("person", "elon musk")].count == 3
    assert topics[("person", "elon musk")].label == "Elon Musk"
    assert topics[("organization", "paris saint-germain")].count == 2
    assert topics[("tag", "etats-unis")].label == "États-Unis"
    counts = [t.count for t in library.topics()]
    assert counts == sorted(counts, reverse=True)


def test_topics_of_an_article(library: Library) -> None:
    topics = library.topics_of(article_id(library, "tech/stargate.en.md"))
    labels = {(t.kind, t.label): t.count for t in topics}
    assert labels[("tag", "Stargate")] == 2
    assert labels[("person", "Elon Musk")] == 3
    assert labels[("organization", "OpenAI")] == 2
    assert topics[0].kind == "tag"


def test_articles_with_a_topic_newest_first(library: Library) -> None:
    musk = Topic(kind="person", key="elon musk", label="Elon Musk")
    paths = [s.path for s in library.articles_with(musk)]
    assert paths == ["tech/stargate.fr.md", "tech/stargate.en.md", "politique/elections.fr.md"]
    tag = Topic(kind="tag", key="États-Unis", label="États-Unis")
    assert [s.path for s in library.articles_with(tag)] == ["politique/elections.fr.md"]


def test_article_listing_and_languages(library: Library) -> None:
    by_date = library.articles()
    assert by_date[0].path == "sport/finale.de.md"
    assert by_date[-1].date is None  # the undated plain-text article comes last
    by_title = [s.title for s in library.articles(order="title")]
    assert by_title == sorted(by_title, key=str.casefold)
    assert library.languages() == {"en": 2, "fr": 2, "de": 1, "es": 1}
    with pytest.raises(ValueError):
        library.articles(order="size")


def test_topics_follow_a_rescan(library: Library) -> None:
    before = {(t.kind, t.key): t.count for t in library.topics()}
    (library.corpus / "tech" / "stargate.en.md").unlink()
    library.scan()
    after = {(t.kind, t.key): t.count for t in library.topics()}
    assert after[("tag", "stargate")] == before[("tag", "stargate")] - 1


def test_topics_follow_a_rebuild_by_another_writer(library: Library) -> None:
    """The app keeps its Library open while `rubrique index --rebuild` runs elsewhere."""
    before = {(t.kind, t.key): t.count for t in library.topics()}
    (library.corpus / "tech" / "stargate.en.md").unlink()
    Library(library.corpus, library.index_dir).scan(rebuild=True)
    after = {(t.kind, t.key): t.count for t in library.topics()}
    assert after[("tag", "stargate")] == before[("tag", "stargate")] - 1
    assert library.search("stargate").total == 1


def test_topic_articles_and_related_follow_a_rescan(library: Library) -> None:
    """A topic's articles and related articles come from a table cached per index state:
    after a rescan removes an article, neither may still offer it."""
    musk = Topic(kind="person", key="elon musk", label="Elon Musk")
    french = article_id(library, "tech/stargate.fr.md")
    assert "tech/stargate.en.md" in [s.path for s in library.articles_with(musk)]
    assert "tech/stargate.en.md" in [r.summary.path for r in library.related(french)]
    (library.corpus / "tech" / "stargate.en.md").unlink()
    library.scan()
    with_musk = [s.path for s in library.articles_with(musk)]
    assert with_musk == ["tech/stargate.fr.md", "politique/elections.fr.md"]
    related = [r.summary.path for r in library.related(french)]
    assert "tech/stargate.en.md" not in related and len(related) == len(set(related))


VOLCANO = (
    "Volcano erupts again on the Reykjanes peninsula\n\n"
    "The volcano near Grindavik erupted again overnight, sending lava fountains fifty metres "
    "high. Lava flows crossed the road to the fishing town, and the ash cloud drifted east. "
    "Geologists said the magma chamber had refilled within weeks and expect more eruptions. "
    "The lagoon was evacuated and flights were rerouted around the ash.\n"
)
LAVA = (
    "Lava reaches the barriers around Grindavik\n\n"
    "Lava from the latest eruption reached the earth barriers built to shield the town. "
    "Geologists measured the magma flow and warned that another eruption could follow, as "
    "the magma chamber keeps filling. Ash fell on farms to the east and the lagoon stayed "
    "closed.\n"
)
BUDGET = (
    "Parliament passes the fishing budget\n\n"
    "Members of parliament approved the budget for the fishing fleet after a long night of "
    "debate. The minister said quotas would rise next year and that harbours in the east "
    "would get new cranes. The opposition voted against the plan.\n"
)


def test_related_ranks_the_article_on_the_same_subject_first(tmp_path: Path) -> None:
    """Whole-article wording: the story on the same eruption comes before one that only
    shares a few common words ("fishing", "east")."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("volcano.txt", VOLCANO), ("lava.txt", LAVA), ("budget.txt", BUDGET)):
        (folder / name).write_text(text, encoding="utf-8")
    lib = Library(folder, tmp_path / "index")
    lib.scan()
    related = lib.related(article_id(lib, "volcano.txt"))
    assert related[0].summary.path == "lava.txt"
    assert "similar wording" in related[0].reasons


def test_baseline_is_tfidf_cosine_with_accents_stripped() -> None:
    """The evaluation's baseline: accents folded, words of one document or of more than half
    of them ignored, neighbours by cosine; the plain-Python sums agree with numpy's."""
    texts = [
        "Élection présidentielle : le vote",
        "election presidentielle et urne",
        "football match but",
        "football stade but",
        "meteo pluie vent",
    ]
    model = TfidfCosine(texts)
    assert "election" in model.postings and "pluie" not in model.postings
    assert model.nearest(0, 1, {0}) == [1]
    assert model.nearest(3, 1, {3}) == [2]
    plain = TfidfCosine(texts)
    plain._arrays = None
    for number in range(len(texts)):
        assert plain.nearest(number, 2, {number})[:1] == model.nearest(number, 2, {number})[:1]


def test_related_evaluation_prints_both_precisions_and_latency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "labelled"
    (folder / "iceland").mkdir(parents=True)
    (folder / "politics").mkdir()
    rows = ["file,category"]
    for number, text in enumerate((VOLCANO, LAVA)):
        (folder / "iceland" / f"{number}.txt").write_text(text, encoding="utf-8")
        rows.append(f"iceland/{number}.txt,iceland")
    (folder / "politics" / "0.txt").write_text(BUDGET, encoding="utf-8")
    rows.append("politics/0.txt,politics")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert evaluate_main([str(folder), "--index", str(tmp_path / "index")]) == 0
    out = capsys.readouterr().out
    assert "articles indexed 3, queries 3" in out
    assert "rubrique" in out and "tf-idf baseline" in out and "p95" in out
    assert "difference +" in out or "difference -" in out


def test_related_evaluation_says_which_categories_each_method_confuses() -> None:
    from index.evaluate.related import Outcome

    outcome = Outcome()
    outcome.ours.add("france", ["france", "societe", "societe", "politique", "france"])
    outcome.ours.add("monde", ["monde"] * 5)
    outcome.baseline.add("france", ["france"] * 4 + ["monde"])
    outcome.baseline.add("monde", ["monde", "france", "monde", "monde", "monde"])
    lines = outcome.confusion()
    france = next(line for line in lines if line.strip().startswith("france:"))
    assert "0.400 | 0.800" in france
    assert "rubrique misses societe 2, politique 1" in france
    assert "baseline misses monde 1" in france
    monde = next(line for line in lines if line.strip().startswith("monde:"))
    assert "1.000 | 0.800" in monde and "rubrique misses none" in monde


def test_one_shared_tag_does_not_outweigh_a_story_on_the_same_subject(tmp_path: Path) -> None:
    """Words and topics are weighed on one scale, each by its rarity in the library: an
    article that shares only a common tag with the volcano story counts for little beside
    one that tells the same eruption without that tag."""
    folder = tmp_path / "articles"
    folder.mkdir()
    tagged = "---\ntags: [Iceland]\n---\n"
    texts = {
        "volcano.md": tagged + VOLCANO,
        "lava.txt": (
            "Lava reaches the barriers\n\nLava from the latest eruption reached the earth "
            "barriers. Geologists warned that another eruption could follow.\n"
        ),
        "budget.md": tagged + BUDGET,
        "harbour.md": tagged + "Harbour cranes arrive\n\nThe new cranes reached the harbour.\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    lib = Library(folder, tmp_path / "index")
    lib.scan()
    related = lib.related(article_id(lib, "volcano.md"))
    by_path = {r.summary.path: r for r in related}
    assert related[0].summary.path == "lava.txt"
    # A tag three of the four articles carry is weak evidence: alone, it scores a small
    # fraction of the story on the same eruption (it was as much as 1.0 for 1.9).
    harbour = by_path["harbour.md"]
    assert harbour.reasons == ("same tag: Iceland",)
    assert harbour.score < 0.25 * by_path["lava.txt"].score


def test_related_lists_each_article_once_however_many_copies_the_library_holds(
    corpus: Path, tmp_path: Path, known_entities: None
) -> None:
    """The same files in two folders (a backup copied in, a feed saved twice): the article's
    own copy is not related to it, and each related article is listed once."""
    alone = Library(corpus, tmp_path / "alone")
    alone.scan()
    single = alone.related(article_id(alone, "tech/stargate.fr.md"))
    shutil.copytree(corpus, tmp_path / "again")
    shutil.move(tmp_path / "again", corpus / "again")
    doubled = Library(corpus, tmp_path / "doubled")
    doubled.scan()
    related = doubled.related(article_id(doubled, "tech/stargate.fr.md"))
    titles = [r.summary.title for r in related]
    assert len(titles) == len(set(titles)) == len(single)
    assert "again/tech/stargate.fr.md" not in {r.summary.path for r in related}
    assert set(titles) == {r.summary.title for r in single}
