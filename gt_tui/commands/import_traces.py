"""`gt-tui import-traces FILE|- --dataset D`: production traces as draft agentic items.

Problems are `FILE:N: where: problem` (N the line, or the trace's position in an array
or a `traces` list), as `import` reports them; `--dry-run` prints one line per item that
would be made and writes nothing (it does not even open the backend)."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from gt_tui.config import Settings

COMMAND = "import-traces"
FORMATS = ("otlp", "openinference", "langfuse", "gtc-trace-export")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        COMMAND,
        parents=[common],
        help="make draft agentic items of production traces (OTLP, OpenInference, "
        "Langfuse, GTC trace export)",
    )
    parser.add_argument(
        "file", type=Path, help="trace file: JSONL, a JSON array or one JSON document; - is stdin"
    )
    parser.add_argument("--dataset", required=True, help="dataset of the new items")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="otlp (OpenTelemetry GenAI attributes), openinference (OTLP with OpenInference "
        "attributes), langfuse (trace export), gtc-trace-export; detected from the content "
        "when left out",
    )
    parser.add_argument(
        "--group",
        choices=("trace", "conversation"),
        default="trace",
        help="one item per trace (default) or per conversation (session) id",
    )
    parser.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="WORDS",
        help='keep some traces: "feedback:thumbs_down", "feedback:user-feedback=0", '
        '"tool:get_plan_usage", "since:2026-03-01", "until:2026-04-01", "sample:100 seed:7" '
        "(words combine with AND; the option may repeat)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be made; write nothing"
    )


async def run_import_traces(settings: Settings, args: argparse.Namespace) -> int:
    from gt_tui.commands.common import (
        EXIT_BACKEND,
        EXIT_INVALID_DATA,
        EXIT_OK,
        CommandError,
        connected_services,
        os_error_message,
    )
    from gt_tui.commands.import_items import importer_for, open_input, reporters, vocabulary_for
    from gt_tui.domain.errors import BackendUnavailableError
    from gt_tui.domain.text import visible
    from gt_tui.services.filter_syntax import FilterSyntaxError
    from gt_tui.services.importing import ImportSummary
    from gt_tui.services.trace_import import convert_traces, describe_item, write_items
    from gt_tui.services.traces.selection import TraceSelection
    from gt_tui.services.validation import dataset_name_problem

    if problem := dataset_name_problem(args.dataset):
        raise CommandError(f"--dataset {problem}")
    try:
        selection = TraceSelection.parse(" ".join(args.filter))
    except FilterSyntaxError as exc:
        raise CommandError(f"--filter {exc}") from None
    source = str(args.file)
    with open_input(args.file, strict=False) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
        except (OSError, ValueError):  # a stream without a file behind it
            size = 0
        with reporters(size, f"reading {args.file.name}") as (on_progress, emit):
            try:
                conversion = convert_traces(
                    handle,
                    dataset=args.dataset,
                    fmt=args.format,
                    group=args.group,
                    selection=selection,
                    progress=on_progress,
                    max_line_bytes=settings.max_line_bytes,
                )
            except OSError as exc:
                raise CommandError(os_error_message("read", args.file, exc)) from None
    counts = f"{conversion.traces} traces, {len(conversion.items)} items" + (
        f", {conversion.selected_out} left out by --filter" if conversion.selected_out else ""
    )
    if args.dry_run:
        for problem in conversion.problems:
            emit(problem.format(source))
        for _, item in conversion.items:
            print(visible(f"would make {describe_item(item)}"))
        invalid = [p for p in conversion.problems if not p.problem.startswith("warning:")]
        print(visible(f"{source}: dry run: {counts}; nothing written"))
        return EXIT_INVALID_DATA if invalid else EXIT_OK
    vocabulary = vocabulary_for(settings)
    summary = ImportSummary(source=source)
    async with connected_services(settings, create=True) as services:
        importer = importer_for(services, vocabulary)
        try:
            await write_items(importer, conversion, source=source, on_problem=emit, summary=summary)
        except BackendUnavailableError as exc:
            raise CommandError(
                f"import of {source} stopped: {exc}; written before it: imported "
                f"{summary.imported}; run it again when the backend is back (items already "
                "stored are skipped)",
                EXIT_BACKEND,
            ) from None
        except (asyncio.CancelledError, KeyboardInterrupt):
            emit(f"interrupted: {summary.format()}; run it again to finish")
            raise
    print(visible(f"{summary.format()} ({counts})"))
    return EXIT_OK if summary.ok else EXIT_INVALID_DATA
