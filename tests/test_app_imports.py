"""The reader's parts depend on the app, never the other way round: no import circle.

`reader.app` imports the screens and the palette providers; they reach the app only through
the `reader.host.ReaderHost` protocol. Checked on the source, so an import hidden under
`TYPE_CHECKING` or inside a function counts too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

READER = Path(__file__).resolve().parent.parent / "reader"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_screens_widgets_and_palette_never_import_the_app() -> None:
    parts = [*READER.glob("screens/*.py"), *READER.glob("widgets/*.py"), READER / "commands.py"]
    offenders = [path.name for path in parts if "reader.app" in imported_modules(path)]
    assert offenders == []


def test_the_palette_never_imports_the_screens() -> None:
    imported = imported_modules(READER / "commands.py")
    assert not [name for name in imported if name.startswith("reader.screens")]


def test_each_part_imports_on_its_own() -> None:
    code = (
        "import importlib, sys\n"
        "for name in ('reader.commands', 'reader.screens.main', 'reader.widgets.article_list'):\n"
        "    importlib.import_module(name)\n"
        "    assert 'reader.app' not in sys.modules, name\n"
    )
    run_python(code)


def test_the_app_starts_without_whoosh_or_the_analysis() -> None:
    """The reader paints its first article from the catalog (SQLite) before anything heavier
    has loaded: Whoosh, the analysis, Babel, the folder watcher and the feed fetching come
    in the workers that first use them."""
    code = (
        "import sys\n"
        "import reader.app, reader.cli\n"
        "heavy = ('whoosh', 'index.analysis', 'index.scan', 'index.store', 'index.related',\n"
        "         'index.stories', 'index.entity_aliases', 'babel', 'watchfiles', 'httpx',\n"
        "         'trafilatura', 'numpy', 'reader.commands')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    assert run_python(code) == "[]"


def run_python(code: str) -> str:
    """What `code` prints, run in a fresh interpreter (nothing imported by the tests)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
