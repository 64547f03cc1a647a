"""Where `export -o PATH` writes, and how, so a special file is never replaced.

A regular or missing file is written to a temp file beside it and renamed onto it (an
interrupted export leaves the old file). A symlink is followed: the file it points to is
the one replaced, and the link stays a link. A FIFO or a character device (/dev/null, a
terminal) cannot be replaced by a rename without destroying it, so it is written in
place, and gets no manifest beside it. Anything else (a directory, a block device, a
socket) is refused.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExportTarget:
    path: Path
    """The file written: the given path with every symlink resolved."""
    in_place: bool
    """True for a FIFO or character device: opened and written, never renamed onto."""
    kind: str
    """What the path is: `file`, `new file`, `FIFO` or `character device`."""


def export_target(path: Path) -> ExportTarget:
    """The target for `path`; OSError naming the reason when it must not be written."""
    resolved = Path(os.path.realpath(path))
    try:
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        return ExportTarget(resolved, in_place=False, kind="new file")
    if stat.S_ISREG(mode):
        return ExportTarget(resolved, in_place=False, kind="file")
    if stat.S_ISFIFO(mode):
        return ExportTarget(resolved, in_place=True, kind="FIFO")
    if stat.S_ISCHR(mode):
        return ExportTarget(resolved, in_place=True, kind="character device")
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    what = (
        "a block device"
        if stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else ("not a regular file")
    )
    raise OSError(
        errno.EINVAL, f"{what}; export writes only files, FIFOs and character devices", str(path)
    )
