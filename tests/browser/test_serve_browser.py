"""`gt-tui serve` in a real headless Chromium: the queue renders, an item is opened and
approved with keys typed into the page, each connection has its own demo data, the user
can come from the address, and App.open_url opens a new tab.

The screen is read from xterm.js's own buffer in the page (tests/browser/chromium.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from gt_tui.commands.web_server import GtWebServer
from tests.browser.chromium import find_chromium, headless_chromium, png_colours, poll

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no headless browser: Debian's chromium package is not installed "
    "(make test installs it when run as root with apt-get)",
)

WIDTH, HEIGHT = 1280, 900
ITEM_HEADER = re.compile(r"^ (\S+)\s+·\s+(\S+)\s+·\s+status (\w+)", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_until_serving(url: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as http, asyncio.timeout(20):
        while True:
            if process.returncode is not None:
                raise RuntimeError(f"gt-tui serve exited with {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url) as response:
                    if response.status in (200, 400):
                        return
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def gt_tui_serve(tmp_path: Path, *options: str) -> AsyncIterator[str]:
    """`gt-tui serve OPTIONS` on a free local port; yields the base URL."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("GT_")}
    env |= {"GT_USER_ID": "web-curator", "GT_STATE_DIR": str(tmp_path / "state")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "gt_tui",
        "serve",
        *options,
        "--port",
        str(port),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_until_serving(base + "/", process)
        yield base
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                async with asyncio.timeout(10):
                    await process.wait()
            except TimeoutError:
                process.kill()
                await process.wait()


async def open_page(page, url: str) -> None:
    await page.send("Page.navigate", url=url)
    await page.wait_for_text(" · ", 30)
    await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")


async def test_demo_in_browser_opens_and_approves_an_item(tmp_path):
    async with (
        asyncio.timeout(60),
        gt_tui_serve(tmp_path, "--demo") as base,
        headless_chromium(CHROMIUM, width=WIDTH, height=HEIGHT) as page,
    ):
        await open_page(page, base + "/")
        queue = await page.wait_for_text("In my queue: 6", 30)
        assert "queue · web-curator · demo data" in queue
        assert "Approved by me today: 0" in queue

        queue_shot = await page.screenshot(scale=0.25)
        await page.press("enter")
        item = await page.wait_for_text("status draft", 10)
        item_id = ITEM_HEADER.search(item).group(1)
        assert f" {item_id} " in queue

        await page.press("a")
        confirmed = []

        async def next_item() -> str | None:
            """One-key approval opens the next item; older builds ask first."""
            screen = await page.screen_text()
            dialog = f"Approve {item_id}" in screen
            if dialog and not confirmed:
                await page.press("enter")
                confirmed.append(True)
            shown = ITEM_HEADER.search(screen)
            return shown.group(1) if shown and shown.group(1) != item_id and not dialog else None

        assert await poll(next_item, 10) != item_id

        await page.press("escape")
        queue = await page.wait_for_text("Approved by me today: 1", 10)
        assert "In my queue: 4" in queue
        # The row is gone; the id may still show in the "approved ID · u undo" notice.
        rows = [line for line in queue.splitlines() if "u undo" not in line]
        assert not any(f" {item_id} " in line for line in rows), queue

        # What xterm.js painted, not only its buffer: textual-serve's intro card is gone,
        # the picture has the app's many colours, and it changed with the screen.
        assert await page.evaluate("document.body.classList.contains('-first-byte')")
        shot = await page.screenshot(scale=0.25)
        colours = png_colours(shot)
        assert len(colours) >= 16, f"screenshot looks blank: {len(colours)} colours"
        assert shot != queue_shot

        # A new connection (a reload) runs a new app process on a fresh demo data set.
        await page.send("Page.reload")
        queue = await page.wait_for_text("In my queue: 6", 30)
        assert "Approved by me today: 0" in queue
        assert f" {item_id} " in queue


async def test_user_from_query_names_the_curator(tmp_path):
    async with (
        asyncio.timeout(60),
        gt_tui_serve(tmp_path, "--demo", "--user-from-query") as base,
        headless_chromium(CHROMIUM, width=WIDTH, height=HEIGHT) as page,
    ):
        await page.send("Page.navigate", url=base + "/?user=bad%20name")

        async def error_text() -> str | None:
            text = await page.evaluate("document.body && document.body.innerText")
            return text if text and "invalid user" in text else None

        assert "invalid user id 'bad name'" in await poll(error_text, 10)
        assert await page.evaluate("window.__gtTerminal === undefined")

        await open_page(page, base + "/?user=ann.lee")
        screen = await page.wait_for_text("In my queue: 6", 30)
        assert "queue · ann.lee · demo data" in screen


async def test_open_url_opens_a_new_tab(tmp_path):
    """App.open_url in a served app reaches the browser, which opens a new tab."""
    port = free_port()
    wanted = f"http://127.0.0.1:{port}/static/images/background.png"
    command = shlex.join([sys.executable, str(Path(__file__).with_name("open_url_app.py")), wanted])
    server = GtWebServer(command, host="127.0.0.1", port=port, user_from_query=False)
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", port).start()
        async with (
            asyncio.timeout(60),
            headless_chromium(CHROMIUM, width=WIDTH, height=HEIGHT) as page,
        ):
            await page.send("Page.navigate", url=f"http://127.0.0.1:{port}/")
            await page.wait_for_text("press o", 30)
            await page.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
            await page.press("o")
            opened = await page.wait_for_event("Page.windowOpen", 10)
            assert opened["params"]["url"] == wanted

            async def new_tab() -> dict | None:
                return next(
                    (
                        event
                        for event in page.events
                        if event["method"] in ("Target.targetCreated", "Target.targetInfoChanged")
                        and event["params"]["targetInfo"]["type"] == "page"
                        and event["params"]["targetInfo"]["url"] == wanted
                    ),
                    None,
                )

            await poll(new_tab, 10)  # and a new tab goes there
    finally:
        await runner.cleanup()
