"""Shared fixtures: `repo` runs a test once per backend in tests/backends.py.

No test writes to the user's home: before anything is imported, the XDG directories (where
platformdirs puts gt-tui's settings, theme choice, last-known queue, edit journal and default
SQLite file) point into one temporary directory for the whole run, subprocesses included,
and the run fails if it created anything under the real home's gt-tui directories.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

_XDG_NAMES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
# Set by the first process of the run (xdist workers inherit it and keep its directories).
_ISOLATED_MARK = "GTTUI_TESTS_XDG_ROOT"


def real_home_gt_tui_dirs() -> list[Path]:
    """Where gt-tui would write for the user running the tests (read before isolating)."""
    from platformdirs import user_cache_dir, user_config_dir, user_data_dir, user_state_dir

    return [
        Path(where("gt-tui", appauthor=False))
        for where in (user_config_dir, user_data_dir, user_state_dir, user_cache_dir)
    ]


def files_under(dirs: list[Path]) -> set[Path]:
    return {path for root in dirs if root.exists() for path in [root, *root.rglob("*")]}


def _isolate_user_dirs() -> None:
    if os.environ.get(_ISOLATED_MARK):
        return
    global _REAL_DIRS, _REAL_FILES_BEFORE, _XDG_ROOT
    _REAL_DIRS = real_home_gt_tui_dirs()
    _REAL_FILES_BEFORE = files_under(_REAL_DIRS)
    _XDG_ROOT = Path(tempfile.mkdtemp(prefix="gt-tui-tests-home-"))
    atexit.register(shutil.rmtree, _XDG_ROOT, True)  # also when the run ends early
    for name in _XDG_NAMES:
        os.environ[name] = str(_XDG_ROOT / name.lower())
    os.environ[_ISOLATED_MARK] = str(_XDG_ROOT)


_REAL_DIRS: list[Path] = []
_REAL_FILES_BEFORE: set[Path] = set()
_XDG_ROOT: Path | None = None
_isolate_user_dirs()


def _poll_for_idle_every_5_ms() -> None:
    """Pilot waits for the app to go idle after every key by sleeping in steps of Textual's
    `SLEEP_GRANULARITY` (20 ms, twice per key) until a step used almost no CPU: with
    thousands of keys, more than a third of the TUI tests' wall time was those sleeps and
    the CPU stood idle. Steps of 5 ms keep the same rule (idle = under 1/20 of the step
    spent on the CPU) and halve those tests' time. Textual's private names: if an upgrade
    renames them, this fails here rather than silently doing nothing."""
    import textual._wait as textual_wait

    assert hasattr(textual_wait, "SLEEP_GRANULARITY"), "textual._wait changed: revisit"
    assert hasattr(textual_wait, "SLEEP_IDLE"), "textual._wait changed: revisit"
    textual_wait.SLEEP_GRANULARITY = 0.005
    textual_wait.SLEEP_IDLE = textual_wait.SLEEP_GRANULARITY / 20.0


_poll_for_idle_every_5_ms()

from tests.backends import FACTORIES, backend_params  # noqa: E402
from tests.integration.cosmos_server import cosmos_server  # noqa: E402, F401 - session fixture


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any test wrote under the real home's gt-tui directories."""
    if _XDG_ROOT is None:  # an xdist worker: the first process checks
        return
    created = sorted(files_under(_REAL_DIRS) - _REAL_FILES_BEFORE)
    shutil.rmtree(_XDG_ROOT, ignore_errors=True)
    if created:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = [f"tests wrote into the user's home: {path}" for path in created[:20]]
        if reporter is not None:
            reporter.write_line("")
            reporter.write_sep("=", "files created under the real home", red=True)
            reporter.write_line("\n".join(lines), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(params=backend_params())
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def repo(backend_name: str, tmp_path, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    async with FACTORIES[backend_name](tmp_path, request) as repo:
        yield repo


@pytest.fixture(autouse=True)
def _edit_journal_in_tmp(tmp_path_factory, monkeypatch) -> None:
    """No test writes the unsaved-edit journal into the real user state directory."""
    journal = tmp_path_factory.mktemp("journal") / "unsaved-edits.sqlite3"
    monkeypatch.setenv("GT_EDIT_JOURNAL_PATH", str(journal))
