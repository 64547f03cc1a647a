"""`gt-tui export`: JSONL on stdout, or an atomic file with a manifest beside it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gt_tui import __version__
from gt_tui.commands.common import (
    EXIT_INVALID_DATA,
    EXIT_OK,
    CommandError,
    connected_services,
    os_error_message,
    quiet_broken_pipe,
)
from gt_tui.commands.history import parse_instant
from gt_tui.config import Settings
from gt_tui.services.export_target import export_target
from gt_tui.services.exporting import (
    AgenticItemInSnapshotError,
    export_to_file,
    parse_status,
    write_export,
)
from gt_tui.services.history import HistoryService


def _check_output(path: Path) -> None:
    """Refuse an unusable target before touching the backend."""
    try:
        target = export_target(path)
    except OSError as exc:
        raise CommandError(os_error_message("write", path, exc)) from None
    if target.in_place:
        return
    path = target.path
    parent = path.parent
    if not parent.is_dir():
        raise CommandError(f"cannot write {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise CommandError(f"cannot write {path}: directory {parent} is not writable")


def _plural(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


async def run_export(
    settings: Settings,
    *,
    status: str | None = None,
    dataset: str | None = None,
    output: Path | None = None,
    fmt: str = "jsonl",
    as_of: str | None = None,
) -> int:
    """Exit 1 with one line when gtc-snapshot meets an agentic item (nothing written)."""
    try:
        status_filter = parse_status(status)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if output is not None and str(output) == "-":
        output = None  # `-o -`: stdout, as usual for command-line tools
    if output is not None:
        _check_output(output)
    instant = parse_instant(as_of, "--as-of") if as_of is not None else None
    async with connected_services(settings) as services:
        source = None
        if instant is not None:  # the items as they were then (their revisions undone)
            source = HistoryService(services.repo).items_as_of(
                instant, dataset=dataset, status=status_filter
            )
        if output is not None:
            try:
                result = await export_to_file(
                    services.repo,
                    output,
                    status=status_filter,
                    dataset=dataset,
                    version=__version__,
                    backend=settings.backend,
                    fmt=fmt,
                    source=source,
                )
            except OSError as exc:
                raise CommandError(os_error_message("write", output, exc)) from None
            except AgenticItemInSnapshotError as exc:
                raise CommandError(str(exc), EXIT_INVALID_DATA) from None
            where = f"manifest {result.manifest_path}"
            if result.manifest_path is None:
                where = "written in place (not a regular file), no manifest"
            print(f"exported {_plural(result.items)} to {output}; {where}", file=sys.stderr)
            return EXIT_OK
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        try:
            if out is None:  # a text-only stdout (some embedders): write through it
                result = await write_export(
                    services.repo,
                    _TextOut(sys.stdout),
                    status=status_filter,
                    dataset=dataset,
                    fmt=fmt,
                    source=source,
                )
            else:
                result = await write_export(
                    services.repo,
                    out,
                    status=status_filter,
                    dataset=dataset,
                    fmt=fmt,
                    source=source,
                )
                out.flush()
        except BrokenPipeError:
            return quiet_broken_pipe()
        except AgenticItemInSnapshotError as exc:
            raise CommandError(str(exc), EXIT_INVALID_DATA) from None
    print(
        f"exported {_plural(result.items)} to stdout (no manifest; use -o FILE to get one)",
        file=sys.stderr,
    )
    return EXIT_OK


class _TextOut:
    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data.decode("utf-8"))
