"""The `gt-tui` console entry point: parse arguments, build Settings, dispatch."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import sys
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from pydantic import ValidationError

    from gt_tui.config import Settings

TUI_COMMANDS = ("tui", "demo")


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
        env = f" (GT_{str(error['loc'][0]).upper()})" if error["loc"] else ""
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}{env}: {message}")
    return "invalid settings: " + "; ".join(parts)


def _run_data_command(coroutine: Coroutine[Any, Any, int]) -> int:
    """Run a non-interactive command; every failure becomes one line on stderr.

    Exit codes: 0 ok, 1 invalid data (or healthz degraded), 2 bad arguments, settings or
    files, 3 backend unavailable. GT_DEBUG=1 lets unexpected errors show their traceback.
    """
    from gt_tui.commands.common import (
        EXIT_BACKEND,
        CommandError,
        quiet_broken_pipe,
        quiet_library_logging,
    )
    from gt_tui.domain.errors import BackendUnavailableError, GroundTruthError
    from gt_tui.services.tag_vocabulary import VocabularyError

    quiet_library_logging()
    try:
        code = asyncio.run(coroutine)
        sys.stdout.flush()  # a reader gone (`| head`) shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()
    except CommandError as exc:
        return _fail(str(exc), exc.exit_code)
    except VocabularyError as exc:
        return _fail(f"GT_TAGS_FILE: {exc}")
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


class InvalidSettings(ValueError):
    """Settings that cannot start a command; the message is the one line to print."""


def _settings_for(args: argparse.Namespace, command: str) -> Settings:
    """Settings for `command`; InvalidSettings (printed, exit code 2) when they are invalid."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    try:
        return settings_from_args(args, **({"backend": "memory"} if command == "demo" else {}))
    except ValidationError as exc:
        raise InvalidSettings(_describe_validation(exc)) from None
    except SettingsError as exc:
        raise InvalidSettings(_describe_settings_error(exc)) from None


_UNPARSEABLE_FIELD = re.compile(r'error parsing value for field "(\w+)"')


def _describe_settings_error(exc: Exception) -> str:
    """pydantic-settings names its source class ("EnvSettingsSource"); a curator needs the
    variable, and why its value could not be read."""
    field = _UNPARSEABLE_FIELD.search(str(exc))
    if field is None:
        return f"invalid settings: {exc}"
    cause = exc.__cause__
    why = f": {cause}" if cause is not None else ""
    return f"invalid settings: GT_{field.group(1).upper()} is not valid JSON{why}"


def _parse_arguments(argv: list[str]) -> argparse.Namespace:
    """argv parsed by the parser without the module commands when it cannot name one
    (starts_the_tui), else, and for any mistake (so the message lists every command), by
    the whole one."""
    from gt_tui.cli_parser import build_parser, starts_the_tui

    if starts_the_tui(argv):
        import contextlib
        import io

        try:
            with contextlib.redirect_stderr(io.StringIO()):
                return build_parser(tui_only=True).parse_args(argv)
        except SystemExit:
            pass  # the whole parser says what is wrong, naming every command
    return build_parser().parse_args(argv)


def _main(argv: Sequence[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parse_arguments(argv)
    command = args.command or "tui"
    if command not in TUI_COMMANDS:
        gc.enable()
    try:
        settings = _settings_for(args, command)
    except InvalidSettings as exc:
        return _fail(str(exc))

    from gt_tui.commands.common import quiet_library_logging

    quiet_library_logging()
    try:
        if command in TUI_COMMANDS:
            from gt_tui.tui.start.launch import run_tui

            demo, peers = command == "demo", getattr(args, "peers", 0)
            if settings.keymap is None:  # nothing to check: keymap.py stays off the start path
                return run_tui(settings, demo=demo, peers=peers)
            from gt_tui.tui.start.keymap import KeymapError

            try:
                return run_tui(settings, demo=demo, peers=peers)
            except KeymapError as exc:
                return _fail(str(exc))
        from gt_tui.commands import (
            bulk,
            cosmos_admin,
            import_traces,
            instructions,
            recompute_tags,
        )

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
                    as_of=args.as_of,
                )
            )
        if command == "stats":
            from gt_tui.commands.stats import run_stats

            return _run_data_command(run_stats(settings, as_json=args.json))
        if command == bulk.COMMAND:
            return _run_data_command(bulk.run_bulk(settings, args))
        if command == import_traces.COMMAND:
            return _run_data_command(import_traces.run_import_traces(settings, args))
        if command == recompute_tags.COMMAND:
            return _run_data_command(recompute_tags.run_recompute_tags(settings, args))
        if command == instructions.COMMAND:
            return _run_data_command(instructions.run_instructions(settings, args))
        if command == "assignments":
            from gt_tui.commands.assignments import run_assignments

            return _run_data_command(run_assignments(settings, args))
        if command == "review":
            from gt_tui.commands.review import run_review

            return _run_data_command(run_review(settings, args))
        if command in ("history", "diff"):
            from gt_tui.commands import history

            run = history.run_history if command == "history" else history.run_diff
            return _run_data_command(run(settings, args))
        if command == cosmos_admin.COMMAND:
            return _run_data_command(cosmos_admin.run_cosmos(settings, args))
        if command == "serve":
            from gt_tui.commands import serve

            return serve.run_serve(settings, args)
        from gt_tui.cli_parser import build_parser

        build_parser().error(f"unknown command {command!r}")  # it lists every command
    except KeyboardInterrupt:
        return 130
    except ValueError as exc:  # imported only now: the TUI's start path stays lean
        from gt_tui.services.tag_vocabulary import VocabularyError

        if isinstance(exc, VocabularyError):  # before the TUI took the terminal
            return _fail(f"GT_TAGS_FILE: {exc}")
        raise


if __name__ == "__main__":
    raise SystemExit(main())
