"""Named-entity mentions in news text, in any language, with no model to download.

How it works, in three passes over the tokens of one article:

1. **Is this capitalised token part of a name?** Mid-sentence capitals are strong evidence in
   English, French and Spanish; at a sentence start, and everywhere in German (where every noun
   is capitalised), we weigh the evidence instead: the word seen in lower case elsewhere in the
   article (a common word), seen capitalised mid-sentence (a name), its frequency in the
   article's language against other languages (names travel across languages, common nouns do
   not), German noun endings, gazetteers, and the words around it.
2. **Spans**: runs of name tokens, joined by name-internal connectors ("Banco de España",
   "Bank of England"), trimmed of titles and function words.
3. **Kinds**, from the strongest evidence available: legal-form suffixes and organisation head
   words, gazetteers of places and first names, the title or preposition before the span, then
   article-level consistency (a surname alone takes the kind and key of the full name seen in
   the same article).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names
from whoosh.lang import has_stopwords, stopwords_for_language

from index.analysis import crf, gazetteer
from index.analysis.cues import ABBREVIATIONS as _ABBREVIATIONS
from index.analysis.cues import (
    ADMIN_AREA_NOUNS,
    CAPITALISED_COMMON,
    CLUB_ARTICLES,
    COMMON_ACRONYMS,
    CONNECTOR_LANGS,
    CONNECTORS,
    CURRENCIES_DE,
    DEMONYM_NOUNS_DE,
    DEMONYM_STEMS_DE,
    DEMONYMS_EN,
    FRENCH_INSTITUTION_HEADS,
    GERMAN_ADJECTIVE_NAMES,
    GERMAN_NOUN_ENDINGS,
    GERMAN_ORG_ENDINGS,
    GERMAN_STREET_ENDINGS,
    GERMAN_STREET_WORDS,
    HOLIDAYS,
    IMPERATIVES,
    INDEFINITE_ARTICLES,
    INSTITUTION_BUILDINGS,
    LEADING_CONNECTORS,
    MAKER_CUE_NOUNS,
    NOT_NAMES,
    NUMBER_WORDS,
    ORG_CUE_AFTER,
    ORG_CUE_ENDINGS_DE,
    ORG_CUE_NOUNS,
    ORG_CUE_NOUNS_DE,
    ORG_CUE_ROLES,
    ORG_HEADS,
    ORG_SUFFIXES,
    OTHER_HEADS,
    PERSON_RELATIVES,
    PERSON_TITLES,
    PLACE_CUE_ENDINGS_DE,
    PLACE_HEADS,
    PLACE_PREPOSITIONS,
    PRODUCT_CUE_NOUNS,
    SPEECH_VERBS,
    SPLITTING_TITLES,
    SPORTS_WORDS,
    UNIT_SYMBOLS,
    US_STATES,
    WIRE_ABBREVIATIONS,
    WORK_HEADS,
    fold,
)
from index.analysis.stopwords import stop_words
from index.analysis.tokens import Token, tokenize
from index.models import EntityKind, Mention

KNOWN_LANGUAGES = ("en", "fr", "es", "de")
# Whoosh's stop lists hold inflected verbs too; a few of those are also common name words.
_NOT_FUNCTION = frozenset({"estado", "estados", "estada", "estadas", "will", "may", "can"})
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(fold(w) for w in stopwords_for_language(code)) - _NOT_FUNCTION
    if has_stopwords(code)
    else frozenset()
    for code in ("en", "fr", "es", "de", "it", "pt", "nl")
}
# Whoosh's French list lacks "les" (a first name elsewhere: "Les" opened 7 names in 200 news).
FUNCTION_WORDS["fr"] = FUNCTION_WORDS["fr"] | {"les"}
ALL_FUNCTION_WORDS = frozenset().union(*FUNCTION_WORDS.values())
_ACRONYM = re.compile(r"^(?:[A-ZÀ-Þ]{2,7}|(?:[A-Z]\.){2,}|[A-Z][a-z]?[A-Z]{1,5}s?)$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HYPHEN = re.compile(r"[-‐‑]")
# "Leeds 2 Chelsea 1": a line of results, the mark of a sports page.
_SCORE_LINE = re.compile(
    r"(?m)^[^\W\d_][^\W\d_.']*(?: [^\W\d_][^\W\d_.']*)* \d+ (?P<away>[^\W\d_][^\W\d_.']*)"
    r"(?: [^\W\d_][^\W\d_.']*)* ?\d+\b"
)
_MONTHS = frozenset(
    fold(name).rstrip(".")
    for code in ("en", "fr", "es", "de", "it", "pt", "nl")
    for width in ("wide", "abbreviated")
    for context in ("format", "stand-alone")
    for name in get_month_names(width, context, locale=code).values()
)
"""Month names and abbreviations: "Mercredi 21 Janvier 2026" is a date, not a score line."""


def _score_lines(text: str) -> int:
    return sum(
        fold(found["away"]).rstrip(".") not in _MONTHS for found in _SCORE_LINE.finditer(text)
    )


SPORTS_SHARE = 0.02
"""An article where this share of words are sports words is a sports report."""

gazetteer.warm()
_PLACES = gazetteer.places()
_FIRST = gazetteer.first_names()
_SURNAMES = gazetteer.surnames()
_FREQ = {code: gazetteer.frequencies(code) for code in KNOWN_LANGUAGES}


def _zipf(frequency: float) -> float:
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


@lru_cache(maxsize=1 << 17)
def _zipf_elsewhere(word: str, language: str) -> float:
    """Asked for most words of every article, in four tables: worth remembering per word."""
    return max(
        (_zipf(table.get(word, 0.0)) for code, table in _FREQ.items() if code != language),
        default=0.0,
    )


@lru_cache(maxsize=1 << 17)
def _zipf_here(word: str, language: str | None) -> float:
    """A word's frequency in its article's language (None: the commonest of all), asked many
    times of every article: remembered per word."""
    if language is None:
        return max(_zipf(table.get(word, 0.0)) for table in _FREQ.values())
    return _zipf(_FREQ[language].get(word, 0.0))


@dataclass
class _Span:
    first: int
    last: int  # inclusive token index
    kind: EntityKind | None = None
    strength: int = 0
    key: str = ""
    rule: str = ""


class _Article:
    """The tokens of one text and what the text itself says about its words' casing."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.tokens = tokenize(text, language)
        self.function_words = FUNCTION_WORDS.get(language, ALL_FUNCTION_WORDS)
        self.connectors = CONNECTOR_LANGS.get(language, CONNECTORS)
        self.common_caps = CAPITALISED_COMMON.get(language, frozenset())
        self.frequency = _FREQ.get(language)
        self.lower_seen: set[str] = set()
        self.capital_mid: set[str] = set()
        self.capital_end: set[str] = set()
        """Of `capital_mid`, the words also seen ending a run of capitalised words, or alone
        ("Charles Rose", "said Rose"), not only inside one ("International Coffee
        Organization")."""
        self.caps_lines = self._caps_lines()
        self._fix_abbreviations()
        sports_words = words = 0
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if not token.is_word:
                continue
            folded = fold(token.text)
            words += 1
            sports_words += folded in SPORTS_WORDS
            if token.text[0].islower():
                self.lower_seen.add(folded)
            elif not token.initial and token.line not in self.caps_lines:
                self.capital_mid.add(folded)
                following = tokens[i + 1] if i + 1 < len(tokens) else None
                if not (
                    following is not None
                    and following.is_word
                    and following.text[0].isupper()
                    and following.start - token.end <= 1
                ):
                    self.capital_end.add(folded)
        self.surnames_here = self._surnames_here() if language == "de" else set()
        self.sports = (sports_words >= 2 and sports_words >= SPORTS_SHARE * words) or _score_lines(
            text
        ) >= 2

    def _surnames_here(self) -> set[str]:
        """ "Angela Merkel ... Merkel sagte": surnames introduced after a first name in this
        text, so that they count as names alone (and in the genitive, "Merkels") later."""
        found: set[str] = set()
        tokens = self.tokens
        for i in range(len(tokens) - 1):
            first, last = tokens[i], tokens[i + 1]
            if (
                first.is_word
                and last.is_word
                and first.text[0].isupper()
                and last.text[0].isupper()
                and last.start - first.end == 1
                and fold(first.text) in _FIRST
                and not _german_noun(last.text)
                and len(last.text) > 2
                and fold(last.text) not in FUNCTION_WORDS["de"]
            ):
                found.add(fold(last.text))
        return found

    def _caps_lines(self) -> set[int]:
        """Lines written in capitals (headlines), where casing says nothing."""
        upper: dict[int, int] = {}
        words: dict[int, int] = {}
        for token in self.tokens:
            text = token.text
            # most words are in lower case and hold a letter: no regular expression for them
            if len(text) > 1 and (text.islower() or _HAS_LETTER.search(text)):
                words[token.line] = words.get(token.line, 0) + 1
                if text.isupper():
                    upper[token.line] = upper.get(token.line, 0) + 1
        return {
            line
            for line, count in words.items()
            if count >= 2 and upper.get(line, 0) >= 0.6 * count
        }

    def _fix_abbreviations(self) -> None:
        """ "M. Hagenbeck", "Dr. Who": a full stop after a title does not start a sentence."""
        tokens = self.tokens
        for i in range(2, len(tokens)):
            if (
                tokens[i - 1].text == "."
                and fold(tokens[i - 2].text) in _ABBREVIATIONS
                and (tokens[i - 2].end == tokens[i - 1].start)
            ):
                tokens[i].initial = tokens[i - 2].initial and False

    # -- word statistics -------------------------------------------------------------------

    def zipf_here(self, word: str) -> float:
        """How common the lower-cased word is in this article's language."""
        return _zipf_here(word, None if self.frequency is None else self.language)

    def zipf_elsewhere(self, word: str) -> float:
        """How common the word is in the commonest of the other languages."""
        return _zipf_elsewhere(word, self.language)


@lru_cache(maxsize=1 << 16)
def _is_capitalised(text: str) -> bool:
    """A capital first letter, or "iPhone" (asked of every word: remembered per word)."""
    first = text[0]
    if first.isupper():
        return True
    # "iPhone", "eBay": lower first letter then a capital
    return first.isalpha() and len(text) > 2 and text[1].isupper() and text[2:].islower()


@lru_cache(maxsize=1 << 16)
def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and not text.isdigit()


def _german_noun(word: str) -> bool:
    lower = word.lower()
    return len(lower) > 5 and lower.endswith(GERMAN_NOUN_ENDINGS)


_POSSESSIVE_DETERMINERS = frozenset(
    {"son", "sa", "ses", "mon", "ma", "mes", "ton", "ta", "leur", "su", "sus", "mi", "tu"}
)
"""Possessives that are also family names (Korean Son, Chinese Ma, Su, Mi); a determiner is
never capitalised inside a sentence, so after a name token there they continue the name."""


