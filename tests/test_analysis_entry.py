"""`from index import analyze` works, costs nothing until used, and prints nothing on its own.

Both run in a fresh interpreter: that is where a user meets them (no logging configured, no
word list cached by an earlier test).
"""

from __future__ import annotations

import subprocess
import sys

NORWEGIAN = "Dette er en kort norsk tekst om været i Oslo i dag og i morgen."
ALBANIAN = "Ky është një tekst i shkurtër shqip për Tiranën dhe motin sot."


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_import_index_loads_no_analysis_and_no_ui() -> None:
    result = run(
        "import sys, index\n"
        "print(sorted(m for m in ('index.analysis', 'wordfreq', 'textual') if m in sys.modules))\n"
        "print(index.__all__)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "['analyze']"]


def test_from_index_import_analyze_prints_nothing_for_short_texts() -> None:
    """wordfreq warns on stderr when it substitutes a word list ('no' → 'nb', 'sq' → 'en')."""
    result = run(
        "from index import analyze\n"
        "from index.models import Analysis\n"
        f"for text, language in (({NORWEGIAN!r}, 'no'), ({ALBANIAN!r}, 'sq'),\n"
        f"                       ({ALBANIAN!r}, 'cy'), ({NORWEGIAN!r}, None)):\n"
        "    analysis = analyze(text, language)\n"
        "    assert isinstance(analysis, Analysis)\n"
        "    print(analysis.language)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.split()[:3] == ["no", "sq", "cy"]
