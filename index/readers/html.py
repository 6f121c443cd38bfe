"""HTML pages (LAYOUT.md §3): trafilatura finds the article among navigation, banners, ads,
comments and footers; the page's own metadata gives title, author, date, tags, language, URL.

The page is parsed once with lxml; trafilatura works on that tree and returns a cleaned body
(`head`/`p`/`list` elements) that the shared walk in `blocks` turns into heading and paragraph
blocks. Before that, elements whose class names furniture (ads, promos, cookie banners,
comments, share bars) are pruned, since trafilatura keeps an in-article "inline-promo". A
standfirst (`class="standfirst"`, "chapo", "lead", …) becomes the lede, else the first
paragraph does; the short line above the <h1> ("kicker", "Dachzeile", "surtitre") becomes a
kicker; a byline paragraph leaves the body and fills author and date when metadata lacks them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from index.models import Block
from index.readers.blocks import html_blocks, inline_text, same_text, split_lede, unique
from index.readers.dates import parse_date
from index.readers.errors import ReadError
from index.readers.markdown import language_code
from index.readers.parsed import ParsedArticle
from index.readers.plain import parse_byline
from index.readers.text import clean_block, clean_line, reject_binary, title_from_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
# Class or id words that mark a standfirst (the summary under the headline).
_STANDFIRST = re.compile(
    r"(?:^|[\s_-])(?:standfirst|chapo|chapeau|chapô|lede|lead|leadin|intro|teaser|dek|deck"
    r"|subtitle|subheadline|summary|excerpt|entradilla|sumario|vorspann|einleitung)(?:$|[\s_-])",
    re.I,
)
# Class or id words of page furniture: elements so marked are pruned before extraction.
_CLUTTER_WORDS = frozenset({
    "ad", "ads", "adslot", "adbox", "advert", "advertisement", "advertising", "sponsor",
    "sponsored", "promo", "promoted", "promotion", "cookie", "cookies", "consent", "gdpr",
    "newsletter", "paywall", "subscribe", "share", "sharing", "social", "comment", "comments",
    "related", "popular", "mostread", "outbrain", "taboola", "breadcrumb", "breadcrumbs",
    "banner", "sidebar", "nav", "navbar", "menu", "footer",
})
_CLUTTER = re.compile(r"cookie|consent|advert|sponsor|promo|newsletter|comment|most-?read", re.I)
# A paragraph that is an advertisement whatever its markup.
_AD_TEXT = re.compile(
    r"^(?:sponsored|advertisement|advertorial|anzeige|werbung|publicité|publicidad"
    r"|patrocinado|contenu sponsorisé)\s*(?:[:|–-]|$)",
    re.I,
)
# Class words of the short line above the headline, and of the byline under it.
_KICKER_WORDS = frozenset({
    "kicker", "dachzeile", "surtitre", "overline", "eyebrow", "topline", "antetitulo",
    "supertitle", "overtitle", "rubric", "section-label",
})
_BYLINE_WORDS = frozenset({
    "byline", "autorenzeile", "author", "authors", "dateline", "signature", "firma", "autor",
    "auteur", "meta", "published", "pubdate", "timestamp",
})
_DATE_META = (
    "article:published_time", "datePublished", "date", "dc.date", "dc.date.issued",
    "dcterms.created", "pubdate", "publishdate", "publication_date", "sailthru.date",
    "og:published_time", "article:modified_time", "dateModified",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author")

# trafilatura and its helpers log a warning for every page they discard; with no logging set
# up, Python would print those on stderr, under the progress bar. Our ReadError says it instead.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def decode_html(data: bytes) -> str:
    """UTF-8 first, then the charset the page declares, then detection (`text.decode`).

    Raises ReadError for an empty or binary file.
    """
    from index.readers.text import decode, normalise_newlines

    if not data.strip():
        raise ReadError("empty file")
    reject_binary(data)
    try:
        return normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return normalise_newlines(data.decode(declared.group(1).decode("ascii")))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def parse_html(text: str) -> ParsedArticle:
    import lxml.html
    from lxml import etree

    text = _XML_DECLARATION.sub("", text)
    if not text.strip():
        raise ReadError("empty file")
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ReadError(f"not an HTML page ({error})") from None
    meta = _meta(tree)
    title_hint = _h1(tree)
    standfirst = _standfirst(tree)
    kickers = _marked_texts(tree, _KICKER_WORDS, 120)
    bylines = _marked_texts(tree, _BYLINE_WORDS, 250)
    _prune_clutter(tree)
    extracted = _extract(tree)

    blocks = html_blocks(extracted.body) if extracted is not None and extracted.body is not None \
        else []
    if not blocks:
        blocks = _fallback_blocks(tree)
    if not blocks:
        blocks = _visible_blocks(tree)
    blocks = [block for block in blocks if not _AD_TEXT.match(block.text)]
    title = title_hint or _title(tree, meta, extracted)
    blocks, kickers, byline = _strip_header(blocks, title, kickers, bylines)
    if not blocks:
        raise ReadError("no article text found in the page")
    if not title:  # no <title>, <h1> or og:title: the page's first words stand in
        title = title_from_text(blocks[0].text)

    if standfirst:
        lede = standfirst
        blocks = [block for block in blocks if not same_text(block.text, standfirst)]
    else:
        lede, blocks = split_lede(blocks)

    tags = [*meta.get("article:tag", []), *_split(meta.get("keywords", []))]
    if extracted is not None:
        tags += [*_split(extracted.tags or []), *_split(extracted.categories or [])]
    author = _first(meta, _AUTHOR_META)
    if not author or author.startswith(("http://", "https://")):
        author = clean_line(extracted.author) if extracted is not None and extracted.author else ""
    if not author and byline is not None:
        author = byline[0]
    date = parse_date(_first(meta, _DATE_META))
    if date is None:
        date = _time_element_date(tree)
    if date is None and byline is not None:
        date = byline[1]
    if date is None and extracted is not None:
        date = parse_date(extracted.date)
    return ParsedArticle(
        title=title,
        author=author,
        date=date,
        kickers=kickers,
        language=language_code(tree.get("lang") or tree.get("xml:lang")
                               or _first(meta, ("content-language", "og:locale", "language"))),
        tags=unique(tags),
        source_url=_canonical(tree) or _first(meta, ("og:url",))
        or (clean_line(extracted.url) if extracted is not None and extracted.url else ""),
        lede=lede,
        blocks=blocks,
    )


def _strip_header(
    blocks: list[Block], title: str, kickers: tuple[str, ...], bylines: tuple[str, ...]
) -> tuple[list[Block], tuple[str, ...], tuple[str, dt.date | None, str] | None]:
    """Take the headline, the line above it and the byline out of the body.

    trafilatura keeps some of them as paragraphs. Short paragraphs before the headline become
    kickers; a byline is recognised by its class or by its wording ("Von X · 1. Juni 2025").
    Returns the blocks, the kickers and the parsed byline (author, date, language) if any.
    """
    head = min(len(blocks), 6)
    title_at = next(
        (i for i in range(head)
         if blocks[i].kind == "heading" and same_text(blocks[i].text, title)),
        None,
    )
    found_kickers = list(kickers)
    if title_at is not None:
        before = blocks[:title_at]
        if all(b.kind == "paragraph" and len(b.text) <= 120 for b in before):
            found_kickers += [b.text for b in before]
            blocks = blocks[title_at + 1:]
        else:
            blocks = blocks[:title_at] + blocks[title_at + 1:]
    byline = None
    for text in bylines:
        byline = byline or parse_byline(text)
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if any(same_text(block.text, marked) for marked in (*bylines, *found_kickers)):
            continue
        if index < 4 and block.kind == "paragraph" and len(block.text) <= 200:
            parsed = parse_byline(block.text)
            if parsed is not None:
                byline = byline or parsed
                continue
        kept.append(block)
    return kept, unique(found_kickers), byline


def _marked_texts(tree: Any, words: frozenset[str], limit: int) -> tuple[str, ...]:
    """Texts of the article's elements whose class names one of `words`."""
    found: list[str] = []
    scope = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body")
    if not scope:
        return ()
    for element in scope[0].iter("p", "div", "span", "header", "h2", "h3", "h4", "h5", "h6"):
        marker = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if not marker.strip():
            continue
        tokens = set(re.split(r"[^a-z0-9-]+", marker)) | set(re.split(r"[^a-z0-9]+", marker))
        if tokens & words:
            text = clean_line(inline_text(element))
            if 0 < len(text) <= limit:
                found.append(text)
    return tuple(found)


