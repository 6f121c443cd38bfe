"""Turning file bytes into safe, normalised text.

Everything a reader returns passes through `clean_block` or `clean_line`: article files may hold
escape sequences and control characters, and none of them may ever reach a terminal.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from index.readers.errors import ReadError

# ANSI/VT sequences are removed whole, so "\x1b[31m" leaves nothing behind (not "[31m").
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?      # OSC ... BEL or ST (titles, hyperlinks)
    | \x1b[P^_X][^\x1b]*(?:\x1b\\)?          # DCS, PM, APC, SOS strings
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]      # CSI (colours, cursor moves), 7- and 8-bit forms
    | \x1b[ -/]*[0-~]                       # two-character escapes
    """,
    re.VERBOSE,
)
# C0 controls except \t and \n, DEL, C1 controls, and the bidi overrides that can disguise text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"[ \t\u00a0]*\n[ \t\u00a0]*")
_INLINE_SPACE = re.compile(r"\s+")

# Encodings a Western European article is likely to be in when it is not UTF-8; Latin-1 files
# decode identically as cp1252 for every printable character, and cp1252 adds ’ “ ” … œ €.
_WESTERN = {"cp1252", "windows-1252", "latin_1", "latin-1", "iso8859_1", "iso8859_15"}


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, else detect.

    Raises ReadError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise ReadError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return normalise_newlines(data.decode("utf-16"))
        except UnicodeDecodeError as error:
            raise ReadError(f"undecodable UTF-16 text ({error.reason})") from None
    reject_binary(data)
    try:
        return normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    return normalise_newlines(_detect(data))


def reject_binary(data: bytes, kind: str = "text", window: int | None = None) -> None:
    """ReadError when the bytes (or their first `window` bytes) hold a NUL: text never does,
    except UTF-16, which article files only use with a byte-order mark."""
    sample = data if window is None else data[:window]
    if b"\x00" in sample and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError(f"binary file, not {kind} (contains NUL bytes)")


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError("undecodable text: neither UTF-8 nor any known encoding")
    # Short French or German text in Latin-1 often ties with cp1250 or cp1257, which turn
    # "à" into "ŕ"; among the equally good guesses prefer the Western code page.
    tied = [m for m in matches if m.chaos <= best.chaos + 0.02]
    if best.encoding not in _WESTERN and any(m.encoding in _WESTERN for m in tied):
        return data.decode("cp1252", errors="replace")
    text = str(best)
    if _looks_binary(text):
        raise ReadError(f"binary file, not text (best guess {best.encoding} gives garbage)")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return True
    odd = sum(1 for ch in sample if unicodedata.category(ch) in {"Cc", "Co", "Cn", "Cs"}
              and ch not in "\n\r\t")
    return odd / len(sample) > 0.02


def normalise_newlines(text: str) -> str:
    return _NEWLINES.sub("\n", text)


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping \\n and \\t; NFC-normalise."""
    text = _ESCAPE_SEQUENCE.sub("", normalise_newlines(text))
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def clean_line(text: object) -> str:
    """A one-line field (title, author, tag): safe, whitespace collapsed, trimmed."""
    if text is None:
        return ""
    return _INLINE_SPACE.sub(" ", strip_controls(str(text))).strip()


def clean_block(text: str) -> str:
    """A paragraph: safe, each line trimmed, no blank lines at either end."""
    return _SPACES.sub("\n", strip_controls(text)).strip()


STAND_IN_TITLE_CHARS = 80
"""How long a title made from an article's first words may be, ellipsis excluded."""


def title_from_text(text: str, limit: int = STAND_IN_TITLE_CHARS) -> str:
    """A stand-in title for text that has none: its first words, cut at a word boundary
    (mid-word only when there is no space to cut at, as in Chinese), with an ellipsis."""
    line = clean_line(text)
    if len(line) <= limit:
        return line
    head = line[: limit + 1]
    space = head.rfind(" ")
    head = head[:space] if space >= limit // 2 else line[:limit]
    return head.rstrip(" ,;:.–—-") + "…"
