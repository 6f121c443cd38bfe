"""File names that are not valid UTF-8, in an index that only holds valid text.

Linux file names are bytes; Python hands a name that is not UTF-8 over with surrogate escapes
("caf\\udce9.txt" for the Latin-1 b"caf\\xe9.txt"), which Whoosh, JSON and terminals refuse.
The index keeps instead a stored form that is plain text and maps back to the exact name: each
byte that is not UTF-8 written as \\xNN, and every backslash doubled so that a real backslash
followed by "xe9" is never taken for an escape. Valid names without a backslash are stored as
they are. People are shown the name with U+FFFD for each bad byte ("caf�.txt").
"""

from __future__ import annotations

import os
import re

_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def stored_as_is(name: str) -> bool:
    """Whether `stored_name` leaves `name` as it is: no backslash, and valid UTF-8."""
    return "\\" not in name and (name.isascii() or not _has_surrogates(name))


def stored_name(name: str) -> str:
    """The index's form of a path as the system gives it (surrogate escapes and all)."""
    if stored_as_is(name):
        return name
    parts = []
    for char in name:
        if "\udc80" <= char <= "\udcff":  # the byte ord(char) - 0xDC00, not UTF-8
            parts.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char == "\\":
            parts.append("\\\\")
        elif "\ud800" <= char <= "\udfff":  # not from a file name: cannot map back anyway
            parts.append("\ufffd")
        else:
            parts.append(char)
    return "".join(parts)


def real_name(stored: str) -> str:
    """The path as the system knows it (for `open`, `Path`): inverse of `stored_name`."""
    if "\\" not in stored:
        return stored
    raw = bytearray()
    position = 0
    for match in _ESCAPE.finditer(stored):
        raw += stored[position : match.start()].encode("utf-8")
        token = match.group(1)
        raw += b"\\" if token == "\\" else bytes([int(token[1:], 16)])
        position = match.end()
    raw += stored[position:].encode("utf-8")
    return os.fsdecode(bytes(raw))


def shown_name(stored: str) -> str:
    """What a person sees: the real name with U+FFFD for bytes that are not UTF-8."""
    return printable(real_name(stored))


def printable(text: str) -> str:
    """Any text from the system (a path, an error message) made safe to print or encode."""
    if not _has_surrogates(text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
