"""One-line bar on top of every full screen: where you are, who you are, backend health."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from gt_tui.tui.context import app_of
from gt_tui.tui.widgets.health import HealthIndicator


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar { height: 1; dock: top; background: $panel; }
    TopBar > #top-title { width: 1fr; padding: 0 1; text-style: bold; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = title

    def compose(self) -> ComposeResult:
        app = app_of(self)
        demo = " · demo data" if app.demo else ""
        user = app.user_id
        yield Static(Text(f"gt-tui · {self._title} · {user}{demo}"), id="top-title")
        yield HealthIndicator()
