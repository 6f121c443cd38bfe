"""Keyphrases a reader would tag an article with, in the words of the article.

Candidates are the word n-grams inside runs of content words: stop words, punctuation and
elisions cut runs, a number or a likely verb form may not end a phrase, a name is never cut in
two, and in German a phrase ends on a (capitalised) noun. Two runs joined by a connector
("restricciones de agua", "centres de données") also make a candidate when that phrase
recurs. So a phrase never starts or ends with "de" or "said" and never spans a sentence.

Each candidate is kept with its in-article statistics (`keyword_candidates`): its words'
counts, first positions and title presence, their general frequency (wordfreq), how often
the phrase recurs, and a `fit` factor for what the sentence says about it (clause pieces,
verbs and one-off fragments are discounted here, where the text is at hand). Ranking them is
`index.analysis.keyword_ranking.rank_keywords`, against the article alone (`extract_keywords`,
`analyze`) or against a collection's document frequencies (the library, the evaluator).
Measured on DUC-2001 and 110-PT-BN-KP with `python -m index.evaluate keywords`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import NamedTuple

from index.analysis.keyword_ranking import DEFAULT_LIMIT, best_candidates, parts, rank_keywords
from index.analysis.stopwords import connectors, fold_plural, stop_words
from index.analysis.table_cache import stored
from index.models import KeywordCandidates, KeywordPhrase, KeywordTerm

MAX_WORDS = 4
"""Longest phrase considered; longer runs are rarely what an editor writes as a tag."""
KEEP = 60
"""Candidates an article keeps for later ranking: its best this many ranked alone."""
TITLE_MAX_WORDS = 30
"""A first paragraph longer than this is body text, not a title."""
LEDE_WORDS = 60
"""Words after the title that count as the lede, where an article states its terms."""
NAME_FREQUENCY = 1e-5
"""A capitalised word at a sentence start or in a title is a name when rarer than this."""


@dataclass
class Weights:
    """The knobs of candidate extraction, in one place so the evaluation can vary them: factors
    for what the article's syntax says about a candidate (ranking knobs are in
    `keyword_ranking.Ranking`)."""

    title_only: float = 0.3
    """Factor for a phrase seen once, in the title: headline syntax, not the article's terms."""
    participles: bool = True
    """Whether an English "-ed" word may only open a phrase: after a noun it is a verb
    ("chair stayed empty"), before one it qualifies it ("armed forces")."""
    once: float = 0.0
    """Factor for a phrase of several words seen once, after the lede: a one-off word sequence
    ("partners scouted land") is more often a clause than a term."""
    once_min: int = 3
    """Fewest words of a phrase the `once` factor applies to."""
    bare: float = 0.0
    """Factor, in French and Spanish, for a lone common word never seen after a determiner:
    nouns there take one ("le doublé"), verbs and participles do not ("remporte", "lancé")."""
    mixed: float = 0.0
    """Factor for a phrase seen once that glues a name to common words ("taïwanais TSMC",
    "Panahi wins"): names stand alone in the entity list."""
    fragment: float = 0.0
    """English: factor for a phrase every occurrence of which runs on into another content
    word that its last word nearly always takes ("big economic" of "big economic
    announcement", "building data" of "building data centres"): a piece of a longer phrase."""
    modifier_share: float = 0.75
    """Share of a word's occurrences followed by a content word that makes it a modifier."""
    verb_s: float = 0.0
    """English: factor for a phrase seen once whose last word is followed by a determiner
    ("the deal binds the", "backers lack the"), or by "to" after an "-s" ("Microsoft plans
    to"): a verb, not a noun."""
    name_once: float = 1.0
    """English: factor for a name followed by common words, seen once after the lede
    ("Stargate exists", "SoftBank shares")."""
    participle: float = 0.0
    """French and Spanish: factor for a noun and a past participle seen once and followed
    by its complement ("ambition fixée par", "exportation décidés à", "penalti cometido
    por"): a clause; a recurring one, or one standing alone ("pays développés"), is a term."""
    run_on: float = 0.0
    """English: factor for a phrase seen once that runs on into another content word
    ("SoftBank shares rose", "Brussels-based policy consultant"): a piece of a clause."""
    clause: float = 0.0
    """English: factor for a phrase seen once that opens on a verb: an "-ed" word after a
    content word ("Brussels refused industry calls") or any word after a modal ("will
    develop sites")."""


