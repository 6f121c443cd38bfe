"""Plain-text articles: the news-site layout in four languages, minimal files, encodings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.readers import ReadError, read_file
from index.readers.plain import parse_byline

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def read_one(path: Path, root: Path | None = None):
    articles = read_file(path, root or path.parent)
    assert len(articles) == 1
    return articles[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_cp1252_french_keeps_accents_and_apostrophes() -> None:
    raw = (FIXTURES / "fr-cp1252.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is not UTF-8
    article = read_one(FIXTURES / "fr-cp1252.txt")
    assert article.title == "L’œuvre de Marseille fête ses cent ans à l’été"
    assert article.author == "Élodie Durand"
    assert article.date == dt.date(2025, 2, 3)
    assert article.kickers == (
        "Un siècle de théâtre populaire",
        "Les élèves reçoivent « leur » diplôme",
    )
    assert article.lede == "Une fête où la ville entière se retrouve"
    assert article.tags == ("Marseille", "théâtre", "conservatoire", "culture")
    assert [block.kind for block in article.blocks] == ["paragraph", "heading", "paragraph"]
    assert article.blocks[1].text == "Un budget en hausse"
    assert "« C’est un moment où l’on mesure" in article.body
    assert article.body.endswith("dureront dix-huit mois… si tout va bien.")
    assert "ne doit pas apparaître" not in article.text


def test_latin1_is_not_mistaken_for_central_european(tmp_path: Path) -> None:
    text = "Le défi de l'été\n\nÀ Nîmes, les élèves goûtent à la fraîcheur des arènes.\n"
    article = read_one(write(tmp_path, "latin1.txt", text.encode("latin-1")))
    assert article.title == "Le défi de l'été"
    assert article.lede == "À Nîmes, les élèves goûtent à la fraîcheur des arènes."


def test_english_layout_drops_read_more_and_section_list() -> None:
    article = read_one(FIXTURES / "en-layout.txt")
    assert article.title == "Chip makers race to build new plants in Arizona"
    assert article.author == "Jane Hill"
    assert article.date == dt.date(2025, 1, 24)
    assert article.kickers == ("A $40bn bet on domestic production",)
    assert article.lede == "Taiwan's biggest foundry says its second factory will open a year early"
    assert article.tags == (
        "semiconductors", "TSMC", "Arizona", "CHIPS Act", "artificial intelligence",
    )
    assert [(block.kind, block.text[:20]) for block in article.blocks] == [
        ("paragraph", "The company told inv"),
        ("heading", "Workers and water"),
        ("paragraph", "Local officials worr"),
        ("heading", "Is the bet paying of"),
        ("paragraph", "Analysts say demand "),
    ]
    assert "Read more" not in article.text
    assert "More in this section" not in article.text
    assert "Friday, 24 January 2025" not in article.text


LAYOUT = """{title}


{byline}

{kicker}



{lede}

{body}

{tags}





