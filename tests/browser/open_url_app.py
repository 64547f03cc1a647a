"""A one-key Textual app for the serve test: `o` calls App.open_url(argv[1]) (new tab)."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class OpenUrlApp(App[None]):
    BINDINGS = [("o", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield Static("press o to open the link")

    def action_open(self) -> None:
        self.open_url(sys.argv[1])


if __name__ == "__main__":
    OpenUrlApp().run()