P = Weights()

_NOUNS_CAPITALISED = frozenset({"de", "lb"})
_NAME_BEFORE_ADJECTIVE = frozenset({"fr", "es", "it", "pt", "ca"})
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-‐][^\W_]+)*")
_SOFT_GAP = re.compile(r"[ \t\u00a0'’]*")
_SENTENCE_END = re.compile(r"[.!?:;«»\"“”\n]")
_SPACES = re.compile(r"\s+")
_GERMAN_ADJECTIVE = re.compile(r"(?:isch|lich)(?:e|en|er|es|em)?$")
_GERMAN_INFLECTED = ("e", "en", "er", "es", "em")
_RELATIONAL_ADJECTIVE = {
    # Endings of adjectives that follow their noun: another word after one is not its noun
    # ("Cour des comptes européenne juge"), so the phrase straddles a clause.
    "fr": ("éen", "éenne", "éens", "éennes", "ais", "aise", "aises", "ien", "ienne", "iens",
           "iennes", "ique", "iques", "al", "ale", "aux", "ales", "el", "elle", "els", "elles",
           "aire", "aires", "if", "ive", "ifs", "ives", "é", "ée", "és", "ées"),
    "es": ("ano", "ana", "anos", "anas", "ense", "enses", "ico", "ica", "icos", "icas", "al",
           "ales", "ivo", "iva", "ivos", "ivas", "ario", "aria", "arios", "arias", "és", "esa",
           "eses", "esas", "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"),
}
_DETERMINER_WORDS = {
    # Words before a noun; a word never seen after one is likely a verb form ("remporte").
    "fr": "le la les l un une des du au aux ce cet cette ces son sa ses leur leurs notre nos "
          "votre vos mon ma mes de d en par pour sur avec sans entre deux trois quatre cinq six "
          "sept huit neuf dix cent mille plusieurs quelques chaque",
    "es": "el la los las lo un una unos unas del al este esta estos estas ese esa esos esas su "
          "sus nuestro nuestra nuestros nuestras de en por para con sin entre dos tres cuatro "
          "cinco seis siete ocho nueve diez cien mil varios varias algunos algunas cada",
}
_DETERMINERS = {language: frozenset(words.split()) for language, words in _DETERMINER_WORDS.items()}
_ADJECTIVE_ENDINGS = {
    # Other endings an adjective closing a phrase may have: "tapis rouge", "cine español".
    "fr": ("ain", "aine", "an", "ane", "oire", "eux", "euse", "ite", "uge", "ète", "ble", "ide"),
    "es": ("í", "ol", "ola", "ño", "ña", "ble", "ente", "ante", "oso", "osa"),
}
_YEAR = re.compile(r"(?:19|20)\d\d")
_VERB_ENDINGS = {
    # Spelling that marks a conjugated verb and (almost) never a noun or adjective.
    "es": ("ó", "aron", "ieron", "aban", "ían", "ará", "erá", "irá", "arán", "erán", "irán"),
    "fr": ("aient", "èrent", "eront", "eraient", "erait", "irait", "ssait"),
}
_FRENCH_NOUNS_IN_ER = frozenset(
    # Nouns that look like infinitives: mostly English loans.
    {
        "cancer", "hiver", "enfer", "laser", "leader", "manager", "reporter", "supporter",
        "speaker", "thriller", "trader", "poster", "container", "casher", "charter", "partner",
        "scanner", "bunker", "blogger", "designer", "player", "challenger", "outsider", "insider",
        "booster", "cluster", "freezer",
    }
)
_NOT_VERBS = {"fr": frozenset({"portrait", "trait", "souhait", "attrait", "extrait", "retrait"})}
_PARTICIPLE = {
    # Past participle endings: after a noun, in a phrase seen once, more often a clause
    # ("projections retenues par") than a term.
    "fr": ("é", "ée", "és", "ées", "u", "ue", "us", "ues"),
    "es": ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas"),
}
_NOT_PARTICIPLES = {
    # Common nouns with a participle's ending.
    "fr": frozenset({"marché", "côté", "société", "comté", "comité", "été", "député", "santé",
                     "qualité", "réalité", "activité", "capacité", "sécurité", "électricité",
                     "université", "priorité", "autorité", "communauté", "majorité", "clé",
                     "revenu", "contenu", "menu", "tissu", "rue", "vue", "statue", "avenue",
                     "bus", "virus", "plus", "début", "but", "salut", "statut", "institut",
                     "élu", "élus", "détenu", "détenus", "revenus", "contenus", "tribu"}),
    "es": frozenset({"estado", "mercado", "partido", "resultado", "senado", "pasado",
                     "comunicado", "sentido", "vida", "salida", "medida", "partida", "llegada",
                     "temporada", "jornada", "entrada", "década", "mirada", "comida",
                     "bebida", "tratado", "grado", "lado", "cuidado", "ciudad", "ida",
                     "estados", "mercados", "partidos", "resultados", "medidas", "salidas",
                     "partidas", "jornadas", "temporadas", "entradas", "décadas"}),
}
_COMPLEMENT = {
    # Words that open a participle's complement: "fixée par Bruxelles", "cometido por".
    "fr": frozenset({"par", "à", "au", "aux", "en", "dans", "pour", "sur", "depuis", "de", "d",
                     "du", "des", "hors", "avec", "sans", "lors", "entre", "contre", "chez"}),
    "es": frozenset({"por", "en", "a", "al", "de", "del", "con", "para", "desde", "sin",
                     "tras", "ante", "contra", "entre"}),
}
_MODALS = frozenset({"will", "would", "can", "could", "may", "might", "must", "should",
                     "shall", "to"})
