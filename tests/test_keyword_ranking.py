"""Keywords follow the library: candidates kept at index time are re-ranked with the library's
document frequencies, without analysing any article again."""

from __future__ import annotations

from dataclasses import replace

from index.analysis import analyze
from index.analysis.keyword_ranking import (
    document_frequencies,
    library_keywords,
    rank_keywords,
)
from index.analysis.stopwords import fold_plural
from index.models import Article, Document, KeywordCandidates
from index.payload import dump_document, load_document

ADBLOCK = """Youtube geht gegen Adblocker vor

Youtube zeigt Nutzern mit Adblocker seit dieser Woche keine Videos mehr an, solange der Adblocker
aktiv ist. Die Plattform will so die Einnahmen aus der Werbung sichern. Viele Nutzer reagierten
mit gemischten Reaktionen: Einige kaufen nun ein Abonnement ohne Werbung, andere wechseln den
Browser. Datenschützer werfen wichtige Fragen auf, denn der Adblocker schützt auch vor Tracking.
Werbetreibende begrüßen den Schritt, die Werbung auf Youtube sei ihre wichtigste Einnahmequelle.
Ein Sprecher sprach von einer vernichtenden Auswirkung der Adblocker auf kleine Kanäle, die von
Werbung leben. Youtube testet die Sperre zunächst in Europa.
"""

OTHERS = [
    """Bundestag streitet über Haushalt

Der Bundestag hat am Dienstag über den Haushalt gestritten. Die Opposition stellte wichtige Fragen
zur Schuldenbremse, die Regierung verteidigte ihre Pläne. Die Reaktionen waren gemischt.""",
    """Neue Studie zu Schlaf

Eine neue Studie wirft wichtige Fragen zum Schlaf von Jugendlichen auf. Die Forscher sehen eine
vernichtende Auswirkung von Bildschirmen am Abend. Die Reaktionen der Eltern waren gemischt.""",
    """Bahn erhöht Preise

Die Bahn erhöht zum Jahreswechsel die Preise. Fahrgastverbände stellen wichtige Fragen, die
Reaktionen sind gemischt. Die Bahn verweist auf gestiegene Kosten für Energie.""",
]

GENERIC = ("wichtige fragen", "gemischten reaktionen", "vernichtenden auswirkung")


def _library_ranking() -> tuple[tuple[str, ...], list[str]]:
    analyses = [analyze(text, "de") for text in (ADBLOCK, *OTHERS)]
    table = document_frequencies(a.candidates for a in analyses)
    ranked = rank_keywords(analyses[0].candidates, table.__getitem__, len(analyses), "de")
    return analyses[0].keywords, ranked


def test_a_library_of_one_ranks_as_analyze_does() -> None:
    analysis = analyze(ADBLOCK, "de")
    assert rank_keywords(analysis.candidates, language="de") == list(analysis.keywords)
    assert list(analysis.keywords[:3]) == ["Adblocker", "Youtube", "Werbung"]


def test_what_the_editors_tag_beats_generic_phrases_in_a_library() -> None:
    _alone, ranked = _library_ranking()
    top = [k.lower() for k in ranked[:5]]
    assert top[:3] == ["adblocker", "youtube", "werbung"], ranked
    for phrase in GENERIC:
        assert not any(phrase in k for k in top), ranked


def test_phrases_every_article_uses_sink_as_the_library_grows() -> None:
    alone, ranked = _library_ranking()

    def place(keywords: list[str] | tuple[str, ...]) -> int:
        lowered = [k.lower() for k in keywords]
        return next((i for i, k in enumerate(lowered) if "wichtige fragen" in k), len(lowered))

    assert place(ranked) > place(alone), (alone, ranked)


def test_document_frequencies_count_each_article_once() -> None:
    analyses = [analyze(text, "de") for text in (ADBLOCK, *OTHERS)]
    table = document_frequencies(a.candidates for a in analyses)
    assert table[fold_plural("adblocker", "de")] == 1  # four times, in one article
    assert table[fold_plural("fragen", "de")] == 4  # "Fragen" in all four
    assert table["nie-gesehen"] == 0


def test_candidates_survive_the_payload_and_old_payloads_still_load() -> None:
    analysis = analyze(ADBLOCK, "de")
    document = Document(Article(id="a", path="a.txt", title="Youtube"), analysis)
    loaded = load_document(dump_document(document)).analysis
    assert loaded.keywords == analysis.keywords
    assert rank_keywords(loaded.candidates, language="de") == list(analysis.keywords)
    old = dump_document(document).replace('"candidates":', '"unused":')
    assert load_document(old).analysis.candidates == KeywordCandidates()


def test_library_keywords_fall_back_to_stored_ones_for_old_payloads() -> None:
    analyses = [analyze(text, "de") for text in (ADBLOCK, *OTHERS)]
    table = document_frequencies(a.candidates for a in analyses)
    first = analyses[0]
    assert library_keywords(first, table, 4)[:3] == ("Adblocker", "Youtube", "Werbung")
    old = replace(first, candidates=KeywordCandidates(), keywords=("alt",))
    assert library_keywords(old, table, 4) == ("alt",)


HARBOUR = """Place of the new ferry terminal divides Portsmouth

The council chose the place for a new ferry terminal on Tuesday. Residents of the harbour
district fear lorries and diesel fumes, while the operator promises electric ferries and a
tidal barrier. The harbourmaster said the dredging would start in spring, once the place is
cleared and the seabed survey is complete. Fishermen want the slipway kept open."""


def test_a_common_word_stays_generic_in_a_large_library() -> None:
    """A library of hundreds of articles none of which says "place" shows only that the word
    is rare *there*; the language says it is everywhere, and that still counts."""
    analysis = analyze(HARBOUR, "en")
    table = document_frequencies([analysis.candidates])  # no other article has any word
    ranked = [k.lower() for k in rank_keywords(analysis.candidates, table.__getitem__, 400)]
    assert "place" not in ranked[:5], ranked
    assert "ferry terminal" in ranked[:5], ranked
