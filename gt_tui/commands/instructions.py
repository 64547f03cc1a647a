"""`gt-tui instructions get DATASET [--json]` and `gt-tui instructions set DATASET FILE
[--etag E] [--force]`: a dataset's curation instructions (markdown).

`set` writes only over what was read: without --etag it expects that the dataset has no
instructions yet; with --etag (as `get --json` prints it) that they are unchanged since.
Otherwise it refuses, saying who changed them and when; --force writes anyway.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gt_tui.commands.common import EXIT_INVALID_DATA, EXIT_OK, CommandError, connected_services
from gt_tui.config import Settings
from gt_tui.domain.text import one_line, visible

COMMAND = "instructions"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(COMMAND, parents=[common], help="a dataset's curation instructions")
    actions = parser.add_subparsers(dest="instructions_action", metavar="ACTION", required=True)
    get = actions.add_parser("get", parents=[common], help="print a dataset's instructions")
    get.add_argument("dataset", metavar="DATASET")
    get.add_argument("--json", action="store_true", help="the whole document, with its _etag")
    put = actions.add_parser("set", parents=[common], help="write a dataset's instructions")
    put.add_argument("dataset", metavar="DATASET")
    put.add_argument("file", metavar="FILE", help="markdown file (UTF-8), or - for stdin")
    put.add_argument("--etag", help="the _etag they had when read (get --json shows it)")
    put.add_argument("--force", action="store_true", help="write over whatever is stored")


def _read_text(file: str) -> str:
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CommandError(f"{file}:{line}: not UTF-8 (byte {exc.start})") from None


async def run_instructions(settings: Settings, args: argparse.Namespace) -> int:
    if args.instructions_action == "set":
        text = _read_text(args.file)
        async with connected_services(settings, create=True) as services:
            stored = await services.instructions.put(
                settings.user_id, args.dataset, text, etag=args.etag, force=args.force
            )
        print(f"wrote curation instructions of {one_line(args.dataset)!s} (etag {stored.etag})")
        return EXIT_OK
    async with connected_services(settings) as services:
        doc = await services.instructions.get(args.dataset)
    if doc is None:
        raise CommandError(
            f"dataset {one_line(args.dataset)} has no curation instructions", EXIT_INVALID_DATA
        )
    if args.json:
        print(json.dumps(doc.to_doc(), ensure_ascii=False))
    else:
        print(visible(doc.instructions), end="" if doc.instructions.endswith("\n") else "\n")
    return EXIT_OK