{closing_date}
{boilerplate}"""


@pytest.mark.parametrize(
    ("byline", "closing_date", "boilerplate", "author"),
    [
        ("Por Redacción el viernes 24 de enero de 2025", "viernes 24 de enero de 2025",
         "En la misma sección:", "Redacción"),
        ("Von Redaktion am Freitag, 24. Januar 2025", "Freitag, 24. Januar 2025",
         "Mehr aus dieser Rubrik:", "Redaktion"),
        ("Escrito por Ana Ruiz el 24 de enero de 2025", "24 de enero de 2025",
         "En la misma sección:", "Ana Ruiz"),
        ("Geschrieben von Jan Weber am 24. Januar 2025", "24. Januar 2025",
         "Mehr aus dieser Rubrik:", "Jan Weber"),
        ("Written by Jane Hill on 24 January 2025", "24 January 2025",
         "More in this section:", "Jane Hill"),
        ("Rédigé par Paul Le Gall le 24 janvier 2025", "24 janvier 2025",
         "Dans la même rubrique :", "Paul Le Gall"),
    ],
)
def test_bylines_in_four_languages(
    tmp_path: Path, byline: str, closing_date: str, boilerplate: str, author: str
) -> None:
    content = LAYOUT.format(
        title="Titel der Meldung", byline=byline, kicker="Eine kurze Zeile",
        lede="Der Vorspann ohne Punkt", body="Ein Absatz mit Inhalt.",
        tags="Politik, Europa, Wirtschaft", closing_date=closing_date, boilerplate=boilerplate,
    )
    article = read_one(write(tmp_path, "layout.txt", content))
    assert article.author == author
    assert article.date == dt.date(2025, 1, 24)
    assert article.kickers == ("Eine kurze Zeile",)
    assert article.lede == "Der Vorspann ohne Punkt"
    assert article.body == "Ein Absatz mit Inhalt."
    assert article.tags == ("Politik", "Europa", "Wirtschaft")


def test_byline_without_date(tmp_path: Path) -> None:
    content = "Headline\n\nBy Sam Lee\n\nOne kicker\nTwo kicker\n\n\n\nThe lede\n\nBody text.\n"
    article = read_one(write(tmp_path, "nodate.txt", content))
    assert (article.author, article.date) == ("Sam Lee", None)
    assert article.kickers == ("One kicker", "Two kicker")
    assert article.lede == "The lede"
    assert article.body == "Body text."


def test_minimal_file_title_and_paragraphs() -> None:
    article = read_one(FIXTURES / "minimal.txt")
    assert article.title == "A quiet week at the harbour"
    assert article.author == ""
    assert article.date is None
    assert article.kickers == ()
    assert article.tags == ()
    # The hard-wrapped first paragraph reads as one line of prose.
    assert article.lede == (
        "The ferries ran on time all week and the fish market opened every morning at five, "
        "as it has done for a hundred years."
    )
    assert article.blocks[0].text == "Nobody could remember a calmer September."
    assert article.blocks[0].kind == "paragraph"


def test_sentence_paragraph_starting_like_a_byline_is_not_one(tmp_path: Path) -> None:
    content = "Le port\n\nPar ailleurs, le gouvernement a décidé de fermer le port en hiver.\n"
    article = read_one(write(tmp_path, "par.txt", content))
    assert article.author == ""
    assert article.lede.startswith("Par ailleurs")


def test_crlf_and_bom(tmp_path: Path) -> None:
    content = "\ufeffTitre\r\n\r\nPremier paragraphe.\r\n\r\nSecond paragraphe.\r\n"
    article = read_one(write(tmp_path, "crlf.txt", content.encode("utf-8")))
    assert article.title == "Titre"
    assert article.lede == "Premier paragraphe."
    assert article.body == "Second paragraphe."


def test_markup_kept_literally_and_escapes_removed(tmp_path: Path) -> None:
    content = (
        "\x1b[31mRed [bold]alert[/bold]\x1b[0m\n\n"
        "A lede with [link] and a bell\x07.\n\n"
        "Body with \x1b]0;evil title\x07an OSC and a \x9b2J C1 escape [/] here.\n"
    )
    article = read_one(write(tmp_path, "escape.txt", content))
    assert article.title == "Red [bold]alert[/bold]"
    assert article.lede == "A lede with [link] and a bell."
    assert article.body == "Body with an OSC and a  C1 escape [/] here."
    for text in (article.title, article.lede, article.body):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_empty_and_blank_files_are_read_errors(tmp_path: Path) -> None:
    for name, content in (("empty.txt", b""), ("blank.txt", b"\n \n\t\n")):
        with pytest.raises(ReadError, match="empty"):
            read_file(write(tmp_path, name, content), tmp_path)


def test_binary_file_with_text_suffix_is_a_read_error(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ReadError, match="binary"):
        read_file(write(tmp_path, "picture.txt", png), tmp_path)


def test_a_paragraph_is_not_a_title(tmp_path: Path) -> None:
    """The first words stand in for the title; the whole paragraph stays text."""
    article = read_one(write(tmp_path, "long.txt", "word " * 200 + "\n\nMore.\n"))
    assert article.title == "word " * 15 + "word…"
    assert article.lede == ("word " * 200).strip()
    assert article.body == "More."


def test_one_enormous_line_is_read_with_its_first_words_as_title(tmp_path: Path) -> None:
    sentence = "Le conseil municipal a voté mardi soir le prolongement du tramway vers le nord. "
    article = read_one(write(tmp_path, "one-line.txt", sentence * 400))
    assert article.title == (
        "Le conseil municipal a voté mardi soir le prolongement du tramway vers le nord…"
    )
    assert article.lede == (sentence * 400).strip()
    assert article.blocks == ()


def test_stand_in_title_without_spaces_is_cut_at_the_limit(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "zh.txt", "北京今天的天气很好" * 50))
    assert article.title == ("北京今天的天气很好" * 9)[:80] + "…"


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("By Sofia Lindqvist · 11 April 2025 · 9 min read", "Sofia Lindqvist",
         dt.date(2025, 4, 11)),
        ("Par Sophie Lambert · Publié le 2 août 2025 à 8 h 00 · Lecture 5 min", "Sophie Lambert",
         dt.date(2025, 8, 2)),
        ("Von Anna Müller, 2. Mai 2025", "Anna Müller", dt.date(2025, 5, 2)),
        ("Por Lucía Fernández | Cannes · 25/05/2025 00:45", "Lucía Fernández",
         dt.date(2025, 5, 25)),
        ("By J. R. Smith | March 3, 2025", "J. R. Smith", dt.date(2025, 3, 3)),
        ("Publié le 3 mars 2025", "", dt.date(2025, 3, 3)),
        ("Veröffentlicht am 3. März 2025", "", dt.date(2025, 3, 3)),
    ],
)
def test_byline_variants(line: str, author: str, date: dt.date) -> None:
    parsed = parse_byline(line)
    assert parsed is not None
    assert parsed[:2] == (author, date)


@pytest.mark.parametrize(
    "line",
    ["Von Berlin aus fuhr er nach Hamburg, wo er blieb.", "Por fin llegó la primavera.",
     "By the end of the year, prices had doubled.", "Par ailleurs, le port ferme."],
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_headings_run_into_the_next_sentence_are_set_apart(tmp_path: Path) -> None:
    """A site's text export that glued each heading to the sentence after it: the heading
    reads as a heading, and its last word and the sentence's first are words again."""
    path = write(tmp_path, "mesures.txt", (
        "Ce que prévoit le plan\n\n"
        "Le texte reprend plusieurs mesures, en réponse à la crise des derniers mois.\n\n"
        "Première mesure : la prime sera reconduite.♦ FISCALITÉEmmanuel Macron veut baisser "
        "les impôts.♦ EDUCATION ET SANTÉLe gouvernement ne fermera plus d'école au XVIIIe "
        "arrondissement, dit-il sur BFMTVLundi soir, malgré les LGBTphobies.- Pris de "
        "peur -De là à oser, il y a un pas.\n"
    ))
    article = read_one(path)
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", "Première mesure : la prime sera reconduite."),
        ("heading", "♦ FISCALITÉ"),
        ("paragraph", "Emmanuel Macron veut baisser les impôts."),
        ("heading", "♦ EDUCATION ET SANTÉ"),
        ("paragraph", "Le gouvernement ne fermera plus d'école au XVIIIe arrondissement, dit-il "
                      "sur BFMTV Lundi soir, malgré les LGBTphobies."),
        ("heading", "Pris de peur"),
        ("paragraph", "De là à oser, il y a un pas."),
    ]
