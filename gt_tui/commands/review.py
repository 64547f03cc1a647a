"""`gt-tui review list|accept|send-back`: the review stage from the command line
(GT_REVIEW=leads; the acting --user must be in GT_LEADS to accept or send back)."""

from __future__ import annotations

import argparse
import json

from gt_tui.commands.common import EXIT_OK, CommandError, connected_services
from gt_tui.config import Settings
from gt_tui.domain.errors import NotFoundError
from gt_tui.domain.models import format_utc
from gt_tui.domain.review import review_of
from gt_tui.domain.text import one_line, terminal_safe_json

COMMAND = "review"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        COMMAND, parents=[common], help="approvals waiting for a lead (GT_REVIEW=leads)"
    )
    actions = parser.add_subparsers(dest="review_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="pending reviews, oldest first")
    listing.add_argument("--json", action="store_true", help="print the items as JSON")
    accept = actions.add_parser("accept", parents=[common], help="accept an approval")
    send_back = actions.add_parser(
        "send-back", parents=[common], help="back to draft, to who approved it, with a note"
    )
    for action in (accept, send_back):
        action.add_argument("dataset")
        action.add_argument("id")
    send_back.add_argument("--note", required=True, help="why it goes back (required)")


async def run_review(settings: Settings, args: argparse.Namespace) -> int:
    if settings.review != "leads":
        raise CommandError("the review stage is off: set GT_REVIEW=leads (and GT_LEADS)")
    async with connected_services(settings) as services:
        review = services.review
        if args.review_action == "list":
            pending = await review.pending()
            if args.json:
                docs = [item.to_doc() for item in pending]
                print(terminal_safe_json(json.dumps(docs, ensure_ascii=False)))
                return EXIT_OK
            print(f"{len(pending)} approval{'s' if len(pending) != 1 else ''} waiting for review")
            for item in pending:
                record = review_of(item)
                by = record.approved_by if record else item.updated_by
                when = format_utc(item.reviewed_at) if item.reviewed_at else "?"
                print(
                    one_line(f"{item.dataset_name}/{item.id}  {by}  {when}  {item.question}", 160)
                )
            return EXIT_OK
        item = await services.repo.get(args.dataset, args.id)
        if item is None:
            raise NotFoundError(f"item {args.dataset}/{args.id} not found")
        if args.review_action == "accept":
            await review.accept(settings.user_id, item)
            print(one_line(f"accepted {args.dataset}/{args.id}"))
        else:
            stored = await review.send_back(settings.user_id, item, args.note)
            print(one_line(f"sent {args.dataset}/{args.id} back to {stored.assigned_to}"))
    return EXIT_OK
