"""Language identification that holds up on headlines as well as on whole articles.

langdetect alone reads character n-grams: fine on a paragraph, shaky on eight words, and blind
to ALL-CAPS words (it skips them, so a wire headline such as "COBANCO INC YEAR NET" has almost no
features). Short texts therefore get more evidence, combined by Bayes' rule over the candidate
languages L:

    log P(L | text) = log prior(L) + sum over words w of log max(freq_L(w), FLOOR)
                      + LANGDETECT_WEIGHT * log P_langdetect(L | text) + constant

`freq_L` is wordfreq's unigram frequency table of L (its "small" list: about 30,000 words per
language, down to one in a million), which holds the stop words with their real weights, so
"the", "les", "der" and "y" count for as much as they tell and no hand-made list is needed.
`FLOOR` stands for a word the table does not hold (a name, a rare word): the same for every
language, so names neither help nor hurt. The prior is flat unless the caller knows the
majority language of the feed or folder the text comes from. ALL-CAPS text is lower-cased
first, since neither langdetect nor wordfreq reads capitals.

langdetect is random unless seeded and raises on text without features; it also copies its
input character by character, so it sees only a prefix (accuracy plateaus well before the
whole article). `python -m index.evaluate language` measures all of this.
"""

from __future__ import annotations

import math
import re
import threading
from functools import cache, partial
from pathlib import Path

from langdetect import DetectorFactory
from langdetect.detector_factory import init_factory
from langdetect.lang_detect_exception import LangDetectException

UNDETERMINED = "und"
PREFIX_CHARS = 600
"""How much text langdetect sees; more costs time and does not add accuracy (measured)."""
TRIALS = 3
"""langdetect's random-sampling rounds (7 by default); 3 measured as accurate at half the time."""
MIN_LETTERS = 20
"""Below this many letters langdetect alone guesses close to randomly."""
MIN_PROBABILITY = 0.70
"""A top language less probable than this is reported as undetermined."""
SHORT_MIN_LETTERS = 12
SHORT_MIN_WORDS = 3
"""With word evidence, three words are enough ("Cher en deuil"); one or two are not."""
FLOOR = 1e-7
"""Likelihood of a word missing from a language's table: a tenth of its rarest listed word."""
LANGDETECT_SMOOTHING = 0.05
"""Added to langdetect's probabilities before their log is taken. On a headline it is often
sure and wrong (Polish at 1.0 for "POTOMAC ELECTRIC POWER CO JAN NET"), so its vote is capped at
log(1.05 / 0.05), about 3 nats: what one telling word weighs. Chosen on the dev headlines among
1e-4, 1e-2, 0.05 and 0.2 (all within 0.3 point of each other)."""
MIN_POSTERIOR = 0.5
"""The combined model reports "und" when no language reaches this probability."""
TABLELESS_MIN_LETTERS = 60
"""A language wordfreq has no table for (Swahili, Thai...) cannot have its words weighed against
the others', and short texts in it would drift to whichever table shares a few of its words:
from about a sentence on, langdetect's confident answer is taken as it is. (No dev headline,
whatever its length, met a confident table-less answer.)"""
CANDIDATE_MIN = 1e-3
"""A language langdetect gives at least this probability is scored by its words too."""
BASE_CANDIDATES = ("en", "fr", "es", "de")
"""Always scored: the languages of the corpus Rubrique is built for."""
PRIOR_SHARE = 0.8
"""The feed's or folder's majority language, when given, is taken to hold this share of its
texts, the other candidates sharing the rest. On the dev headlines 0.8 gained 0.1 to 0.5 point
with the right prior and cost at most 1.7 points (English headlines in a French folder) with a
wrong one; 0.9 gained little more and cost more."""
DECISIVE_CANDIDATES = ("en", "fr", "es", "de", "it", "pt", "nl", "ca")
"""Scored by their words alone first: the base languages and their closest neighbours, so a
Portuguese or Catalan text is not taken for Spanish, nor a Dutch one for German, without
langdetect."""
DECISIVE_MIN_WORDS = 15
DECISIVE_MIN_COVERAGE = 0.8
DECISIVE_MARGIN = 20.0
"""The words alone decide, and langdetect (most of the time spent on a long text) is not asked,
when the sample has this many words, the best-scoring language's table holds this share of
them, and its score leads every other candidate's by this many nats. langdetect's vote moves a
score by at most log(1.05 / 0.05), about 3 nats, so it could not change the answer among these
languages; the coverage rules out a text in another language whose words a table merely
shares. On the evaluation's articles (`python -m index.evaluate language`) and 1,000 news
articles, 88 % of texts took this path from 30 words, every one with the answer the full model
gave; from 15 words, no headline or article of the evaluation (up to 1,500 per set, with and
without the prior) nor of the 1,000 news articles got a different answer than the full model's."""
DECISIVE_WIDE_MARGIN = 40.0
DECISIVE_WIDE_COVERAGE = 0.6
"""A lead this wide also decides when the table holds only this share of the words: news
full of names and figures (English wire copy often has a quarter of its words outside
wordfreq's small list). Of the 1,000 news articles, about one in ten more is then decided
without langdetect (about 3 ms of CPU each), every one as the full model decides it; no text
of the evaluation changed answer."""
_WORDFREQ_CODES = {"no": "nb", "tl": "fil", "hr": "sh", "sr": "sh", "bs": "sh"}
"""langdetect's code -> wordfreq's, where they differ."""

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
_lock = threading.Lock()
_ready = False