def _name_token(article: _Article, i: int, inside: bool) -> bool:
    """Whether token i, capitalised, can be (part of) a name; `inside` = continues a span."""
    token = article.tokens[i]
    text = token.text
    folded = fold(text)
    lower = text.casefold()
    if folded in NOT_NAMES:
        return False
    if token.initial and folded in IMPERATIVES.get(article.language, ()):
        return False  # "Revivez le match": a call to action, not a name
    # A title written as an acronym opens no name before "of"/"d'": "PDG d'OpenAI", "CEO of".
    if (
        not inside
        and folded in PERSON_TITLES
        and i + 1 < len(article.tokens)
        and fold(article.tokens[i + 1].text) in article.connectors
    ):
        return False
    # A frequent word in capitals is emphasis ("NOTE:", "VIDÉO", "URGENT"), not an acronym;
    # German capitals are names more often ("BILD", the paper).
    if (
        not inside
        and article.language != "de"
        and len(text) >= 4
        and text.isupper()
        and article.zipf_here(lower) >= EMPHASIS_ZIPF
        and folded not in _PLACES
        and text[0] + text[1:].lower() not in article.text  # "MACRON" where it writes "Macron"
    ):
        return False
    if folded in WIRE_ABBREVIATIONS:
        return False
    # An acronym is a name even when it spells a function word ("AI" is not French "ai", "US")
    if text.isupper() and _is_acronym(text) and token.line not in article.caps_lines:
        return True
    if inside and not token.initial and folded in _POSSESSIVE_DETERMINERS:
        return True  # "Masayoshi Son", "Jack Ma": mid-sentence, a capital makes it a name
    if folded in article.function_words or folded in article.common_caps:
        return False
    if (len(text) == 1 and not inside) or text[-1] in "'’":
        return False
    if folded in PERSON_TITLES and not inside and not _title_opens_place(article, i):
        return False
    if _is_acronym(text) and token.line not in article.caps_lines:
        return True
    german = article.language == "de"
    if token.line in article.caps_lines:
        # A headline word the article also writes in lower case is that common word
        # ("OIL PRICES ..." over "... oil pricing"), even when a longer name holds it
        # ("FUTURES" beside "Energy Futures Group" and "petroleum futures").
        common_here = folded in article.lower_seen
        if (
            folded in article.capital_mid
            and (not common_here or _named_with_neighbour(article, i))
        ) or _PLACES.get(folded, 0) >= 1_000_000:
            return True
        if (
            folded in ORG_HEADS
            and not common_here
            and len(folded) <= 3
            and i + 1 < len(article.tokens)
        ):
            following = article.tokens[i + 1].text  # "FC BARCELONA", "CF VALENCIA"
            return following.isupper() and len(following) > 2
        return len(text) > 2 and article.zipf_here(lower) < CAPS_LINE_ZIPF
    if "-" in text:
        parts = [part for part in re.split(r"[-‐‑]", text) if part]
        if german:
            # "CDU-Politiker", "US-Präsident" hold a name; "Film-Dokumentation" does not.
            return bool(parts) and _german_name_like(parts[0])
        capitals = sum(1 for part in parts if part[0].isupper())
        if capitals >= 2:
            return True
        lower = parts[0].casefold() if parts else lower
    here = article.zipf_here(lower)
    elsewhere = article.zipf_elsewhere(lower)
    if not german:
        if not token.initial:
            return True
        # Opening a sentence, a word the article capitalises mid-sentence is a name; but a
        # word it also writes in lower case, capitalised only inside longer names ("National
        # Petroleum Refiners Association"), is that common word ("Petroleum futures ...").
        if folded in article.capital_mid and (
            folded not in article.lower_seen
            or folded in article.capital_end
            or _capital_follows(article, i)
        ):
            return True
        if folded in article.lower_seen:
            return False
        if _PLACES.get(folded, 0) >= 1_000_000 or _opens_place(article, i):
            return True
        if _PLACES.get(folded, 0) >= 300_000 and here < 4.8:
            return True
        if inside:
            return here < 5.0 or elsewhere >= here
        if here < 3.0:
            return not _inflected_common(article, lower)
        return bool((folded in _PLACES or folded in _FIRST) and elsewhere >= here - 1.0)
    # German: every noun has a capital, so the capital alone proves nothing.
    if inside and (folded in ORG_HEADS or folded in ORG_SUFFIXES):
        return True  # "Deutsche Bank", "Europäische Kommission"
    return _german_score(article, i, folded, here, elsewhere, inside) >= GERMAN_THRESHOLD


def _capital_follows(article: _Article, i: int) -> bool:
    """Whether a capitalised word follows token i directly on its line ("Air Canada")."""
    tokens = article.tokens
    if i + 1 >= len(tokens):
        return False
    following = tokens[i + 1]
    return (
        following.is_word
        and following.line == tokens[i].line
        and following.start - tokens[i].end <= 1
        and following.text[0].isupper()
    )


def _named_with_neighbour(article: _Article, i: int) -> bool:
    """ "WORLD BANK" in a headline where the text writes "World Bank": the word and the one
    before or after it in its line appear together, capitalised, in the article."""
    tokens = article.tokens
    here = tokens[i]
    word = here.text.capitalize()
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and tokens[j].line == here.line and tokens[j].is_word:
            other = tokens[j].text.capitalize()
            pair = f"{other} {word}" if j < i else f"{word} {other}"
            if pair in article.text:
                return True
    return False


def _title_opens_place(article: _Article, i: int) -> bool:
    """ "Doña Ana County", "King Fahd Road": a title that opens a name ending in a place
    word is part of that name (a place named after a person), not a person's title."""
    tokens = article.tokens
    for j in range(i + 2, min(len(tokens), i + 4)):
        text = tokens[j].text
        if not (tokens[j].is_word and text[0].isupper()) or tokens[j].start - tokens[j - 1].end > 1:
            return False
        if fold(text) in PLACE_HEADS:
            return tokens[i + 1].is_word and tokens[i + 1].text[0].isupper()
    return False


GERMAN_THRESHOLD = 2
EMPHASIS_ZIPF = 4.5
"""Acronyms spelling a word this frequent are rare (NATO 4.0, NASA 4.2; NOTE 5.0, VIDÉO 5.3)."""


_INFLECTIONS = ("s", "es", "x", "ed", "d", "ing", "ly", "ment", "mente")


def _inflected_common(article: _Article, lower: str) -> bool:
    """ "Chatbots", "Restarting": a rare form of a common word ("chatbot", "restart")."""
    if len(lower) < 5:
        return False
    for ending in _INFLECTIONS:
        if lower.endswith(ending) and article.zipf_here(lower[: -len(ending)]) >= 3.3:
            return True
    return False


def _german_name_like(word: str) -> bool:
    """Context-free: does this German word look like a name (for parts of compounds)?"""
    if _is_acronym(word) or (len(word) >= 2 and word.isupper()):
        return True
    if not word[:1].isupper() or _german_noun(word):
        return False
    folded = fold(word)
    lower = word.casefold()
    here = _zipf(_FREQ["de"].get(lower, 0.0))
    elsewhere = max(_zipf(_FREQ[code].get(lower, 0.0)) for code in ("en", "fr", "es"))
    if _PLACES.get(folded, 0) >= 100_000 or folded in _FIRST:
        return True
    return elsewhere >= 3.0 and elsewhere >= here - 1.0 and here < 4.6


CAPS_LINE_ZIPF = 3.0
"""In a headline in capitals, a word rarer than this in the language is taken for a name."""
GERMAN_DETERMINERS = frozenset(
    fold(w)
    for w in [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "kein",
        "keine",
        "keinen",
        "keinem",
        "keiner",
        "dieser",
        "diese",
        "dieses",
        "diesen",
        "diesem",
        "jener",
        "jene",
        "jenes",
        "jeden",
        "jede",
        "jedes",
        "jedem",
        "jeder",
        "alle",
        "mein",
        "meine",
        "sein",
        "seine",
        "seinen",
        "seinem",
        "seiner",
        "ihr",
        "ihre",
        "ihren",
        "ihrem",
        "ihrer",
        "unser",
        "unsere",
        "euer",
        "welche",
        "welcher",
        "welches",
        "manche",
        "mancher",
        "viele",
        "vielen",
        "wenige",
        "mehrere",
        "beide",
        "beiden",
        "solche",
        "zum",
        "zur",
        "vom",
        "beim",
        "im",
        "am",
        "ins",
        "ans",
    ]
)


GERMAN_BARE_PREPOSITIONS = frozenset(("nach", "aus", "in", "von", "bei", "gegen", "mit", "für"))


def _german_score(
    article: _Article, i: int, folded: str, here: float, elsewhere: float, inside: bool
) -> int:
    """Evidence that a capitalised German word is a name rather than a common noun."""
    tokens = article.tokens
    text = tokens[i].text
    score, place = _german_word_score(text, folded, here, elsewhere)
    if folded in article.lower_seen:
        score -= 3
    if i > 0:
        prev = tokens[i - 1].text
        prev_folded = fold(prev)
        if prev_folded in GERMAN_DETERMINERS:
            score -= 0 if place >= gazetteer.COUNTRY_WEIGHT else 2  # "die Schweiz"
        elif (
            prev[0].islower()
            and prev.endswith(("e", "en", "er", "em", "es"))
            and len(prev) > 3
            and prev_folded not in SPEECH_VERBS
        ):
            score -= 1  # an inflected adjective before a noun
        if prev_folded in _FIRST or prev_folded in PERSON_TITLES:
            score += 2
        elif prev_folded in SPEECH_VERBS or (
            prev_folded == "so" and i > 1 and tokens[i - 2].text == ","
        ):
            score += 2  # "sagte Eymer", ", so Eymer": the subject after a verb of saying
        elif prev_folded in GERMAN_BARE_PREPOSITIONS:
            score += 1  # "nach Bochum", "aus Mähren": a noun there would mostly take an article
    if inside:
        score += 1
    if folded in article.surnames_here or (
        folded.endswith("s") and folded[:-1] in article.surnames_here
    ):
        score += 3  # a surname this text introduced with a first name; "Merkels"
    return score


@lru_cache(maxsize=1 << 16)
def _german_word_score(text: str, folded: str, here: float, elsewhere: float) -> tuple[int, int]:
    """The part of `_german_score` that the word alone decides (asked of most capitalised
    German words of every article: remembered per word), and its place weight."""
    score = 0
    place = _PLACES.get(folded, 0)
    if (
        place == 0
        and text[-1] == "s"
        and not text.isupper()
        and _PLACES.get(folded[:-1], 0) >= 100_000
    ):
        place = _PLACES[folded[:-1]]  # the genitive "Israels", "Europas", "Bremens"
        score += 1
    if _german_noun(text) and place < 100_000:
        score -= 3
    if elsewhere >= 3.0 and elsewhere >= here - 1.2 and (here < 4.6 or elsewhere >= here + 0.3):
        score += 2
    elif elsewhere >= 2.5 and elsewhere >= here - 2.0 and here < 5.0:
        score += 1
    if place >= gazetteer.COUNTRY_WEIGHT or (place >= 200_000 and here < 5.8):
        score += 2
    elif place >= 15_000 and here < 4.5:
        score += 1
    if folded in _FIRST:
        score += 2 if here < 4.5 or elsewhere >= here - 1.5 else 1
    if _SURNAMES.get(folded, 0.0) >= 0.001 and here < 4.0:
        score += 1
    if here < 2.6 and elsewhere < 2.6 and len(text) > 10:
        score -= 1
    if place < 100_000 and folded not in _FIRST and _german_inflected_common(text.casefold(), here):
        score -= 2  # "Filme", "Fotos", "Initiative": a frequent German noun or its plural
    return score, place


_DE_INFLECTIONS = ("e", "en", "n", "s", "es", "er", "ern")


def _german_inflected_common(lower: str, here: float) -> bool:
    if here >= GERMAN_COMMON_ZIPF:
        return True
    table = _FREQ["de"]
    return any(
        lower.endswith(ending)
        and _zipf(table.get(lower[: -len(ending)], 0.0)) >= GERMAN_COMMON_ZIPF
        for ending in _DE_INFLECTIONS
    )


GERMAN_COMMON_ZIPF = 4.3
"""A German word this frequent (or an inflection of one) is a common noun unless listed."""


def _opens_place(article: _Article, i: int) -> bool:
    """ "Buenos Aires", "Río de Janeiro": a sentence-initial word that starts a known place."""
    tokens = article.tokens
    end = min(len(tokens), i + 4)
    for j in range(i + 1, end):
        if tokens[j].start - tokens[j - 1].end > 1 or not tokens[j].is_word:
            return False
        if _PLACES.get(fold(article.text[tokens[i].start : tokens[j].end]), 0) >= 15_000:
            return True
    return False


def _neighbour_capitalised(article: _Article, i: int) -> bool:
    tokens = article.tokens
    if i + 1 < len(tokens) and tokens[i + 1].is_word and _is_capitalised(tokens[i + 1].text):
        nxt = fold(tokens[i + 1].text)
        return nxt in _FIRST or nxt in _SURNAMES or _is_acronym(tokens[i + 1].text)
    return False


def _after_title(article: _Article, i: int) -> bool:
    j = i - 1
    tokens = article.tokens
    if j >= 0 and tokens[j].text == ".":
        j -= 1
    return j >= 0 and fold(tokens[j].text) in PERSON_TITLES


def _connector_width(article: _Article, j: int) -> int:
    """How many tokens from j form a name-internal connector ("de", "de la", "of the")."""
    tokens = article.tokens
    word = fold(tokens[j].text)
    if word not in article.connectors:
        return 0
    if (
        word in LEADING_CONNECTORS
        and j + 1 < len(tokens)
        and fold(tokens[j + 1].text) in article.connectors
        and fold(tokens[j + 1].text) not in LEADING_CONNECTORS
    ):
        return 2
    return 1


