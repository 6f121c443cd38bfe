"""Markdown, HTML and feed readers, and the shared read_file contract (paths, ids, errors)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from index.readers import ReadError, is_article_file, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# -- Markdown -------------------------------------------------------------------------------

def test_markdown_front_matter_fields_and_plain_blocks() -> None:
    [article] = read_file(FIXTURES / "fr-front-matter.md", FIXTURES)
    assert article.format == "markdown"
    assert article.title == "L’AI Act entre en vigueur"
    assert article.author == "Claire Martin"
    assert article.date == dt.date(2025, 3, 14)
    assert article.language == "fr"
    assert article.tags == ("intelligence artificielle", "Union européenne", "régulation")
    assert article.source_url == "https://exemple.fr/ai-act"
    # No summary: the first paragraph is the lede, emphasis and link syntax gone, text kept.
    assert article.lede == (
        "Le règlement européen sur l’intelligence artificielle s’applique désormais aux "
        "systèmes à haut risque."
    )
    assert [(block.kind, block.text) for block in article.blocks[:3]] == [
        ("heading", "Ce qui change"),
        ("paragraph", "Les fournisseurs doivent documenter leurs modèles et publier un résumé "
                      "des données d’entraînement."),
        ("heading", "Les sanctions"),
    ]
    assert "jusqu’à 35 millions d’euros" in article.blocks[3].text
    assert "*" not in article.text and "](" not in article.text and "#" not in article.text


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("date: 2025-03-14", dt.date(2025, 3, 14)),
        ("date: 2025-03-14 18:30:00", dt.date(2025, 3, 14)),
        ('date: "14 mars 2025"', dt.date(2025, 3, 14)),
        ('date: "March 14, 2025"', dt.date(2025, 3, 14)),
        ('date: "14. März 2025"', dt.date(2025, 3, 14)),
        ("date: not a date", None),
    ],
)
def test_markdown_dates(tmp_path: Path, date_line: str, expected: dt.date | None) -> None:
    path = write(tmp_path, "d.md", f"---\ntitle: T\n{date_line}\n---\nText.\n")
    [article] = read_file(path, tmp_path)
    assert article.date == expected


def test_markdown_summary_tags_string_and_language_key(tmp_path: Path) -> None:
    content = (
        "---\ntitle: Solar boom\nlanguage: en\ntags: energy, solar power , China\n"
        "summary: Panels are cheaper than ever\nurl: https://example.org/solar\n---\n"
        "First paragraph stays in the body.\n\nSecond.\n"
    )
    [article] = read_file(write(tmp_path, "s.md", content), tmp_path)
    assert article.tags == ("energy", "solar power", "China")
    assert article.language == "en"
    assert article.lede == "Panels are cheaper than ever"
    assert article.body == "First paragraph stays in the body.\n\nSecond."
    assert article.source_url == "https://example.org/solar"


def test_markdown_title_from_heading_then_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "h.md", "# The heading title\n\nBody *text*.\n")
    [heading] = read_file(path, tmp_path)
    assert heading.title == "The heading title"
    assert heading.lede == "Body text."
    assert heading.blocks == ()
    [named] = read_file(write(tmp_path, "file-name.md", "Just a paragraph.\n"), tmp_path)
    assert named.title == "file-name"
    assert named.lede == "Just a paragraph."


def test_markdown_broken_front_matter_keeps_body_and_readable_fields() -> None:
    """A stray quote in the front matter used to cost the whole article."""
    [article] = read_file(FIXTURES / "broken-front-matter.md", FIXTURES)
    assert article.lede == "Body text."
    assert article.title == "Unclosed quote"
    assert article.author == "Jane"
    [warning] = article.warnings
    assert "front matter is not valid YAML at line 4" in warning
    assert "kept author, title" in warning


def test_markdown_invalid_yaml_keeps_every_line_that_reads_as_a_field(tmp_path: Path) -> None:
    content = (
        '---\ntitle: "Budget vote: a long night\nauthor: Jane Doe\ndate: 2025-03-01\n'
        "tags: [budget, parliament]\nlang: fr\n---\n\nLe parlement a voté le budget.\n"
    )
    [article] = read_file(write(tmp_path, "b.md", content), tmp_path)
    assert article.title == "Budget vote: a long night"
    assert article.author == "Jane Doe"
    assert article.date == dt.date(2025, 3, 1)
    assert article.tags == ("budget", "parliament")
    assert article.language == "fr"
    assert article.lede == "Le parlement a voté le budget."
    assert len(article.warnings) == 1


def test_markdown_impossible_date_is_a_warning_not_a_reader_failure(tmp_path: Path) -> None:
    """YAML raises ValueError (not YAMLError) on 2025-02-30; the file was retried forever."""
    content = "---\ntitle: Leap\ndate: 2025-02-30\n---\nBody text.\n"
    [article] = read_file(write(tmp_path, "d.md", content), tmp_path)
    assert (article.title, article.lede, article.date) == ("Leap", "Body text.", None)
    assert "day is out of range" in article.warnings[0]


def test_markdown_unclosed_or_non_mapping_front_matter(tmp_path: Path) -> None:
    [unclosed] = read_file(write(tmp_path, "u.md", "---\ntitle: T\n\nText.\n"), tmp_path)
    assert (unclosed.title, unclosed.lede) == ("T", "Text.")
    assert "never closed" in unclosed.warnings[0]
    [listed] = read_file(write(tmp_path, "l.md", "---\n- a\n- b\n---\nText.\n"), tmp_path)
    assert (listed.title, listed.lede) == ("l", "Text.")
    assert "key: value" in listed.warnings[0]
    [ruled] = read_file(write(tmp_path, "r.md", "---\nText under a rule.\n"), tmp_path)
    assert (ruled.lede, ruled.warnings) == ("Text under a rule.", ())


def test_markdown_good_front_matter_has_no_warning() -> None:
    [article] = read_file(FIXTURES / "fr-front-matter.md", FIXTURES)
    assert article.warnings == ()


def test_markdown_keeps_bracketed_text_and_drops_escapes(tmp_path: Path) -> None:
    content = "---\ntitle: \"[bold]Hi\"\n---\nSee [bold] and \x1b[31mred\x1b[0m [docs](http://x.y).\n"
    [article] = read_file(write(tmp_path, "m.md", content), tmp_path)
    assert article.title == "[bold]Hi"
    assert article.lede == "See [bold] and red docs."


# -- HTML -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def german_page():
    [article] = read_file(FIXTURES / "ki-gesetz-de.html", FIXTURES)
    return article


def test_html_metadata(german_page) -> None:
    assert german_page.format == "html"
    assert german_page.title == "EU-Parlament verabschiedet KI-Gesetz"
    assert german_page.author == "Anna Müller"
    assert german_page.date == dt.date(2025, 5, 2)
    assert german_page.language == "de"
    assert german_page.tags == (
        "KI-Gesetz", "Europäische Union", "künstliche Intelligenz", "Brüssel",
    )
    assert german_page.source_url == "https://tagesblick.example/politik/ki-gesetz"


def test_html_standfirst_is_the_lede_and_h2_a_heading(german_page) -> None:
    assert german_page.lede.startswith("Brüssel setzt weltweit erste umfassende Regeln")
    assert [block.kind for block in german_page.blocks] == [
        "paragraph", "paragraph", "heading", "paragraph", "paragraph",
    ]
    assert german_page.blocks[2].text == "Kritik aus der Wirtschaft"
    assert german_page.blocks[0].text.startswith("Das Europäische Parlament hat am Freitag")
    assert german_page.blocks[-1].text.endswith("die übrigen Regeln nach zwei Jahren.")


def test_html_clutter_stays_out(german_page) -> None:
    text = german_page.text
    for clutter in ("Cookies", "akzeptieren", "Startseite", "Anzeige", "Traumreise",
                    "Meistgelesen", "Bundesliga", "Kommentare", "Datenkraken", "Impressum",
                    "Tagesblick Medien", "tracking", "Digital-Abo", "gratis"):
        assert clutter not in text, clutter


def test_html_in_latin1_with_declared_charset(tmp_path: Path) -> None:
    page = (
        '<html lang="fr"><head><meta charset="iso-8859-1"><title>Été à Nîmes</title></head>'
        "<body><article><h1>Été à Nîmes</h1><p>Les arènes accueillent la féria, "
        "et les élèves goûtent à la fraîcheur du soir après une journée brûlante.</p>"
        "<p>La ville attend des milliers de visiteurs ce week-end, malgré la chaleur.</p>"
        "</article></body></html>"
    )
    [article] = read_file(write(tmp_path, "p.html", page.encode("latin-1")), tmp_path)
    assert article.title == "Été à Nîmes"
    assert article.language == "fr"
    assert "goûtent à la fraîcheur" in article.lede


def test_html_small_page_without_article_element(tmp_path: Path) -> None:
    page = "<html><head><title>Short note</title></head><body><p>Only one line.</p></body></html>"
    [article] = read_file(write(tmp_path, "n.htm", page), tmp_path)
    assert article.title == "Short note"
    assert article.lede == "Only one line."
    assert article.language is None


def test_html_content_wrapper_with_a_furniture_class_is_kept(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} of the story, long enough to count as real article text here.</p>"
        for n in range(5)
    )
    page = (
        "<html><head><title>Wrapped</title></head><body>"
        '<div class="menu"><a href="/">Home</a> <a href="/news">News</a></div>'
        f'<div id="main" class="page has-sidebar">{paragraphs}</div></body></html>'
    )
    [article] = read_file(write(tmp_path, "w.html", page), tmp_path)
    assert article.title == "Wrapped"
    assert article.lede.startswith("Paragraph 0 of the story")
    assert len(article.blocks) == 4
    assert "Home" not in article.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><div>The council voted to extend the tram line to the north by 2030."
        "</div></body></html>",
        "<p>The council voted to extend the tram line to the north by 2030.</p>",
        "<table><tr><td>The council voted to extend the tram line to the north by 2030."
        "</td></tr></table>",
        "The council voted to extend the tram line to the north by 2030.",
    ],
)
def test_html_without_title_takes_its_first_words(tmp_path: Path, page: str) -> None:
    [article] = read_file(write(tmp_path, "t.html", page), tmp_path)
    assert article.title == "The council voted to extend the tram line to the north by 2030."
    assert "tram line" in article.lede


def test_html_whose_only_text_is_outside_the_main_content_keeps_it(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Tram</title><style>p { color: red }</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<aside>The council voted on Tuesday to extend the tram line.</aside>"
        "<script>var tracking = 'not text';</script></body></html>"
    )
    [article] = read_file(write(tmp_path, "a.html", page), tmp_path)
    assert article.title == "Tram"
    assert article.lede == "The council voted on Tuesday to extend the tram line."
    assert "Home" not in article.text and "tracking" not in article.text
    assert "color" not in article.text


def test_html_impossible_date_in_the_title_gives_no_made_up_date(tmp_path: Path) -> None:
    """htmldate's extensive search read "31 février 2025" as 1 January 2025 (loading every
    language dateparser knows to do so); the page has no date."""
    page = (
        "<html><head><title>Par X le 31 février 2025</title></head><body>"
        "<p>Le conseil a voté le budget après une longue nuit de débats.</p></body></html>"
    )
    [article] = read_file(write(tmp_path, "f.html", page), tmp_path)
    assert article.date is None
    assert article.lede == "Le conseil a voté le budget après une longue nuit de débats."


def test_html_without_text_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_file(write(tmp_path, "e.html", "<html><head></head><body></body></html>"), tmp_path)


def test_html_escape_sequences_removed(tmp_path: Path) -> None:
    page = (
        "<html><head><title>T [bold]x</title></head><body><article><h1>T [bold]x</h1>"
        "<p>Red \x1b[31malert\x1b[0m stays [b]literal[/b] in the text of this paragraph.</p>"
        "</article></body></html>"
    )
    [article] = read_file(write(tmp_path, "x.html", page), tmp_path)
    assert article.title == "T [bold]x"
    assert article.lede == "Red alert stays [b]literal[/b] in the text of this paragraph."


# -- Feeds ----------------------------------------------------------------------------------

def test_rss_entries() -> None:
    articles = read_file(FIXTURES / "feed-es.rss", FIXTURES)
    assert [a.entry_id for a in articles] == [
        "diario-2025-0412", "https://diario.example/economia/chips",
    ]
    first, second = articles
    assert {a.path for a in articles} == {"feed-es.rss"}
    assert first.id != second.id
    assert first.format == "feed"
    assert first.title == "El Barça gana el clásico en el último minuto"
    assert first.author == "Lucía Fernández"
    # The date as the feed wrote it (23:30 in UTC-5), not shifted to the next day in UTC.
    assert first.date == dt.date(2025, 4, 12)
    assert first.language == "es"
    assert first.tags == ("fútbol", "FC Barcelona", "Real Madrid")
    assert first.source_url == "https://diario.example/deportes/clasico"
    assert first.lede == "Un gol de Lamine Yamal decide un partido vibrante."
    assert [(b.kind, b.text) for b in first.blocks] == [
        ("paragraph", "El FC Barcelona venció 2-1 al Real Madrid en el Santiago Bernabéu con "
                      "un gol en el minuto 93."),
        ("heading", "Un final de infarto"),
        ("paragraph", "El delantero remató de cabeza tras un córner. El estadio enmudeció."),
    ]
    assert "alert" not in first.text
    # Without content:encoded, the summary's paragraphs are the text.
    assert second.lede.startswith("Bruselas destina 3.000 millones")
    assert second.body == "La medida busca reducir la dependencia de Asia."
    assert second.date == dt.date(2025, 4, 14)


def test_atom_entry() -> None:
    [article] = read_file(FIXTURES / "feed-fr.atom", FIXTURES)
    assert article.entry_id == "urn:uuid:cannes-2025-palme"
    assert article.title == "Cannes : la Palme d’or pour un film iranien"
    assert article.author == "Marc Petit"
    assert article.date == dt.date(2025, 5, 24)
    assert article.language == "fr"
    assert article.tags == ("Festival de Cannes", "cinéma")
    assert article.source_url == "https://fil.example/cannes-palme"
    assert article.lede == "Le jury a distingué un drame tourné dans la clandestinité."
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph"]
    assert article.blocks[0].text == "Le 78e Festival de Cannes s’est achevé samedi soir."


def test_feed_entry_hash_changes_only_with_its_entry(tmp_path: Path) -> None:
    original = (FIXTURES / "feed-es.rss").read_text(encoding="utf-8")
    before = read_file(write(tmp_path, "f.rss", original), tmp_path)
    changed = original.replace("La medida busca", "La nueva medida busca")
    after = read_file(write(tmp_path, "f.rss", changed), tmp_path)
    assert [a.id for a in before] == [a.id for a in after]
    assert before[0].content_hash == after[0].content_hash
    assert before[1].content_hash != after[1].content_hash


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("c.atom", b"<entry<content>\x01</content<"),
        ("d.xml", b"<item><description>&#0;</description></item>"),
    ],
)
def test_feed_entry_of_control_characters_is_skipped_not_a_reader_failure(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """Found by tests/test_properties.py: the entry's only text cleaned to nothing, and taking
    a title from its first words raised IndexError (reported as a reader bug, retried forever)."""
    with pytest.raises(ReadError, match="neither title nor text") as raised:
        read_file(write(tmp_path, name, data), tmp_path)
    assert not raised.value.retry


def test_xml_that_is_not_a_feed_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="not an RSS or Atom feed"):
        read_file(FIXTURES / "not-a-feed.xml", FIXTURES)
    with pytest.raises(ReadError):
        read_file(write(tmp_path, "page.xml", "<html><body><p>Hi</p></body></html>"), tmp_path)
    with pytest.raises(ReadError, match="empty"):
        read_file(write(tmp_path, "empty.rss", ""), tmp_path)
    empty_feed = '<rss version="2.0"><channel><title>News</title></channel></rss>'
    with pytest.raises(ReadError, match="no entries"):
        read_file(write(tmp_path, "none.rss", empty_feed), tmp_path)


# -- The read_file contract -----------------------------------------------------------------

def test_is_article_file() -> None:
    for name in ("a.txt", "a.TEXT", "a.md", "a.markdown", "a.html", "a.HTM", "a.rss",
                 "a.atom", "a.xml"):
        assert is_article_file(Path("corpus") / name), name
    for name in (".hidden.txt", "a.pdf", "a.txt~", "README", "a.json", ".md"):
        assert not is_article_file(Path("corpus") / name), name


def test_paths_and_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "world/europe/note.txt", "Title\n\nText.\n")
    [article] = read_file(path, tmp_path)
    assert article.path == "world/europe/note.txt"
    [again] = read_file(path, tmp_path)
    assert again.id == article.id and again.content_hash == article.content_hash
    assert len(article.id) == 16 and int(article.id, 16) >= 0
    [itself] = read_file(path, path)
    assert itself.path == "note.txt"
    [elsewhere] = read_file(path, tmp_path / "unrelated")
    assert elsewhere.path == "note.txt"
    other = write(tmp_path, "world/other.txt", "Title\n\nText.\n")
    [copy] = read_file(other, tmp_path)
    assert copy.id != article.id
    assert copy.content_hash == article.content_hash  # same bytes, same hash
    path.write_text("Title\n\nChanged text.\n", encoding="utf-8")
    [edited] = read_file(path, tmp_path)
    assert edited.id == article.id and edited.content_hash != article.content_hash


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read"):
        read_file(tmp_path / "absent.txt", tmp_path)
    with pytest.raises(ReadError, match="not an article file"):
        read_file(write(tmp_path, "a.pdf", "x"), tmp_path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".rss", ".xml"])
def test_garbage_only_ever_raises_read_error(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(suffix)
    samples = [
        bytes(rng.randrange(256) for _ in range(300)),
        b"\xff\xfe" + "Titre\n\nTexte.".encode("utf-16-le"),
        b"<" * 50 + b">" * 50,
        b"---\n---\n",
        b"<rss><channel><item></item></channel></rss>",
        "\u202eevil\n\n\x1b[2J".encode(),
    ]
    for index, data in enumerate(samples):
        path = write(tmp_path, f"g{index}{suffix}", data)
        try:
            articles = read_file(path, tmp_path)
        except ReadError as error:
            assert str(error) and "\n" not in str(error)
            continue
        for article in articles:
            for text in (article.title, article.text):
                assert "\x1b" not in text and "\u202e" not in text


def test_html_kicker_and_byline_leave_the_body() -> None:
    [article] = read_file(FIXTURES / "marseille-fr.html", FIXTURES)
    assert article.title == "Marseille inaugure son premier tramway à hydrogène"
    assert article.kickers == ("Transports",)
    # No author or date metadata: both come from the byline line, which leaves the body.
    assert article.author == "Jean-Luc Ferrand"
    assert article.date == dt.date(2025, 3, 12)
    assert article.language == "fr"
    assert article.tags == ("Marseille", "transports", "hydrogène")
    assert article.lede.startswith("Le premier tramway à hydrogène de France")
    assert [b.kind for b in article.blocks] == ["paragraph", "heading", "paragraph"]
    for clutter in ("Par Jean-Luc", "Publicité", "cookies", "Accueil", "Mentions légales"):
        assert clutter not in article.body + article.lede, clutter


def test_feed_escapes_removed_markup_kept(tmp_path: Path) -> None:
    feed = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>'
        b"<item><title>Red [bold]x[/bold] &#x1b;[31m</title><guid>g1</guid><description>"
        b"<![CDATA[<p>Hi \x1b[31mred\x1b[0m [b]lit[/b] text.</p>]]></description></item>"
        b"</channel></rss>"
    )
    [article] = read_file(write(tmp_path, "e.rss", feed), tmp_path)
    assert article.title == "Red [bold]x[/bold]"
    assert article.lede == "Hi red [b]lit[/b] text."


def test_feed_summary_that_repeats_the_content_is_not_the_lede(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>f</id>'
        "<entry><id>e1</id><title>Titre</title><updated>2025-03-01T10:00:00Z</updated>"
        "<summary>Le premier paragraphe commence ainsi et continue […]</summary>"
        '<content type="html">&lt;p&gt;Le premier paragraphe commence ainsi et continue '
        "longtemps.&lt;/p&gt;&lt;p&gt;Le second.&lt;/p&gt;</content></entry></feed>"
    )
    [article] = read_file(write(tmp_path, "r.atom", feed), tmp_path)
    assert article.lede == "Le premier paragraphe commence ainsi et continue longtemps."
    assert article.body == "Le second."
    assert article.date == dt.date(2025, 3, 1)
    assert article.source_url == ""  # an Atom id is not a link
