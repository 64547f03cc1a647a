"""A yes/no dialog: `enter` or `y` confirms, `escape` or `n` cancels. A destructive one
(dropping edits, deleting a turn) confirms with `y` only: `enter` keeps, so a key pressed
from habit never destroys work."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.widgets.footer import StableFooter


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = DIALOGS_TCSS
    BINDINGS = [
        Binding(
            "enter,y",
            "answer(True)",
            "Confirm",
            show=True,
            key_display="enter/y",
            id="dialog.confirm",
        ),
        Binding(
            "escape,n",
            "answer(False)",
            "Cancel",
            show=True,
            key_display="esc/n",
            id="dialog.cancel",
        ),
    ]

    def __init__(self, title: str, body: str, confirm_label: str = "Confirm") -> None:
        super().__init__()
        self._title = title
        self._body = body
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._body), classes="dialog-body")
            yield Static(
                Text(f"enter / y: {self._confirm_label}    escape / n: cancel"),
                classes="dialog-keys",
            )
        yield StableFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class DestructiveConfirmScreen(ConfirmScreen):
    """`y` does it; `enter`, `escape` and `n` keep what is there."""

    HELP_SECTION = "Dialogs that drop work (discard edits, delete a turn)"

    BINDINGS = [
        Binding("y", "answer(True)", "Confirm", show=True, key_display="y", id="dialog.confirm"),
        Binding(
            "escape,n,enter",
            "answer(False)",
            "Keep",
            show=True,
            key_display="esc/n/enter",
            id="dialog.cancel",
        ),
    ]
    inherit_bindings = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._body), classes="dialog-body")
            yield Static(
                Text(f"y: {self._confirm_label}    enter / escape / n: keep"),
                classes="dialog-keys",
            )
        yield StableFooter()