def _spans(article: _Article) -> list[_Span]:
    tokens = article.tokens
    spans: list[_Span] = []
    i = 0
    n = len(tokens)
    german = article.language == "de"
    while i < n:
        token = tokens[i]
        text = token.text
        if (
            not text[0].isupper()
            and not (len(text) > 2 and text[1].isupper())  # "iPhone" is capitalised
            and not (german and token.is_word and _german_derived(text))
        ):
            i += 1  # most tokens: a word in lower case (or a sign) opens no name
            continue
        # Most German tokens are lower-case words: none opens a fixed name.
        upper = german and token.is_word and token.text[0].isupper()
        fixed = _german_fixed(article, i) if upper else None
        if fixed is not None:
            last, kind = fixed
            spans.append(_Span(i, last, kind, 3, rule="de-fixed"))
            i = last + 1
            continue
        derived_opening = german and token.is_word and _german_derived(token.text)
        if derived_opening and not _opens_name(article, i):
            spans.append(_Span(i, i, "other", 2, rule="de-derived"))
            i += 1
            continue
        if not (
            token.is_word
            and _is_capitalised(token.text)
            and (derived_opening or _name_token(article, i, False))
        ):
            if token.text[0].isupper() and _article_opens_name(article, i):
                tokens[i + 1].initial = False  # decided here; the name is read from i + 1 on
            else:
                i += 1
                continue
        last = i
        j = i + 1
        while j < n:
            nxt = tokens[j]
            if not _same_line_or_wrapped(article, j, j - 1 == i):
                break
            if nxt.is_word and _is_capitalised(nxt.text) and _name_token(article, j, True):
                if article.language in ROMANCE and _case_break(tokens[j - 1].text, nxt.text):
                    break
                last = j
                j += 1
                continue
            # connectors: "Banco de España", "Place de la Concorde", "Bank of England"
            width = _connector_width(article, j)
            if width:
                k = j + width
                if (
                    k < n
                    and tokens[k].is_word
                    and _is_capitalised(tokens[k].text)
                    and tokens[k].start - tokens[k - 1].end <= 1
                    and _name_token(article, k, True)
                    and not _two_names(article, i, last, k)
                ):
                    j = k
                    continue
            if nxt.text == "&" and j + 1 < n and _is_capitalised(tokens[j + 1].text):
                j += 1
                continue
            break
        if token.start and article.text[token.start - 1] == "#":
            # "#Balancetonporc", "#MeToo": a hashtag names a campaign or a theme, no person
            spans.append(_Span(i, last, "other", 3, rule="hashtag"))
            i = last + 1
            continue
        if article.language == "fr":
            last = _french_adjectives(article, last)
        if article.language == "fr" and i == last and _french_common(article, i):
            spans.append(_Span(i, i, rule="fr-common"))  # kept only as a known person's alias
        else:
            spans.extend(_split_at_titles(article, i, last))
        i = last + 1
    return spans


WRAPPED_LINE = 20
"""A line at least this long that runs on into the next was wrapped, not ended (OCR columns,
wire text). Headings and list items are mostly shorter."""


def _same_line_or_wrapped(article: _Article, j: int, alone: bool) -> bool:
    """Whether token j follows token j - 1 closely enough to continue a name: one space, or
    the end of a wrapped line right after a first name that opened the name alone
    ("Charles\nNydegger", "Willie\nWood"), which a surname must follow. Never a blank line
    or a line that starts afresh: a line that ends with a full name ("Germany\nFrance", a
    list) ends the name too."""
    tokens = article.tokens
    gap = article.text[tokens[j - 1].end : tokens[j].start]
    if gap in ("", " "):
        return True
    if not alone or gap.strip(" ") != "\n" or tokens[j].initial:
        return False
    first, following = fold(tokens[j - 1].text), fold(tokens[j].text)
    if first not in _FIRST or first in _PLACES or _PLACES.get(following, 0) >= 15_000:
        return False  # "la France\nItalie": a place is no first name's surname
    line_start = article.text.rfind("\n", 0, tokens[j - 1].end) + 1
    return tokens[j - 1].end - line_start >= WRAPPED_LINE


_GERMAN_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_GERMAN_NOUN_TAILS = ("", "s", "es", "e", "en", "n", "ens")


def _german_fixed(article: _Article, i: int) -> tuple[int, EntityKind] | None:
    """German names that a capital alone would not find: an inflected adjective with its noun
    ("Zweiten Weltkrieg", "Vereinigten Staaten", "Nahen Osten") and streets ("Knoopstraße",
    "Neuendorfer Straße"). Returns the last token and the kind."""
    tokens = article.tokens
    text = tokens[i].text
    if not text[:1].isupper():
        return None
    lower = text.casefold()
    if (
        lower.endswith(GERMAN_STREET_ENDINGS)
        and len(lower) > 8
        and lower not in article.lower_seen
        and article.zipf_here(lower) < 3.0
        and "-" not in lower
    ):
        return i, "place"  # "Schwanitzstraße", "Nöldekestraße"
    if i + 1 >= len(tokens) or tokens[i + 1].start - tokens[i].end > 1:
        return None
    following = tokens[i + 1].text
    follow_lower = following.casefold()
    if (
        follow_lower in GERMAN_STREET_WORDS
        and lower.endswith("er")
        and len(lower) > 4
        and (
            _PLACES.get(lower[:-2], 0) > 0
            or _PLACES.get(lower[:-1], 0) > 0
            or article.zipf_here(lower) < 3.0
        )
    ):
        return i + 1, "place"  # "Berliner Straße", "Neuendorfer Straße"
    if not following[:1].isupper():
        return None
    for stem, nouns, kind in GERMAN_ADJECTIVE_NAMES:
        if lower.startswith(stem) and lower[len(stem) :] in _GERMAN_ADJECTIVE_ENDINGS:
            for noun in nouns:
                if (
                    follow_lower.startswith(noun)
                    and follow_lower[len(noun) :] in _GERMAN_NOUN_TAILS
                ):
                    return i + 1, kind
    return None


def _person_shape(article: _Article, first: int, last: int) -> bool:
    """First name(s) then a surname: "Sam Altman", "Simone Inzaghi"."""
    tokens = article.tokens
    head = fold(tokens[first].text)
    if last <= first or head not in _FIRST or head in NAME_ARTICLES:
        return False
    if _ROMAN.match(tokens[last].text):
        return False  # "Frédéric III"
    words = [fold(t.text) for t in tokens[first : last + 1]]
    if any(w in ORG_HEADS or w in ORG_SUFFIXES for w in words) or words[-1] in _FIRST:
        return False
    return _PLACES.get(fold(article.text[tokens[first].start : tokens[last].end]), 0) == 0


LINKING_CONNECTORS = frozenset({"of", "for"})


def _two_names(article: _Article, first: int, last: int, k: int) -> bool:
    """ "Sam Altman of OpenAI", "Inter de Simone Inzaghi": a connector between two names.

    Connectors belong inside names of organisations and places ("Bank of America",
    "Universidad de Granada"); next to a complete person's name they only link two names.
    """
    tokens = article.tokens
    connector = fold(tokens[last + 1].text)
    if article.language == "de" and connector in ("der", "den", "des", "dem"):
        # "Tag der Arbeit", "Institut der Wirtschaft": a genitive joins a noun-headed name;
        # after a name it starts an object ("sagte Eymer der Zeitung").
        head = tokens[last].text
        return not (
            fold(head) in ORG_HEADS
            or _german_noun(head)
            or head.casefold().endswith(_GERMAN_ORG_HEADS)
        )
    # Surnames take particles ("Carlos Salinas de Gortari", "Giscard d'Estaing", "Heinrich
    # Gottlob von Miltitz"), so there only an article ("Pierlot de l'OFP", "du", "vom") or an
    # acronym or camel-cased name after the connector shows a second name.
    linking = connector in LINKING_CONNECTORS or (
        (article.language in ROMANCE or article.language == "de")
        and (
            k - last > 2
            or connector in ("du", "des", "vom")
            or _is_acronym(tokens[k].text)
            or bool(_CAMEL.search(tokens[k].text))
        )
    )
    if linking and _person_shape(article, first, last):
        return True
    nxt = k + 1
    return (
        nxt < len(tokens)
        and tokens[nxt].is_word
        and _is_capitalised(tokens[nxt].text)
        and tokens[nxt].start - tokens[k].end <= 1
        and _person_shape(article, k, nxt)
    )


NAME_ARTICLES = frozenset({"la", "le", "les", "l'", "el", "los", "las", "il", "lo", "o", "a"})
ROMANCE = frozenset({"fr", "es", "it", "pt", "ca"})


def _article_opens_name(article: _Article, i: int) -> bool:
    """ "La Haye", "El Salvador", "Le Relais": a capitalised article that belongs to the name.

    Mid-sentence, the capital itself says so; at a sentence start only a gazetteer can.
    """
    tokens = article.tokens
    token = tokens[i]
    if article.language not in ROMANCE or fold(token.text) not in NAME_ARTICLES:
        return False
    if not token.text[0].isupper() or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if not (nxt.is_word and _is_capitalised(nxt.text)) or nxt.start - token.end > 1:
        return False
    if not token.initial:
        return _name_token(article, i + 1, True)
    return _PLACES.get(fold(article.text[token.start : nxt.end]), 0) > 0


def _case_break(previous: str, following: str) -> bool:
    """ "EFE Viana Baptista", "GUAREÑA Mérida": capitals meeting title case join two names."""
    loud_previous = len(previous) >= 3 and previous.isupper()
    loud_following = len(following) >= 3 and following.isupper()
    if loud_previous == loud_following:
        return False
    quiet = following if loud_previous else previous
    return quiet[0].isupper() and quiet[1:].islower()


FRENCH_DEMONYM_ENDINGS = (
    "ois",
    "oise",
    "oises",
    "ais",
    "aise",
    "aises",
    "ien",
    "iens",
    "ienne",
    "iennes",
    "ain",
    "ains",
    "aine",
    "aines",
    "ols",
    "ole",
    "oles",
    "ands",
    "ande",
    "andes",
    "ards",
    "éens",
    "ins",
)
_FRENCH_DEMONYM_PLURALS = ("iens", "éens", "ains", "ols", "ands")
"""Plural endings of nationals ("Syriens", "Européens", "Américains", "Espagnols", "Allemands");
"-ards" and "-ois" left out: "Regards" (a magazine), "Chinois" (already singular)."""
FRENCH_DETERMINERS = frozenset({"les", "des", "aux", "un", "une", "le", "la", "l'", "ces", "nos"})


def _french_common(article: _Article, i: int) -> bool:
    """ "l'Etat", "la Commission", "les Suédois": capitalised French nouns that are not names.

    French capitalises institutions named by a common noun and nationals; neither is a name
    a reader looks up. Places and first names are spared.
    """
    token = article.tokens[i]
    text = token.text
    folded = fold(text)
    if _is_acronym(text) or folded in _FIRST or _PLACES.get(folded, 0) >= 15_000:
        return False
    lower = text.casefold()
    if article.zipf_here(lower) >= 4.2:
        return True
    if (
        lower.endswith(_FRENCH_DEMONYM_PLURALS)
        and article.zipf_here(lower[:-1]) >= 3.0
        and folded[:-1] not in _SURNAMES
    ):
        return True  # "entre Israéliens et Palestiniens": the plural of a known adjective
    previous = fold(article.tokens[i - 1].text) if i > 0 else ""
    return previous in FRENCH_DETERMINERS and text.casefold().endswith(FRENCH_DEMONYM_ENDINGS)


FRENCH_ADJECTIVE_ENDINGS = (
    "al",
    "ale",
    "ales",
    "aux",
    "el",
    "elle",
    "els",
    "elles",
    "ique",
    "iques",
    "ien",
    "ienne",
    "iens",
    "iennes",
    "ais",
    "aise",
    "aises",
    "ois",
    "oise",
    "oises",
    "if",
    "ive",
    "ifs",
    "ives",
    "aire",
    "aires",
    "iste",
    "istes",
    "ain",
    "aine",
    "ains",
    "aines",
    "een",
    "eenne",
    "eens",
    "eennes",
)
_FRENCH_ADJECTIVE_FOLDED = tuple(fold(e) for e in FRENCH_ADJECTIVE_ENDINGS)


FRENCH_ADJECTIVES = frozenset(
    {
        "unies",
        "unis",
        "general",
        "generale",
        "superieur",
        "superieure",
        "supreme",
        "public",
        "publique",
        "militaire",
        "economique",
        "social",
        "sociale",
        "mondial",
        "mondiale",
    }
)


def _french_adjective(article: _Article, j: int) -> bool:
    word = article.tokens[j].text
    folded = fold(word)
    if not word.islower() or folded in article.function_words:
        return False
    if "-" in word and word.rsplit("-", 1)[1] in ("il", "elle", "ils", "elles", "on", "t"):
        return False  # "fournira-t-elle": an inverted verb
    # The endings guess an adjective; a pronoun or other stop word ("celle", "celles") that
    # shares one is not ("à Paris Match celle qui publie" is no name "Paris Match celle").
    return folded in FRENCH_ADJECTIVES or (
        len(word) >= 5
        and folded.endswith(_FRENCH_ADJECTIVE_FOLDED)
        and word not in stop_words("fr")
    )


