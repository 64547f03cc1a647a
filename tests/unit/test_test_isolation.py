"""The test run keeps gt-tui's per-user files out of the real home (see tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

from gt_tui.config import Settings, default_edit_journal_path


def test_every_default_per_user_path_is_inside_the_runs_temporary_home(monkeypatch):
    root = Path(os.environ["GTTUI_TESTS_XDG_ROOT"])
    for name in ("GT_STATE_DIR", "GT_SQLITE_PATH", "GT_EDIT_JOURNAL_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    defaults = [
        settings.sqlite_path,
        settings.state_dir,
        default_edit_journal_path(),
    ]
    for path in defaults:
        assert path.is_relative_to(root), path
