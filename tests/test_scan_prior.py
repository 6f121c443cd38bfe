"""A scan reads a short text in its folder's majority language (issue 7): a title-only
entry among German articles is German, the same title in a mixed folder stays undetermined."""

from __future__ import annotations

from pathlib import Path

from index.library import Library
from index.scan import FolderLanguages

GERMAN = [
    "Die Regierung in Berlin plant neue Regeln für den Verkehr\n\n"
    "Die Bundesregierung will die Regeln für den Verkehr in den Städten ändern, sagte der "
    "Minister am Montag in Berlin.",
    "Der Winter kommt früh in die Alpen\n\n"
    "In den Bergen ist in der Nacht der erste Schnee gefallen, und die Straßen sind gesperrt.",
    "Die Bahn erhöht die Preise für das nächste Jahr\n\n"
    "Die Fahrgäste müssen im neuen Jahr mehr für ihre Fahrkarten bezahlen, teilte die Bahn mit.",
]
NAMES = "Mazda MX-5 Miata Kazari\n\nMazda Miata Kazari\n"
"""A headline and a line of names (a file needs text after its title): no language can be
told from them alone (see test_language)."""


def test_title_only_file_takes_its_folders_language(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    (corpus / "autos").mkdir(parents=True)
    for number, text in enumerate(GERMAN):
        (corpus / "autos" / f"{number}.txt").write_text(text, encoding="utf-8")
    (corpus / "autos" / "z-miata.txt").write_text(NAMES, encoding="utf-8")
    (corpus / "misc").mkdir()
    (corpus / "misc" / "miata.txt").write_text(NAMES, encoding="utf-8")
    library = Library(corpus, tmp_path / "index")
    library.scan()
    in_german_folder = library.get("autos/z-miata.txt")
    elsewhere = library.get("misc/miata.txt")
    assert in_german_folder is not None and elsewhere is not None
    assert in_german_folder.analysis.language == "de"
    assert elsewhere.analysis.language == "und"


def test_a_rescan_uses_what_the_index_holds(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    (corpus / "autos").mkdir(parents=True)
    for number, text in enumerate(GERMAN):
        (corpus / "autos" / f"{number}.txt").write_text(text, encoding="utf-8")
    library = Library(corpus, tmp_path / "index")
    library.scan()
    (corpus / "autos" / "a-miata.txt").write_text(NAMES, encoding="utf-8")  # read first
    assert Library(corpus, tmp_path / "index").scan().indexed == 1
    added = library.get("autos/a-miata.txt")
    assert added is not None and added.analysis.language == "de"


def test_no_prior_without_a_clear_majority() -> None:
    folders = FolderLanguages()
    folders.add("feed/a.xml", ["fr", "fr"])
    assert folders.prior("feed/b.xml") is None  # two articles are not enough
    folders.add("feed/c.xml", ["en", "en", "und"])
    assert folders.prior("feed/b.xml") is None
    folders.add("feed/d.xml", ["en"])
    assert folders.prior("feed/b.xml") == "en"  # 3 of the 5 whose language is known
    folders.add("feed/e.xml", ["fr"])
    assert folders.prior("feed/b.xml") is None  # 3 of 6: not more than half
    assert folders.prior("other/b.xml") is None
