"""Plain-text articles in the news-site layout (see LAYOUT.md §1), and minimal plain files.

The layout is read from its shape, the way a person reads it: the first line is the title; a
byline ("Rédigé par X le <date>", "By X on <date>", "Por X el <date>", "Von X am <date>", and
close variants) gives author and date; the short lines right after the byline are kickers; the
next paragraph is the lede; a closing comma-separated line is the tag list; the site's trailing
boilerplate (a repeated date, "Dans la même rubrique :" …) is dropped. A file with only a title
line and paragraphs reads as title, lede (the first paragraph) and body.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from index.models import Block
from index.readers.dates import parse_date
from index.readers.errors import ReadError
from index.readers.glued import unglue_headings
from index.readers.parsed import ParsedArticle
from index.readers.text import clean_block, clean_line, strip_controls, title_from_text

MAX_TITLE = 300
"""A first line longer than this is a paragraph, not a title: the file has no title, and its
first words stand in for one."""

# Byline openers per language, with the word that introduces the date after the author.
_BYLINE_OPENERS: dict[str, tuple[str, str]] = {
    "fr": (r"(?:r[ée]dig[ée]e?|publi[ée]e?|[ée]crit[e]?|post[ée]e?|mis en ligne) par|par", "le"),
    "en": (r"(?:written|posted|published|reported|story) by|by", "on"),
    "es": (r"(?:escrito|escrita|publicado|publicada|redactado|redactada) por|por", "el"),
    "de": (r"(?:geschrieben|verfasst|ver[öo]ffentlicht|gepostet) von|von", "am"),
}
_DATE_ONLY_OPENERS: dict[str, str] = {
    "fr": r"(?:publi[ée]e?|mis en ligne|mis à jour)(?: le)?",
    "en": r"(?:published|posted|updated)(?: on)?",
    "es": r"(?:publicado|publicada|actualizado)(?: el)?",
    "de": r"(?:ver[öo]ffentlicht|aktualisiert)(?: am)?",
}
_BYLINES = [
    (lang, re.compile(rf"^(?:{opener})\s+(?P<rest>\S.*)$", re.IGNORECASE), sep)
    for lang, (opener, sep) in _BYLINE_OPENERS.items()
]
_DATE_BYLINES = [
    (lang, re.compile(rf"^(?:{opener})\s+(?P<date>\S.*\d.*)$", re.IGNORECASE))
    for lang, opener in _DATE_ONLY_OPENERS.items()
]
# Separators that may stand between author, date and reading time whatever the language.
_SEGMENT = re.compile(r"\s+[·|•—–-]\s+")

# A standalone line that starts the site's lists of other articles: everything after it goes.
_SECTION_MARKERS = re.compile(
    r"^(?:dans la même rubrique|sur le même sujet|du même auteur|à lire (?:aussi|également)"
    r"|lire aussi|articles? similaires|partager(?: cet article)?|commentaires?"
    r"|more in this section|related (?:articles|stories|posts)|more from|read more|share(?: this)?"
    r"|comments?|you may also like|en la misma sección|noticias relacionadas|lea también"
    r"|leer más|comparte?|comentarios?|mehr aus dieser rubrik|mehr zum thema|lesen sie auch"
    r"|weiterlesen|das könnte sie auch interessieren|teilen|kommentare?)\s*:?$",
    re.IGNORECASE,
)
# A paragraph that only points at another article ("Lire aussi : …", "Read more: …").
_READ_ALSO = re.compile(
    r"^(?:à lire (?:aussi|également)|lire aussi|lire la suite|read more|read also|see also"
    r"|lea también|leer más|lesen sie auch|weiterlesen|mehr dazu)\b\s*:",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^(?:[-*•–]|\d+[.)])\s")
_SENTENCE_END = tuple(".,;:!…»\"”)’'")
_TAG_FORBIDDEN = re.compile(r"[.!?;:«»\"“”()\[\]]|\s-\s")


@dataclass
class _Group:
    """Consecutive non-blank lines, with the number of blank lines after them."""

    lines: list[str]
    blank_after: int = 0


def parse_plain(text: str) -> ParsedArticle:
    """Read an article in the plain-text layout; ReadError when there is no title line.

    The byline's language only steers date parsing: it is a guess from the byline's wording,
    not a declaration, so the article's `language` stays None.
    """
    groups = _groups(_unglue_after_title(strip_controls(text)))
    if not groups:
        raise ReadError("empty file (only blank lines)")
    first = groups[0]
    title = clean_line(first.lines[0])
    if len(title) > MAX_TITLE:
        return _untitled(groups)
    if len(first.lines) > 1:
        groups.insert(1, _Group(first.lines[1:], first.blank_after))
    article = ParsedArticle(title=title)
    byline_language: str | None = None
    rest = groups[1:]

    if rest and (byline := parse_byline(rest[0].lines[0])) is not None:
        article.author, article.date, byline_language = byline
        extra = rest[0].lines[1:]
        rest = rest[1:]
        if extra and all(_is_short(line) for line in extra):
            article.kickers = tuple(clean_line(line) for line in extra)
        elif extra:
            rest.insert(0, _Group(extra))
        elif len(rest) > 1 and _are_kickers(rest[0]):
            article.kickers = tuple(clean_line(line) for line in rest[0].lines)
            rest = rest[1:]

    rest = _drop_boilerplate(rest, article.date, byline_language)
    if rest:
        article.lede = _paragraph(rest[0])
        rest = rest[1:]
    if rest and len(rest[-1].lines) == 1 and (tags := _tag_line(rest[-1].lines[0])):
        article.tags = tags
        rest = rest[:-1]
    for index, group in enumerate(rest):
        last = index == len(rest) - 1
        if not last and len(group.lines) == 1 and _is_heading(group.lines[0]):
            article.blocks.append(Block("heading", clean_line(group.lines[0])))
        else:
            article.blocks.append(Block("paragraph", _paragraph(group)))
    article.blocks = [block for block in article.blocks if block.text]
    if not (article.lede or article.blocks):
        raise ReadError("no article text after the title line")
    return article


def _unglue_after_title(text: str) -> str:
    """`unglue_headings` on everything after the first line that is not blank."""
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    head, body = lines[: first + 1], lines[first + 1 :]
    return "\n".join(head) + "\n" + unglue_headings("\n".join(body)) if body else text


def _untitled(groups: list[_Group]) -> ParsedArticle:
    """A file that opens with a paragraph (often one enormous line): all of it is text, and its
    first words stand in for the title it lacks."""
    paragraphs = [text for group in groups if (text := _paragraph(group))]
    return ParsedArticle(
        title=title_from_text(paragraphs[0]),
        lede=paragraphs[0],
        blocks=[Block("paragraph", text) for text in paragraphs[1:]],
    )


def _groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
            continue
        if current:
            groups.append(_Group(current))
            current = []
        if groups:
            groups[-1].blank_after += 1
    if current:
        groups.append(_Group(current))
    return groups


def parse_byline(line: str) -> tuple[str, dt.date | None, str] | None:
    """(author, date, language) when the line is a byline, else None; HTML pages use it too."""
    line = clean_line(line)
    if len(line) > 160 or line.endswith((".", "!", "?", ";")):
        return None
    for lang, pattern, separator in _BYLINES:
        found = pattern.match(line)
        if not found:
            continue
        author, date = _split_author_date(found["rest"], separator, lang)
        if _looks_like_author(author):
            return author, date, lang
    for lang, pattern in _DATE_BYLINES:
        found = pattern.match(line)
        if found and (date := _date(found["date"], lang)) is not None:
            return "", date, lang
    return None


def _split_author_date(rest: str, separator: str, lang: str) -> tuple[str, dt.date | None]:
    """Split "La Rédaction le Vendredi 24 Janvier 2025" or "Anna Müller · 1. Juni 2025 ·
    5 min" into author and date; (rest, None) when no part of it is a date."""
    segments = _SEGMENT.split(rest)
    for segment in segments[1:]:
        date = _date(segment, lang)
        if date is not None:
            return _author(segments[0], separator), date
    head = segments[0]
    # The rightmost separator first: names may hold "le" ("Paul Le Gall"), dates do not.
    for found in reversed(list(re.finditer(rf"\s{separator}\s", head, re.IGNORECASE))):
        date = _date(head[found.end():], lang)
        if date is not None:
            return head[: found.start()].strip(" ,"), date
    for found in re.finditer(r",\s", head):
        date = _date(head[found.end():], lang)
        if date is not None:
            return head[: found.start()].strip(" ,"), date
    return rest, None


