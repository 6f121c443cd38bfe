"""Measure the analysis against gold annotations: `python -m index.evaluate [ner|keywords|...]`.

The third-party development data lives outside the repository (`<repo>/../shared/dev-data`);
every evaluation skips, saying so, when its data is absent.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEV_DATA = REPO.parent / "shared" / "dev-data"
SEEDS = REPO.parent / "shared" / "seeds"
