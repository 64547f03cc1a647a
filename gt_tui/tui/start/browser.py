"""Opening a reference in a browser, and knowing when none could be opened.

Textual's `App.open_url` gives no answer: over SSH or in a headless tmux there is no
browser, Python's `webbrowser` finds nothing (or only a console browser that would take
over the terminal), and the curator would be told "Opened" with a visit recorded. Here a
terminal session opens only where a graphical browser can show (a display on Linux and
the BSDs, a local session on macOS and Windows) and reports whether it did; in a browser
(`gt-tui serve`) the page opens a new tab.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Mapping


def graphical_session(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether a browser opened from here could show on the curator's screen."""
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return True
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return False  # a remote shell: a browser would open on the server, if anywhere
    return platform in ("darwin", "win32")


def open_in_browser(driver: object, url: str, *, new_tab: bool = True) -> bool:
    """Open `url`; False when nothing could be opened (then nothing should be recorded)."""
    if driver is None:
        return False
    if type(driver).__name__ == "WebDriver":  # gt-tui serve: the page opens a tab
        driver.open_url(url, new_tab)  # type: ignore[attr-defined]
        return True
    if not graphical_session(os.environ):
        return False
    try:
        return bool(webbrowser.open(url, new=2 if new_tab else 0))
    except webbrowser.Error:
        return False
