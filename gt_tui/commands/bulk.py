"""`gt-tui bulk ACTION [ARG...] --filter "..." [--dry-run]` and `gt-tui bulk undo [ID]`.

The filter is the explorer's (`status:draft dataset:faq tags:"a, -b" text:... id:...
url:... assigned:ann|none`). The first line states how many items the action changes;
items changed by someone else meanwhile are listed and left as they are (exit 1). The
action is recorded under GT_STATE_DIR/bulk/, and `bulk undo` takes the latest (or the
named) one back, item by item, leaving items changed since as they are."""

from __future__ import annotations

import argparse

from gt_tui.config import Settings

COMMAND = "bulk"
ACTIONS = ("tag", "untag", "skip", "release", "assign", "delete", "restore", "expect")
"""services.bulk.BulkAction's values (named here so building the parser imports no service)."""
USAGE = {
    "tag": "TAG",
    "untag": "TAG",
    "assign": "USER",
    "expect": "TOOL required|optional|notNeeded|none",
    "undo": "[ID]",
}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    actions = list(ACTIONS)
    parser = sub.add_parser(
        COMMAND,
        parents=[common],
        help="one action on every item of a filter (tag, untag, skip, release, assign, "
        "delete, restore, expect), or undo one",
        description="Actions and their arguments: "
        + "; ".join(f"{a} {USAGE.get(a, '')}".strip() for a in [*actions, "undo"]),
    )
    parser.add_argument("action", choices=[*actions, "undo"], help="what to do")
    parser.add_argument("arguments", nargs="*", metavar="ARG", help="the action's arguments")
    parser.add_argument(
        "--filter",
        metavar="WORDS",
        help='the items, in the explorer\'s terms: status:draft dataset:faq tags:"a, -b" '
        "text:WORDS id:PREFIX url:PART assigned:USER|none",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say how many items would change and which"
    )


def _change(args: argparse.Namespace):
    from gt_tui.commands.common import CommandError
    from gt_tui.services.bulk import BulkAction, BulkChange

    action = BulkAction(args.action)
    wanted = 2 if action == BulkAction.expect else int(action.value in USAGE)
    if len(args.arguments) != wanted:
        usage = f"{action.value} {USAGE.get(action.value, '')}".strip()
        raise CommandError(f"bulk {usage}: expected {wanted} argument(s)")
    value = args.arguments[0] if wanted else None
    expectation = args.arguments[1] if wanted == 2 else None
    try:
        return BulkChange(action, value, expectation)
    except ValueError as exc:
        raise CommandError(f"bulk {exc}") from None


async def run_bulk(settings: Settings, args: argparse.Namespace) -> int:
    from gt_tui.commands.common import EXIT_INVALID_DATA, EXIT_OK, CommandError, connected_services
    from gt_tui.domain.text import visible
    from gt_tui.services.bulk import BulkService
    from gt_tui.services.bulk_records import BulkRecords
    from gt_tui.services.filter_syntax import FilterSyntaxError
    from gt_tui.services.item_filter import ItemFilter

    records = BulkRecords(settings.state_dir)
    if args.action == "undo":
        return await _undo(settings, args, records)
    change = _change(args)
    if args.filter is None or not args.filter.strip():
        raise CommandError(
            'bulk needs --filter (e.g. --filter "dataset:faq status:draft"); it never acts '
            "on every item by default"
        )
    try:
        item_filter = ItemFilter.parse(args.filter)
    except FilterSyntaxError as exc:
        raise CommandError(f"--filter {exc}") from None
    async with connected_services(settings) as services:
        bulk = BulkService(services.repo, tags=services.tags, clock=services.clock)
        if problems := bulk.tag_problems(change):
            if bulk.refuses_tag_problems:
                raise CommandError(
                    f"tag {change.tag}: {'; '.join(problems)} (GT_TAG_POLICY=reject)"
                )
            for problem in problems:
                print(visible(f"warning: tag {change.tag}: {problem}"))
        plan = await bulk.plan(change, item_filter)
        print(visible(plan.summary()))
        if args.dry_run:
            for item in plan.items:
                print(visible(f"would {change.describe()}: {item.dataset_name}/{item.id}"))
            return EXIT_OK
        if not plan.items:
            return EXIT_OK
        result = await bulk.apply(settings.user_id, plan)
    record = result.record
    assert record is not None
    if record.entries:
        records.save(record)
    for conflict in result.conflicts:
        print(visible(f"not changed: {conflict.format()}"))
    print(visible(f"changed {result.changed}, changed meanwhile {len(result.conflicts)}"))
    if record.entries:
        print(visible(f"undo with: gt-tui bulk undo {record.id}"))
    return EXIT_INVALID_DATA if result.conflicts else EXIT_OK


async def _undo(settings: Settings, args: argparse.Namespace, records) -> int:
    from gt_tui.commands.common import EXIT_INVALID_DATA, EXIT_OK, CommandError, connected_services
    from gt_tui.domain.text import visible
    from gt_tui.services.bulk import BulkService
    from gt_tui.services.bulk_records import BulkRecordError

    if len(args.arguments) > 1:
        raise CommandError("bulk undo [ID]: at most one record id")
    try:
        record = records.load(args.arguments[0]) if args.arguments else records.latest_pending()
    except BulkRecordError as exc:
        raise CommandError(str(exc)) from None
    if record is None:
        raise CommandError(
            f"nothing to undo: no bulk action with items left in {records.directory}"
        )
    print(
        visible(
            f"undo {record.id} ({record.action}, filter {record.filter!r}, by {record.actor} "
            f"at {record.at}): {len(record.pending)} items to put back"
        )
    )
    if args.dry_run:
        for entry in record.pending:
            print(visible(f"would put back: {entry.dataset_name}/{entry.item_id}"))
        return EXIT_OK
    async with connected_services(settings) as services:
        bulk = BulkService(services.repo, tags=services.tags, clock=services.clock)
        result = await bulk.undo(settings.user_id, record)
    records.save(record)
    for conflict in result.conflicts:
        print(visible(f"not put back: {conflict.format()}"))
    print(visible(f"put back {result.changed}, changed since {len(result.conflicts)}"))
    return EXIT_INVALID_DATA if result.conflicts else EXIT_OK
