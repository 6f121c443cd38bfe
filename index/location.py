"""Where the index of a corpus lives: never inside the corpus, one folder per corpus."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

import platformdirs

APP_NAME = "rubrique"
INDEX_ENV = "RUBRIQUE_INDEX"


def corpus_slug(corpus: Path) -> str:
    """A readable, unique folder name: the corpus folder's name plus a hash of its absolute
    path, so two folders called "news" never share an index."""
    absolute = str(corpus.expanduser().resolve())
    digest = hashlib.sha1(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    name = unicodedata.normalize("NFKD", corpus.resolve().name or "root")
    name = re.sub(r"[^A-Za-z0-9]+", "-", name.encode("ascii", "ignore").decode()).strip("-")
    return f"{(name or 'corpus')[:40].lower()}-{digest}"


def default_index_dir(corpus: Path) -> Path:
    """$RUBRIQUE_INDEX when set (used as is: the index of this one corpus), else a folder
    under the platform's user data dir."""
    override = os.environ.get(INDEX_ENV)
    if override:
        return Path(override).expanduser()
    base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return base / "indexes" / corpus_slug(corpus)
