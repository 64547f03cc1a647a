"""The `gt-tui` console entry point: parse arguments, build Settings, dispatch."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import io
import os
import sys
from collections.abc import Coroutine, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from pydantic import ValidationError

    from gt_tui.config import Settings
    from gt_tui.tui.queue_snapshot import SnapshotFile

TUI_COMMANDS = ("tui", "demo")


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
        help="curator user id (GT_USER_ID; default: login name)",
    )
    return common


_VALUE_OPTIONS = frozenset({"--backend", "--sqlite-path", "--user", "--theme"})
"""Top-level options that take a value (the word after them is not the command)."""


def _names_a_tui_command(argv: Sequence[str]) -> bool:
    """Whether argv plainly runs the TUI (`tui`, `demo`, or no command) and asks for no
    help: then the parser needs only those commands (see build_parser). Anything unusual
    before the command (an abbreviated option, --version, -h) gets the whole parser."""
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS:
            next(words, None)
        elif word.startswith("-"):
            if word.partition("=")[0] not in _VALUE_OPTIONS or "=" not in word:
                return False
        else:
            return word in TUI_COMMANDS and not {"-h", "--help"} & set(argv)
    return True


def build_parser(*, tui_only: bool = False) -> argparse.ArgumentParser:
    """The whole CLI; with `tui_only`, only the `tui` and `demo` commands (the same
    parsers), so starting the TUI does not build and import every other command's."""
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

    if tui_only:
        return parser

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
        choices=["jsonl", "json", "gtc-snapshot"],
        default="jsonl",
        help="jsonl (default), one JSON array, or GroundTruthCurator's snapshot envelope",
    )

    stats = sub.add_parser("stats", parents=[common], help="counts per dataset, status and curator")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    from gt_tui.commands import recompute_tags

    recompute_tags.register(sub, common)
    from gt_tui.commands import cosmos_admin, instructions, serve

    instructions.register(sub, common)
    serve.register(sub, common)
    cosmos_admin.register(sub, common)

    from gt_tui.commands.assignments import add_assignments_parser

    add_assignments_parser(sub, common)
    return parser


def settings_from_args(args: argparse.Namespace, **forced: Any) -> Settings:
    from gt_tui.config import Settings

    overrides: dict[str, Any] = {}
    if "backend" in args:
        overrides["backend"] = args.backend
    if "sqlite_path" in args:
        overrides["sqlite_path"] = args.sqlite_path
    if "user" in args:
        overrides["user_id"] = args.user
    if "theme" in args:
        overrides["theme"] = args.theme
    overrides.update(forced)
    return Settings(**overrides)


def _fail(message: str, exit_code: int = 2) -> int:
    from gt_tui.domain.text import one_line

    print(f"gt-tui: error: {one_line(message)}", file=sys.stderr)
    return exit_code


def _describe_validation(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "settings"
        env = f" (GT_{where.upper()})" if error["loc"] and "." not in where else ""
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}{env}: {message}")
    return "invalid settings: " + "; ".join(parts)