def _french_adjectives(article: _Article, last: int) -> int:
    """ "Conseil fédéral", "Cour des comptes européenne", "Agence internationale de l'énergie":
    French institution names go on in lower case after a capitalised head noun.

    Any common noun turned name takes adjectives; an institution's head word also takes
    "de"/"des"/"du"/"de la"/"de l'" and a lower-case noun (with its adjectives), at most twice.
    """
    tokens = article.tokens
    head = tokens[last]
    if article.zipf_here(head.text.casefold()) < 3.5 or _is_acronym(head.text):
        return last  # the head must be a common noun turned name ("Conseil", "Banque")
    institution = fold(head.text) in FRENCH_INSTITUTION_HEADS
    n = len(tokens)
    j = last + 1
    end = last
    complements = 0
    while j < n and j <= last + 8:
        if tokens[j].start - tokens[j - 1].end > 1:
            break
        if _french_adjective(article, j):
            end = j
            j += 1
            continue
        if not institution or complements >= 2:
            break
        word = fold(tokens[j].text)
        k = j
        if word in ("de", "des", "du", "d'"):
            k = j + 1
            if word == "de" and k < n and fold(tokens[k].text) in ("la", "l'"):
                k += 1
        if k == j or k >= n or tokens[k].start - tokens[k - 1].end > 1:
            break
        noun = tokens[k].text
        if (
            not noun.islower()
            or len(noun) < 4
            or fold(noun) in article.function_words
            or not tokens[k].is_word
            or article.zipf_here(noun) < 2.5
        ):
            break
        complements += 1
        end = k
        j = k + 1
    return end


_DE_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em")
_DE_DERIVED = (
    frozenset(stem + ending for stem in DEMONYM_STEMS_DE for ending in _DE_ADJECTIVE_ENDINGS)
    | frozenset(DEMONYM_NOUNS_DE)
    | frozenset(n + "n" for n in DEMONYM_NOUNS_DE if n.endswith("e"))
)


@lru_cache(maxsize=1 << 16)
def _german_derived(text: str) -> bool:
    """ "deutschen", "Franzosen", "Euro": words GermEval annotates as derived from a name
    (asked of every German word: remembered per word)."""
    lower = text.casefold()
    return lower in _DE_DERIVED or lower in CURRENCIES_DE


def _opens_name(article: _Article, i: int) -> bool:
    """ "Europäische Union", "Deutsche Bank": a capitalised adjective that starts a name."""
    tokens = article.tokens
    if not tokens[i].text[0].isupper() or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.is_word and _is_capitalised(nxt.text) and _name_token(article, i + 1, True)


def _split_at_titles(article: _Article, first: int, last: int) -> list[_Span]:
    """ "Palestinian President Yasser Arafat" → "Palestinian", "Yasser Arafat"."""
    tokens = article.tokens
    if article.language == "de":
        for k in range(first, last):
            text = tokens[k].text
            parts = [part for part in re.split(r"[-‐‑]", text) if part]
            compound = len(parts) > 1 and not _german_name_like(parts[-1])
            after = k + 1
            while after <= last and fold(tokens[after].text) in article.connectors:
                after += 1
            if after > last or fold(tokens[after].text) in ORG_SUFFIXES:
                continue
            if compound or fold(text).endswith(_GERMAN_TITLE_ENDINGS):
                # "US-Präsident Donald Trump", "Staatssekretär Gerd Krämer": a role noun
                # (kept alone when a name is part of it) before the name.
                end = k - 1
                while end >= first and fold(tokens[end].text) in article.connectors:
                    end -= 1
                before = [_Span(first, end)] if end >= first else []
                own = [_Span(k, k)] if compound else []
                return before + own + _split_at_titles(article, after, last)
    for k in range(first + 1, last):
        if fold(tokens[k].text) in SPLITTING_TITLES:
            after = k + 1
            while after <= last and fold(tokens[after].text) in SPLITTING_TITLES:
                after += 1
            if after > last:
                break
            before = (
                [_Span(first, k - 1)] if fold(tokens[k - 1].text) not in article.connectors else []
            )
            return before + _split_at_titles(article, after, last)
    return [_Span(first, last)]


def _prev_word(article: _Article, index: int) -> str:
    tokens = article.tokens
    j = index - 1
    while j >= 0 and tokens[j].text in (".", ",") and j >= index - 2:
        if tokens[j].text == ",":
            return ""
        if j >= 1 and fold(tokens[j - 1].text) not in _ABBREVIATIONS:
            return ""  # "as chairman. Oracle": a full stop after a whole word ends a sentence
        j -= 1
    return fold(tokens[j].text) if j >= 0 else ""


_PARTY_ARTICLES = frozenset({"la", "les", "las", "los"})
"""Articles that open a party's or a paper's name after a title, never a surname (unlike
"le" of "la présidente Le Pen", "le ministre Le Drian")."""
_CONTRACTED_ARTICLES = frozenset({"du", "au", "aux"})
"""French "de le", "à le", "à les": an article, which no person's name takes."""


def _company_stem(key: str) -> str:
    """ "atco ltd" → "atco", "dillon read and co" → "dillon read"."""
    words = key.split()
    while words and (words[-1] in ORG_SUFFIXES or words[-1] in ("and", "&", "et")):
        words.pop()
    return " ".join(words)


def _state_abbreviation(article: _Article, span: _Span) -> bool:
    """A US state abbreviated as wire copy writes it after a town and a comma: "Danville,
    Calif.", "Saddlebrook, N.J.", "Englewood, Colo."."""
    tokens = article.tokens
    i = span.first
    token = tokens[i]
    if i == 0 or tokens[i - 1].text != "," or fold(token.text).rstrip(".") not in US_STATES:
        return False
    dotted = token.text.endswith(".")
    if not dotted and i + 1 < len(tokens):
        after = tokens[i + 1]
        dotted = after.text == "." and after.start == token.end
    return dotted


def _common_after_title(article: _Article, text: str, folded: str) -> bool:
    """A word after a title that is a very common word, of the article's language or another
    ("Me Too": French "Me" is a lawyer's title; "General Agreement"), and no known first name
    or surname: not a person's name. "Président Macron" and "President Obama" are not common
    enough, and the article never writes them in lower case."""
    if folded in _FIRST or folded in _SURNAMES:
        return False
    lower = text.casefold()
    here = article.zipf_here(lower)
    common = max(here, article.zipf_elsewhere(lower))
    return common >= 5.5 or (folded in article.lower_seen and here >= 4.0)


def _company_name(article: _Article, span: _Span) -> int | None:
    """Wire copy names companies between angle brackets ("<K.G. SAUR> SELLS ASSETS") and,
    in capitals, with a legal form a few words on ("<CANADA SOUTHERN PETROLEUM LTD>",
    "ATCO LTD"): a place or a person's name there is part of a company's name. Returns the
    last token of that name, or None."""
    tokens = article.tokens
    line = tokens[span.first].line
    j = span.first - 1
    while j >= 0 and tokens[j].line == line and tokens[j].text not in "<>" and j >= span.first - 6:
        j -= 1
    opened = j >= 0 and tokens[j].line == line and tokens[j].text == "<"
    for k in range(span.last + 1, min(span.last + 7, len(tokens))):
        token = tokens[k]
        if token.line != line or not (token.is_word or token.text in "<>&."):
            return None
        if token.text == ">":
            return k - 1 if opened else None
        if token.text == "<":
            return None
        folded = fold(token.text)
        suffix = folded in ORG_SUFFIXES and folded not in article.function_words
        if suffix and token.text[0].isupper():  # not French "SE", "SA" in a headline
            # up to the legal form, only capitalised words ("and" of "Smith and Co" too)
            joined = all(
                t.text[0].isupper() or t.text == "&" or fold(t.text) in ("and", "et")
                for t in tokens[span.last + 1 : k]
            )  # no full stop: "in Canada. Hoechst Corp said" is two names
            return k if joined else None
    return None


