"""textual-serve's aiohttp server, with gt-tui's identity rules per browser connection.

Each browser connection (the page's websocket) starts its own app process. The identity
of a connection is either the server's (GT_USER_ID / --user, one curator per server) or,
with `user_from_query`, the page's `?user=NAME`, validated like user ids everywhere. The
name travels in the websocket path (`/ws/u/NAME`, checked again there), since textual.js
appends its own `?width=..&height=..` to the websocket URL. An invalid or missing name
gets an HTML error page and no app process.
"""

from __future__ import annotations

import asyncio
import html
import logging
import signal
from collections.abc import Callable
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from gt_tui.domain.errors import InvalidUserIdError
from gt_tui.services.validation import validate_user_id

log = logging.getLogger("gt_tui.serve")

USER_ENV = "GT_USER_ID"


class _ConnectionAppService(AppService):
    """One connection's app process, with that connection's user in its environment."""

    def __init__(self, *args: Any, user_id: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user_id = user_id

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        if self._user_id is not None:
            environment[USER_ENV] = self._user_id
        return environment


def error_page(title: str, detail: str, status: int = 400) -> web.Response:
    """A plain HTML page saying what is wrong; the text is escaped, never markup."""
    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>gt-tui: {html.escape(title)}</title></head>"
        "<body style='font-family: monospace; background: #0c181f; color: #eee; padding: 2em'>"
        f"<h1>gt-tui: {html.escape(title)}</h1><p id='error'>{html.escape(detail)}</p>"
        "</body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


class GtWebServer(Server):
    """textual-serve's Server with per-connection identity and request-relative URLs."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        user_from_query: bool,
        announce: Callable[[], None] = lambda: None,
        title: str = "gt-tui",
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.user_from_query = user_from_query
        self._announce = announce

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/ws/u/{user}", self.handle_websocket, name="user_websocket")
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo here; gt-tui speaks once it listens (serve)."""

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve(), announcing only once the port is bound; a port in use
        or an unknown host raises OSError before anything is said."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, self.request_exit)
        try:
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *_: self._announce(),
            )
        finally:
            loop.close()

    @staticmethod
    def _named_user(name: str | None) -> str | web.Response:
        """The validated user name, or the error page to answer with (no app is started)."""
        if name is None:
            return error_page(
                "no user", "This server needs ?user=NAME in the address (--user-from-query)."
            )
        try:
            return validate_user_id(name)
        except InvalidUserIdError as exc:
            return error_page("invalid user", str(exc))

    def _base_url(self, request: web.Request) -> str:
        """The address the browser used (so --host 0.0.0.0 still gives working links)."""
        scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
        return f"{'https' if scheme == 'https' else 'http'}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        ws_path = "/ws"
        if self.user_from_query:
            user = self._named_user(request.query.get("user"))
            if isinstance(user, web.Response):
                return user
            ws_path = str(request.app.router["user_websocket"].url_for(user=user))
        base = self._base_url(request)
        ws_base = ("wss" if base.startswith("https") else "ws") + base[base.index(":") :]
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_base + ws_path,
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    def _connection_user(self, request: web.Request) -> str | web.Response | None:
        """None: the server's own identity; else the path's validated name."""
        name = request.match_info.get("user")
        if not self.user_from_query:
            if name is not None:
                return error_page("not found", "This server has one identity.", status=404)
            return None
        return self._named_user(name)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """textual-serve's handler, with the connection's user in the app's environment."""
        user = self._connection_user(request)
        if isinstance(user, web.Response):
            return user
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = _ConnectionAppService(
                self.command,
                user_id=user,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("browser connection failed")
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
