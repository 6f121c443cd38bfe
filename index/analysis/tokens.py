"""Tokens with character offsets, shaped for name finding.

Names are found on tokens, but every mention must map back to exact character offsets, so each
token keeps its `start`/`end`. Elisions ("d’", "l’", "qu’") and the English possessive ("’s")
become tokens of their own, so that "d’Elon Musk" yields the name "Elon Musk" and "Trump’s"
yields "Trump". Hyphenated compounds ("Saint-Dizier", "Jean-Pierre") stay one token.
"""

from __future__ import annotations

import re

# Dotted acronyms first ("U.S.", "U.K."), then words (letters/digits, joined by inner hyphens
# or apostrophes), then any other single visible character.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?![^\W\d_])"
    r"|\w+(?:[-‐‑'’]\w+)*"
    r"|\S"
)
_ELISION = re.compile(
    r"(?i:[dlnsjmct]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|dell|dall|sull|nell|all)['’]"
    r"(?=\w)"
)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_POSSESSIVE = re.compile(r"['’][sS]$")
ELIDING_LANGUAGES = frozenset({"fr", "it", "ca", "und"})

SENTENCE_END = frozenset(".!?…:;")
OPENERS = frozenset("\"“”„«‹‘'(¿¡[-–—•*#>|")
_QUOTE_OPENERS = frozenset('"“„«‹(¿¡')
"""An opening quotation or aside: the word after it may start with a capital (« Elon déteste)."""


class Token:
    """One token; `initial` is true where capitalisation says nothing (sentence or line start).

    A plain class with slots rather than a dataclass: an article makes hundreds of these, and
    the generated `__init__` plus a `__post_init__` call cost a fifth of tokenising."""

    __slots__ = ("text", "start", "end", "initial", "line", "is_word")

    def __init__(
        self, text: str, start: int, end: int, initial: bool = False, line: int = 0
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.initial = initial
        self.line = line
        # Starts with a letter or digit: asked several times per token, so computed once.
        self.is_word = text[0].isalnum()

    def __repr__(self) -> str:
        return (
            f"Token(text={self.text!r}, start={self.start}, end={self.end}, "
            f"initial={self.initial}, line={self.line}, is_word={self.is_word})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Token):
            return NotImplemented
        return (self.text, self.start, self.end, self.initial, self.line) == (
            other.text,
            other.start,
            other.end,
            other.initial,
            other.line,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable (`initial` is fixed up later)


def _split_word(text: str, start: int, language: str) -> list[tuple[str, int]]:
    """Split elisions and possessives off one word; returns (piece, offset) pairs."""
    if "'" not in text and "’" not in text:
        return [(text, start)]  # most words: no elision, no possessive
    pieces: list[tuple[str, int]] = []
    match = _ELISION.match(text)
    if match and (language in ELIDING_LANGUAGES or text[0].islower()):
        cut = match.end()
        rest = text[cut:]
        # "O’Brien", "D’Alema": a capital single letter before the apostrophe in a language
        # without elisions is part of the name.
        pieces.append((text[:cut], start))
        text, start = rest, start + cut
    possessive = _POSSESSIVE.search(text)
    if possessive and len(text) > 2 and language not in ("fr", "it", "ca"):
        cut = possessive.start()
        pieces.append((text[:cut], start))
        pieces.append((text[cut:], start + cut))
    else:
        pieces.append((text, start))
    return pieces


def tokenize(text: str, language: str = "und") -> list[Token]:
    """Tokens of `text` in order, each marked `initial` when it opens a sentence or line.

    A line start counts as a sentence start unless the previous line visibly runs on (ends in a
    lower-case letter, a comma or a hyphen), which is how wrapped OCR text looks.
    """
    tokens: list[Token] = []
    append = tokens.append
    at_start = True
    line = 0
    last_end = 0
    find = text.find
    # `findall` and `str.find` cost half of `finditer` with its match objects: a token starts
    # with a visible character and only blanks lie between tokens, so the first occurrence of
    # the token after the previous one is where it was matched.
    for word in _TOKEN.findall(text):
        start = find(word, last_end)
        end = start + len(word)
        if start > last_end and find("\n", last_end, start) >= 0:
            gap = text[last_end:start]
            line += gap.count("\n")
            previous = tokens[-1].text if tokens else ""
            runs_on = bool(previous) and (
                previous[-1].islower() or previous in (",", "-", "‐", "¬")
            )
            # A blank line ends a paragraph or a heading, whatever the last word looks like.
            if not runs_on or _BLANK_LINE.search(gap):
                at_start = True
        last_end = end
        if "'" in word or "’" in word:
            pieces = _split_word(word, start, language)
        else:
            append(Token(word, start, end, at_start, line))  # most words: one piece
            at_start = word in SENTENCE_END or (
                word in OPENERS and (at_start or word in _QUOTE_OPENERS)
            )
            continue
        for piece, offset in pieces:
            append(Token(piece, offset, offset + len(piece), at_start, line))
            at_start = piece in SENTENCE_END or (
                piece in OPENERS and (at_start or piece in _QUOTE_OPENERS)
            )
    return tokens