def _type(article: _Article, span: _Span) -> None:
    """Give the span a kind, a strength (how sure: 0–3) and the name of the rule that decided."""
    tokens = article.tokens[span.first : span.last + 1]
    words = [fold(t.text) for t in tokens]
    surface = fold(article.text[tokens[0].start : tokens[-1].end])
    prev = _prev_word(article, span.first)
    place_weight = _PLACES.get(surface, 0)
    lang = article.language
    if lang == "de" and not place_weight and len(tokens) == 1 and tokens[0].text[-1] == "s":
        place_weight = _PLACES.get(surface[:-1], 0)  # genitive "Israels", "Europas"
    single = len(words) == 1

    def pick(kind: EntityKind, strength: int, rule: str) -> None:
        span.kind, span.strength, span.rule = kind, strength, rule

    # Where a model learned from the rules' labels (German, Spanish), the rules stay as it was
    # trained on: the wire-copy and French cues below are for the languages without one.
    learned = lang in crf.MODEL_LANGUAGES
    if surface in INSTITUTION_BUILDINGS:
        return pick("organization", 3, "institution-building")  # "White House"
    company_end = None if learned else _company_name(article, span)
    if company_end is not None:
        span.last = company_end  # the whole "<CANADA SOUTHERN PETROLEUM LTD>", not "CANADA"
        return pick("organization", 3, "company-name")
    if not single and place_weight >= 300_000 and words[-1] not in ORG_SUFFIXES:
        return pick("place", 3, "place-big")  # "United States", "Panama City"
    if (
        not single
        and _PLACES.get(words[0], 0) >= 300_000
        and words[0] not in ORG_HEADS
        and all(t.text.islower() for t in tokens[1:])
    ):
        return pick("place", 2, "place-qualified")  # "Europe occidentale", "Suisse romande"
    if words[-1] in ORG_SUFFIXES or (
        not single and (words[0] in ORG_HEADS or words[-1] in ORG_HEADS)
    ):
        return pick("organization", 3, "org-word")
    if lang == "de" and single and len(words[0]) > 6 and words[0].endswith(_GERMAN_ORG_ENDINGS):
        return pick("organization", 2, "de-org-ending")
    if not single and (words[0] in PLACE_HEADS or words[-1] in PLACE_HEADS):
        return pick("place", 2, "place-word")
    if not single and (words[0] in OTHER_HEADS or words[-1] in OTHER_HEADS):
        return pick("other", 2, "other-word")
    if words[0] in WORK_HEADS and tokens[0].text[0].isupper():
        return pick("other", 1 if single else 2, "work")  # "les Variations Goldberg"
    if 0 < place_weight < gazetteer.COUNTRY_WEIGHT and _team_context(article, span, prev):
        return pick("organization", 2, "sports-team")
    if place_weight >= 1_000_000:
        return pick("place", 3, "place-big")
    if _admin_area(article, span):
        return pick("place", 2, "admin-area")
    titled = learned or not (
        lang in ROMANCE and not single and words[0] in _PARTY_ARTICLES and words[1] not in _FIRST
    )  # "la maire Les Républicains", "le député La République en marche": a party
    if prev in PERSON_TITLES and titled:
        if learned:
            return pick("person", 3, "title")
        if single and _common_after_title(article, tokens[0].text, words[0]):
            return pick("other", 0, "title-common")  # "Me Too", "General Agreement": dropped
        if not (single and tokens[0].text.isupper() and _is_acronym(tokens[0].text)):
            return pick("person", 3, "title")  # not "la candidate LREM", "le député LR"
    if (
        len(words) == 2
        and lang != "de"  # where every noun has a capital, the second word proves little
        and _PLACES.get(words[0], 0) >= 1_000_000
        and not any(words[1] in table for table in (_FIRST, _SURNAMES, _PLACES))
        and max(article.zipf_here(words[1]), article.zipf_elsewhere(words[1])) >= 3.0
    ):
        # "Paris Match", "France Inter", "France Télévisions": a big place then a common word
        # is a paper, a station or a club ("Paris Hilton" goes on with a surname).
        return pick("organization", 2, "place-brand")
    if (
        not single
        and words[0] in _FIRST
        and place_weight == 0
        and not (lang in ROMANCE and words[0] in NAME_ARTICLES)  # "Le Monde": no Vietnamese Le
    ):
        return pick("person", 3, "first-name")
    if lang in ("en", "und") and single and _state_abbreviation(article, span):
        return pick("place", 3, "us-state")  # "Danville, Calif.", "Saddlebrook, N.J."
    if single and not learned and words[0] in HOLIDAYS:
        return pick("other", 2, "holiday")  # "joyeux Noël"; "Noël Le Graët" has a surname
    if lang in ("en", "und") and single and _demonym(words[0]):
        return pick("other", 3, "demonym")
    if lang == "de" and single and "-" in words[0]:
        last_part = re.split(r"[-‐‑]", tokens[0].text)[-1]
        if last_part and not _german_name_like(last_part):
            return pick("other", 2, "de-part")
    if single and _is_acronym(tokens[0].text):
        # "USA", "UK": a country or a big city goes by its letters; mid-sentence, a small
        # town that happens to spell an acronym ("Ena", Japan) is less likely than a school,
        # a party or a firm ("à l'ENA"). A dateline or headline in capitals is still a place.
        head = tokens[0]
        line_start = span.first == 0 or article.tokens[span.first - 1].line != head.line
        if place_weight >= 1_000_000 or (
            place_weight and (line_start or head.line in article.caps_lines)
        ):
            return pick("place", 2, "acronym-place")  # also "GENEVA 1996-08-22", headlines
        return pick("organization", 2, "acronym")
    if any(c.isdigit() for c in surface) and not _DATE.match(surface):
        return pick("other", 1, "model-number")  # "Nvidia GB200", "Airbus A320", "COP29"
    if (
        single
        and prev in INDEFINITE_ARTICLES.get(lang, ())
        and place_weight < 15_000
        and words[0] not in _FIRST
        and _noun_phrase_ends(article, span.last + 1)
    ):
        # "accoudé à un Steinway dans un hôtel": a make or a work. Not "un Masip muy
        # regular", "un Jugovic que dio orden" (a player's form), "a Fed tightening" (a
        # modifier): the name must end its noun phrase.
        return pick("other", 1, "indefinite")
    if (
        single
        and lang in ("es", "de")
        and place_weight < 1_000_000
        and _person_context(article, span)
    ):
        return pick("person", 1, "person-context")  # "aseguró Pérez", "Toledo dijo"
    if 0 < place_weight < gazetteer.COUNTRY_WEIGHT and _club_in_brackets(article, span):
        return pick("organization", 2, "club-brackets")
    if place_weight >= 15_000:
        return pick("place", 2, "place-city")
    if prev in PLACE_PREPOSITIONS and single and place_weight:
        return pick("place", 2, "prep-place")
    common = [
        w
        for k, (t, w) in enumerate(zip(tokens, words, strict=True))
        if (
            article.zipf_here(t.text.casefold()) >= 4.0
            # "distribué par Deutsche Grammophon": a person's name opens with a first name,
            # never with a very common word of another language (German capitalises every
            # noun: not there).
            or (k == 0 and lang != "de" and article.zipf_elsewhere(t.text.casefold()) >= 5.0)
        )
        and w not in _FIRST
        and w not in _SURNAMES
    ]
    if lang in ROMANCE and words[0] in NAME_ARTICLES and not common:
        # "Le Parisien", "Le Figaro": after an article, a common word of the language titles
        # a paper, even when some census lists it as a surname ("Le Maire" is a first name).
        common = [
            w
            for t, w in zip(tokens[1:], words[1:], strict=True)
            if article.zipf_here(t.text.casefold()) >= 4.0 and w not in _FIRST
        ]
    if (
        lang in ("en", "und")
        and 2 <= len(words) <= 3
        and words[0] not in _FIRST
        and _demonym(words[-1])
    ):
        return pick("other", 2, "demonym")  # "West German banks", "South Korean exports"
    if 2 <= len(words) <= 3 and all(t.text[0].isupper() for t in tokens):
        if _PLACES.get(words[-1], 0) >= gazetteer.COUNTRY_WEIGHT:
            # "Stargate Norway", "Microsoft France", "La France insoumise" cut before its
            # adjective: a name's branch or edition, or a party, named after a country;
            # `_resolve` gives it the kind of the name it extends, when the article has it.
            return pick("organization", 1, "name-country")
        if (
            not common
            and lang != "de"  # "gegen ESV Lok Zwickau": German prepositions name clubs too
            and words[0] not in NAME_ARTICLES  # "dans L'Obs", "au Figaro": titles of papers
            and prev in PLACE_PREPOSITIONS
            and prev not in _PERSON_OBJECT_MARKERS.get(lang, ())
            and not any(part in _SURNAMES or part in _FIRST for w in words for part in w.split("-"))
        ):
            return pick("place", 1, "prep")  # "à Abou Dhabi", "in Baton Rouge"
        if not common and not _common_surname_last(article, words, tokens):
            return pick("person", 1, "two-three-words")
        return pick("organization", 1, "words-common")
    if single and lang in ("en", "und") and _owned_thing(article, span):
        return pick("other", 1, "owned")  # "its Hopper chip", "Nvidia's current Blackwell line"
    if single and words[0] in _SURNAMES:
        if lang == "fr" and prev in _CONTRACTED_ARTICLES and not place_weight:
            # "du Figaro", "au Figaro": French puts no article before a person's name, so
            # a name there is a title (a paper, a firm), though a census has the surname.
            return pick("organization", 1, "fr-article")
        return pick("person", 1, "surname")
    if single and (_person_context(article, span) or _surname_shape(words[0])):
        return pick("person", 1, "person-context")
    if single and lang in ("en", "und") and _leader_term(article, span):
        return pick("person", 1, "leader-term")  # "the Biden administration"
    if lang == "de" and prev in ("von", "vom", "bei") and single and not place_weight:
        # "die Grafikprozessoren von Nvidia", "bei Siemens": German "von"/"bei" mostly name
        # an owner, maker or employer; a place there is usually a known one.
        return pick("organization", 1, "de-von")
    if prev in PLACE_PREPOSITIONS and single:
        return pick("place", 1, "prep")
    if single and _CAMEL.search(tokens[0].text) and not tokens[0].text.startswith(("Mc", "Mac")):
        return pick("organization", 1, "camel-case")  # "OpenAI", "SoftBank", "YouTube"
    if lang == "fr" and single and _french_commune(article, span, prev):
        return pick("place", 1, "fr-commune")
    if (
        single
        and words[0] in _FIRST
        and not place_weight
        and lang != "de"
        and not (lang in ROMANCE and words[0] in NAME_ARTICLES)
    ):
        return pick("person", 1, "first-name-alone")  # "avec Denise", "Sylvie et Daniel"
    if single and _place_follows(article, span):
        return pick("place", 1, "place-of-place")  # "Lordstown in Ohio", "Milam, Texas"
    if lang == "fr" and single and _french_compound_place(article, tokens[0].text):
        return pick("place", 1, "fr-compound")
    if single and lang in ("en", "und") and _compound_modifier(tokens[0].text):
        return pick("other", 1, "compound-modifier")  # "AI-focused", "US-led": no one's name
    if (
        single
        and lang != "de"
        and tokens[0].line not in article.caps_lines
        and article.zipf_here(tokens[0].text.casefold()) == 0.0
    ):
        # Outside the language's vocabulary: on news wire mostly a person's (foreign) name.
        return pick("person", 0, "unknown-word")
    return pick("organization", 0, "default")


COMMON_LAST_ZIPF = 4.5
"""A last word this frequent in the language ("Power", "Energy", "Capital"), which the article
also writes in lower case, ends a firm's name more often than a family name."""


def _common_surname_last(article: _Article, words: list[str], tokens: list[Token]) -> bool:
    """ "Kairos Power" in an article about "nuclear power": no known first name, and a last
    word that a census lists as a surname but the article itself uses as a common word (not
    "Masayoshi Son" where no noun "son" is written)."""
    lower = tokens[-1].text.casefold()
    return (
        words[0] not in _FIRST
        and words[-1] in article.lower_seen
        and words[-1] not in article.function_words  # French "son" is "his"
        and article.zipf_here(lower) >= COMMON_LAST_ZIPF
    )


def _compound_modifier(text: str) -> bool:
    """ "AI-focused", "US-led", "Kremlin-backed": a name joined to a lower-case word is an
    English compound modifier, whose last part (not a name) is its head."""
    parts = re.split(r"[-‐‑]", text)
    return len(parts) == 2 and parts[1].isalpha() and parts[1].islower()


_PHRASE_ENDS = frozenset(",.;:!?)")
_PHRASE_LINKS = frozenset(
    {
        "dans",
        "de",
        "du",
        "des",
        "a",
        "au",
        "aux",
        "en",
        "sur",
        "pour",
        "par",
        "avec",
        "chez",
        "in",
        "on",
        "at",
        "of",
        "for",
        "with",
        "by",
        "from",
        "del",
        "con",
        "para",
        "por",
        "sobre",
    }
)


def _noun_phrase_ends(article: _Article, j: int) -> bool:
    """Whether token j closes the noun phrase before it: punctuation or a preposition."""
    if j >= len(article.tokens):
        return True
    text = article.tokens[j].text
    return text in _PHRASE_ENDS or fold(text) in _PHRASE_LINKS


def _french_compound_place(article: _Article, text: str) -> bool:
    """ "Champs-Élysées", "Val-de-Marne", "Haut-Rhin": a hyphenated French name that opens
    with a common word of the language names a place; a person's hyphenated name opens with
    a first name ("Jean-Pierre") or a rare word ("Lévi-Strauss")."""
    parts = [part for part in _HYPHEN.split(text) if part]
    if len(parts) < 2 or not parts[0][0].isupper() or not parts[-1][0].isupper():
        return False
    head = fold(parts[0])
    return (
        head not in _FIRST
        and head not in _SURNAMES
        and article.zipf_here(parts[0].casefold()) >= 3.5
    )


_FRENCH_PLACE_PARTICLE = re.compile(
    r"^(?:Saint|Sainte|Saints|Mont|Font|Bourg|Ville|Neuf|Vieux|Pont|Port)-|"
    r"-(?:sur|sous|lès|lez|les|le|la|en|aux|de|du|des|devant|Vieux|Château|Neuf|Haut|Bas)-|"
    r"-(?:Vieux|Château|Neuf|Haut|Bas)$"
)
_FRENCH_PLACE_ENDINGS = ("court", "ville", "villers", "viller", "ange", "heim", "mont", "ières")


_PLACE_LINKS = frozenset({",", "in", "en", "dans", "im"})


def _place_follows(article: _Article, span: _Span) -> bool:
    """An unknown name followed by "in Ohio" or ", Texas" (a state, province or country) is
    a town; the caller has already ruled out first names, surnames and titles."""
    tokens = article.tokens
    j = span.last + 1
    if j + 1 >= len(tokens) or fold(tokens[j].text) not in _PLACE_LINKS:
        return False
    if article.language in ("en", "und") and _state_abbreviation(article, _Span(j + 1, j + 1)):
        return True  # "Saddlebrook, N.J."
    if fold(tokens[j + 1].text) in ("l'", "le", "la"):
        j += 1  # "Lordstown, dans l'Ohio"
    for width in (2, 1):
        if j + width < len(tokens):
            words = tokens[j + 1 : j + 1 + width]
            if all(t.is_word and _is_capitalised(t.text) for t in words):
                name = fold(article.text[words[0].start : words[-1].end])
                if _PLACES.get(name, 0) >= 500_000:
                    return True
    return False


_OF = frozenset({"of", "de", "d'", "del"})
_PERSON_OBJECT_MARKERS = {"es": ("a",), "en": ("to",), "de": ("von", "bei", "zum", "zur")}
"""Place prepositions that as often introduce a person ("venció a Sergi Bruguera")."""
_LIST_LINKS = frozenset({",", "and", "or", "et", "ou", "y", "o", "e", "und", "oder"})


def _admin_area(article: _Article, span: _Span) -> bool:
    """ "the county of Kent", "les comtés de Shackelford et de Milam", "im Landkreis Gifhorn":
    a name an administrative noun introduces is a place, also further down a list."""
    tokens = article.tokens
    j = span.first - 1
    for _ in range(4):  # a few names listed after one noun
        if j >= 0 and fold(tokens[j].text) in _OF:
            j -= 1
        elif article.language != "de":
            return False
        if j < 0:
            return False
        word = fold(tokens[j].text)
        if word in ADMIN_AREA_NOUNS and (article.language == "de" or tokens[j].text.islower()):
            return True
        if article.language == "de" and _german_place_cue(word):
            return True
        if word not in _LIST_LINKS or j == 0:
            return False
        j -= 1  # over the link, then over the name listed before
        while j >= 0 and tokens[j].is_word and _is_capitalised(tokens[j].text):
            j -= 1
        if j == span.first - 2:
            return False
    return False


