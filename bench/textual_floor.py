"""The floor under the app-start figure: a bare Textual app, started the way the app probe
starts Rubrique, to its first screen.

    python -m bench.textual_floor --launched EPOCH_SECONDS

The app is one `Static` holding a line of text, run headless at the probe's size with
`App.run_test()`. What it takes from process launch (interpreter, `textual.app` import,
App start, compose, mount, first layout and render) is what any Textual app pays before it
can show anything, so Rubrique's start figure is read beside it, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

SIZE = (160, 48)


def floor(launched: float) -> dict[str, Any]:
    """Seconds (and the process's CPU seconds) from launch to the bare app's first screen."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    imported = time.time() - launched

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("A title", id="title")

    async def run() -> dict[str, Any]:
        async with Bare().run_test(size=SIZE) as pilot:
            await pilot.pause()
            return {"first_paint_s": time.time() - launched,
                    "first_paint_cpu_s": time.process_time(),
                    "imported_s": imported}

    return asyncio.run(run())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launched", type=float, default=0.0)
    args = parser.parse_args(argv)
    print(json.dumps(floor(args.launched or time.time())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