def _author(segment: str, separator: str) -> str:
    """The author part of a byline segment, without a trailing separator word."""
    return re.sub(rf"\s+{separator}$", "", segment.strip(" ,"), flags=re.IGNORECASE)


def _date(text: str, lang: str) -> dt.date | None:
    # Never the slow every-language search here: most candidates are not dates at all.
    return parse_date(text, (lang,), detect=False)


def _looks_like_author(author: str) -> bool:
    words = author.split()
    if not words or len(words) > 8 or len(author) > 80:
        return False
    # Periods only after initials ("J. Smith"); no sentence inside a byline.
    return not re.search(r"\w{2,}\.|[!?;:«»\"]", author)


def _is_short(line: str) -> bool:
    return len(line) <= 160


def _are_kickers(group: _Group) -> bool:
    """Kickers: 1 to a few short lines right after the byline, set apart from the lede."""
    if not all(_is_short(line) for line in group.lines) or len(group.lines) > 5:
        return False
    return len(group.lines) >= 2 or group.blank_after >= 2


def _drop_boilerplate(
    groups: list[_Group], date: dt.date | None, language: str | None
) -> list[_Group]:
    kept: list[_Group] = []
    for group in groups:
        cut = next(
            (i for i, line in enumerate(group.lines) if _SECTION_MARKERS.match(line)), None
        )
        if cut is not None:
            if cut:
                kept.append(_Group(group.lines[:cut]))
            break
        if _READ_ALSO.match(group.lines[0]) and len(" ".join(group.lines)) <= 300:
            continue
        kept.append(group)
    # The site repeats the date under the article: drop trailing date lines.
    while kept:
        lines = kept[-1].lines
        while lines and _is_date_line(lines[-1], date, language):
            lines = lines[:-1]
        if lines:
            kept[-1] = _Group(lines)
            break
        kept.pop()
    return kept


