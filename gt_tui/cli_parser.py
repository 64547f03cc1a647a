"""The `gt-tui` argument parser."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn


class _VersionAction(argparse.Action):
    """`--version`, reading the package metadata only when asked (not on every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("nargs", 0)
        kwargs.setdefault("help", "show the version and exit")
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> NoReturn:
        import gt_tui

        parser.exit(0, f"gt-tui {gt_tui.__version__}\n")


class _OneLineErrorParser(argparse.ArgumentParser):
    """Usage mistakes as one line on stderr (exit 2), pointing at --help for the rest."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _common_options() -> argparse.ArgumentParser:
    common = _OneLineErrorParser(add_help=False)
    group = common.add_argument_group("backend")
    group.add_argument(
        "--backend",
        choices=["sqlite", "memory", "cosmos"],
        default=argparse.SUPPRESS,
        help="storage backend (GT_BACKEND; default sqlite)",
    )
    group.add_argument(
        "--sqlite-path",
        type=Path,
        default=argparse.SUPPRESS,
        help="SQLite database file (GT_SQLITE_PATH)",
    )
    group.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        help="curator user id, e.g. ann.lee@contoso.com (GT_USER_ID; default: login name)",
    )
    return common


MODULE_COMMANDS = frozenset(
    {
        "recompute-tags",
        "history",
        "diff",
        "review",
        "instructions",
        "serve",
        "cosmos",
        "assignments",
        "import-traces",
        "bulk",
    }
)
"""The commands registered by their own modules under gt_tui.commands (a test checks this
set against the whole parser): the TUI's start path leaves those modules unimported."""

_WHOLE_PARSER_TOKENS = frozenset({"-h", "--help", "--version"})


def starts_the_tui(argv: Sequence[str]) -> bool:
    """Whether argv can only mean the TUI (`tui`, `demo` or no command) and needs no help
    text listing every command: then the parser leaves the other commands' modules
    unimported, which is start-up time before the first frame. A token that merely looks
    like a command (a user named "serve") only costs the whole parser, never a wrong one."""
    return not any(token in MODULE_COMMANDS or token in _WHOLE_PARSER_TOKENS for token in argv)


def build_parser(*, tui_only: bool = False) -> argparse.ArgumentParser:
    """The whole CLI; with `tui_only`, without the commands of MODULE_COMMANDS (see
    starts_the_tui)."""
    common = _common_options()
    parser = _OneLineErrorParser(
        prog="gt-tui",
        description="Curate ground-truth question/answer/reference sets from the terminal.",
        parents=[common],
    )
    parser.add_argument("--version", action=_VersionAction, default=argparse.SUPPRESS)
    parser.add_argument("--theme", default=argparse.SUPPRESS, help="theme name (GT_THEME)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tui = sub.add_parser("tui", parents=[common], help="run the curator workstation (default)")
    tui.add_argument("--theme", default=argparse.SUPPRESS, help="theme name (GT_THEME)")

    demo = sub.add_parser("demo", parents=[common], help="run the TUI on a seeded in-memory demo")
    demo.add_argument("--theme", default=argparse.SUPPRESS, help="theme name (GT_THEME)")
    demo.add_argument(
        "--peers", type=int, default=0, help="simulated curators editing in the background"
    )

    health = sub.add_parser(
        "healthz", parents=[common], help="check the backend; exit 0 ok, 1 degraded"
    )
    health.add_argument("--json", action="store_true", help="print the report as JSON")

    imp = sub.add_parser(
        "import", parents=[common], help="import items (JSONL, a JSON array or a GTC snapshot)"
    )
    imp.add_argument(
        "file",
        type=Path,
        help="JSONL (one item per line), a JSON array of items, or a GTC snapshot envelope "
        '({"schemaVersion": ..., "items": [...]}), detected from the content; - reads stdin',
    )
    imp.add_argument("--dataset", help="dataset name for lines that have none")
    imp.add_argument(
        "--strict",
        action="store_true",
        help="import nothing if any line is bad; on SQLite the import is also one "
        "transaction, so a failed write leaves nothing behind; on Cosmos (no transaction "
        "across items) it stops at the first failed write, lists the lines written and the "
        "line to --resume from",
    )
    imp.add_argument(
        "--resume",
        type=int,
        metavar="LINE",
        help="continue a stopped import: lines before LINE are checked but not written",
    )
    imp.add_argument("--update", action="store_true", help="overwrite items that already exist")

    exp = sub.add_parser("export", parents=[common], help="export items as JSONL")
    exp.add_argument("--status", help="only items with this status")
    exp.add_argument("--dataset", help="only items of this dataset")
    exp.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    exp.add_argument(
        "--format",
        choices=["jsonl", "json", "gtc-snapshot", "gtc-agentic"],
        default="jsonl",
        help="jsonl (default), one JSON array, GroundTruthCurator's snapshot envelope "
        "(seed-era items only), or one GTC 2.x (agentic) item per line",
    )
    exp.add_argument(
        "--as-of",
        metavar="TIME",
        help="the items as they were at TIME (ISO 8601, e.g. 2026-03-01T09:00:00Z), rebuilt "
        "from their history",
    )

    stats = sub.add_parser("stats", parents=[common], help="counts per dataset, status and curator")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    if tui_only:
        return parser
    from gt_tui.commands import recompute_tags

    recompute_tags.register(sub, common)
    from gt_tui.commands import cosmos_admin, history, instructions, serve

    history.register(sub, common)
    from gt_tui.commands import review

    review.register(sub, common)

    instructions.register(sub, common)
    serve.register(sub, common)
    cosmos_admin.register(sub, common)

    from gt_tui.commands.assignments import add_assignments_parser

    add_assignments_parser(sub, common)
    from gt_tui.commands import bulk, import_traces

    import_traces.register(sub, common)
    bulk.register(sub, common)
    return parser