def _extract(tree: Any) -> Any:
    """trafilatura's document (metadata + cleaned body), or None when it finds no article."""
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        return trafilatura.bare_extraction(
            tree,
            # htmldate's extensive search hands free text to dateparser in every language,
            # whose first such call loads them all (measured 6-18 s on a busy 2-core machine)
            # for a date that the page's own metadata, <time> and byline already gave.
            date_extraction_params=set_date_params(extensive=False),
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=True,
            include_links=False,
            fast=True,
        )
    except Exception:  # trafilatura rejects odd pages in many ways; we have a fallback
        return None


def _meta(tree: Any) -> dict[str, list[str]]:
    """Every <meta> content by its name/property/itemprop, lower-cased; keeps repeats (tags)."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") \
            or element.get("http-equiv")
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(content)
    for element in tree.xpath("//*[@itemprop][not(self::meta)]"):
        key = element.get("itemprop").strip().lower()
        value = element.get("datetime") or element.get("content")
        if key in ("datepublished", "author") and (value or key == "author"):
            found.setdefault(key, []).append(value or inline_text(element))
    return found


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str:
    for key in keys:
        for value in meta.get(key.lower(), []):
            if clean_line(value):
                return clean_line(value)
    return ""


def _split(values: list[str] | str) -> list[str]:
    if isinstance(values, str):
        values = [values]
    return [part for value in values for part in value.split(",")]


def _h1(tree: Any) -> str:
    """The article's own headline, the first <h1> of the article, the main part or the page."""
    for xpath in ("//article//h1", "//main//h1", "//h1"):
        for element in tree.xpath(xpath):
            text = clean_line(inline_text(element))
            if text:
                return text
    return ""


