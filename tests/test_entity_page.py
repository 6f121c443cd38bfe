"""An entity's page on sample_articles/: names, languages, timeline, co-mentions, articles."""

from __future__ import annotations

from index.library import Library
from index.models import Topic


def test_musk_is_found_by_surname_and_his_page_spans_three_languages(
    sample_library: Library,
) -> None:
    found = sample_library.find_entity("Musk")
    assert found and (found[0].kind, found[0].label) == ("person", "Elon Musk")
    page = sample_library.entity(found[0].kind, found[0].key)
    assert page is not None
    listed = sample_library.articles_with(Topic("person", "elon musk", "Elon Musk"))
    assert {s.id for s in listed} <= {s.id for s in page.articles}
    assert {"fr", "en", "es"} <= {language for language, _ in page.languages}
    dates = [s.date for s in page.articles if s.date is not None]
    assert dates == sorted(dates, reverse=True)
    # The timeline covers every month from the first article to the last, and adds up.
    assert sum(p.articles for p in page.months) + page.undated == page.count
    assert page.months[0].label == f"{min(dates):%Y-%m}"
    assert page.months[-1].label == f"{max(dates):%Y-%m}"


def test_the_united_states_page_gathers_every_spelling(sample_library: Library) -> None:
    english = sample_library.entity("place", "united states")
    french = sample_library.entity("place", "États-Unis")
    assert english is not None and french is not None
    assert english.key == french.key
    spellings = {(s.label, s.language) for s in english.spellings}
    assert {("United States", "en"), ("États-Unis", "fr")} <= spellings
    alone = sample_library.articles_with(Topic("place", "united states", "United States"))
    assert english.count > len(alone)
    assert all(alias.confidence < 1 and alias.reason for alias in english.aliases[1:])


def test_co_mentions_meet_more_often_than_chance(sample_library: Library) -> None:
    page = sample_library.entity("person", "sam altman")
    assert page is not None and page.co_mentions
    library_size = sample_library.count()
    for other in page.co_mentions:
        assert other.shared >= 2
        assert other.shared * library_size > page.count * other.articles
        assert other.key != page.key
    # Its own company comes before a continent that half the library mentions.
    labels = [other.label for other in page.co_mentions]
    assert "OpenAI" in labels
    assert "Europe" not in labels[: labels.index("OpenAI") + 1]


def test_an_unknown_entity_has_no_page(sample_library: Library) -> None:
    assert sample_library.entity("person", "nobody at all") is None
    assert sample_library.find_entity("zzqx") == []