_ENGLISH_ADJECTIVE = re.compile(
    r"(?:ic|al|ous|ive|ful|less|able|ible|ary|ese|ish|ian|ern|ar)$|^(?:big|large|small|new|"
    r"old|high|low|long|short|good|bad|great|major|top|key|strong|main|full|free|early|"
    r"huge|vast|tiny|cheap|fast|slow|young|rich|poor|hard|deep|wide|close)$"
)
"""An English adjective's shape: it qualifies the noun after it, so never ends a phrase that
always runs on ("large nuclear" of "large nuclear reactor", "big economic")."""
_VERB_FOLLOWERS = frozenset(
    # After a word ending in "-s", these mark it as a verb: "plans to", "binds the".
    {"to", "the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "our",
     "my", "your"}
)


@cache
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's table of `language`, kept on disk once read (`index.analysis.table_cache`:
    importing wordfreq and unpacking a table cost about 0.9 s in each process)."""
    return stored(f"keyword-words-{language}", partial(_wordfreq_table, language),
                  packages=("wordfreq",), files=(Path(__file__),))


def _wordfreq_table(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    try:
        return get_frequency_dict(language)
    except (LookupError, ValueError):
        return {}


@dataclass(slots=True)
class _Token:
    text: str
    lower: str
    key: str
    start: int
    end: int
    stop: bool
    final: bool
    """May end a phrase (or be one): not a number, not a likely verb form."""
    initial: bool
    """First word of a sentence or title line, where capitals say nothing."""
    joined: bool
    """Only spaces or an apostrophe separate it from the previous token."""
    capital: bool = False
    """Capitalised where capitals mean a name (not sentence-initial, not in the title)."""
    name: bool = False
    """Part of a name: capitalised in the body, or capitalised and rare where capitals are
    positional (title, sentence start)."""


@dataclass(slots=True)
class _Candidate:
    words: tuple[int, ...]
    """Token indices of the content words of the first occurrence."""
    count: int = 0
    in_title: bool = False
    early: bool = False
    """First seen in the title or the lede."""
    surfaces: dict[str, float] = field(default_factory=dict)
    continued: int = 0
    """Occurrences running on into another content word."""
    verb_s: bool = False
    """Seen with its last word followed by a determiner, or by "to" after an "-s"."""
    complemented: bool = False
    """Seen with a complement after it: "retenues par", "cometido por"."""
    verb_first: bool = False
    """Seen opening on a verb: after a modal, or an "-ed" word right after a content word."""


def _verb_form(word: str, lower: str, language: str) -> bool:
    """A conjugated verb or participle, told by its spelling where a language allows it.

    English "-ed" forms may still qualify a noun ("armed forces"), so they only may not end a
    phrase; Spanish and French endings are unambiguous enough to cut the phrase. A word
    written with a capital is taken for a name.
    """
    if word[0].isupper():
        return False
    if language == "en":
        return len(lower) > 4 and lower.endswith("ed") and not lower.endswith("eed")
    endings = _VERB_ENDINGS.get(language)
    if endings is None or len(lower) < 5 or lower in _NOT_VERBS.get(language, ()):
        return False
    if lower.endswith(endings):
        return True
    return language == "fr" and (
        lower.endswith("ait")
        or (lower.endswith("er") and not lower.endswith("ier") and len(lower) >= 6
            and lower not in _FRENCH_NOUNS_IN_ER)
    )


class _Class(NamedTuple):
    """What one spelling of a word is in a language, worked out once (`_word_class`)."""

    lower: str
    key: str
    """Merge key: lower-case, plural folded."""
    stop: bool
    final: bool
    """May end a phrase (or be one): not a number, not a likely verb form."""
    upper: bool
    """Written with a capital."""
    digit: bool
    """Starts with a digit."""
    rare: bool
    """Rarer in the language than `NAME_FREQUENCY`: a name when capitalised."""
    frequency: float
    """General frequency of its commoner spelling ("Elections" counts as "elections")."""


@lru_cache(maxsize=1 << 16)
def _word_class(word: str, language: str) -> _Class:
    """Everything the candidates need to know of one spelling, so each distinct word of an
    article costs its lookups once per process rather than once per occurrence; cached."""
    lower = word.lower()
    number = word[0].isdigit()
    year = number and _YEAR.fullmatch(word) is not None
    verb = not number and _verb_form(word, lower, language)
    stop = (
        lower in stop_words(language)
        or (len(word) == 1 and not number)
        or (verb and language != "en")
        or (number and not year)
    )
    german = language in _NOUNS_CAPITALISED
    final = not number and not verb
    if german:  # a phrase ends on a noun, and only nouns are capitalised (adjectives may be)
        final = final and word[0].isupper() and _GERMAN_ADJECTIVE.search(lower) is None
    key = fold_plural(lower, language)
    frequencies = _frequencies(language)
    known = frequencies.get(lower, 0.0)
    return _Class(
        lower, key, stop, final, word[0].isupper(), number, known < NAME_FREQUENCY,
        max(known, frequencies.get(key, 0.0)),
    )


@dataclass(slots=True)
class _Text:
    """An article's tokens and what one pass over them gathers for the candidates."""

    tokens: list[_Token]
    runs: list[list[int]]
    """Runs of content tokens between stops and punctuation (token indices)."""
    title_end: int
    counts: dict[str, int]
    """Occurrences of each content word's key, in order of first appearance."""
    first: dict[str, int]
    """Token index of each content word key's first occurrence."""
    determined: set[str]
    """Keys of words seen right after a determiner or a number (French, Spanish)."""
    followed: set[int]
    """Tokens followed by another content token in their run."""


