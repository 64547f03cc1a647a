"""The TUI's start path loads no backend SDK it does not use (start-up speed, #11)."""

from __future__ import annotations

import json
import subprocess
import sys

START_PATH = (
    "gt_tui.cli",
    "gt_tui.cli_parser",
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
        + "gt_tui.cli_parser.build_parser()\n"  # every command's parser, as `gt-tui` builds it
        + "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('azure', 'aiohttp'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []


FIRST_FRAME = (
    "gt_tui.cli",
    "gt_tui.config",
    "gt_tui.tui.start.launch",
    "gt_tui.tui.start.themes",
    "gt_tui.tui.start.app",
    "gt_tui.tui.queue.screen",
)
"""What runs before the queue's first frame (its table in the loading state)."""


def test_the_first_frame_imports_no_backend_bootstrap_or_demo():
    """Bootstrap, the backends, the demo and SQLite load in the app's start worker, after
    it (the command parsers still bring the memory repo's module along)."""
    code = (
        "import json, sys\n"
        + "".join(f"import {name}\n" for name in FIRST_FRAME)
        + "import gt_tui.cli_parser\ngt_tui.cli_parser.build_parser()\n"
        + "print(json.dumps(sorted(m for m in sys.modules if m.startswith(("
        "'gt_tui.bootstrap', 'gt_tui.repos.sqlite', 'gt_tui.repos.cosmos', 'gt_tui.demo', "
        "'sqlite3', 'azure', 'aiohttp')))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
