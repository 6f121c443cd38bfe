"""`index/` is the UI-free layer: importing any of its modules must never load Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import index


def index_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(index.__path__, prefix="index.")
    ) + ["index"]


def test_index_never_imports_textual() -> None:
    modules = index_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'textual' not in sys.modules, name\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
