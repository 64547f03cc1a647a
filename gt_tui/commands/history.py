"""`gt-tui history DATASET ID [--json]`, `gt-tui history --verify` and
`gt-tui diff --from T1 --to T2 [--dataset D] [--json]` (gt_tui/services/history.py)."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, date, datetime
from typing import Any

from gt_tui.commands.common import EXIT_INVALID_DATA, EXIT_OK, CommandError, connected_services
from gt_tui.config import Settings
from gt_tui.domain.models import format_utc
from gt_tui.domain.revisions import Revision
from gt_tui.domain.text import one_line, terminal_safe_json
from gt_tui.services.history import NO_REVISION, HistoryService

LISTED_GAPS = 50
"""Gaps listed one per line by the human output of --verify (--json has every one)."""
VALUE_WIDTH = 70
"""A field's value is cut to this many characters in the human listing (--json has all)."""


def parse_instant(text: str, option: str) -> datetime:
    """An ISO 8601 time (no zone: UTC) or a date (its start, UTC); CommandError if neither."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise CommandError(
                f"{option}: {text!r} is not a time: use ISO 8601, e.g. 2026-03-01T09:00:00Z "
                "or 2026-03-01"
            ) from None
        value = datetime(day.year, day.month, day.day)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    history = sub.add_parser(
        "history",
        parents=[common],
        help="an item's revisions, newest first (who, when, what changed); --verify checks "
        "every item's record for gaps",
    )
    history.add_argument("dataset", nargs="?", help="the item's dataset")
    history.add_argument("id", nargs="?", help="the item's id")
    history.add_argument("--json", action="store_true", help="print the revisions as JSON")
    history.add_argument(
        "--verify",
        action="store_true",
        help="list items whose history has a gap (exit 1 if any), e.g. a Cosmos write whose "
        "revision was never written",
    )
    diff = sub.add_parser(
        "diff", parents=[common], help="items added, changed (with the fields) and removed"
    )
    diff.add_argument("--from", dest="since", required=True, metavar="T1", help="ISO time")
    diff.add_argument("--to", dest="until", required=True, metavar="T2", help="ISO time")
    diff.add_argument("--dataset", help="only items of this dataset")
    diff.add_argument("--json", action="store_true", help="print the diff as JSON")


def _value(change_has: bool, value: Any) -> str:
    if not change_has:
        return "(absent)"
    return one_line(json.dumps(value, ensure_ascii=False), VALUE_WIDTH)


def render_revision(revision: Revision) -> list[str]:
    who = one_line(revision.by or "(unknown)")
    lines = [f"#{revision.number}  {format_utc(revision.at)}  {who}  {revision.op}"]
    for name, change in revision.changes.items():
        before = _value(change.has_before, change.before)
        after = _value(change.has_after, change.after)
        lines.append(f"    {one_line(name)}: {before} -> {after}")
    return lines


async def run_history(settings: Settings, args: argparse.Namespace) -> int:
    if args.verify:
        return await _verify(settings, as_json=args.json)
    if not args.dataset or not args.id:
        raise CommandError("history needs DATASET and ID (or --verify)")
    async with connected_services(settings) as services:
        revisions = await HistoryService(services.repo).item_history(args.dataset, args.id)
        exists = await services.repo.get(args.dataset, args.id) is not None
    if not revisions and not exists:
        raise CommandError(f"no item {args.dataset}/{args.id} and no history of one", 1)
    if args.json:
        print(terminal_safe_json(json.dumps([r.to_doc() for r in revisions], ensure_ascii=False)))
        return EXIT_OK
    where = one_line(f"{args.dataset}/{args.id}")
    count = f"{len(revisions)} revision{'s' if len(revisions) != 1 else ''}"
    print(f"{where}: {count}, newest first")
    for revision in revisions:
        print("\n".join(render_revision(revision)))
    return EXIT_OK


async def _verify(settings: Settings, *, as_json: bool) -> int:
    async with connected_services(settings) as services:
        gaps = await HistoryService(services.repo).verify()
    if as_json:
        found = [
            {"datasetName": g.dataset_name, "id": g.item_id, "problem": g.problem} for g in gaps
        ]
        print(terminal_safe_json(json.dumps({"gaps": found}, ensure_ascii=False)))
    elif not gaps:
        print("history complete: every item's last write has its revision")
    else:
        for gap in gaps[:LISTED_GAPS]:
            print(one_line(f"{gap.dataset_name}/{gap.item_id}: {gap.problem}"))
        if len(gaps) > LISTED_GAPS:
            print(f"... and {len(gaps) - LISTED_GAPS} more (--json lists them all)")
        unrecorded = sum(1 for gap in gaps if gap.problem == NO_REVISION)
        if unrecorded:
            print(
                f"{unrecorded} without any revision: written before history was kept, or "
                "created by a write whose revision was lost"
            )
        print(f"{len(gaps)} item{'s' if len(gaps) != 1 else ''} with a gap in its history")
    return EXIT_INVALID_DATA if gaps else EXIT_OK


async def run_diff(settings: Settings, args: argparse.Namespace) -> int:
    since, until = parse_instant(args.since, "--from"), parse_instant(args.until, "--to")
    if until < since:
        raise CommandError("--to is before --from")
    async with connected_services(settings) as services:
        diff = await HistoryService(services.repo).diff(since, until, dataset=args.dataset)
    if args.json:
        print(terminal_safe_json(json.dumps(diff.to_json(), ensure_ascii=False)))
        return EXIT_OK
    print(f"from {format_utc(since)} to {format_utc(until)}:")
    print(f"{len(diff.added)} added, {len(diff.changed)} changed, {len(diff.removed)} removed")
    for dataset_name, item_id in diff.added:
        print(one_line(f"+ {dataset_name}/{item_id}"))
    for change in diff.changed:
        print(one_line(f"~ {change.dataset_name}/{change.item_id}: {', '.join(change.fields)}"))
    for dataset_name, item_id in diff.removed:
        print(one_line(f"- {dataset_name}/{item_id}"))
    return EXIT_OK
