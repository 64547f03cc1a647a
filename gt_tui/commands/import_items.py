"""`gt-tui import FILE`: report bad lines as FILE:LINE: field: problem, import the rest."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from gt_tui.commands.common import (
    EXIT_BACKEND,
    EXIT_INVALID_DATA,
    EXIT_OK,
    CommandError,
    connected_services,
    os_error_message,
)
from gt_tui.config import Settings
from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.domain.text import visible
from gt_tui.services.importing import ImportService, ImportSummary
from gt_tui.services.tag_vocabulary import VocabularyError, load_vocabulary
from gt_tui.services.validation import dataset_name_problem


def open_input(path: Path, *, strict: bool) -> BinaryIO:
    """Open the file to import (`-` is standard input), or CommandError naming the file and
    the reason."""
    if str(path) == "-":
        if strict and not sys.stdin.buffer.seekable():
            raise CommandError("--strict reads the input twice and needs a file, not a pipe")
        return contextlib.nullcontext(sys.stdin.buffer)  # type: ignore[return-value]
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise CommandError(os_error_message("read", path, exc)) from None
    if strict and not handle.seekable():
        handle.close()
        raise CommandError(f"--strict reads {path} twice and needs a regular file")
    return handle


@contextlib.contextmanager
def reporters(total_bytes: int, label: str) -> Iterator[tuple[Callable[[int], None], Callable]]:
    """(on_progress, emit): a progress bar on stderr only when stderr is a terminal;
    problem lines go to stderr either way (above the bar, as plain text)."""
    if not sys.stderr.isatty():

        def emit(line: str) -> None:
            print(visible(line), file=sys.stderr)

        yield (lambda advanced: None), emit
        return

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task(label, total=total_bytes or None)
    with progress:
        yield (
            lambda advanced: progress.advance(task, advanced),
            lambda line: console.print(Text(visible(line)), soft_wrap=True, highlight=False),
        )


def content_warner(services):
    """Personal-data and duplicate warnings per imported item, as enabled in settings (one
    duplicate lookup per dataset per write batch)."""
    from gt_tui.services.content_checks import ContentCheckService

    settings = services.settings
    checks = ContentCheckService(
        services.repo, pii=settings.pii_detection, duplicates=settings.duplicate_detection
    )
    if not (checks.pii or checks.duplicates):
        return None

    async def warn(items):
        found = await checks.warnings_of_many(items)
        return [[warning.message for warning in warnings] for warnings in found]

    return warn


def vocabulary_for(settings: Settings):
    """The tag vocabulary imports check against, read before connecting (a bad GT_TAGS_FILE
    is a one-line error, not a half-done import)."""
    try:
        return load_vocabulary(settings.tags_file)
    except VocabularyError as exc:
        raise CommandError(str(exc)) from None


def importer_for(services, vocabulary) -> ImportService:
    """The ImportService `import` and `import-traces` write through: the settings' tag
    policy, line limit and user, and the content warnings they turn on."""
    settings = services.settings
    return ImportService(
        services.repo,
        vocabulary=vocabulary,
        tag_policy=settings.tag_policy,
        warn=content_warner(services),
        max_line_bytes=settings.max_line_bytes,
        user_id=settings.user_id,
    )


def interrupted_report(summary: ImportSummary) -> str:
    """What an interrupted import left behind, for stderr."""
    if summary.atomic:
        return (
            f"interrupted: nothing imported from {summary.source} (the --strict import "
            "was one transaction and was rolled back)"
        )
    text = f"interrupted: {summary.format()} before the interrupt"
    if summary.in_flight is not None:
        first, last = summary.in_flight
        text += f"; lines {first}-{last} were being written and may be stored too"
    return text + "; run the import again to finish (items already stored are skipped)"


def stopped_report(summary: ImportSummary, path: Path) -> str:
    """A strict import without a transaction stopped at a failed write: exactly what is
    stored, and how to go on."""
    return (
        f"--strict stopped at line {summary.stopped_at} (this backend has no transaction "
        f"across items); written: lines {summary.written_report()}; fix the problem, then "
        f"run `gt-tui import --strict --resume {summary.stopped_at} {path}`"
    )


def backend_lost_report(summary: ImportSummary, exc: Exception) -> str:
    if summary.atomic:
        return (
            f"import of {summary.source} stopped: {exc}; nothing was written (the --strict "
            "import was one transaction and was rolled back)"
        )
    return (
        f"import of {summary.source} stopped: {exc}; written before it: imported "
        f"{summary.imported}, updated {summary.updated}; run it again when the backend is "
        "back (items already stored are skipped)"
    )


async def run_import(
    settings: Settings,
    path: Path,
    *,
    dataset: str | None = None,
    strict: bool = False,
    update: bool = False,
    resume_from: int | None = None,
) -> int:
    if dataset is not None and (problem := dataset_name_problem(dataset)):
        raise CommandError(f"--dataset {problem}")
    if resume_from is not None and resume_from < 1:
        raise CommandError("--resume takes a line number from 1")
    source = str(path)
    vocabulary = vocabulary_for(settings)
    summary = ImportSummary(source=source)
    with open_input(path, strict=strict) as handle:
        size = os.fstat(handle.fileno()).st_size
        async with connected_services(settings, create=True) as services:
            importer = importer_for(services, vocabulary)
            with reporters(size * (2 if strict else 1), f"importing {path.name}") as (
                on_progress,
                emit,
            ):
                try:
                    await importer.import_handle(
                        handle,
                        source=source,
                        dataset=dataset,
                        strict=strict,
                        update=update,
                        on_problem=lambda problem: emit(problem.format(source)),
                        on_progress=on_progress,
                        resume_from=resume_from,
                        summary=summary,
                    )
                except BackendUnavailableError as exc:
                    raise CommandError(backend_lost_report(summary, exc), EXIT_BACKEND) from None
                except OSError as exc:
                    raise CommandError(os_error_message("read", path, exc)) from None
                except (asyncio.CancelledError, KeyboardInterrupt):
                    emit(interrupted_report(summary))
                    raise
                if strict and summary.stopped_at is not None and not summary.atomic:
                    emit(stopped_report(summary, path))
                if summary.empty and resume_from is None:
                    emit(f"{source}: nothing to import: the file holds no items")
    print(visible(summary.format()))
    return EXIT_OK if summary.ok else EXIT_INVALID_DATA
