"""Property tests: whatever a user types or a folder holds, Rubrique answers without a crash.

- a search query is answered, or refused with one human line in `SearchResult.error`;
- a file is read into articles, or skipped with a one-line `ReadError` reason;
- analysis accepts any text, and every entity mention points back at its own words.

Example counts are kept small so the file runs in seconds; hypothesis remembers the failures
it finds and tries them first next time.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import analyze
from index.library import Library
from index.models import Article, SearchResult
from index.readers import ReadError, read_file

QUICK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

ARTICLES = {
    "stargate.fr.txt": (
        "Stargate : OpenAI et Oracle lancent un centre de données au Texas\n\n"
        "Rédigé par La Rédaction le Vendredi 24 Janvier 2025\n\n"
        "Elon Musk doute du financement du projet Stargate annoncé à Washington.\n\n"
        "Le projet réunit OpenAI, Oracle et SoftBank.\n\n"
        "intelligence artificielle, Texas\n"
    ),
    "tram.md": (
        "---\ntitle: The tram reaches the northern suburbs\nauthor: Jane Doe\n"
        "date: 2025-03-01\ntags: [transport, city]\nlang: en\n---\n\n"
        "The council in Lyon voted on Tuesday to extend the tram line by 2030.\n"
    ),
    "wahl.html": (
        '<html lang="de"><head><title>Wahl in Berlin</title></head><body><article>'
        "<h1>Wahl in Berlin</h1><p>Die Wahl in Berlin brachte am Sonntag ein knappes "
        "Ergebnis für die SPD und die CDU.</p></article></body></html>"
    ),
}

# Pieces of the query language, so generated queries reach the parser's corners, not only
# its plain-word path.
QUERY_PIECES = st.sampled_from([
    "AND", "OR", "NOT", "TO", "(", ")", '"', "*", "?", "~", "~2", "^", "^3", "[", "]", "{",
    "}", "-", "+", ":", "\\", "'", "/", "lang:", "date:", "tag:", "author:", "person:",
    "org:", "place:", "title:", "date:[2025-01-01 TO 2025-03-31]", "date:>2025", "date:20",
    "stargate", "Texas", "élections", "Müller", "*:*", "", " ", "é", "\x00", "\u202e",
])
QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(QUERY_PIECES, st.text(max_size=6)), max_size=8).map(" ".join),
    st.lists(QUERY_PIECES, max_size=8).map("".join),
)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    library = Library(corpus, tmp_path_factory.mktemp("index") / "index")
    report = library.scan()
    assert report.indexed == len(ARTICLES), report.skipped
    return library


def test_known_query_finds_its_article(library: Library) -> None:
    """The index the properties run on is real: a plain query finds its article."""
    result = library.search("tram")
    assert [hit.summary.path for hit in result.hits] == ["tram.md"]


@QUICK
@given(query=QUERIES)
def test_any_query_is_answered_or_refused_in_one_line(library: Library, query: str) -> None:
    result = library.search(query)
    assert isinstance(result, SearchResult)
    if result.error is not None:
        assert result.error.strip() and "\n" not in result.error
        assert "Traceback" not in result.error
        assert result.hits == ()
    assert result.total >= len(result.hits)


# -- readers ----------------------------------------------------------------------------------

TEMPLATES = {
    ".txt": "{0}\n\n{1}\n\n{2}",
    ".md": "---\n{0}\n---\n# {1}\n\n{2}",
    ".html": "<html><head><title>{0}</title></head><body><h1>{1}</h1><p>{2}</p></body></html>",
    ".xml": '<rss version="2.0"><channel><item><title>{0}</title><guid>{1}</guid>'
            "<description>{2}</description></item></channel></rss>",
    ".rss": '<rss version="2.0"><channel><title>{0}</title><item><title>{1}</title>'
            "<pubDate>{2}</pubDate><description>{2}</description></item></channel></rss>",
    ".atom": '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">{0}</title>'
             "<id>{1}</id><content type=\"html\">{2}</content></entry></feed>",
}
FRAGMENTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from([
        "title: [", 'title: "x', "date: 2025-02-30", "tags: {a: [", "- a", "&amp;", "&#0;",
        "&bogus;", "<![CDATA[", "]]>", "<p>", "</div>", "<script>x</script>", "\x1b[2J",
        "\ufeff", "\u2028", "\r", "Par X le 31 février 2025", "By Jane on 2025-13-45", "---",
        "<br/>", "<!--", "\x00", "Mon, Foo 2025 25:61:61 +9999", "9" * 30, "é" * 200,
    ]),
)


def _filled(suffix: str) -> st.SearchStrategy[bytes]:
    template = TEMPLATES[suffix]
    return st.tuples(FRAGMENTS, FRAGMENTS, FRAGMENTS).map(
        lambda parts: template.format(*parts).encode("utf-8", "surrogatepass")
    )


def _contents(suffix: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
        _filled(suffix),
    )


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _check_read(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"generated{suffix}"
    path.write_bytes(data)
    try:
        articles = read_file(path, folder)
    except ReadError as error:
        reason = str(error)
        assert reason.strip() and "\n" not in reason
        assert not error.retry, f"reader failed rather than the file: {reason}"
        return
    assert articles
    for article in articles:
        assert isinstance(article, Article)
        assert article.title.strip()
        assert article.date is None or isinstance(article.date, dt.date)
        for text in (article.title, article.author, article.text, *article.tags):
            assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text


@pytest.mark.parametrize("suffix", sorted(TEMPLATES))
def test_reader_on_any_bytes_gives_articles_or_a_read_error(scratch: Path, suffix: str) -> None:
    @settings(max_examples=30, deadline=None)
    @given(data=_contents(suffix))
    def check(data: bytes) -> None:
        _check_read(scratch, suffix, data)

    check()


# -- analysis ---------------------------------------------------------------------------------

NAMEISH = st.lists(
    st.one_of(
        st.sampled_from([
            "Elon Musk", "d’Elon Musk", "l'ONU", "Emmanuel Macron", "New York", "São Paulo",
            "OpenAI", "M.", "Mme", "Dr.", "U.S.", "É", "ß", "İstanbul", "ﬁ", "Ǆ", "ẞ", "K",
            ".", ",", "«", "»", "'", "’", "-", "\n", "\n\n", " ", "\t", "\u200b", "\u0301",
        ]),
        st.text(max_size=8),
    ),
    max_size=20,
).map(" ".join)


LANGUAGES = st.sampled_from(
    [None, None, None, "fr", "en", "de", "es", "it", "no", "sq", "zh", "und", "fr-CA", "EN_us",
     "", "x", "zz", "123"]
)


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(st.text(max_size=200), NAMEISH), language=LANGUAGES)
def test_analyze_any_text_and_mentions_slice_back(text: str, language: str | None) -> None:
    analysis = analyze(text, language)
    assert analysis.language
    for mention in analysis.mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.key
