"""`gt-tui recompute-tags [--dataset D] [--status S] [--apply]`: dry run by default."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator

from gt_tui.config import Settings
from gt_tui.domain.models import GroundTruthStatus

COMMAND = "recompute-tags"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        COMMAND,
        parents=[common],
        help="bring computed tags up to the current rules (dry run unless --apply)",
    )
    parser.add_argument("--dataset", help="only items of this dataset")
    parser.add_argument(
        "--status", choices=[s.value for s in GroundTruthStatus], help="only items in this status"
    )
    parser.add_argument("--apply", action="store_true", help="write the changed items")


@contextlib.contextmanager
def _progress(label: str) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """(on_total, on_progress): a bar on stderr only when it is a terminal."""
    if not sys.stderr.isatty():
        yield (lambda total: None), (lambda advanced: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(label, total=None)
    with progress:
        yield (
            lambda total: progress.update(task, total=total),
            lambda advanced: progress.advance(task, advanced),
        )


async def run_recompute_tags(settings: Settings, args: argparse.Namespace) -> int:
    from gt_tui.commands.common import EXIT_OK, connected_services
    from gt_tui.services.recompute_tags import RecomputeTagsService

    async with connected_services(settings) as services:
        service = RecomputeTagsService(services.repo, services.tags, settings.user_id)
        with _progress("recomputing tags" if args.apply else "checking tags") as (total, step):
            summary = await service.recompute(
                dataset=args.dataset,
                status=GroundTruthStatus(args.status) if args.status else None,
                apply=args.apply,
                on_total=total,
                on_progress=step,
            )
    print(summary.format())
    return EXIT_OK
