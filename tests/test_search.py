"""Search as a reader types it: syntax, filters, languages, accents, snippets, mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import Library

pytest_plugins = ["store_helpers"]


def found(lib: Library, query: str) -> set[str]:
    result = lib.search(query, limit=50)
    assert result.error is None, result.error
    assert result.total == len(result.hits)
    return {hit.summary.path for hit in result.hits}


STARGATE = {"tech/stargate.en.md", "tech/stargate.fr.md"}
FINALS = {"sport/finale.de.md", "sport/football.en.txt"}


def test_plain_word_finds_every_language(library: Library) -> None:
    assert found(library, "stargate") == STARGATE


def test_french_plural_finds_singular_and_accents_do_not_matter(library: Library) -> None:
    assert "politique/elections.fr.md" in found(library, "élections")
    assert "politique/elections.fr.md" in found(library, "elections")
    assert "politique/elections.fr.md" in found(library, "ÉLECTION")


def test_hyphenated_accented_name_without_accents(library: Library) -> None:
    assert "politique/elections.fr.md" in found(library, "etats-unis")


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("celebrating", "sport/football.en.txt"),  # English stem of "celebrated"
        ("película", "cine/cannes.es.md"),  # "películas" too
        ("nächte", "sport/finale.de.md"),  # German plural of "Nacht"
        ("diplomate", "politique/elections.fr.md"),
    ],
)
def test_each_language_is_stemmed_its_own_way(library: Library, query: str, path: str) -> None:
    assert path in found(library, query)


def test_words_are_anded_and_operators_work(library: Library) -> None:
    assert found(library, "stargate texas") == STARGATE
    assert found(library, "stargate AND cannes") == set()
    assert found(library, "stargate OR cannes") == STARGATE | {"cine/cannes.es.md"}
    assert found(library, "stargate NOT lang:fr") == {"tech/stargate.en.md"}
    assert found(library, "champions -münchen") == {"sport/football.en.txt"}


def test_stop_words_of_another_language_do_not_exclude_articles(library: Library) -> None:
    assert found(library, "the stargate") == STARGATE
    assert found(library, "le stargate") == STARGATE


def test_phrases(library: Library) -> None:
    assert found(library, '"data centres"') == {"tech/stargate.en.md"}
    assert found(library, '"centres data"') == set()
    assert found(library, '"centres de données"') == {"tech/stargate.fr.md"}


def test_prefixes_and_fuzzy_terms(library: Library) -> None:
    assert found(library, "starg*") == STARGATE
    assert found(library, "élect*") >= {"politique/elections.fr.md"}
    assert "cine/cannes.es.md" in found(library, "panahy~")


def test_field_filters(library: Library) -> None:
    assert found(library, "lang:de") == {"sport/finale.de.md"}
    assert found(library, "tag:stargate") == STARGATE
    assert found(library, 'tag:"intelligence artificielle"') == {"tech/stargate.fr.md"}
    assert found(library, "tag:etats-unis") == {"politique/elections.fr.md"}
    assert found(library, "author:dupont") == {"politique/elections.fr.md", "tech/stargate.fr.md"}
    assert found(library, "author:lucia") == {"cine/cannes.es.md"}
    assert found(library, "title:palma") == {"cine/cannes.es.md"}


def test_entity_filters_match_part_of_a_name(library: Library) -> None:
    musk = {"politique/elections.fr.md", "tech/stargate.en.md", "tech/stargate.fr.md"}
    assert found(library, "person:musk") == musk
    assert found(library, 'person:"elon musk"') == musk
    assert found(library, "org:openai") == STARGATE
    assert found(library, "place:texas") == STARGATE
    assert found(library, "org:paris") == FINALS
    assert found(library, "person:paris") == set()


def test_date_ranges(library: Library) -> None:
    january = {"politique/elections.fr.md", *STARGATE}
    assert found(library, "date:[2025-01-01 TO 2025-01-31]") == january
    assert found(library, "date:[2025-01-15 TO 2025-01-22]") == {"tech/stargate.en.md"}
    assert found(library, "date:2025-06") == {"sport/finale.de.md"}
    assert found(library, "date:>2025-05-01") == {"sport/finale.de.md", "cine/cannes.es.md"}
    assert found(library, "stargate date:[2025-01-23 TO 2025-12-31]") == {"tech/stargate.fr.md"}


def test_hits_carry_summaries_and_highlighted_snippets(library: Library) -> None:
    result = library.search("texas")
    assert result.total == 2
    for hit in result.hits:
        assert hit.summary.title and hit.summary.language in ("en", "fr")
        assert hit.summary.date is not None and hit.score > 0
        assert hit.highlights
        for start, end in hit.highlights:
            assert hit.snippet[start:end].lower() == "texas"
        assert "\n" not in hit.snippet


def test_stemmed_match_is_highlighted_as_written(library: Library) -> None:
    hit = library.search("élections").hits[0]
    marked = {hit.snippet[a:b] for a, b in hit.highlights}
    assert marked & {"élection", "électeurs"}


def test_filter_only_query_still_has_a_snippet(library: Library) -> None:
    hit = library.search("lang:es").hits[0]
    assert hit.snippet.startswith("El cineasta") and hit.highlights == ()


def test_limit_caps_hits_not_total(library: Library) -> None:
    result = library.search("paris OR stargate", limit=2)
    assert len(result.hits) == 2 and result.total > 2


def test_empty_query_is_quiet(library: Library) -> None:
    result = library.search("   ")
    assert (result.total, result.hits, result.error, result.suggestion) == (0, (), None, None)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('"data centres', "quote"),
        ("(stargate OR texas", "parenthes"),
        ("stargate)", "parenthes"),
        ("date:[2025-01-01 TO", "range"),
        ("stargate AND", "operator"),
        ("colour:red", "unknown field 'colour:'"),
        ("date:notadate", "date"),
    ],
)
def test_malformed_queries_give_one_clear_line(
    library: Library, query: str, words: str
) -> None:
    result = library.search(query)
    assert result.error is not None and words in result.error
    assert "\n" not in result.error
    assert result.hits == ()


def test_did_you_mean_when_nothing_matches(library: Library) -> None:
    result = library.search("stargaet")
    assert result.total == 0
    assert result.suggestion == "stargate"
    assert library.search(result.suggestion).total == 2
    assert library.search("stargate").suggestion is None


def test_did_you_mean_keeps_filters(library: Library) -> None:
    result = library.search("lang:en tesxas")
    assert result.suggestion == "lang:en texas"


def test_no_index_yet_searches_nothing(tmp_path: Path) -> None:
    result = Library(tmp_path, tmp_path.parent / "no-index").search("stargate")
    assert (result.total, result.error) == (0, None)


def test_language_without_its_own_fields(tmp_path: Path) -> None:
    corpus = tmp_path / "pl"
    corpus.mkdir()
    (corpus / "wybory.md").write_text(
        "---\ntitle: Wybory w Polsce\nlang: pl\n---\n"
        "Wyborcy w Krakowie i Gdańsku głosowali w niedzielę.\n\nFrekwencja była wysoka.\n",
        encoding="utf-8",
    )
    lib = Library(corpus, tmp_path / "index")
    lib.scan()
    assert lib.languages() == {"pl": 1}
    # No Polish stemmer: whole words only, but still without accents (and a suggestion).
    assert lib.search("gdansk").suggestion == "gdansku"
    result = lib.search("gdansku")
    assert result.total == 1
    hit = result.hits[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Gdańsku"]
    assert lib.search('"frekwencja była"').total == 1
    assert lib.search("wybor*").total == 1
