"""`gt-tui cosmos check` and `gt-tui cosmos migrate [--apply]` (dry run by default).

check prints what gt-tui needs from the configured container and exits 0 when nothing
blocks work (1 when the container cannot be used: its layout, or it is missing).
migrate shows what it would change; --apply adds the missing composite indexes (never
removing one), backfills gt-tui's helper fields and repairs GroundTruthCurator's assignment
documents (missing or stale ones), all with conditional writes.
"""

from __future__ import annotations

import argparse

from gt_tui.config import Settings

COMMAND = "cosmos"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(COMMAND, help="check or migrate the configured Cosmos container")
    actions = parser.add_subparsers(dest="cosmos_action", metavar="ACTION", required=True)
    actions.add_parser(
        "check", parents=[common], help="what gt-tui needs from the container (exit 0: usable)"
    )
    migrate = actions.add_parser(
        "migrate",
        parents=[common],
        help="add missing indexes, backfill helper fields, repair assignment documents",
    )
    migrate.add_argument("--apply", action="store_true", help="make the changes (default: show)")


async def run_cosmos(settings: Settings, args: argparse.Namespace) -> int:
    from gt_tui.commands.common import EXIT_INVALID_DATA, CommandError
    from gt_tui.domain.errors import BackendUnavailableError
    from gt_tui.repos.cosmos_factory import open_cosmos_repo

    if settings.backend != "cosmos":
        raise CommandError(f"gt-tui cosmos needs GT_BACKEND=cosmos (now {settings.backend})")
    try:
        repo = await open_cosmos_repo(settings)
    except BackendUnavailableError as exc:
        if args.cosmos_action == "check":
            print(f"blocked: {exc}")
            return EXIT_INVALID_DATA
        raise
    try:
        if args.cosmos_action == "check":
            return await _check(repo)
        return await _migrate(repo, apply=args.apply)
    finally:
        await repo.close()


async def _check(repo) -> int:
    from gt_tui.repos.cosmos_admin import inspect_container
    from gt_tui.repos.cosmos_assignment_repair import inspect_assignments

    for line in (await inspect_container(repo)).lines():
        print(line)
    for line in (await inspect_assignments(repo)).lines():
        print(line)
    return 0


async def _migrate(repo, *, apply: bool) -> int:
    from gt_tui.commands.recompute_tags import _progress
    from gt_tui.repos.cosmos_admin import (
        add_composites,
        backfill_helpers,
        describe_composite,
        inspect_container,
    )
    from gt_tui.repos.cosmos_assignment_repair import inspect_assignments, repair_assignments

    report = await inspect_container(repo)
    verb = "adding" if apply else "would add"
    for composite in report.missing_composites:
        print(f"{verb} composite index {describe_composite(composite)}")
    if apply:
        await add_composites(repo, report.missing_composites)
    if not apply:
        assignments = await inspect_assignments(repo)
        print(f"would backfill helper fields on {report.without_helpers} items")
        if assignments.container is not None:
            print(
                f"would create {len(assignments.missing)} and remove {len(assignments.stale)} "
                f"assignment documents in {assignments.container}"
            )
        if (
            report.missing_composites
            or report.without_helpers
            or assignments.missing
            or assignments.stale
        ):
            print("dry run: nothing changed (--apply makes these changes)")
        else:
            print("nothing to do")
        return 0
    with _progress("backfilling helper fields") as (total, step):
        summary = await backfill_helpers(repo, on_total=total, on_progress=step)
    for line in summary.lines():
        print(line)
    failed = bool(summary.conflicts or summary.problems)
    assignments = await inspect_assignments(repo)
    if assignments.container is not None:
        with _progress("repairing assignment documents") as (total, step):
            total(len(assignments.missing) + len(assignments.stale))
            repaired = await repair_assignments(repo, assignments, on_progress=step)
        for line in repaired.lines():
            print(line)
        failed = failed or bool(repaired.conflicts)
    return 1 if failed else 0