def _tokenize(text: str, language: str) -> _Text:
    """Tokens, runs, title end, content word counts, determined words: one pass."""
    tokens: list[_Token] = []
    runs: list[list[int]] = []
    run: list[int] = []
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    determined: set[str] = set()
    followed: set[int] = set()
    title_end = -1
    previous_end = 0
    cut_before_participles = language == "en" and P.participles
    agreement = language == "fr"
    names = language not in _NOUNS_CAPITALISED
    determiners = _DETERMINERS.get(language)
    after_determiner = False
    word_class = _word_class
    soft_gap = _SOFT_GAP.fullmatch
    sentence_end = _SENTENCE_END.search
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        index = len(tokens)
        if start == previous_end + 1 and text[previous_end] == " ":
            joined, initial = True, not tokens
        else:
            gap = text[previous_end:start]
            joined = soft_gap(gap) is not None
            initial = not tokens or sentence_end(gap) is not None
            if title_end < 0 and tokens and "\n\n" in gap:
                title_end = index
        previous_end = end
        word = match.group()
        lower, key, stop, final, upper, digit, rare, _frequency = word_class(word, language)
        participle = cut_before_participles and not final and not digit
        if (agreement and not stop and joined and run and lower.endswith("ent")
                and len(lower) > 5 and tokens[run[-1]].lower.endswith(("s", "x"))):
            stop = True  # "données consomment": an adjective would agree, "-ents"
        if (stop or not joined or participle) and run:
            runs.append(run)
            run = []
        if not stop:
            if run:
                followed.add(run[-1])
            run.append(index)
            if final or not digit:
                seen = counts.get(key)
                if seen is None:
                    counts[key] = 1
                    first[key] = index
                else:
                    counts[key] = seen + 1
        if determiners is not None:
            if after_determiner and joined:
                determined.add(key)
            after_determiner = lower in determiners or digit
        # Capitals as if the title ended here; its own words are put right below.
        capital = names and upper and not initial
        tokens.append(_Token(word, lower, key, start, end, stop, final, initial, joined,
                             capital, capital or (names and upper and rare)))
    if run:
        runs.append(run)
    if title_end < 0 or title_end > TITLE_MAX_WORDS:
        title_end = 0
    if names:
        for token in tokens[:title_end]:  # capitals are positional in a title
            token.capital = False
            token.name = token.text[0].isupper() and word_class(token.text, language).rare
    return _Text(tokens, runs, title_end, counts, first, determined, followed)


