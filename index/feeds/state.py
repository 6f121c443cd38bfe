"""What Rubrique remembers about each feed between fetches, beside the subscriptions.

The validators (ETag, Last-Modified) make the next request conditional, so an unchanged feed
costs the server a 304 and no body. The folder name is remembered so a feed whose title
changes keeps filling the folder it started. Losing this file costs one full download per
feed, never a duplicate article: file names come from the entries themselves.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from index.feeds.subscriptions import config_dir, write_atomically

STATE_FILE = "feeds-state.json"


@dataclass(frozen=True)
class FeedState:
    etag: str = ""
    last_modified: str = ""
    folder: str = ""
    title: str = ""
    last_error: str = ""

    def updated(self, **changes: str) -> FeedState:
        return replace(self, **changes)


def state_path() -> Path:
    return config_dir() / STATE_FILE


def load_states(path: Path | None = None) -> dict[str, FeedState]:
    """A missing or damaged file reads as empty: it is a cache, not the user's data."""
    path = path or state_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    known = set(FeedState.__dataclass_fields__)
    states: dict[str, FeedState] = {}
    for url, fields in raw.items():
        if isinstance(url, str) and isinstance(fields, dict):
            states[url] = FeedState(
                **{key: str(value) for key, value in fields.items() if key in known}
            )
    return states


def save_states(states: dict[str, FeedState], path: Path | None = None) -> None:
    path = path or state_path()
    data = {url: asdict(state) for url, state in sorted(states.items())}
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
