"""Start the Textual app on the configured backend (placeholder until the TUI lands)."""

from __future__ import annotations

from gt_tui.config import Settings


def run_tui(settings: Settings, *, demo: bool = False, peers: int = 0) -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class PlaceholderApp(App[None]):
        TITLE = "gt-tui"
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(f"gt-tui on the {settings.backend} backend: the workstation is coming.")
            yield Footer()

    PlaceholderApp().run()
    return 0