def _fits(tokens: list[_Token], run: list[int], i: int, n: int, german: bool) -> bool:
    """Whether run[i:i+n] may be a phrase: it ends well and cuts no name in two."""
    first, last = tokens[run[i]], tokens[run[i + n - 1]]
    if not last.final:
        return False
    if i > 0 and first.capital and tokens[run[i - 1]].capital:
        return False  # "National Park" of "Zion National Park"
    if i + n < len(run) and last.capital and tokens[run[i + n]].capital:
        return False  # "Zion National"
    if german:  # adjectives, then nouns: "künstliche Intelligenz", not "Mannschaft machte"
        seen_noun = False
        for t in run[i : i + n]:
            upper = tokens[t].text[0].isupper()
            if seen_noun and not upper:
                return False
            if not upper and not tokens[t].lower.endswith(_GERMAN_INFLECTED):
                return False  # an attributive adjective is inflected: "demütigt Inter" is not
            seen_noun = seen_noun or upper
    return True


def _spans(
    tokens: list[_Token], runs: list[list[int]], language: str
) -> Iterable[tuple[int, ...]]:
    """Every candidate occurrence, as the token indices of its content words."""
    german = language in _NOUNS_CAPITALISED
    if german:
        for run in runs:
            length = len(run)
            for i in range(length):
                for n in range(1, min(MAX_WORDS, length - i) + 1):
                    if _fits(tokens, run, i, n, german):
                        yield tuple(run[i : i + n])
    else:  # `_fits` without its German rule, with each token's flags read once
        for run in runs:
            length = len(run)
            final = [tokens[t].final for t in run]
            capital = [tokens[t].capital for t in run]
            for i in range(length):
                if i > 0 and capital[i] and capital[i - 1]:
                    continue  # "National Park" of "Zion National Park"
                for j in range(i, min(i + MAX_WORDS, length)):
                    if final[j] and not (j + 1 < length and capital[j] and capital[j + 1]):
                        yield tuple(run[i : j + 1])
    bridges = connectors(language)
    if not bridges:
        return
    for left, right in zip(runs, runs[1:], strict=False):
        link = left[-1] + 1
        if right[0] != link + 1 or tokens[link].lower not in bridges:
            continue
        if not (tokens[link].joined and tokens[right[0]].joined):
            continue
        for a in range(1, min(2, len(left)) + 1):
            for b in range(1, min(2, len(right)) + 1):
                if _fits(tokens, left, len(left) - a, a, german) or a == 1:
                    span = (*left[len(left) - a :], link, *right[:b])
                    if tokens[span[-1]].final:
                        yield span


