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


def test_the_tui_parser_leaves_the_other_commands_modules_unimported():
    """`gt-tui`, `gt-tui demo` and `gt-tui tui --theme x` are parsed without importing the
    modules of history, review, serve, bulk, ... (start-up time before the first frame)."""
    code = (
        "import json, sys\n"
        "from gt_tui.cli import _parse_arguments\n"
        "commands = [_parse_arguments(argv).command for argv in "
        "([], ['demo'], ['tui', '--theme', 'gt-light'], ['--user', 'a@b.c', 'demo'])]\n"
        "print(json.dumps([commands, sorted(m for m in sys.modules "
        "if m.startswith('gt_tui.commands.'))]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    commands, loaded = json.loads(done.stdout)
    assert commands == [None, "demo", "tui", "demo"]
    assert loaded == []


def test_module_commands_are_the_whole_parsers_commands_beyond_the_tui_parser():
    from gt_tui.cli_parser import MODULE_COMMANDS, build_parser

    def commands(parser) -> set[str]:
        return {name for action in parser._subparsers._group_actions for name in action.choices}

    whole, tui_only = commands(build_parser()), commands(build_parser(tui_only=True))
    assert {"tui", "demo"} <= tui_only
    assert whole - tui_only == MODULE_COMMANDS


def test_a_mistake_in_a_tui_invocation_gets_the_whole_parsers_one_line(capsys):
    """The TUI-only parser's error would name only some commands: the whole parser's is
    printed instead, once."""
    import pytest

    from gt_tui.cli import _parse_arguments

    with pytest.raises(SystemExit) as exit_:
        _parse_arguments(["sevre"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1
    assert "'serve'" in err and "'history'" in err


USABLE_QUEUE_RUN = """
import asyncio, json, sys
from textual.app import App
from gt_tui.cli import main

out = sys.argv[1]
original = App.run_async

async def run_async(self, *args, **kwargs):
    async def pilot(pilot):
        app = pilot.app
        while not (
            app.services_ready
            and type(app.screen).__name__ == "QueueScreen"
            and app.screen.loaded
        ):
            await asyncio.sleep(0.01)
        with open(out, "w") as handle:
            json.dump(sorted(sys.modules), handle)
        app.exit()

    kwargs.update(auto_pilot=pilot, headless=True)
    return await original(self, *args, **kwargs)

App.run_async = run_async
raise SystemExit(main(["demo"]))
"""


def test_the_demo_reaches_its_usable_queue_without_what_only_later_keys_need(tmp_path):
    """`gt-tui demo` run until its queue is loaded: the help dialog (`?`), SQLite (the
    edit journal opens it on first use), the other screens and the backend SDKs are not
    imported yet (start-up time, bench_startup)."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GT_", "TEXTUAL"))}
    env.update(
        PYTHONPATH=str(root),
        GT_STATE_DIR=str(tmp_path),
        GT_EDIT_JOURNAL_PATH=str(tmp_path / "journal.sqlite3"),
        GT_USER_ID="dana",
    )
    out = tmp_path / "modules.json"
    subprocess.run(
        [sys.executable, "-c", USABLE_QUEUE_RUN, str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        check=True,
        timeout=60,
    )
    loaded = json.loads(out.read_text(encoding="utf-8"))
    assert "gt_tui.tui.queue.screen" in loaded and "gt_tui.demo.dataset" in loaded
    kept_out = (
        "sqlite3",
        "gt_tui.tui.dialogs.help",
        "gt_tui.tui.keys",
        "gt_tui.tui.item",
        "gt_tui.tui.explorer",
        "gt_tui.repos.sqlite",
        "gt_tui.repos.cosmos",
        "azure",
        "aiohttp",
    )
    assert [name for name in loaded if name.startswith(kept_out)] == []
