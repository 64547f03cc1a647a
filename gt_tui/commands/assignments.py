"""`gt-tui assignments list|release|reassign`: find and return stuck work.

`--holder` names whose work (`--user` is the acting identity, recorded as updatedBy).
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

from gt_tui.commands.common import (
    EXIT_INVALID_DATA,
    EXIT_OK,
    CommandError,
    connected_services,
)
from gt_tui.config import Settings
from gt_tui.domain.errors import InvalidUserIdError
from gt_tui.domain.models import GroundTruthItem

# services.oversight (and the repos it names) load when the command runs, not when every
# `gt-tui` start builds the parser.


def _duration(text: str) -> timedelta:
    from gt_tui.services.oversight import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_assignments_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser):
    cmd = sub.add_parser("assignments", parents=[common], help="list, release or reassign drafts")
    actions = cmd.add_subparsers(dest="assignments_action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", parents=[common], help="who holds which drafts, since when"
    )
    listing.add_argument("--holder", help="only drafts held by this user")
    listing.add_argument("--older-than", type=_duration, help="held at least this long (7d, 12h)")
    listing.add_argument("--json", action="store_true", help="print JSON lines")
    release = actions.add_parser("release", parents=[common], help="return drafts to the pool")
    release.add_argument("--holder", required=True, help="whose drafts to release")
    release.add_argument("--older-than", type=_duration, help="only drafts held this long")
    release.add_argument("--dry-run", action="store_true", help="show what would be released")
    reassign = actions.add_parser("reassign", parents=[common], help="give one item to a user")
    reassign.add_argument("dataset")
    reassign.add_argument("id")
    reassign.add_argument("--to", required=True, help="the new holder")
    return cmd


def _row(item: GroundTruthItem) -> dict[str, str]:
    from gt_tui.services.oversight import held_since

    return {
        "datasetName": item.dataset_name,
        "id": item.id,
        "assignedTo": item.assigned_to or "",
        "assignedAt": held_since(item).isoformat().replace("+00:00", "Z"),
    }


async def run_assignments(settings: Settings, args: argparse.Namespace) -> int:
    try:
        async with connected_services(settings) as services:
            from gt_tui.services.oversight import OversightService

            oversight = OversightService(services.repo)
            action = args.assignments_action
            if action == "list":
                return _print_list(
                    await oversight.held_drafts(args.holder, args.older_than), args.json
                )
            if action == "release":
                report = await oversight.release(
                    settings.user_id,
                    args.holder,
                    older_than=args.older_than,
                    dry_run=args.dry_run,
                )
                verb = "would release" if report.dry_run else "released"
                for item in report.released:
                    print(f"{verb} {item.dataset_name}/{item.id}")
                for conflict in report.conflicts:
                    print(
                        f"not released {conflict.dataset_name}/{conflict.item_id}: "
                        f"{conflict.reason}"
                    )
                print(
                    f"{len(report.released)} {verb}, {len(report.conflicts)} changed meanwhile"
                    f" (holder {args.holder})"
                )
                return EXIT_INVALID_DATA if report.conflicts else EXIT_OK
            item = await oversight.reassign(settings.user_id, args.dataset, args.id, args.to)
            print(f"reassigned {item.dataset_name}/{item.id} to {item.assigned_to}")
            return EXIT_OK
    except InvalidUserIdError as exc:
        raise CommandError(str(exc)) from exc


def _print_list(items: list[GroundTruthItem], as_json: bool) -> int:
    rows = [_row(item) for item in items]
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("no assigned drafts")
        return EXIT_OK
    width = max(len(r["assignedTo"]) for r in rows)
    for r in rows:
        print(f"{r['assignedTo']:<{width}}  {r['assignedAt']}  {r['datasetName']}/{r['id']}")
    print(f"{len(rows)} assigned drafts")
    return EXIT_OK