def extract_keywords(
    text: str,
    language: str,
    limit: int = DEFAULT_LIMIT,
    avoid: Iterable[str] = (),
    avoid_within: Iterable[str] = (),
) -> list[str]:
    """The `limit` best keyphrases of `text` ranked alone (no library to compare it with),
    best first, in surface form and deduplicated; see `keyword_candidates` for the rest."""
    return rank_keywords(keyword_candidates(text, language, avoid, avoid_within), limit=limit)


def keyword_candidates(
    text: str,
    language: str,
    avoid: Iterable[str] = (),
    avoid_within: Iterable[str] = (),
    keep: int = KEEP,
) -> KeywordCandidates:
    """The keyphrase candidates of `text` with their in-article statistics, for ranking now
    or later against any collection (`keyword_ranking.rank_keywords`).

    `avoid` holds phrases (entity names the reader sees elsewhere) that must not be returned
    as such; `avoid_within` names (people) that no returned phrase may even contain, so
    "actrice italienne Alba Rohrwacher" goes with "Alba Rohrwacher". Case, plurals and
    elisions do not matter. Such candidates are kept, marked `entity`, and left out of the
    ranking unless it asks for them. Only the `keep` best candidates of the article ranked alone are
    kept, which bounds what the index stores per article.
    """
    scanned = _tokenize(text, language)
    tokens, runs, title_end = scanned.tokens, scanned.runs, scanned.title_end
    if not runs:
        return KeywordCandidates(words=len(tokens))
    terms, term_index = _terms(scanned, language)
    lede_end = title_end + LEDE_WORDS
    determiners = _DETERMINERS.get(language, frozenset())
    determined = scanned.determined
    english = language == "en"
    followed = scanned.followed
    complements = _COMPLEMENT.get(language, frozenset())
    keys = [token.key for token in tokens]
    size = len(tokens)
    candidates: dict[tuple[str, ...], _Candidate] = {}
    for span in _spans(tokens, runs, language):
        key = tuple([keys[t] for t in span])
        candidate = candidates.get(key)
        if candidate is None:
            content = tuple([t for t in span if keys[t] in term_index])
            candidate = candidates[key] = _Candidate(content)
        candidate.count += 1
        begin = span[0]
        if begin < title_end:
            candidate.in_title = True
        if begin < lede_end:
            candidate.early = True
        last = span[-1]
        if last in followed:
            candidate.continued += 1
        after = tokens[last + 1] if last + 1 < size else None
        if complements and after is not None and after.joined and after.lower in complements:
            candidate.complemented = True
        if english:
            if begin > 0 and len(span) > 1:
                before, first = tokens[begin - 1], tokens[begin]
                if first.joined and (
                    before.lower in _MODALS
                    or (not before.stop and not first.final and not first.text[0].isdigit())
                ):
                    candidate.verb_first = True
            if after is not None and after.joined and after.lower in _VERB_FOLLOWERS and (
                after.lower != "to"
                or (tokens[last].text.endswith("s")
                    and not tokens[last].text.endswith(("ss", "us", "is")))
            ):
                candidate.verb_s = True
        opening = tokens[begin]
        surface = text[opening.start : tokens[last].end]
        weight = 0.01 if begin < title_end or opening.initial else 1.0
        surfaces = candidate.surfaces
        surfaces[surface] = surfaces.get(surface, 0.0) + weight
    modifier = _modifier_words(tokens, followed) if english else set()
    participles = _PARTICIPLE.get(language, ())
    fits: dict[tuple[str, ...], float] = {}
    for key, candidate in candidates.items():
        n = len(candidate.words)
        if not n or (len(key) > n and candidate.count < 2):
            continue  # a connector phrase must recur to be a term
        fit = 1.0
        final = tokens[candidate.words[-1]]
        if (english and candidate.continued == candidate.count and not final.name
                and (final.key in modifier or (n > 1 and _ENGLISH_ADJECTIVE.search(final.lower)))):
            fit *= P.fragment  # also a lone modifier: "high-risk" of "high-risk systems"
        if determiners and not _nominal(tokens, candidate.words, determined, language):
            fit *= P.bare
        if candidate.count == 1:
            if candidate.in_title:
                fit *= P.title_only
            if n >= P.once_min and not candidate.early:
                fit *= P.once
            if n > 1 and (_mixes_names(tokens, candidate.words, language)
                          or _adjective_then_noun(tokens, candidate.words, language)):
                fit *= P.mixed
            if english and candidate.verb_s and not final.name:
                fit *= P.verb_s
            if english and n > 1 and _plural_then_bare(tokens, candidate.words):
                fit *= P.clause
            if english and n > 1:
                if candidate.verb_first:
                    fit *= P.clause
                if candidate.continued:
                    fit *= P.run_on
                if (not candidate.early and tokens[candidate.words[0]].name
                        and not final.name):
                    fit *= P.name_once
            if (n > 1 and (candidate.complemented or not candidate.early) and not final.name
                    and final.lower.endswith(participles)
                    and final.lower not in _NOT_PARTICIPLES[language]):
                fit *= P.participle
        if fit > 0.0:  # a zero factor rules a phrase out, however short the text
            fits[key] = fit
    avoided = {_phrase_key(phrase, language) for phrase in avoid}
    banned = {_phrase_key(phrase, language) for phrase in avoid_within}
    avoided.update(part for name in banned for part in parts(name))  # "Altman" of "Sam Altman"
    avoided.update(banned)
    entity = {
        key for key in fits if key in avoided or not banned.isdisjoint(parts(key))
    }
    spellings = _body_spellings(tokens, title_end)
    phrases = [
        KeywordPhrase(
            key=" ".join(key),
            display=_display(candidates[key], language, spellings),
            words=tuple(term_index[tokens[t].key] for t in candidates[key].words),
            count=candidates[key].count,
            fit=fit,
            entity=key in entity,
        )
        for key, fit in fits.items()
    ]
    found = KeywordCandidates(terms=tuple(terms), phrases=tuple(phrases), words=len(tokens))
    return best_candidates(found, keep)


