"""The Whoosh schema of a Rubrique index, and the analyzers its fields use.

Bump `SCHEMA_VERSION` whenever a field or an analyzer changes: an index written with another
version is rebuilt from the article files on the next scan (they are the source of truth).

Every text field folds accents after stemming, so "etats-unis" finds "États-Unis" and
"élections" finds "élection". Body and title are indexed per language (each with its own
stemmer and stop words); `body_other` holds the bodies of the other languages, unstemmed.
A plain query word is looked up in those fields only. The neutral `text` field holds the
words of every article once more, unstemmed and without positions (the cheapest postings
Whoosh writes): prefix and fuzzy terms, did-you-mean and more-like-this read it.

What the app reads per hit (title, date, language, a fallback snippet, the topics) is
stored; the whole document and the text snippets are cut from live in columns, read only
for the article asked for, so listing, topics and search never decode a whole article.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CommaSeparatedTokenizer,
    Filter,
    IDTokenizer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 4

LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "de", "it", "pt", "nl")
"""Languages with their own stemmed title and body fields; the rest go to `text` only."""

ENTITY_FIELDS: dict[str, str] = {
    "person": "person",
    "organization": "org",
    "place": "place",
    "other": "other",
}
"""Entity kind (as in `index.models`) → the searchable field of its names."""

TITLE_BOOST = 3.0

# Words that are stop words in one supported language but ordinary content words in another
# ("war" in German, "sea" in Spanish, "son" in French): never dropped from a query.
_CONTENT_IN_ANOTHER_LANGUAGE = frozenset({
    "war", "will", "come", "hat", "bin", "allen", "man", "men", "door", "sue", "want", "son",
    "sea", "era", "sin", "dies", "ours", "hier", "aller", "sein", "manche", "manches", "dort",
    "per", "non",
})


@lru_cache(maxsize=1)
def query_stop_words() -> frozenset[str]:
    """Function words of every supported language, accented and folded."""
    words: set[str] = set()
    for lang in LANGUAGES:
        words.update(stopwords_for_language(lang))
    folded = {word.translate(accent_map) for word in words}
    return frozenset((words | folded) - _CONTENT_IN_ANOTHER_LANGUAGE)


class QueryStopFilter(Filter):  # type: ignore[misc]
    """Drops the function words of every supported language, at query time only.

    A query is matched against all language fields at once with AND between words, so "the
    stargate" must not require the French article to contain "the".
    """

    def __init__(self) -> None:
        self.stops = query_stop_words()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, QueryStopFilter)

    def __hash__(self) -> int:
        return hash(QueryStopFilter)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stops = self.stops
        for token in tokens:
            if token.mode == "query" and token.removestops and token.text in stops:
                continue
            yield token


def folding_analyzer() -> Analyzer:
    """Lowercase, accent-folded words, no stemming: names, other languages, authors."""
    return RegexTokenizer() | LowercaseFilter() | QueryStopFilter() | CharsetFilter(accent_map)


def word_analyzer() -> Analyzer:
    """The neutral `text` field: folded words without the function words of any supported
    language, which no query ever looks up (they are dropped from queries) and which made
    a fifth of its postings."""
    stops = StopFilter(stoplist=query_stop_words(), minsize=1, renumber=False)
    return RegexTokenizer() | LowercaseFilter() | stops | CharsetFilter(accent_map)


_STEMMERS_WITHOUT_ACCENTS = frozenset({"en", "nl"})
"""Their stemmers only know unaccented letters: fold first, or "élections" keeps its "s"."""


def language_analyzer(lang: str) -> Analyzer:
    """That language's stop words and stemmer, with accent folding: after stemming where the
    stemmer reads accents (French "états" → "état" → "etat"), before it where it does not."""
    chain = RegexTokenizer() | LowercaseFilter() | QueryStopFilter() | StopFilter(lang=lang)
    if lang in _STEMMERS_WITHOUT_ACCENTS:
        return chain | CharsetFilter(accent_map) | StemFilter(lang=lang, cachesize=50000)
    return chain | StemFilter(lang=lang, cachesize=50000) | CharsetFilter(accent_map)


def keyword_analyzer() -> Analyzer:
    """Comma-separated values kept whole, lowercase and accent-folded: tags, keywords and
    entity keys."""
    return CommaSeparatedTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def fold(value: str) -> str:
    """A tag, keyword or entity key as the keyword fields hold it."""
    return " ".join(value.lower().translate(accent_map).split())


def title_field(lang: str) -> str:
    return f"title_{lang}"


def body_field(lang: str) -> str:
    return f"body_{lang}"


CANDIDATE_FIELD = "candidate"
"""The keyword candidate keys of each article (`index.keyword_topics`)."""

OTHER_BODY = "body_other"
"""The body of an article in a language without its own fields."""


def key_field(kind: str) -> str:
    """The facet field holding whole entity keys of one kind ("person" → "person_key")."""
    return f"{ENTITY_FIELDS[kind]}_key"


def build_schema() -> Schema:
    folded = folding_analyzer()
    keywords = keyword_analyzer()
    fields: dict[str, object] = {
        "id": ID(stored=True, unique=True),
        "path": ID(stored=True),
        "title": TEXT(analyzer=folded, stored=True, field_boost=TITLE_BOOST),
        "author": TEXT(analyzer=folded, stored=True),
        "date": DATETIME(stored=True, sortable=True),
        "lang": ID(stored=True, analyzer=IDTokenizer() | LowercaseFilter()),
        "tag": KEYWORD(analyzer=keywords, commas=True, scorable=True),
        "keyword": KEYWORD(analyzer=keywords, commas=True, scorable=True),
        # Every keyword candidate key of the article (words and phrases), not stored: its
        # document frequencies are the library's, which keyword ranking weighs
        # (`index.keyword_topics`), and its postings list a keyword topic's articles.
        CANDIDATE_FIELD: KEYWORD(analyzer=keywords, commas=True),
        # Every article, unstemmed, no positions: prefixes, fuzzy terms, did-you-mean (its
        # lexicon is the word list spelling correction needs), more-like-this.
        "text": TEXT(analyzer=word_analyzer(), phrase=False),
        OTHER_BODY: TEXT(analyzer=folded, chars=True),
        # (kind, key, label) of every tag, entity and keyword: topics and related read these
        # without decoding the document.
        "topics": STORED(),
        # A plain snippet for hits without a highlighted one.
        "blurb": STORED(),
        # The whole document as JSON (`index.payload`), and the text snippets are cut from.
        "payload": COLUMN(VarBytesColumn()),
        "content": COLUMN(VarBytesColumn()),
        # Change detection: the file an article came from, as last read. Never searched.
        "file_size": STORED(),
        "file_mtime": STORED(),
        "file_hash": STORED(),
    }
    for kind, name in ENTITY_FIELDS.items():
        fields[name] = TEXT(analyzer=folded)
        fields[key_field(kind)] = KEYWORD(analyzer=keywords, commas=True, scorable=True)
    for lang in LANGUAGES:
        analyzer = language_analyzer(lang)
        fields[title_field(lang)] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
        fields[body_field(lang)] = TEXT(analyzer=analyzer, chars=True)
    return Schema(**fields)


SEARCH_FIELDS: tuple[str, ...] = (
    "title",
    *(title_field(lang) for lang in LANGUAGES),
    *(body_field(lang) for lang in LANGUAGES),
    OTHER_BODY,
)
"""What an unqualified query word is looked up in; each field analyses it its own way.
Each article's body is in exactly one of them, so a word is matched (and scored) once."""