def _factory() -> DetectorFactory:
    """Load langdetect's profiles once, with a fixed seed so answers never vary between runs."""
    global _ready
    if not _ready:
        with _lock:
            if not _ready:
                DetectorFactory.seed = 0
                init_factory()
                _ready = True
    from langdetect import detector_factory

    factory: DetectorFactory = detector_factory._factory
    return factory


@cache
def _log_frequencies(language: str) -> dict[str, float]:
    """log of wordfreq's small-table frequency of each word of `language` (all above
    `FLOOR`); empty when wordfreq has none (that language then knows no word, and only
    langdetect and the prior speak for it). Logs, so scoring a text is one lookup a word
    rather than a lookup and a `math.log`. Kept on disk once built
    (`index.analysis.table_cache`): wordfreq's own import and unpacking cost 0.1 s a table."""
    from index.analysis.table_cache import stored

    return stored(
        f"language-logs-{language}",
        partial(_log_table, language),
        packages=("wordfreq",),
        files=(Path(__file__),),
    )


def _log_table(language: str) -> dict[str, float]:
    return {
        word: math.log(frequency)
        for word, frequency in _wordfreq_table(language).items()
        if frequency > FLOOR
    }


def _wordfreq_table(language: str) -> dict[str, float]:
    import wordfreq

    code = _WORDFREQ_CODES.get(language, language)
    if code not in wordfreq.available_languages("small"):
        return {}  # wordfreq would answer with its "nearest" language: English for Somali
    frequencies: dict[str, float] = wordfreq.get_frequency_dict(code, "small")
    return frequencies


def preload() -> None:
    """Load langdetect's profiles and every word table a long text is scored with, so a
    process pool forked afterwards shares them instead of loading its own copies."""
    _factory()
    for language in DECISIVE_CANDIDATES:
        _log_frequencies(language)


def _sample(text: str, prefix_chars: int) -> str:
    """The prefix both models read: URLs out, and lower-cased when mostly in capitals."""
    sample = _URL.sub(" ", text[: prefix_chars * 2])[:prefix_chars]
    letters = _LETTER.findall(sample)
    upper = sum(1 for c in letters if c.isupper())
    if letters and upper > len(letters) / 2:
        sample = sample.lower()
    return sample


def _langdetect(sample: str) -> dict[str, float]:
    """langdetect's probability of every language it knows (regions merged: zh-cn -> zh);
    empty when it finds no feature."""
    try:
        detector = _factory().create()
        detector.n_trial = TRIALS
        detector.append(sample)
        detector.get_probabilities()
        scores: list[float] = detector.langprob or []
        codes: list[str] = detector.langlist
    except (LangDetectException, IndexError):
        return {}
    merged: dict[str, float] = {}
    for code, probability in zip(codes, scores, strict=False):
        base = code.split("-")[0]
        merged[base] = merged.get(base, 0.0) + probability
    return merged