def _plural_then_bare(tokens: list[_Token], words: tuple[int, ...]) -> bool:
    """A plural noun then a bare word: subject and verb ("companies lock", "rules aim"), as
    English compounds take a singular first noun ("data centre", "chip factory")."""
    first, last = tokens[words[-2]], tokens[words[-1]]
    return (
        not first.name and not last.name
        and first.lower.endswith("s") and not first.lower.endswith(("ss", "us", "is"))
        and first.key != first.lower and not last.lower.endswith("s")
    )


def _modifier_words(tokens: list[_Token], followed: set[int]) -> set[str]:
    """Keys of words nearly always followed by another content word: modifiers such as
    "economic" or the "data" of "data centres", which do not end a phrase of their own."""
    total: Counter[str] = Counter()
    ahead: Counter[str] = Counter()
    for index, token in enumerate(tokens):
        if token.stop:
            continue
        total[token.key] += 1
        if index in followed:
            ahead[token.key] += 1
    return {key for key, count in ahead.items() if count >= P.modifier_share * total[key]}


def _mixes_names(tokens: list[_Token], words: tuple[int, ...], language: str) -> bool:
    """Whether a phrase glues a name to common words ("Panahi tire", "gelé Magdebourg").

    In French or Spanish a name neither qualifies a noun nor takes an adjective before it, so
    any mix is suspect. English names do qualify nouns ("AIDS vaccine", "British cattle"), so
    there only a common word before a name is ("gigawatt Stargate").
    """
    flags = [tokens[t].name for t in words]
    if language in _NAME_BEFORE_ADJECTIVE:
        return any(flags) and not all(flags)
    return any(not a and b for a, b in zip(flags, flags[1:], strict=False))


