"""`gt-tui serve` without a browser: what it says, what it starts, and the identity rules
of its web server (error pages instead of apps). The browser test is tests/browser."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from gt_tui.cli import main
from gt_tui.commands.serve import announcement, app_command
from gt_tui.commands.web_server import GtWebServer, _ConnectionAppService
from gt_tui.config import Settings


def serve_args(**given) -> argparse.Namespace:
    values = {"host": "127.0.0.1", "port": 8000, "demo": False, "user_from_query": False}
    return argparse.Namespace(**(values | given))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("GT_"):
            monkeypatch.delenv(name)


def test_local_binding_is_said_and_other_hosts_warn_of_no_authentication():
    settings = Settings(user_id="ann")
    local = "\n".join(announcement(serve_args(demo=True), settings))
    assert "serving the demo (each connection its own data set) on http://127.0.0.1:8000/" in local
    assert "as user ann" in local
    assert "bound to this machine only" in local
    assert "WARNING" not in local

    exposed = "\n".join(announcement(serve_args(host="0.0.0.0", port=9000), settings))
    assert "on http://0.0.0.0:9000/" in exposed
    assert "WARNING: bound to 0.0.0.0, with no authentication" in exposed
    assert "as ann; put it behind an authenticating proxy" in exposed

    by_query = "\n".join(announcement(serve_args(host="::", user_from_query=True), settings))
    assert "http://[::]:8000/" in by_query
    assert "the user named in each address (?user=NAME)" in by_query


def test_app_command_runs_this_python_on_the_same_backend(tmp_path):
    db = tmp_path / "gt.sqlite3"
    settings = Settings(backend="sqlite", sqlite_path=db, user_id="ann")
    assert app_command(settings, serve_args()) == (
        f"{sys.executable} -m gt_tui tui --backend sqlite --sqlite-path {db} --user ann"
    )
    assert app_command(settings, serve_args(demo=True)) == (
        f"{sys.executable} -m gt_tui demo --user ann"
    )
    # The connection's user comes from its environment, never from the command line.
    assert "--user" not in app_command(settings, serve_args(demo=True, user_from_query=True))


def test_usage_errors_exit_2(capsys):
    assert main(["serve", "--user-from-query", "--user", "ann"]) == 2
    assert "--user-from-query takes each connection's user from ?user=NAME" in (
        capsys.readouterr().err
    )
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port 70000: use 0..65535" in capsys.readouterr().err


def test_a_port_in_use_is_one_line_and_exit_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # A process of its own: serve sets up logging and signal handlers.
        done = subprocess.run(
            [sys.executable, "-m", "gt_tui", "serve", "--demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 2
    assert done.stderr == (
        f"gt-tui: error: cannot listen on 127.0.0.1:{port}: address already in use\n"
    )


def test_connection_app_gets_its_user_and_the_web_driver():
    service = _ConnectionAppService(
        "true",
        user_id="ann",
        write_bytes=None,
        write_str=None,
        close=None,
        download_manager=None,
    )
    environment = service._build_environment(width=100, height=30)
    assert environment["GT_USER_ID"] == "ann"
    assert environment["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    assert environment["COLUMNS"] == "100"


@contextlib.asynccontextmanager
async def web_client(user_from_query: bool) -> AsyncIterator[TestClient]:
    # `false` as the app command: a test that started an app would see it exit at once.
    server = GtWebServer("false", host="127.0.0.1", port=0, user_from_query=user_from_query)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"user": "bad name"}, "invalid user id &#x27;bad name&#x27;"),
        ({"user": "<b>x</b>"}, "invalid user id &#x27;&lt;b&gt;x&lt;/b&gt;&#x27;"),
        ({"user": ""}, "invalid user id"),
        ({"user": "a" * 129}, "invalid user id"),
        ({}, "This server needs ?user=NAME"),
    ],
)
async def test_user_from_query_refuses_bad_names_with_an_error_page(query, shown):
    async with web_client(user_from_query=True) as client:
        response = await client.get("/", params=query)
        body = await response.text()
        assert response.status == 400
        assert response.content_type == "text/html"
        assert shown in body
        assert "data-session-websocket-url" not in body  # no app page, so no app


async def test_user_from_query_puts_the_name_in_the_websocket_path():
    async with web_client(user_from_query=True) as client:
        response = await client.get("/", params={"user": "ann.lee@example.org"})
        body = await response.text()
        assert response.status == 200
        host = f"127.0.0.1:{client.port}"
        assert f'data-session-websocket-url="ws://{host}/ws/u/ann.lee@example.org"' in body
        # The websocket checks the name again: a hand-made address starts no app.
        refused = await client.get("/ws/u/bad%20name")
        assert refused.status == 400
        assert "invalid user id" in await refused.text()
        assert (await client.get("/ws")).status == 400


async def test_one_identity_server_has_no_user_paths_and_follows_the_request_host():
    async with web_client(user_from_query=False) as client:
        body = await (await client.get("/", params={"user": "ignored"})).text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws"' in body
        assert (await client.get("/ws/u/ann")).status == 404
        proxied = await client.get(
            "/", headers={"Host": "curate.example.org", "X-Forwarded-Proto": "https"}
        )
        text = await proxied.text()
        assert 'data-session-websocket-url="wss://curate.example.org/ws"' in text
        assert 'src="https://curate.example.org/static/js/textual.js"' in text


async def test_serve_says_where_it_listens_and_stops_on_sigterm(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "gt_tui",
        "serve",
        "--demo",
        "--user",
        "ann",
        "--port",
        str(port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    lines = []
    try:
        async with asyncio.timeout(20):
            while not lines or "Ctrl+C" not in lines[-1]:
                lines.append((await process.stderr.readline()).decode())
        assert f"on http://127.0.0.1:{port}/ as user ann" in lines[0]
        assert "bound to this machine only" in lines[1]
    finally:
        process.terminate()
        async with asyncio.timeout(10):
            assert await process.wait() == 0
