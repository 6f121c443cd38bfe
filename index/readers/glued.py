"""Headings glued to the text after them, as some sites' plain-text exports leave them.

A page whose headings were separate elements can come out of a text export with each heading
run into the sentence that follows it: "...poursuivie.♦ FISCALITÉEmmanuel Macron souhaite".
Left so, "FISCALITÉEmmanuel" is one word to search and "FISCALITÉEmmanuel Macron" one name.
Wire copy marks its sub-headings with dashes, and they come glued the same way:
"...se souvient-il.- Pris de peur -De là à oser".

A capitalised run of three or more letters directly followed by a capitalised word is such a
seam when that word is a function word ("Le", "Dans", "The") or a given name ("Emmanuel"): a
heading then ends there. Anything else is left alone: "LGBTphobies", "GHGSat", "XVIIIe",
"VLCCs" are words of their own.
"""

from __future__ import annotations

import re
from functools import cache

from index.analysis.stopwords import DATA, LANGUAGES, stop_words

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_SEAM = re.compile(rf"(?<![{_UPPER}{_LOWER}])([{_UPPER}]{{3,}})([{_UPPER}][{_LOWER}]+)\b")
_HEADING_START = re.compile(rf"(?:[.!?…»\"”]\s*|^)([♦•▪■►*–—-]?\s*[{_UPPER}][{_UPPER}\s'’-]*)$")
"""The heading's own words before a seam: capitals after a sentence's end or a bullet."""
_ROMAN = re.compile(r"[IVXLCDM]+")
_DASHED = re.compile(rf"(?<=[.!?…»\"”])-[ \t]+([^\n.!?]{{2,90}}?)[ \t]+-(?=[{_UPPER}«\"“])")
"""A dashed sub-heading between the end of one sentence and the start of the next."""


@cache
def _seam_words() -> frozenset[str]:
    """Lower-case words that start a sentence after a glued heading."""
    words: set[str] = set()
    for language in LANGUAGES:
        words |= stop_words(language)
    for line in (DATA / "first-names.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(word.lower() for word in line.split())
    return frozenset(words)


def _is_seam(match: re.Match[str]) -> bool:
    capitals, word = match.groups()
    if _ROMAN.fullmatch(capitals + word[0]) and len(word) <= 4:
        return False  # "XVIIIe", "XIXème": a century
    return word.lower() in _seam_words()


def unglue_headings(text: str) -> str:
    """`text` with each glued heading (dashed or in capitals) on a paragraph of its own, and
    a line break at any other seam (a line break within a paragraph reads as a space)."""
    text = _DASHED.sub(lambda match: "\n\n" + match.group(1) + "\n\n", text)
    if not _SEAM.search(text):
        return text
    out: list[str] = []
    done = 0
    for match in _SEAM.finditer(text):
        if not _is_seam(match):
            continue
        seam = match.start(2)
        before = text[done:seam]
        heading = _HEADING_START.search(before)
        if heading is None:  # a name run into the next sentence: a space will do
            out.append(before.rstrip() + "\n")
        elif heading.start(1) > 0:
            start = heading.start(1)
            out.append(before[:start].rstrip() + "\n\n" + before[start:].strip() + "\n\n")
        else:
            out.append(before.strip() + "\n\n")
        done = seam
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)