def _nominal(
    tokens: list[_Token], words: tuple[int, ...], determined: set[str], language: str
) -> bool:
    """Whether a phrase opens on a noun and closes on a noun or adjective, as far as the
    article shows: a noun is somewhere seen after a determiner, a number or a preposition;
    an adjective has an adjective's ending or agrees in the plural ("projet totalise" and
    "remporte" fail, "passe décisive" and "le doublé" pass). Names pass."""
    first, last = tokens[words[0]], tokens[words[-1]]
    if not (first.name or first.key in determined):
        return False
    if len(words) == 1 or last.name or last.key in determined:
        return True
    endings = _RELATIONAL_ADJECTIVE[language] + _ADJECTIVE_ENDINGS[language]
    return last.lower.endswith(("s", "x", *endings))


def _adjective_then_noun(tokens: list[_Token], words: tuple[int, ...], language: str) -> bool:
    """A word after a post-nominal adjective that is not one too: "européenne juge"."""
    endings = _RELATIONAL_ADJECTIVE.get(language)
    if endings is None:
        return False
    shapes = [tokens[t].lower.endswith(endings) for t in words]
    return any(a and not b for a, b in zip(shapes, shapes[1:], strict=False))


def _terms(scanned: _Text, language: str) -> tuple[list[KeywordTerm], dict[str, int]]:
    """Each content word once, with its count, first position, title presence and general
    frequency (its commoner spelling's: "Elections" counts as "elections" would)."""
    tokens, first = scanned.tokens, scanned.first
    title_words = {t.key for t in tokens[: scanned.title_end]}
    total = len(tokens)
    terms: list[KeywordTerm] = []
    index_of: dict[str, int] = {}
    for key, count in scanned.counts.items():
        token = tokens[first[key]]
        index_of[key] = len(terms)
        terms.append(KeywordTerm(
            key, count, first[key] / total, key in title_words,
            _word_class(token.text, language).frequency, token.name,
        ))
    return terms, index_of


def _phrase_key(phrase: str, language: str) -> tuple[str, ...]:
    """The merge key of a phrase given from outside, without elisions or edge stop words."""
    classes = [_word_class(word, language) for word in _TOKEN.findall(phrase)]
    while classes and classes[0].stop:
        classes.pop(0)
    while classes and classes[-1].stop:
        classes.pop()
    return tuple(word.key for word in classes)


def _body_spellings(tokens: list[_Token], title_end: int) -> dict[str, str]:
    """How the body writes each word where capitals carry meaning (not in the title, not
    at a sentence start): "Stargate" keeps its capital, "Backers" of a headline loses it."""
    seen: Counter[str] = Counter(
        token.text for token in tokens[title_end:] if not token.initial and not token.stop
    )
    spellings: dict[str, str] = {}
    for text, _count in seen.most_common():
        spellings.setdefault(text.lower(), text)
    return spellings


def _display(candidate: _Candidate, language: str, spellings: dict[str, str]) -> str:
    """The form the article uses most; where that form only stands at a sentence start or in
    the title, each word is written as the body writes it, or lower-cased when common."""
    surface, weight = max(candidate.surfaces.items(), key=lambda item: item[1])
    surface = _SPACES.sub(" ", surface)
    if weight >= 1.0:
        return surface
    freqs = _frequencies(language)
    surface_words = surface.split()
    if all(w[0].isupper() for w in surface_words) and any(
        spellings.get(w.lower(), "a")[0].isupper() for w in surface_words
    ):
        return surface  # a capitalised run the body also capitalises: "Sentimental Value"
    words = []
    for word in surface_words:
        lower = word.lower()
        body = spellings.get(lower)
        if body is not None:
            words.append(body)
        else:
            words.append(lower if freqs.get(lower, 0.0) > 1e-6 else word)
    return " ".join(words)