@lru_cache(maxsize=1 << 14)
def _german_place_cue(folded: str) -> bool:
    """A German noun naming a kind of place, in any case and number, alone or as the end of
    a compound: "Stationen", "Kreisstadt", "Nachbardorf", "Felsschlucht"."""
    for ending in _GERMAN_CASE_ENDINGS:
        if ending and not folded.endswith(ending):
            continue
        stem = folded[: len(folded) - len(ending)]
        if stem.endswith(PLACE_CUE_ENDINGS_DE):
            return True
    return False


def _french_commune(article: _Article, span: _Span, prev: str) -> bool:
    """ "Isle-sur-le-Doubs", "Montreux-Vieux", "les fonderies de Cousances": French commune
    names, by their hyphenated particles or endings, or unknown after "de"/"à"."""
    text = article.tokens[span.first].text
    if _FRENCH_PLACE_PARTICLE.search(text):
        return not (span.first > 0 and fold(article.tokens[span.first - 1].text) == "la")
    if article.zipf_here(text.casefold()) > 0.0 or fold(text.split("-")[0]) in _FIRST:
        return False  # a word of the language; "Marie-Antoinette"
    return prev in ("de", "d'", "a") or text.casefold().endswith(_FRENCH_PLACE_ENDINGS)


_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _team_context(article: _Article, span: _Span, prev: str) -> bool:
    """A town or region named as a club: "el Madrid", or bare in a sports report.

    Sports pages name teams by their town ("Leeds beat Chelsea"); a preposition ("at Leeds")
    or a dateline ("LEEDS 1996-08-31", "Sevilla , 23 may") still means the place.
    """
    tokens = article.tokens
    if span.first > 0:
        before = tokens[span.first - 1]
        if fold(before.text) in CLUB_ARTICLES.get(article.language, ()) and (
            before.initial or before.text.islower()
        ):
            return True
    if not article.sports or prev in PLACE_PREPOSITIONS:
        return False
    after = tokens[span.last + 1].text if span.last + 1 < len(tokens) else ""
    line_start = span.first == 0 or tokens[span.first - 1].line != tokens[span.first].line
    return not (_DATE.match(after) or (line_start and after == ","))


def _club_in_brackets(article: _Article, span: _Span) -> bool:
    """ "Santi Lampón ( Getafe )", "Marcos (Mérida)": a town in brackets right after a
    person's name is the player's club (sports pages); a country there stays a place."""
    tokens = article.tokens
    before, after = span.first - 1, span.last + 1
    if before < 1 or after >= len(tokens) or tokens[before].text != "(":
        return False
    if tokens[after].text != ")":
        return False
    name = tokens[before - 1]
    if not (name.is_word and _is_capitalised(name.text)) or _is_acronym(name.text):
        return False
    j = before - 1
    while j > 0 and tokens[j - 1].is_word and _is_capitalised(tokens[j - 1].text):
        j -= 1
    if j > 0 and fold(tokens[j - 1].text) in article.connectors:
        return False  # "Salvatierra de los Barros (Badajoz)": a place's name
    words = [fold(t.text) for t in tokens[j:before]]
    if len(words) == 1:
        return words[0] in _SURNAMES and words[0] not in _PLACES  # not "Windsor (Ontario)"
    return words[0] in _FIRST and " ".join(words) not in _PLACES


SURNAME_ENDINGS = (
    "ez",
    "ov",
    "ova",
    "ev",
    "eva",
    "ski",
    "ska",
    "sky",
    "vic",
    "vić",
    "ic",
    "ić",
    "enko",
    "escu",
    "oglu",
    "poulos",
    "idis",
    "sson",
    "sen",
    "ini",
    "etti",
    "elli",
)


_CAMEL = re.compile(r"[a-z][A-Z]")
_ROMAN = re.compile(r"^[IVX]+$")


def _surname_shape(word: str) -> bool:
    """ "Martínez", "Ivanov", "Kowalski", "Stanic": endings that mark family names."""
    return len(word) > 4 and word.endswith(SURNAME_ENDINGS)


def _person_context(article: _Article, span: _Span) -> bool:
    """A verb of saying or a relative "who" next to the name ("Pinochet dijo", "sagte Eymer")."""
    tokens = article.tokens
    if (
        article.language in ("de", "es")
        and span.first > 0
        and fold(tokens[span.first - 1].text) in SPEECH_VERBS
    ):
        return True  # the subject after the verb: "sagte Eymer", "afirmó Aznar"
    j = span.last + 1
    if j < len(tokens) and tokens[j].text == ",":
        j += 1
        return j < len(tokens) and fold(tokens[j].text) in PERSON_RELATIVES
    if j < len(tokens) and fold(tokens[j].text) == "a":
        # French "a" alone is "has" ("Intel a gelé"): only "a dit", "a déclaré" are said.
        j += 1
    return j < len(tokens) and fold(tokens[j].text) in SPEECH_VERBS and fold(tokens[j].text) != "a"


def _demonym(word: str) -> bool:
    """ "Iraqi", "Iraqis", "Chinese": nationality words (CoNLL's MISC)."""
    if word in DEMONYMS_EN:
        return True
    return word.endswith("s") and (word[:-1] in DEMONYMS_EN or word[:-2] in DEMONYMS_EN)


_GERMAN_ORG_ENDINGS = tuple(fold(e) for e in GERMAN_ORG_ENDINGS)
_GERMAN_TITLE_ENDINGS = tuple(
    fold(stem + ending)
    for stem in (
        "präsident",
        "kanzler",
        "minister",
        "sekretär",
        "sprecher",
        "chef",
        "gründer",
        "vorsitzende",
        "meister",
        "direktor",
        "trainer",
        "experte",
        "politiker",
        "sender",
    )
    for ending in ("", "in", "r", "n")
)
_GERMAN_ORG_HEADS = tuple(GERMAN_ORG_ENDINGS) + ("tag", "institut", "verein", "zentrum")
_ELIDED = re.compile(r"^(?:[dlnsjmct]|qu)['’]", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    """An entity's key: folded, without an elided article or a possessive (remembered per
    text: asked of every span, and most names recur)."""
    key = fold(text)
    key = _ELIDED.sub("", key)
    key = re.sub(r"['’]s$", "", key)
    return " ".join(key.split())


_APPOSITION_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "le",
        "la",
        "l'",
        "un",
        "une",
        "el",
        "una",
        "der",
        "die",
        "das",
        "ein",
        "eine",
    }
)
_ROLE_LINKS = frozenset({"of", "at", "de", "d'", "du", "von", "vom", "del", "in", "bei"})
_AFTER_POSSESSIVE = frozenset({"shares", "stock", "shareholders", "subsidiary", "executives"})
_GERMAN_ORG_COMPOUND_TAILS = frozenset(
    {
        "chef",
        "chefin",
        "grunder",
        "mitgrunder",
        "aktie",
        "aktien",
        "konzern",
        "sprecher",
        "sprecherin",
        "manager",
        "vorstand",
        "boss",
    }
)


def _org_cue_noun(article: _Article, i: int) -> bool:
    """ "company", "la société", "der Chipkonzern": a noun that announces an organisation."""
    token = article.tokens[i]
    if not token.is_word:
        return False
    folded = fold(token.text)
    if article.language == "de":
        return _german_org_cue(folded)
    # "l'ONG Avaaz": the one cue noun news writes as an acronym
    return (token.text.islower() or folded in ("ong", "ngo")) and (
        folded in ORG_CUE_NOUNS or folded in MAKER_CUE_NOUNS  # "le label Deutsche Grammophon"
    )


_GERMAN_CASE_ENDINGS = ("", "n", "s", "en", "es", "ns")


@lru_cache(maxsize=1 << 14)
def _german_org_cue(folded: str) -> bool:
    """A German cue noun in any case and number: "den Herstellern Siemens", "des
    Technologie-Konzerns Kyocera", "die Rockband Fold Zandura"."""
    for ending in _GERMAN_CASE_ENDINGS:
        if ending and not folded.endswith(ending):
            continue
        stem = folded[: len(folded) - len(ending)]
        if stem in ORG_CUE_NOUNS or stem in ORG_CUE_NOUNS_DE:
            return True
        if len(stem) > 7 and stem.endswith(ORG_CUE_ENDINGS_DE):
            return True
    return False


def _romance_adjective(article: _Article, i: int) -> bool:
    """Whether token i may be an adjective after its noun (French, Spanish): a lower-case word
    that is no function word."""
    token = article.tokens[i]
    return (
        article.language in ROMANCE
        and token.is_word
        and token.text.islower()
        and fold(token.text) not in article.function_words
    )


def _organisation_keys(article: _Article, spans: list[_Span]) -> set[str]:
    """Names that the article itself presents as organisations, by the words around them.

    "the chipmaker Nvidia", "Broadcom, the chipmaker", "chief executive of OpenAI",
    "Nvidia shares", "TSMC-Chef": one such cue makes the name an organisation everywhere in
    the article (a company is rarely introduced twice).
    """
    tokens = article.tokens
    n = len(tokens)
    keys: set[str] = set()
    for span in spans:
        before = span.first - 1
        if before >= 0 and _org_cue_noun(article, before):
            keys.add(span.key)
            continue
        if (
            before >= 1
            and _romance_adjective(article, before)
            and _org_cue_noun(article, before - 1)
        ):
            keys.add(span.key)  # "le fonds spéculatif X", "el grupo textil X": the noun's adjective
            continue
        after = span.last + 1
        if after < n:
            word = tokens[after].text
            folded = fold(word)
            if word.islower() and folded in ORG_CUE_AFTER:
                keys.add(span.key)
                continue
            if (
                folded in ("'s", "’s")
                and after + 1 < n
                and tokens[after + 1].text in (_AFTER_POSSESSIVE)
            ):
                keys.add(span.key)
                continue
            if (
                word == ","
                and after + 2 < n
                and fold(tokens[after + 1].text) in (_APPOSITION_DETERMINERS)
            ):
                for j in range(after + 2, min(n, after + 5)):
                    if _org_cue_noun(article, j):
                        if j + 1 >= n or fold(tokens[j + 1].text) not in ("'s", "’s"):
                            keys.add(span.key)
                        break
                    word_j = tokens[j].text
                    if (
                        not (word_j.islower() or article.language == "de")
                        or not tokens[j].is_word
                        or fold(word_j) in article.function_words
                    ):
                        break
                if span.key in keys:
                    continue
        if (
            before >= 1
            and fold(tokens[before].text) in _ROLE_LINKS
            and tokens[before - 1].is_word
            and fold(tokens[before - 1].text) in ORG_CUE_ROLES
        ):
            keys.add(span.key)
    if article.language == "de":
        for token in tokens:
            if not _HYPHEN.search(token.text):
                continue  # most words: no compound to split
            parts = [part for part in _HYPHEN.split(token.text) if part]
            if len(parts) == 2 and fold(parts[1]) in _GERMAN_ORG_COMPOUND_TAILS:
                keys.add(_key(parts[0]))
    if article.language in ("en", "und"):
        keys |= _neuter_subjects(article, spans)
    keys |= _coordinated(article, spans, keys)
    return keys


def _product_keys(article: _Article, spans: list[_Span]) -> set[str]:
    """ "the chatbot ChatGPT", "le projet Stargate", "the H20 chip": named products."""
    tokens = article.tokens
    keys: set[str] = set()
    for span in spans:
        before = span.first - 1
        if (
            before >= 0
            and (tokens[before].text.islower() or article.language == "de")
            and fold(tokens[before].text) in PRODUCT_CUE_NOUNS
        ):
            keys.add(span.key)
            continue
        after = span.last + 1
        if (
            after < len(tokens)
            and tokens[after].text.islower()
            and fold(tokens[after].text) in PRODUCT_CUE_NOUNS
            and any(c.isdigit() for c in span.key)
        ):
            keys.add(span.key)
    return keys


_COORDINATORS = frozenset({"and", "or", "et", "ou", "puis", "y", "o", "e", "und", "oder", "&"})


def _coordinated(article: _Article, spans: list[_Span], keys: set[str]) -> set[str]:
    """ "OpenAI, Oracle, Nvidia, Cisco and SoftBank": names listed together share a kind.

    A list (joined by commas and at least one "and"/"et"/"y"/"und") holding a name that is
    surely an organisation makes its weakly typed members organisations too.
    """
    tokens = article.tokens
    found: set[str] = set()
    group: list[_Span] = []
    coordinated = False

    def close() -> None:
        if len(group) > 1 and coordinated:
            anchored = any(
                member.key in keys
                or member.rule == "camel-case"
                or (
                    member.kind == "organization"
                    and member.strength >= 2
                    and member.rule != "sports-team"
                )
                for member in group
            )
            if anchored:
                found.update(member.key for member in group if member.strength <= 1)

    for span in spans:
        if group:
            previous = group[-1]
            between = tokens[previous.last + 1 : span.first]
            if len(between) == 1 and (
                between[0].text == "," or fold(between[0].text) in _COORDINATORS
            ):
                coordinated |= between[0].text != ","
                group.append(span)
                continue
            close()
        group, coordinated = [span], False
    close()
    return found