def _normalise(code: str | None) -> str | None:
    """"fr-CA", "FR", "fr_ca" -> "fr"; None, "" and "und" -> None."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base and base != UNDETERMINED else None


def language_probabilities(
    text: str, prior: str | None = None, *, prefix_chars: int = PREFIX_CHARS
) -> dict[str, float]:
    """Posterior probability of each candidate language of `text`, summing to 1.

    Empty when there is too little text to say anything (fewer than three words or twelve
    letters). `prior` is the majority language of the text's feed or folder, if known.
    """
    sample = _sample(text, prefix_chars)
    words = [word.casefold() for word in _WORD.findall(sample)]
    if len(words) < SHORT_MIN_WORDS or sum(len(w) for w in words) < SHORT_MIN_LETTERS:
        return {}
    favoured = _normalise(prior)
    decided = _decisive(words, favoured)
    if decided:
        return decided
    detected = _langdetect(sample)
    if detected and sum(len(w) for w in words) >= TABLELESS_MIN_LETTERS:
        top, probability = max(detected.items(), key=lambda item: item[1])
        if probability >= MIN_PROBABILITY and not _log_frequencies(top):
            return {top: probability}
    candidates = set(BASE_CANDIDATES) | {c for c, p in detected.items() if p >= CANDIDATE_MIN}
    if favoured:
        candidates.add(favoured)
    scores = _word_scores(words, sorted(candidates), favoured)
    if detected:
        for language in scores:
            scores[language] += math.log(detected.get(language, 0.0) + LANGDETECT_SMOOTHING)
    return _posterior(scores)


def _word_scores(
    words: list[str], candidates: list[str], favoured: str | None
) -> dict[str, float]:
    """log prior + log likelihood of the words, per candidate language."""
    log_floor = math.log(FLOOR)
    others_share = (1.0 - PRIOR_SHARE) / max(1, len(candidates) - 1)
    scores: dict[str, float] = {}
    for language in candidates:
        get = _log_frequencies(language).get
        score = 0.0
        if favoured:
            score = math.log(PRIOR_SHARE if language == favoured else others_share)
        for word in words:
            score += get(word, log_floor)
        scores[language] = score
    return scores


def _posterior(scores: dict[str, float]) -> dict[str, float]:
    best = max(scores.values())
    weights = {language: math.exp(score - best) for language, score in scores.items()}
    total = sum(weights.values())
    return {language: weight / total for language, weight in weights.items()}


def _decisive(words: list[str], favoured: str | None) -> dict[str, float] | None:
    """The posterior from the words alone, when they leave no doubt (`DECISIVE_MARGIN`);
    None when langdetect must be heard."""
    if len(words) < DECISIVE_MIN_WORDS:
        return None
    candidates = list(DECISIVE_CANDIDATES)
    if favoured and favoured not in candidates:
        candidates.append(favoured)
    scores = _word_scores(words, candidates, favoured)
    ranked = sorted(scores.values(), reverse=True)
    lead = ranked[0] - ranked[1]
    if lead < DECISIVE_MARGIN:
        return None
    top = max(scores, key=lambda language: scores[language])
    table = _log_frequencies(top)
    known = sum(1 for word in words if word in table)
    coverage = DECISIVE_WIDE_COVERAGE if lead >= DECISIVE_WIDE_MARGIN else DECISIVE_MIN_COVERAGE
    if known < coverage * len(words):
        return None
    return _posterior(scores)


def detect_language(
    text: str, prior: str | None = None, *, prefix_chars: int = PREFIX_CHARS
) -> str:
    """Return the ISO 639-1 code of `text`'s language, or "und" when it cannot be told.

    `prior` is the majority language of the feed or folder the text comes from, when the caller
    knows it: it tips headlines that could be read either way ("One-off Ferrari SP3JC" in a
    French feed) and is outweighed by clear evidence. Never raises: empty, numeric, URL-only or
    too-short text is "und", and so is text on which the evidence stays split.
    """
    posterior = language_probabilities(text, prior, prefix_chars=prefix_chars)
    if not posterior:
        return UNDETERMINED
    language, probability = max(posterior.items(), key=lambda item: item[1])
    return language if probability >= MIN_POSTERIOR else UNDETERMINED


def detect_with_langdetect(text: str, *, prefix_chars: int = PREFIX_CHARS) -> str:
    """langdetect's answer alone, as Rubrique used it before word evidence: kept as the
    baseline `python -m index.evaluate language` compares against."""
    sample = _URL.sub(" ", text[: prefix_chars * 2])[:prefix_chars]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    try:
        detector = _factory().create()
        detector.n_trial = TRIALS
        detector.append(sample)
        ranked = detector.get_probabilities()
    except (LangDetectException, IndexError):
        return UNDETERMINED
    if not ranked or ranked[0].prob < MIN_PROBABILITY:
        return UNDETERMINED
    code: str = ranked[0].lang
    return code.split("-")[0]