def _run_data_command(coroutine: Coroutine[Any, Any, int]) -> int:
    """Run a non-interactive command; every failure becomes one line on stderr.

    Exit codes: 0 ok, 1 invalid data (or healthz degraded), 2 bad arguments, settings or
    files, 3 backend unavailable. GT_DEBUG=1 lets unexpected errors show their traceback.
    """
    from gt_tui.commands.common import EXIT_BACKEND, CommandError, quiet_library_logging
    from gt_tui.domain.errors import BackendUnavailableError, GroundTruthError

    quiet_library_logging()
    try:
        return asyncio.run(coroutine)
    except CommandError as exc:
        return _fail(str(exc), exc.exit_code)
    except BackendUnavailableError as exc:
        return _fail(f"backend unavailable: {exc}", EXIT_BACKEND)
    except GroundTruthError as exc:
        return _fail(str(exc), 1)
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}")
    except Exception as exc:
        if os.environ.get("GT_DEBUG"):
            raise
        return _fail(f"unexpected {type(exc).__name__}: {exc} (GT_DEBUG=1 shows the traceback)", 1)


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates a lot and frees almost nothing: collecting during it only costs
    # time before the first frame. The TUI turns the collector back on right before it
    # runs (tune_gc_for_interaction); every other command, once its arguments are read.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _settings_for(args: argparse.Namespace, command: str) -> Settings:
    """Settings for `command`; StartFailure (message, exit code 2) when they are invalid."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    from gt_tui.tui.starting import StartFailure

    try:
        return settings_from_args(args, **({"backend": "memory"} if command == "demo" else {}))
    except ValidationError as exc:
        raise StartFailure(_describe_validation(exc)) from None
    except SettingsError as exc:
        raise StartFailure(f"invalid settings: {exc}") from None


def _read_tui_start(argv: Sequence[str]) -> tuple[Settings, bool, int]:
    """What the usual start reads before its app runs, for a paint-first start's worker
    (run while the app owns the terminal, so argparse's messages are kept, not printed)."""
    from gt_tui.commands.common import quiet_library_logging
    from gt_tui.tui.starting import StartFailure

    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(said):
            args = build_parser(tui_only=True).parse_args(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
        raise StartFailure(said.getvalue(), code, verbatim=True) from None
    command = args.command or "tui"
    settings = _settings_for(args, command)
    quiet_library_logging()
    return settings, command == "demo", getattr(args, "peers", 0)


def _asks_for_a_keymap(environ: Mapping[str, str]) -> bool:
    return any(name.upper() == "GT_KEYMAP" for name in environ)


def _start_painted_first(argv: Sequence[str], target: SnapshotFile) -> int | None:
    """Run the TUI from the last-known queue when one matches this start; None otherwise."""
    from gt_tui.tui.queue_snapshot import load_matching_snapshot

    snapshot = load_matching_snapshot(target)
    if snapshot is None:
        return None
    from gt_tui.tui.paint_first import run_painted_first
    from gt_tui.tui.starting import StartFailure

    try:
        return run_painted_first(snapshot, target, lambda: _read_tui_start(argv))
    except StartFailure as failure:
        if failure.verbatim:
            sys.stderr.write(failure.message)
            return failure.exit_code
        return _fail(failure.message, failure.exit_code)
    except KeyboardInterrupt:
        return 130


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    runs_the_tui = _names_a_tui_command(argv)
    snapshot_file = None
    if runs_the_tui:
        from gt_tui.tui.queue_snapshot import snapshot_file_for

        snapshot_file = snapshot_file_for(argv, os.environ, Path.cwd())
        if not _asks_for_a_keymap(os.environ):
            code = _start_painted_first(argv, snapshot_file)
            if code is not None:
                return code
    parser = build_parser(tui_only=runs_the_tui)
    args = parser.parse_args(argv)
    command = args.command or "tui"
    if command not in TUI_COMMANDS:
        gc.enable()
    from gt_tui.tui.starting import StartFailure

    try:
        settings = _settings_for(args, command)
    except StartFailure as failure:
        return _fail(failure.message, failure.exit_code)

    from gt_tui.commands.common import quiet_library_logging

    quiet_library_logging()
    try:
        if command in TUI_COMMANDS:
            from gt_tui.tui.launch import run_tui

            demo, peers = command == "demo", getattr(args, "peers", 0)
            if settings.keymap is None:  # nothing to check: keymap.py stays off the start path
                return run_tui(settings, demo=demo, peers=peers, snapshot_file=snapshot_file)
            from gt_tui.tui.keymap import KeymapError

            try:
                return run_tui(settings, demo=demo, peers=peers)
            except KeymapError as exc:
                return _fail(str(exc))
        from gt_tui.commands import cosmos_admin, instructions, recompute_tags

        if command == "healthz":
            from gt_tui.commands.healthz import run_healthz

            return _run_data_command(run_healthz(settings, as_json=args.json))
        if command == "import":
            from gt_tui.commands.import_items import run_import

            return _run_data_command(
                run_import(
                    settings,
                    args.file,
                    dataset=args.dataset,
                    strict=args.strict,
                    update=args.update,
                    resume_from=args.resume,
                )
            )
        if command == "export":
            from gt_tui.commands.export_items import run_export

            return _run_data_command(
                run_export(
                    settings,
                    status=args.status,
                    dataset=args.dataset,
                    output=args.output,
                    fmt=args.format,
                )
            )
        if command == "stats":
            from gt_tui.commands.stats import run_stats

            return _run_data_command(run_stats(settings, as_json=args.json))
        if command == recompute_tags.COMMAND:
            return _run_data_command(recompute_tags.run_recompute_tags(settings, args))
        if command == instructions.COMMAND:
            return _run_data_command(instructions.run_instructions(settings, args))
        if command == "assignments":
            from gt_tui.commands.assignments import run_assignments

            return _run_data_command(run_assignments(settings, args))
        if command == cosmos_admin.COMMAND:
            return _run_data_command(cosmos_admin.run_cosmos(settings, args))
        if command == "serve":
            from gt_tui.commands import serve

            return serve.run_serve(settings, args)
        parser.error(f"unknown command {command!r}")  # the parser lists every command
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