def _neuter_subjects(article: _Article, spans: list[_Span]) -> set[str]:
    """ "Nvidia designed a slower version of its chip": an English name followed in its own
    sentence by "its" (and no other name, no "he"/"his") is no person."""
    tokens = article.tokens
    found: set[str] = set()
    starts = {span.first for span in spans}
    for span in spans:
        if span.strength > 1 or (span.kind == "place" and span.rule != "prep"):
            continue
        if _modifier(article, span):
            continue  # "the Biden administration tightened its rules": "its" is the head's
        for j in range(span.last + 1, min(len(tokens), span.last + 9)):
            word = tokens[j].text
            if word in SENTENCE_STOPS or j in starts or word in ("he", "his", "she", "her"):
                break
            if word == "its":
                found.add(span.key)
                break
    return found


SENTENCE_STOPS = frozenset({".", "!", "?", ";", ":", '"', "“", "”"})
_NOUN_PHRASE_OPENERS = frozenset({"the", "a", "an"})
_LEADER_TERMS = frozenset({"administration", "presidency"})
_NEUTER_OWNERS = frozenset({"its", "their", "our"})


def _owned_thing(article: _Article, span: _Span) -> bool:
    """ "its Hopper data-centre chip", "Nvidia's current Blackwell generation": an English name
    that qualifies a noun after an owner ("its", or a genitive and an adjective) names a thing
    the owner makes or holds, not a person (not "Arsenal's Saka", "Nvidia's chief Huang")."""
    tokens = article.tokens
    after = span.last + 1
    if not (after < len(tokens) and tokens[after].is_word and tokens[after].text.islower()):
        return False
    if fold(tokens[after].text) in article.function_words or fold(tokens[after].text) in (
        SPEECH_VERBS
    ):
        return False
    j = span.first - 1
    skipped = 0
    while j >= 0 and tokens[j].is_word and tokens[j].text.islower() and skipped < 2:
        folded = fold(tokens[j].text)
        if folded in _NEUTER_OWNERS:
            return True
        if folded in PERSON_TITLES or folded in article.function_words:
            return False
        skipped += 1
        j -= 1
    return skipped > 0 and j >= 0 and fold(tokens[j].text) in ("'s", "’s")


def _leader_term(article: _Article, span: _Span) -> bool:
    """ "the Biden administration", "the Obama presidency": a term of office is named after
    the person who held it."""
    after = span.last + 1
    return _modifier(article, span) and fold(article.tokens[after].text) in _LEADER_TERMS


def _modifier(article: _Article, span: _Span) -> bool:
    """ "the Biden administration", "a Hopper chip": an English name between an article and a
    lower-case word qualifies the noun after it, which is the phrase's head."""
    tokens = article.tokens
    after = span.last + 1
    return (
        span.first > 0
        and fold(tokens[span.first - 1].text) in _NOUN_PHRASE_OPENERS
        and after < len(tokens)
        and tokens[after].is_word
        and tokens[after].text.islower()
        and fold(tokens[after].text) not in article.function_words
    )


def _resolve(article: _Article, spans: list[_Span]) -> None:
    """Article-level consistency: one key and one kind per entity."""
    full_people: dict[str, str] = {}
    for span in spans:
        span.key = _key(
            article.text[article.tokens[span.first].start : article.tokens[span.last].end]
        )
        if span.kind == "person" and span.last > span.first:
            words = span.key.split()
            full_people.setdefault(words[-1], span.key)
            if words[0] in _FIRST:
                full_people.setdefault(words[0], span.key)
    if article.language == "de":
        for span in spans:
            if span.first == span.last and span.key not in full_people:
                stem = span.key[:-1] if span.key.endswith("s") else ""
                if stem in full_people and stem in article.surnames_here:
                    span.key = full_people[stem]  # the genitive "Merkels"
                    span.kind, span.strength = "person", max(span.strength, 2)
    for span in spans:
        if (
            span.first == span.last
            and span.key in full_people
            and (span.strength < 3 or span.kind == "person")
        ):
            span.key = full_people[span.key]
            span.kind, span.strength = "person", max(span.strength, 2)
    organisations = _organisation_keys(article, spans)
    products = _product_keys(article, spans) - organisations
    # "Atco Ltd said its Atco Development unit", "Lewis-Westco and Co ... Lewis-Westco": a
    # company's name without its legal form names the company, unless stronger evidence holds.
    companies = {_company_stem(span.key) for span in spans if span.rule == "company-name"}
    for span in spans:
        if span.strength < 3 and span.key in companies:
            span.kind, span.strength, span.rule = "organization", 2, "company-name"
    for span in spans:
        if span.strength > 1 or span.key in full_people:
            continue
        if span.key in organisations:
            span.kind, span.strength, span.rule = "organization", 2, "org-cue"
        elif span.key in products:
            span.kind, span.strength, span.rule = "other", 2, "product-cue"
    # The strongest evidence wins; among equally strong, the kind most mentions got.
    # A town named as a club is decided by its own context and neither votes nor is outvoted.
    votes: dict[str, dict[tuple[int, EntityKind], int]] = {}  # key → (strength, kind) → count
    for span in spans:
        if span.rule != "sports-team":
            ballot = votes.get(span.key)
            if ballot is None:
                ballot = votes[span.key] = {}
            vote = (span.strength, span.kind or "other")
            ballot[vote] = ballot.get(vote, 0) + 1
    for span in spans:
        ballot = votes.get(span.key)
        if ballot is None or span.rule == "sports-team":
            continue
        top = max(strength for strength, _ in ballot)
        tied: list[EntityKind] = [kind for strength, kind in ballot if strength == top]
        winner: EntityKind = max(tied, key=lambda kind: ballot[(top, kind)])
        span.kind = winner
    _name_country(spans)


def _name_country(spans: list[_Span]) -> None:
    """ "Stargate Norway", "Microsoft France": a name followed by a country is that name's
    branch or edition, of the kind the name has in the article (else an organisation), and
    never a person (no surname is a country's name)."""
    kinds = {span.key: span.kind for span in spans}
    for span in spans:
        words = span.key.split()
        if not (2 <= len(words) <= 3) or span.strength > 2 or words[0] in _FIRST:
            continue
        if span.rule == "name-country" or (
            span.kind == "person" and _PLACES.get(words[-1], 0) >= gazetteer.COUNTRY_WEIGHT
        ):
            head = kinds.get(" ".join(words[:-1]))
            span.kind = head if head and head != "person" else "organization"
            span.rule = "name-country"


def explain(text: str, language: str) -> list[tuple[Mention, str]]:
    """Each mention with the name of the rule that chose its kind (for evaluation)."""
    return _recognise(text, language, _SHIPPED)


def find_mentions(text: str, language: str) -> list[Mention]:
    """Every named-entity mention in `text`, in order, non-overlapping, with exact offsets.

    `language` is an ISO 639-1 code or "und"; languages other than fr, en, es and de get the
    language-neutral rules (capitals mid-sentence, gazetteers, cross-language frequencies).
    Where a learned model ships for the language (`crf.MODEL_LANGUAGES`), it decides the
    spans and kinds, with the rules' findings among its features.
    """
    return [mention for mention, _ in _recognise(text, language, _SHIPPED)]


def rule_mentions(text: str, language: str) -> list[Mention]:
    """The hand-written rules alone, with no learned model (for evaluation and comparison)."""
    return [mention for mention, _ in _recognise(text, language, None)]


def model_mentions(text: str, language: str, tagger: crf.Tagger) -> list[Mention]:
    """Rules plus the given model (evaluation: cross-validation trains its own)."""
    return [mention for mention, _ in _recognise(text, language, tagger)]


def training_view(text: str, language: str) -> tuple[list[Token], list[str]]:
    """The tokens of `text` and the rules' label for each ("B-person|title", "O"), which
    training and tagging turn into the same features."""
    article, spans = _rule_spans(text, language)
    return article.tokens, _rule_labels(article, spans)


CURRENCIES = frozenset(
    {"euro", "euros", "dollar", "dollars", "yen", "pfund", "franken", "rubel", "peso", "pesos"}
)


class _Shipped:
    """Marks "use the model shipped for the language, if any"."""


_SHIPPED = _Shipped()


def _recognise(
    text: str, language: str, tagger: crf.Tagger | _Shipped | None
) -> list[tuple[Mention, str]]:
    article, spans = _rule_spans(text, language)
    if isinstance(tagger, _Shipped):
        tagger = crf.tagger_for(article.language)
    if tagger is not None and article.tokens:
        spans = _model_spans(article, spans, tagger)
    # A currency is a common noun to a reader ("500 Euro"), though GermEval tags it: dropping
    # it costs about 0.01 of German F1 and keeps "Euro" out of the sidebar of every article.
    spans = [
        span
        for span in spans
        if span.first != span.last
        or (
            fold(article.tokens[span.first].text) not in CURRENCIES
            and not _number_word(article, span.first)
            and not _unit(article.tokens, span.first)
        )
    ]
    mentions = []
    for span in spans:
        start = article.tokens[span.first].start
        end = article.tokens[span.last].end
        mention = Mention(
            text=text[start:end], kind=span.kind or "other", start=start, end=end, key=span.key
        )
        mentions.append((mention, span.rule))
    return mentions


def _number_word(article: _Article, i: int) -> bool:
    """ "Record March Two", "Pay April One": an English or French number word alone (not in
    capitals: Spain's "ONCE" is an organisation; Spanish and German are left to the model)."""
    text = article.tokens[i].text
    return article.language in ("en", "fr") and not text.isupper() and fold(text) in NUMBER_WORDS


def _unit(tokens: list[Token], i: int) -> bool:
    """ "850 Nm", "300 kW", "64 Go": a unit's symbol right after a number."""
    return i > 0 and tokens[i - 1].text[0].isdigit() and fold(tokens[i].text) in UNIT_SYMBOLS


def _rule_spans(text: str, language: str) -> tuple[_Article, list[_Span]]:
    code = (language or "und").lower().split("-")[0]
    article = _Article(text, code if code in FUNCTION_WORDS else code)
    if code not in KNOWN_LANGUAGES:
        article.frequency = None
    spans = _spans(article)
    if article.language in ("en", "fr", "und"):
        spans = _split_roles(article, spans)
    if article.language in ("en", "und"):
        spans = _join_and_heads(article, spans)
    for span in spans:
        if not span.kind:
            common = span.rule == "fr-common"
            _type(article, span)
            if common:
                span.rule = "fr-common"
    spans = _without_covered(spans)
    _resolve(article, spans)
    spans = [span for span in spans if span.rule != "fr-common" or " " in span.key]
    spans = [span for span in spans if span.rule != "title-common"]
    if article.language == "de":
        # A lone German capitalised word with no evidence of any kind is mostly a noun.
        backed = {span.key for span in spans if span.rule != "default"}
        spans = [
            span
            for span in spans
            if span.rule != "default" or span.first != span.last or span.key in backed
        ]
    spans = [
        span
        for span in spans
        if span.first != span.last or fold(article.tokens[span.first].text) not in COMMON_ACRONYMS
    ]
    return article, spans


def _join_and_heads(article: _Article, spans: list[_Span]) -> list[_Span]:
    """ "Securities and Exchange Commission", "Savings and Loan Association": common words
    joined by "and" to a name that ends in an organisation's head word are one name (the
    parts alone, "Securities", "Exchange Commission", are no names)."""
    tokens = article.tokens
    out: list[_Span] = []
    for span in spans:
        before = out[-1] if out else None
        if (
            before is not None
            and not before.kind
            and not span.kind
            and span.first == before.last + 2
            and tokens[before.last + 1].text in ("and", "&")
            and fold(tokens[span.last].text) in ORG_HEADS
            and all(
                article.zipf_here(t.text.casefold()) >= 4.0
                for t in tokens[before.first : before.last + 1]
            )
        ):
            out[-1] = _Span(before.first, span.last, rule=span.rule)
        else:
            out.append(span)
    return out


