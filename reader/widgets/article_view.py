"""The article pane: title, byline, kickers, lede, body with sub-headings and tag chips."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widgets import Static

from index.dates import format_date
from index.library import shown_path
from index.models import Document, EntityKind, Mention, Summary
from reader.widgets.text import clean_with_spans, highlight, term_pattern

ENTITY_STYLES: dict[EntityKind, str] = {
    "person": "bold underline $success",
    "organization": "bold underline $secondary",
    "place": "bold underline $warning",
    "other": "bold underline $primary",
}
ENTITY_NAMES: dict[EntityKind, str] = {
    "person": "People",
    "organization": "Organisations",
    "place": "Places",
    "other": "Other",
}
TERM_STYLE = "bold reverse"
FIND_STYLE = "bold reverse $warning"
CURRENT_FIND_STYLE = "bold reverse $success"


def _piece(
    text: str, start: int, mentions: Sequence[Mention], show_entities: bool
) -> Content:
    """One piece of the article (title, kicker, lede, block) as safe content, with entity
    mentions that fall inside it styled when asked. `start` is the piece's offset in
    `Article.text`, where mention offsets point."""
    if not show_entities:
        return clean_with_spans_content(text, [])
    end = start + len(text)
    spans: list[tuple[int, int, str]] = [
        (m.start - start, m.end - start, ENTITY_STYLES[m.kind])
        for m in mentions
        if start <= m.start and m.end <= end and text[m.start - start : m.end - start] == m.text
    ]
    return clean_with_spans_content(text, spans)


def clean_with_spans_content(text: str, spans: Sequence[tuple[int, int, str]]) -> Content:
    cleaned, moved = clean_with_spans(text, [(start, end) for start, end, _ in spans])
    if len(moved) != len(spans):  # a span fell inside removed control characters
        return Content(cleaned)
    return Content(
        cleaned,
        spans=[Span(a, b, style) for (a, b), (_, _, style) in zip(moved, spans, strict=True)],
    )


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one document; long articles scroll with the keys or the mouse."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.terms: tuple[str, ...] = ()
        self.show_entities = False
        self.find_text = ""
        self.find_hits: list[tuple[int, int]] = []
        """(start, end) of each match of the find text in the body, as displayed."""
        self.find_position: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("No article yet"), id="article-title")
        yield Static(Content(""), id="article-meta")
        yield Static(Content(""), id="article-legend")
        yield Static(Content(""), id="article-kickers")
        yield Static(Content(""), id="article-lede")
        yield Static(Content(""), id="article-body")
        yield Static(Content(""), id="article-tags")

    def show(
        self,
        document: Document | None,
        *,
        terms: Sequence[str] = (),
        show_entities: bool | None = None,
        keep_scroll: bool = False,
    ) -> None:
        """Display `document`, highlighting `terms` (search words) and, when asked, entities."""
        if document is None or self.document is None or document.id != self.document.id:
            self.find_text, self.find_hits, self.find_position = "", [], None
        self.document = document
        self.terms = tuple(terms)
        if show_entities is not None:
            self.show_entities = show_entities
        self._render_document()
        if not keep_scroll:
            self.scroll_home(animate=False)

    def show_summary(self, summary: Summary) -> None:
        """The title of an article whose text is on its way: at start-up the catalog has it
        before the index has opened. `show` then fills in the rest."""
        self.document = None
        self.find_text, self.find_hits, self.find_position = "", [], None
        self._set("title", clean_with_spans_content(summary.title or shown_path(summary.path), []))
        for part in ("meta", "legend", "kickers", "lede", "body", "tags"):
            self._set(part, Content(""))
        self.scroll_home(animate=False)

    def set_entities(self, show: bool) -> None:
        self.show_entities = show
        self._render_document()

    def _set(self, part: str, content: Content) -> None:
        static = self.query_one(f"#article-{part}", Static)
        static.update(content)
        static.display = bool(content)

    def _render_document(self) -> None:
        document = self.document
        if document is None:
            self._set("title", Content("No article yet"))
            for part in ("meta", "legend", "kickers", "lede", "body", "tags"):
                self._set(part, Content(""))
            return
        article = document.article
        mentions = document.analysis.mentions
        pattern = term_pattern(self.terms)
        show = self.show_entities

        # Offsets of each piece inside Article.text, where mention offsets point.
        offsets: dict[str, int] = {}
        offset = 0
        for name, text in (
            ("title", article.title),
            *((f"kicker{i}", k) for i, k in enumerate(article.kickers)),
            ("lede", article.lede),
            ("body", article.body),
        ):
            if text:
                offsets[name] = offset
                offset += len(text) + 2

        def piece(name: str, text: str, base: int | None = None) -> Content:
            start = offsets.get(name, -10**9) if base is None else base
            return highlight(_piece(text, start, mentions, show), pattern, TERM_STYLE)

        path = shown_path(article.path)  # "caf\ufffd.txt", not the index's "caf\\xe9.txt"
        self._set("title", piece("title", article.title or path))

        language = article.language or document.analysis.language
        meta = [
            f"By {article.author}" if article.author else "",
            format_date(article.date) if article.date else "",
            language or "",
            path,
        ]
        self._set("meta", clean_with_spans_content(" · ".join(p for p in meta if p), []))
        if show:
            legend = Content(" ").join(
                Content.styled(name, ENTITY_STYLES[kind]) for kind, name in ENTITY_NAMES.items()
            )
            self._set("legend", Content("Entities: ") + legend)
        else:
            self._set("legend", Content(""))

        kickers = [
            Content("▸ ") + piece(f"kicker{i}", kicker)
            for i, kicker in enumerate(article.kickers)
            if kicker
        ]
        self._set("kickers", Content("\n").join(kickers))
        self._set("lede", piece("lede", article.lede) if article.lede else Content(""))

        body_start = offsets.get("body", -10**9)
        blocks: list[Content] = []
        block_offset = body_start
        for block in article.blocks:
            content = piece("body", block.text, block_offset)
            if block.kind == "heading":
                content = content.stylize_before("bold $text-accent")
            blocks.append(content)
            block_offset += len(block.text) + 2
        # A one-paragraph article (many feed entries) is all lede: that is text, not "no text".
        empty = Content("") if article.lede else Content("(no text)")
        body = Content("\n\n").join(blocks) if blocks else empty
        self._set("body", self._with_find(body))

        chips = Content(" ").join(
            Content.styled(f" {tag} ", "reverse $accent")
            for tag in (clean_with_spans(tag, [])[0] for tag in article.tags)
            if tag
        )
        self._set("tags", chips)

    # -- finding in the article ----------------------------------------------------------
    def _with_find(self, body: Content) -> Content:
        """Mark the find matches (the current one differently) and remember where they are."""
        if not self.find_text:
            self.find_hits = []
            return body
        needle = self.find_text.casefold()
        haystack = body.plain.casefold()
        hits: list[tuple[int, int]] = []
        start = haystack.find(needle)
        while start >= 0 and needle:
            hits.append((start, start + len(needle)))
            start = haystack.find(needle, start + len(needle))
        self.find_hits = hits
        if self.find_position is not None and self.find_position >= len(hits):
            self.find_position = None
        spans = [
            Span(a, b, CURRENT_FIND_STYLE if i == self.find_position else FIND_STYLE)
            for i, (a, b) in enumerate(hits)
        ]
        return body.add_spans(spans) if spans else body

    def find(self, text: str) -> int:
        """Highlight every match of `text` in the body and go to the first; the match count."""
        self.find_text = text
        self.find_position = None
        self._render_document()
        if self.find_hits:
            self.find_step(1)
        return len(self.find_hits)

    def find_step(self, step: int) -> int | None:
        """Go to the next (or previous) match, wrapping around; its index."""
        if not self.find_hits:
            return None
        count = len(self.find_hits)
        if self.find_position is None:
            self.find_position = 0 if step > 0 else count - 1
        else:
            self.find_position = (self.find_position + step) % count
        self._render_document()
        self._scroll_to_offset(self.find_hits[self.find_position][0])
        return self.find_position

    def end_find(self) -> None:
        self.find_text, self.find_hits, self.find_position = "", [], None
        self._render_document()

    def _scroll_to_offset(self, offset: int) -> None:
        """Scroll so the body line holding character `offset` sits near the top third."""
        body = self.query_one("#article-body", Static)
        content = body.content
        if not isinstance(content, Content):
            return
        width = max(body.content_region.width, 10)
        line = 0
        consumed = 0
        for paragraph in content.plain.split("\n"):
            end = consumed + len(paragraph)
            if offset <= end:
                prefix = Content(paragraph[: offset - consumed + 1])
                line += max(len(prefix.wrap(width)), 1) - 1
                break
            line += max(len(Content(paragraph).wrap(width)), 1)
            consumed = end + 1
        target = body.virtual_region.y + line - self.scrollable_content_region.height // 3
        self.scroll_to(y=max(target, 0), animate=False)
