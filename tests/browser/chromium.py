"""Headless Chromium driven over the DevTools protocol (CDP), with aiohttp's websocket client.

Just enough for the serve test: open a page, run JavaScript, type keys, take a screenshot,
and read what xterm.js shows. No browser download: Debian's `chromium` or nothing.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

BROWSER_NAMES = ("chromium", "chromium-browser")
T = TypeVar("T")

# textual.js keeps its xterm.js Terminal in a closure. Its addons store the terminal with a
# plain assignment (`activate(t){this._terminal=t}`), so a setter on Object.prototype sees
# it being handed over and keeps the public Terminal (the one with loadAddon) for the test.
CAPTURE_TERMINAL = """
Object.defineProperty(Object.prototype, "_terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_terminal", {value, writable: true, configurable: true});
    if (value && typeof value.loadAddon === "function") { window.__gtTerminal = value; }
  },
  get() { return undefined; },
});
"""

SCREEN_TEXT = """
(() => {
  const term = window.__gtTerminal;
  if (!term) { return null; }
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()
"""

KEYS = {
    "enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
    "down": {"key": "ArrowDown", "code": "ArrowDown", "windowsVirtualKeyCode": 40},
    "tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
}


def find_chromium() -> str | None:
    for name in BROWSER_NAMES:
        if path := shutil.which(name):
            return path
    return None


class CdpError(RuntimeError):
    pass


async def poll(check: Callable[[], Awaitable[T | None]], within: float) -> T:
    """check() until it returns something other than None. The page's state (xterm's
    buffer, the DOM) has no event to wait on, so this polls every 0.1 s."""
    async with asyncio.timeout(within):
        while (result := await check()) is None:  # noqa: ASYNC110 - nothing to await instead
            await asyncio.sleep(0.1)
        return result


class Page:
    """One page target's CDP session: commands by id, events kept for waiting on."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self._socket = socket
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._event_added = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data and (future := self._pending.pop(data["id"], None)):
                if "error" in data:
                    future.set_exception(CdpError(str(data["error"])))
                else:
                    future.set_result(data.get("result", {}))
            elif "method" in data:
                self.events.append(data)
                self._event_added.set()

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        command_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[command_id] = future
        await self._socket.send_json({"id": command_id, "method": method, "params": params})
        return await asyncio.wait_for(future, 15)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise CdpError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    async def wait_for_event(self, method: str, within: float) -> dict[str, Any]:
        async with asyncio.timeout(within):
            while True:
                for event in self.events:
                    if event["method"] == method:
                        return event
                self._event_added.clear()
                await self._event_added.wait()

    async def press(self, key: str) -> None:
        """One key: a name from KEYS, or a single printable character."""
        fields = KEYS.get(key) or {
            "key": key,
            "text": key,
            "code": f"Key{key.upper()}" if key.isalpha() else "",
            "windowsVirtualKeyCode": ord(key.upper()),
        }
        await self.send("Input.dispatchKeyEvent", type="keyDown", **fields)
        up = {name: value for name, value in fields.items() if name != "text"}
        await self.send("Input.dispatchKeyEvent", type="keyUp", **up)

    async def screen_text(self) -> str:
        return await self.evaluate(SCREEN_TEXT) or ""

    async def wait_for_text(self, wanted: str, within: float) -> str:
        """The screen once it shows `wanted` (the error shows the last screen)."""
        last = [""]

        async def shown() -> str | None:
            last[0] = await self.screen_text()
            return last[0] if wanted in last[0] else None

        try:
            return await poll(shown, within)
        except TimeoutError:
            raise TimeoutError(f"{wanted!r} not shown in {within} s; screen:\n{last[0]}") from None

    async def screenshot(self, scale: float = 1.0) -> bytes:
        metrics = await self.send("Page.getLayoutMetrics")
        view = metrics["cssVisualViewport"]
        clip = {"x": 0, "y": 0, "width": view["clientWidth"], "height": view["clientHeight"]}
        result = await self.send(
            "Page.captureScreenshot", format="png", clip={**clip, "scale": scale}
        )
        return base64.b64decode(result["data"])


@contextlib.asynccontextmanager
async def headless_chromium(executable: str, *, width: int, height: int) -> AsyncIterator[Page]:
    """A fresh headless Chromium (own profile) and a CDP session on its blank page."""
    profile = Path(tempfile.mkdtemp(prefix="gt-chromium-"))
    command = [
        executable,
        "--headless=new",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        # Loopback only: textual-serve's page links a web font; no lookup leaves the machine.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        f"--window-size={width},{height}",
        "about:blank",
    ]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root
    process = await asyncio.create_subprocess_exec(
        *command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        port_file = profile / "DevToolsActivePort"
        async with asyncio.timeout(20):
            while not port_file.exists() or not port_file.read_text().strip():
                if process.returncode is not None:
                    raise RuntimeError(f"{executable} exited with {process.returncode}")
                await asyncio.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                targets = await response.json()
            page_target = next(t for t in targets if t["type"] == "page")
            async with http.ws_connect(
                page_target["webSocketDebuggerUrl"], max_msg_size=0
            ) as socket:
                page = Page(socket)
                await page.send("Page.enable")
                await page.send("Target.setDiscoverTargets", discover=True)
                await page.send("Page.addScriptToEvaluateOnNewDocument", source=CAPTURE_TERMINAL)
                yield page
    finally:
        process.terminate()
        try:
            async with asyncio.timeout(10):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def png_colours(png: bytes, sample_every: int = 7) -> set[bytes]:
    """Distinct pixel colours of an 8-bit RGB/RGBA PNG (every n-th pixel; stdlib only)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, chunks, header = 8, [], b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            chunks.append(data)
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", header[:10])
    if depth != 8 or colour_type not in (2, 6):
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}")
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                nearest = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + nearest) & 0xFF
        previous = line
        if row % sample_every == 0:
            for x in range(0, width, sample_every):
                colours.add(bytes(line[x * channels : x * channels + 3]))
    return colours