def _is_date_line(line: str, date: dt.date | None, language: str | None) -> bool:
    """A repeat of the article's date (or any date, when the byline gave none)."""
    if len(line) > 60 or len(line.split()) > 8 or "," in line and date is None:
        return False
    if not re.search(r"\d{4}", line):
        return False
    languages = (language,) if language else None
    found = parse_date(line, languages, detect=False)
    return found is not None and (date is None or found == date)


def _tag_line(line: str) -> tuple[str, ...]:
    """The tags when the line is a comma-separated list of short items, else ()."""
    if _TAG_FORBIDDEN.search(line) or line.endswith(_SENTENCE_END):
        return ()
    items = [item.strip() for item in line.split(",")]
    if len(items) < 2 or any(not item for item in items):
        return ()
    if any(len(item) > 40 or len(item.split()) > 5 for item in items):
        return ()
    return tuple(clean_line(item) for item in items)


def _is_heading(line: str) -> bool:
    if len(line) > 100 or len(line.split()) > 14:
        return False
    if line.endswith(_SENTENCE_END) or line[0].islower():
        return False
    return not _LIST_ITEM.match(line)


def _paragraph(group: _Group) -> str:
    """Hard-wrapped lines join into one paragraph; list items keep their own lines."""
    if len(group.lines) > 1 and all(_LIST_ITEM.match(line) for line in group.lines):
        return clean_block("\n".join(group.lines))
    return clean_block(" ".join(group.lines))
