"""What the data commands share: exit codes, one-line errors, services that must be up."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported with the parser: the TUI's start does not need them
    from gt_tui.bootstrap import Services
    from gt_tui.config import Settings

EXIT_OK = 0
EXIT_INVALID_DATA = 1  # import: some lines were invalid or could not be written
EXIT_USAGE = 2  # bad arguments, settings or files
EXIT_BACKEND = 3  # the backend is not reachable (degraded)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `export | head`


def quiet_broken_pipe() -> int:
    """The reader of stdout went away (`| head`): stop quietly, and keep Python from
    complaining about the unflushable stdout at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


class CommandError(Exception):
    """A failure the CLI prints as one line (`gt-tui: error: ...`) with an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def quiet_library_logging() -> None:
    """Without handlers, logging's last resort prints warnings on stderr; a command reports
    failures itself in one line, so the backend's reconnect warnings and the Azure SDK's
    and azure-identity's chatter stay out of it (GT_DEBUG=1 lets them through)."""
    if os.environ.get("GT_DEBUG"):
        return
    for name in ("gt_tui", "azure"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        if name == "azure":
            logger.propagate = False


def os_error_message(action: str, target: object, exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot {action} {target}: {reason}"


def require_existing_database(settings: Settings) -> None:
    """Commands that only read must not create a database (and its folders) at a mistyped
    --sqlite-path: only writing commands and the app may."""
    if settings.backend == "sqlite" and not settings.sqlite_path.expanduser().exists():
        raise CommandError(
            f"no SQLite database at {settings.sqlite_path}: the file does not exist "
            "(check --sqlite-path / GT_SQLITE_PATH; `gt-tui import` creates one)"
        )


@asynccontextmanager
async def connected_services(
    settings: Settings, *, create: bool = False
) -> AsyncIterator[Services]:
    """Services on a backend that answers now; CommandError(EXIT_BACKEND) if it does not."""
    from gt_tui.bootstrap import build_services

    quiet_library_logging()
    if not create:
        require_existing_database(settings)
    services = await build_services(settings)
    try:
        report = await services.health.check()
        if not report.ok:
            if getattr(services.repo, "unusable", False):  # retrying will not help
                raise CommandError(report.detail, EXIT_USAGE)
            detail = report.detail.removeprefix(f"{report.backend} unavailable: ")
            raise CommandError(f"{report.backend} backend unavailable: {detail}", EXIT_BACKEND)
        yield services
    finally:
        await services.close()
