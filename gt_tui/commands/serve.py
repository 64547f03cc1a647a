"""`gt-tui serve [--host H] [--port P] [--demo] [--user-from-query]`: the workstation in a browser.

textual-serve runs one app process per browser connection, on the configured backend (or,
with --demo, each connection on its own seeded in-memory data set). There is no
authentication: it binds to 127.0.0.1 unless told otherwise, and says so.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from gt_tui.config import Settings

COMMAND = "serve"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        COMMAND,
        parents=[common],
        help="serve the workstation to web browsers (textual-serve; no authentication)",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="each browser connection gets its own seeded in-memory demo data set",
    )
    parser.add_argument(
        "--user-from-query",
        action="store_true",
        help="take each connection's user id from the page address (?user=NAME)",
    )
    parser.add_argument("--theme", default=argparse.SUPPRESS, help="theme name (GT_THEME)")


def app_command(settings: Settings, args: argparse.Namespace) -> str:
    """The shell command textual-serve starts for each connection: this Python, this
    package, the same backend options; the user comes from the environment."""
    parts = [sys.executable, "-m", "gt_tui", "demo" if args.demo else "tui"]
    if not args.demo:
        parts += ["--backend", settings.backend]
        if settings.backend == "sqlite":
            parts += ["--sqlite-path", str(settings.sqlite_path.expanduser().resolve())]
    if not args.user_from_query:
        parts += ["--user", settings.user_id]
    if "theme" in settings.model_fields_set:
        parts += ["--theme", settings.theme]
    return shlex.join(parts)


def announcement(args: argparse.Namespace, settings: Settings) -> list[str]:
    """What serve says when it starts: where, as whom, and the no-authentication warning."""
    host = f"[{args.host}]" if ":" in args.host else args.host
    where = f"http://{host}:{args.port}/"
    what = "the demo (each connection its own data set)" if args.demo else settings.backend
    who = (
        "the user named in each address (?user=NAME)"
        if args.user_from_query
        else f"user {settings.user_id}"
    )
    lines = [f"gt-tui: serving {what} on {where} as {who}"]
    if args.host in LOCAL_HOSTS:
        lines.append("gt-tui: bound to this machine only (--host to change)")
    else:
        lines.append(
            f"gt-tui: WARNING: bound to {args.host}, with no authentication: anyone who can "
            "reach this address can curate"
            + ("" if args.user_from_query else f" as {settings.user_id}")
            + "; put it behind an authenticating proxy"
        )
    lines.append("gt-tui: Ctrl+C stops the server")
    return lines


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    from gt_tui.commands.common import EXIT_USAGE
    from gt_tui.commands.web_server import GtWebServer

    if not 0 <= args.port <= 65535:
        print(f"gt-tui: error: --port {args.port}: use 0..65535", file=sys.stderr)
        return EXIT_USAGE
    if args.user_from_query and "user" in args:
        print(
            "gt-tui: error: --user-from-query takes each connection's user from ?user=NAME;"
            " drop --user",
            file=sys.stderr,
        )
        return EXIT_USAGE

    def announce() -> None:
        for line in announcement(args, settings):
            print(line, file=sys.stderr, flush=True)

    server = GtWebServer(
        app_command(settings, args),
        host=args.host,
        port=args.port,
        user_from_query=args.user_from_query,
        announce=announce,
    )
    try:
        server.serve()
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rsplit(": ", 1)[-1]  # asyncio repeats the address
        print(f"gt-tui: error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    return 0