_NAMED_AFTER = ORG_HEADS | PLACE_HEADS | OTHER_HEADS | {"saint", "sainte", "san", "santa", "st"}
"""Words that make a person's name part of a longer name: "Fondation Jean Jaurès", "Lycée
Victor Hugo", "rue Jean Jaurès", "Saint Jean Baptiste", "Prix Albert Londres"."""


def _split_roles(article: _Article, spans: list[_Span]) -> list[_Span]:
    """ "le ministre de l'Intérieur Christophe Castaner", "Treasury Secretary James Baker":
    common words of the language, then a known first name and more capitalised words, are
    a ministry or a role followed by a person, not one name. (German capitalises every noun
    and its model sees the spans: not there.)"""
    tokens = article.tokens
    out: list[_Span] = []
    for span in spans:
        cut = 0
        if not span.kind and span.last - span.first >= 2:
            for k in range(span.first + 1, span.last):
                text = tokens[k].text
                if not text[0].isupper() or fold(text) not in _FIRST:
                    continue
                prefix = tokens[span.first : k]
                if (
                    all(
                        t.is_word
                        and t.text[0].isupper()
                        and fold(t.text) not in _FIRST
                        and fold(t.text) not in article.function_words
                        and fold(t.text) not in _NAMED_AFTER
                        and article.zipf_here(t.text.casefold()) >= 4.0
                        for t in prefix
                    )
                    and tokens[k + 1].text[0].isupper()
                ):
                    cut = k
                break
        if cut:
            out.append(_Span(span.first, cut - 1, rule=span.rule))
            out.append(_Span(cut, span.last, rule=span.rule))
        else:
            out.append(span)
    return out


def _without_covered(spans: list[_Span]) -> list[_Span]:
    """The spans less those inside a company name that typing stretched over them."""
    kept: list[_Span] = []
    reach = -1
    for span in spans:
        if span.first <= reach:
            continue
        kept.append(span)
        if span.rule == "company-name":
            reach = span.last
    return kept


def _rule_labels(article: _Article, spans: list[_Span]) -> list[str]:
    labels = ["O"] * len(article.tokens)
    for span in spans:
        kind = span.kind or "other"
        rule = f"|{span.rule}" if span.rule else ""
        labels[span.first] = f"B-{kind}{rule}"
        for i in range(span.first + 1, span.last + 1):
            labels[i] = f"I-{kind}{rule}"
    return labels


def _model_spans(article: _Article, rule_spans: list[_Span], tagger: crf.Tagger) -> list[_Span]:
    """The model's spans and kinds, then one kind per key across the article.

    The model learned from single sentences, so it tags one sentence at a time: a name never
    runs on across a full stop ("Abilene. Im Mai"), and a sentence's first word sees the
    same edge as in training."""
    tokens = article.tokens
    labels = _rule_labels(article, rule_spans)
    spans: list[_Span] = []
    for begin, end in _sentences(tokens):
        found = tagger.tag(tokens[begin:end], labels[begin:end], article.language)
        for first, last, kind in crf.decode(found):
            for part_first, part_last in _score_cuts(article, first + begin, last + begin):
                for piece_first, piece_last in _pieces(article, part_first, part_last, kind):
                    span = _Span(piece_first, piece_last, kind, 2, rule="crf")
                    text = article.text[tokens[piece_first].start : tokens[piece_last].end]
                    span.key = _key(text)
                    spans.append(span)
    if RULES_DECIDE_KIND:
        # Where model and rules found the same name, a context rule the model cannot see
        # well (a town as a club, a title before a person) decides its kind.
        by_range = {(span.first, span.last): span for span in rule_spans}
        for span in spans:
            rule = by_range.get((span.first, span.last))
            if rule is not None and rule.kind and rule.rule in KIND_RULES:
                span.kind, span.strength, span.rule = rule.kind, 3, rule.rule
    if RULES_JOIN_MODEL:
        # The rules' surest findings stand where the model found nothing ("im Nahen Osten").
        taken = {i for span in spans for i in range(span.first, span.last + 1)}
        for span in rule_spans:
            if span.strength >= 3 and not any(i in taken for i in range(span.first, span.last + 1)):
                spans.append(span)
        spans.sort(key=lambda span: span.first)
    spans = _propagate(article, spans)
    _model_consistency(spans)
    _name_country(spans)
    if article.language == "de":
        _german_genitive_places(article, spans)
        _german_cued_kinds(article, spans)
    return spans


def _german_cued_kinds(article: _Article, spans: list[_Span]) -> None:
    """ "den Herstellern Siemens", "der Hafen Port Grosvenor": a cue noun right before a
    name the model found decides its kind, where no rule saw the same span."""
    tokens = article.tokens
    for span in spans:
        if span.rule not in ("crf", "propagated") or span.first == 0:
            continue
        before = tokens[span.first - 1]
        if not before.is_word or not before.text[0].isupper():
            continue
        if _org_cue_noun(article, span.first - 1):
            span.kind = "organization"
        elif _german_place_cue(fold(before.text)):
            span.kind = "place"


def _german_genitive_places(article: _Article, spans: list[_Span]) -> None:
    """ "Wetzlars Coach", "unter Kontrolle Tarragonas": a name that is a town's name plus
    the genitive -s is that town (GermEval: 33 of 35 such names are places), whatever kind
    the model guessed; not where the stem is a first name ("Stanleys Geburtsdatum")."""
    tokens = article.tokens
    for span in spans:
        if span.first != span.last or span.kind == "place" or span.strength > 2:
            continue
        text = tokens[span.first].text
        if len(text) < 4 or not text.endswith("s") or not text[0].isupper():
            continue
        folded = fold(text)
        stem = folded[:-1]
        if _PLACES.get(stem, 0) >= 15_000 and stem not in _FIRST and folded not in _PLACES:
            span.kind = "place"


RULES_JOIN_MODEL = True
RULES_DECIDE_KIND = True
SENTENCE_TAGGING = False
ATTACHED_STOP_CUTS = True
_FULL_STOPS = frozenset(".!?…")
KIND_RULES = frozenset(
    {
        "sports-team",
        "club-brackets",
        "institution-building",
        "title",
        "de-fixed",
        "demonym",
        "org-word",
        "place-big",
        "camel-case",
        "org-cue",
        "product-cue",
        "model-number",
    }
)


def _score_cuts(article: _Article, first: int, last: int) -> list[tuple[int, int]]:
    """A model span cut at the scores of a results table: a bare number after a name that a
    spaced dash or another capitalised word follows is a score ("Real Madrid 83 - Adecco
    Estudiantes 73"), which ends the name; a name keeps a number only at its end and
    unscored ("Apollo 11")."""
    tokens = article.tokens
    parts: list[tuple[int, int]] = []
    start = first
    for i in range(first + 1, last + 1):
        if not tokens[i].text.isdigit():
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        scored = after is not None and (
            (after.text in ("-", "–") and after.start > tokens[i].end)
            or (i < last and after.is_word and after.text[0].isupper())
        )
        if scored:
            if i > start:
                parts.append((start, i - 1))
            start = i + 1
    if start <= last:
        parts.append((start, last))
    return [(a, b) for a, b in parts if not (a == b and tokens[a].text in ("-", "–"))]


def _pieces(article: _Article, first: int, last: int, kind: EntityKind) -> list[tuple[int, int]]:
    """A model span cut at line ends and at a full stop before a function word, which it
    learned nothing about (its training units are single sentences): "Abilene. Im Mai" is
    "Abilene"; a piece after a cut that opens with a function word is dropped."""
    tokens = article.tokens
    pieces: list[tuple[int, int]] = []
    start = first
    # Wire text writes organisations and events as "Ministerio de Agricultura, Pesca.
    # Alimentación" (CoNLL-2002: 72 such names); people and places have no such stops.
    cut_attached = ATTACHED_STOP_CUTS and kind in ("person", "place")
    for i in range(first, last + 2):
        # A full stop ends the name where prose puts it, right after a word ("Main. Rund",
        # "Musk. Satya Nadella"), though not after an initial or abbreviation ("Lawrence R.
        # Klein"); a spaced one (tokenised wire text) only before a function word.
        stop = (
            i < last
            and tokens[i].text in _FULL_STOPS
            and tokens[i + 1].start > tokens[i].end
            and (
                fold(tokens[i + 1].text) in article.function_words
                or (
                    cut_attached
                    and i > first
                    and tokens[i - 1].end == tokens[i].start
                    and len(tokens[i - 1].text) > 1
                    and fold(tokens[i - 1].text) not in _ABBREVIATIONS
                )
            )
        )
        if not (i > last or stop or tokens[i].line != tokens[start].line):
            continue
        a, b = start, min(i, last + 1) - 1
        while a <= b and not tokens[a].is_word:
            a += 1
        while b >= a and not tokens[b].is_word:
            b -= 1
        after_cut = a > first
        if a <= b and not (
            after_cut
            and (
                fold(tokens[a].text) in article.function_words
                or all(article.zipf_here(t.text.casefold()) >= 4.0 for t in tokens[a : b + 1])
            )
        ):
            pieces.append((a, b))  # not "Im Mai" or "Rund" after the cut
        start = i + 1 if stop else i
    return pieces


def _sentences(tokens: list[Token]) -> list[tuple[int, int]]:
    """(begin, end) token ranges, cut where a token opens a sentence or a line."""
    if not SENTENCE_TAGGING:
        return [(0, len(tokens))]
    cuts = [
        i
        for i in range(1, len(tokens))
        if tokens[i].initial
        and (tokens[i - 1].text in _FULL_STOPS or tokens[i].line != tokens[i - 1].line)
    ]
    bounds = [0, *cuts, len(tokens)]
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


def _propagate(article: _Article, spans: list[_Span]) -> list[_Span]:
    """ "Heiko Brandner ... sprach Brandner": a found person's surname, and a found name of
    several words, are names wherever else the article writes them, found or not."""
    tokens = article.tokens
    taken = {i for span in spans for i in range(span.first, span.last + 1)}
    surnames: dict[str, _Span] = {}
    phrases: dict[tuple[str, ...], _Span] = {}
    for span in spans:
        words = tuple(t.text for t in tokens[span.first : span.last + 1])
        if len(words) > 1 and all(t.is_word for t in tokens[span.first : span.last + 1]):
            phrases.setdefault(words, span)
            if span.kind == "person" and _is_capitalised(words[-1]) and len(words[-1]) > 2:
                surnames.setdefault(words[-1], span)
    if not surnames and not phrases:
        return spans
    added: list[_Span] = []
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(phrases, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(words)
    after = 0  # the first token not inside a span added here
    for i, token in enumerate(tokens):
        text = token.text
        if i < after or (text not in by_first and text not in surnames) or i in taken:
            continue
        found = None
        for words in by_first.get(text, ()):
            width = len(words)
            if tuple(t.text for t in tokens[i : i + width]) == words and not any(
                j in taken for j in range(i, i + width)
            ):
                source = phrases[words]
                found = _Span(i, i + width - 1, source.kind, 2, source.key, "propagated")
                break
        if found is None and text in surnames:
            source = surnames[text]
            found = _Span(i, i, "person", 2, source.key, "propagated")
        if found is not None:
            added.append(found)
            after = found.last + 1
    return sorted(spans + added, key=lambda span: span.first) if added else spans


def _model_consistency(spans: list[_Span]) -> None:
    """A surname alone takes the key of the full name seen in the article; every mention of
    a key takes the kind most of its mentions got."""
    full_people: dict[str, str] = {}
    for span in spans:
        words = span.key.split()
        if span.kind == "person" and len(words) > 1:
            full_people.setdefault(words[-1], span.key)
    for span in spans:
        if " " not in span.key and span.key in full_people:
            span.key = full_people[span.key]
        elif " " not in span.key and span.key.endswith("s") and span.key[:-1] in full_people:
            span.key = full_people[span.key[:-1]]  # the genitive "Brandners", "Merkels"
            span.kind = "person"
    votes: dict[str, dict[tuple[int, EntityKind], int]] = {}  # key → (strength, kind) → count
    for span in spans:
        if span.rule not in ("sports-team", "club-brackets"):
            ballot = votes.get(span.key)
            if ballot is None:
                ballot = votes[span.key] = {}
            vote = (span.strength, span.kind or "other")
            ballot[vote] = ballot.get(vote, 0) + 1
    for span in spans:
        ballot = votes.get(span.key)
        if ballot is None or span.rule in ("sports-team", "club-brackets"):
            continue  # a town named as a club is decided by its own context
        ranked = sorted(
            ballot.items(), key=lambda item: (item[0][0], item[1], item[0][1] == span.kind)
        )
        span.kind = ranked[-1][0][1]
