"""The article pane: title, byline, kickers, lede, body with sub-headings and tag chips."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widgets import Static

from index.models import Document, EntityKind, Mention
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
        self.document = document
        self.terms = tuple(terms)
        if show_entities is not None:
            self.show_entities = show_entities
        self._render_document()
        if not keep_scroll:
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

        self._set("title", piece("title", article.title or article.path))

        language = article.language or document.analysis.language
        meta = [
            f"By {article.author}" if article.author else "",
            article.date.strftime("%A %-d %B %Y") if article.date else "",
            language or "",
            article.path,
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
        self._set("body", Content("\n\n").join(blocks) if blocks else Content("(no text)"))

        chips = Content(" ").join(
            Content.styled(f" {tag} ", "reverse $accent")
            for tag in (clean_with_spans(tag, [])[0] for tag in article.tags)
            if tag
        )
        self._set("tags", chips)
