"""`?`: every key of the workstation, by screen, read from the BINDINGS themselves
(gt_tui.tui.keys), with the keymap (GT_KEYMAP) applied."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from gt_tui.tui.context import app_of
from gt_tui.tui.keys import binding_scopes, help_sections
from gt_tui.tui.widgets.footer import StableFooter


def help_text(sections: list[tuple[str, list[tuple[str, str]]]]) -> Text:
    text = Text()
    for title, rows in sections:
        text.append(f"{title}\n", style="bold underline")
        for key, what in rows:
            text.append(f"  {key:<12}", style="bold")
            text.append(f"{what}\n")
        text.append("\n")
    return text


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding(
            "escape,q,question_mark",
            "close",
            "Close",
            show=True,
            key_display="esc",
            id="help.close",
        ),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("gt-tui keys", style="bold"), id="help-title")
            sections = help_sections(binding_scopes(type(self.app)), app_of(self).keymap)
            yield Static(help_text(sections), id="help-keys")
        yield StableFooter()

    def action_close(self) -> None:
        self.dismiss(None)