def _title(tree: Any, meta: dict[str, list[str]], extracted: Any) -> str:
    """Without an <h1>: og:title, trafilatura's title, then <title>."""
    title = _first(meta, ("og:title", "twitter:title", "dc.title"))
    if not title and extracted is not None and extracted.title:
        title = clean_line(extracted.title)
    if not title:
        found = tree.find(".//title")
        title = clean_line(found.text_content()) if found is not None else ""
    return title


def _standfirst(tree: Any) -> str:
    for element in tree.xpath("//article//*[@class or @id] | //main//*[@class or @id]"):
        if not isinstance(element.tag, str) or element.tag not in ("p", "div", "h2", "span"):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}"
        if _STANDFIRST.search(marker) and not _CLUTTER.search(marker):
            text = clean_block(inline_text(element))
            if 20 <= len(text) <= 800:
                return text
    return ""


def _canonical(tree: Any) -> str:
    for element in tree.xpath("//link[@rel]"):
        if "canonical" in element.get("rel", "").lower().split() and element.get("href"):
            return clean_line(element.get("href"))
    return ""


def _time_element_date(tree: Any) -> dt.date | None:
    for element in tree.xpath("//article//time[@datetime] | //time[@datetime]"):
        date = parse_date(element.get("datetime"))
        if date is not None:
            return date
    return None


def _prune_clutter(tree: Any) -> None:
    """Drop elements whose class or id names page furniture (ads, promos, banners, comments).

    trafilatura already drops most furniture, but not an "inline-promo" inside the article, nor
    the <nav> of a page with little other text.
    The article itself is protected: nothing that contains its <h1> or <article> is pruned.
    """
    protected: set[Any] = set()
    for element in tree.xpath("//article | //main | //h1"):
        protected.update(element.iterancestors())
        protected.add(element)
    body = tree.find("body")
    total = len(body.text_content()) if body is not None else 0
    doomed = []
    for element in tree.xpath("//body//*[@class or @id]"):
        if element in protected:
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')}".lower()
        words = set(re.split(r"[^a-z0-9]+", marker))
        # A wrapper holding most of the page's text is the content, whatever its class says.
        if (words & _CLUTTER_WORDS or _CLUTTER.search(marker)) and (
            len(element.text_content()) < 0.4 * total
        ):
            doomed.append(element)
    # Menus are never article text, yet trafilatura keeps one when a page has little else.
    doomed += [element for element in tree.xpath("//body//nav") if element not in protected]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _visible_blocks(tree: Any) -> list[Block]:
    """The last resort: every text a browser would show, navigation, scripts and styles
    excepted, even in an <aside> or <footer> (a page whose only text is there has no other)."""
    from copy import deepcopy

    found = tree.xpath("//body")
    root = deepcopy(found[0] if found else tree)
    for element in list(root.iter("script", "style", "noscript", "template", "nav", "head")):
        if element is not root and element.getparent() is not None:
            element.drop_tree()
    for element in root.iter("aside", "footer", "header", "form", "figure", "figcaption"):
        element.tag = "div"
    return html_blocks(root)


def _fallback_blocks(tree: Any) -> list[Block]:
    """When trafilatura finds nothing: the <article>, <main> or <body>, minus nav and footer."""
    from copy import deepcopy

    for xpath in ("//article", "//main", "//body"):
        found = tree.xpath(xpath)
        if found:
            root = deepcopy(found[0])
            break
    else:
        return []
    for element in list(root.iter("nav", "header", "footer", "aside", "form")):
        if element is not root and element.getparent() is not None:
            element.drop_tree()
    return html_blocks(root)
