"""The TUI's start path loads no backend SDK it does not use (start-up speed, #11)."""

from __future__ import annotations

import json
import subprocess
import sys

START_PATH = (
    "gt_tui.cli",
    "gt_tui.tui.start.launch",
    "gt_tui.tui.start.app",
    "gt_tui.tui.queue.screen",
    "gt_tui.bootstrap",
    "gt_tui.demo.dataset",
    "gt_tui.repos.sqlite",
)


def test_memory_and_sqlite_start_path_imports_no_azure_or_aiohttp():
    code = (
        "import json, sys\n"
        + "".join(f"import {name}\n" for name in START_PATH)
        + "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('azure', 'aiohttp'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
