"""The offer to restore unsaved edits an earlier run left in the journal.

Three answers, none of which drops edits by habit: `enter` / `y` restores them (not
destructive), `escape` / `n` leaves them in the journal for later (offered again the next
time the item opens), and only `x` discards them, after a confirmation whose `enter` keeps.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.widgets.footer import StableFooter

RestoreAnswer = Literal["restore", "later", "discard"]


class RestoreEditsScreen(ModalScreen[RestoreAnswer]):
    CSS_PATH = DIALOGS_TCSS
    HELP_SECTION = "Restore unsaved edits"
    BINDINGS = [
        Binding(
            "enter,y",
            "answer('restore')",
            "Restore",
            show=True,
            key_display="enter/y",
            id="journal.restore",
        ),
        Binding(
            "escape,n",
            "answer('later')",
            "Not now",
            show=True,
            key_display="esc/n",
            id="journal.later",
        ),
        Binding("x", "answer('discard')", "Discard…", show=True, id="journal.discard"),
    ]

    def __init__(self, body: str) -> None:
        super().__init__()
        self._body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Restore unsaved edits?"), classes="dialog-title")
            yield Static(Text(self._body), classes="dialog-body")
            yield Static(
                Text(
                    "enter / y: restore    escape / n: not now (kept for later)    x: discard them…"
                ),
                classes="dialog-keys",
            )
        yield StableFooter()

    def action_answer(self, answer: RestoreAnswer) -> None:
        self.dismiss(answer)
