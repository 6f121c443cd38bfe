"""An entity page frozen in a JSON file, so the snapshot of the entity screen shows the UI,
not today's entity extraction (the frozen library of tests/frozen_library.py does the same for
the reading screen).

    python tests/frozen_entity.py   # refreeze Elon Musk's page from the current index code
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from index.entity_page import Alias, CoMention, EntityPage, EntityRef, Period, Spelling
from index.models import Summary

FROZEN = Path(__file__).resolve().parent / "fixtures" / "reader" / "frozen_entity.json"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
ENTITY = ("person", "elon musk")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def load() -> EntityPage:
    data = json.loads(FROZEN.read_text(encoding="utf-8"))
    return EntityPage(
        kind=data["kind"], key=data["key"], label=data["label"],
        aliases=tuple(Alias(**item) for item in data["aliases"]),
        spellings=tuple(Spelling(**item) for item in data["spellings"]),
        languages=tuple((code, count) for code, count in data["languages"]),
        months=tuple(Period(p["label"], dt.date.fromisoformat(p["start"]), p["articles"])
                     for p in data["months"]),
        weeks=tuple(Period(p["label"], dt.date.fromisoformat(p["start"]), p["articles"])
                    for p in data["weeks"]),
        undated=data["undated"],
        co_mentions=tuple(CoMention(**item) for item in data["co_mentions"]),
        articles=tuple(Summary(s["id"], s["path"], s["title"], _date(s["date"]), s["language"])
                       for s in data["articles"]),
        may_be=tuple(EntityRef(**item) for item in data["may_be"]),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def freeze() -> None:
    from index.library import Library

    with tempfile.TemporaryDirectory() as folder:
        library = Library(SAMPLES, Path(folder) / "index")
        library.scan()
        page = library.entity(*ENTITY)
        assert page is not None
    FROZEN.parent.mkdir(parents=True, exist_ok=True)
    FROZEN.write_text(json.dumps(_plain(asdict(page)), ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    print(f"froze {page.label}'s page into {FROZEN}")


if __name__ == "__main__":
    freeze()
