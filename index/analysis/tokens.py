"""Tokens with character offsets, shaped for name finding.

Names are found on tokens, but every mention must map back to exact character offsets, so each
token keeps its `start`/`end`. Elisions ("d’", "l’", "qu’") and the English possessive ("’s")
become tokens of their own, so that "d’Elon Musk" yields the name "Elon Musk" and "Trump’s"
yields "Trump". Hyphenated compounds ("Saint-Dizier", "Jean-Pierre") stay one token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass(slots=True)
class Token:
    """One token; `initial` is true where capitalisation says nothing (sentence or line start)."""

    text: str
    start: int
    end: int
    initial: bool = False
    line: int = 0
    is_word: bool = field(init=False)
    """Starts with a letter or digit: asked several times per token, so computed once."""

    def __post_init__(self) -> None:
        self.is_word = self.text[0].isalnum()


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
    at_start = True
    line = 0
    last_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[last_end : match.start()]
        if "\n" in gap:
            line += gap.count("\n")
            previous = tokens[-1].text if tokens else ""
            runs_on = bool(previous) and (
                previous[-1].islower() or previous in (",", "-", "‐", "¬")
            )
            # A blank line ends a paragraph or a heading, whatever the last word looks like.
            if not runs_on or _BLANK_LINE.search(gap):
                at_start = True
        last_end = match.end()
        for piece, offset in _split_word(match.group(), match.start(), language):
            token = Token(piece, offset, offset + len(piece), at_start, line)
            tokens.append(token)
            if piece in SENTENCE_END:
                at_start = True
            elif piece in OPENERS and at_start:
                pass  # "« Elon déteste": the word after an opening quote still starts
            elif piece in OPENERS and piece in '"“„«‹(¿¡':
                at_start = True  # a quotation or aside may open with a capital
            else:
                at_start = False
    return tokens
