"""Files that hold item text are created readable by their owner only (0600)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_MODE = 0o600


def create_private(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist (an existing file keeps its
    mode). SQLite then gives its -wal, -shm and -journal files the same mode."""
    if str(path) == ":memory:":
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        return
    os.close(fd)
