"""Edit one conversation turn: its message, its expected behaviours, or a new turn's role.

`enter` on a turn opens this with the message focused, `e` with the expected behaviours, and
`+` for a new turn (role user or assistant first). `ctrl+s` keeps the change as an unsaved
edit of the item, `escape` cancels. Expected behaviours offer the seed system's values; any
other value already on the turn is listed too and kept unless unticked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from gt_tui.domain.models import HistoryTurn
from gt_tui.services.content_edits import EXPECTED_BEHAVIOURS, KNOWN_ROLES
from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.text import from_editor, one_line, parse_tags, to_editor
from gt_tui.tui.widgets.footer import StableFooter


@dataclass(frozen=True)
class TurnEditResult:
    role: str
    msg: str
    expected: list[str]


class TurnEditScreen(ModalScreen[TurnEditResult | None]):
    CSS_PATH = [DIALOGS_TCSS, "content_dialogs.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep", show=True),
        Binding("escape", "cancel", "Cancel", show=True),
    ]

    def __init__(self, title: str, turn: HistoryTurn, *, new: bool = False, focus: str = "msg"):
        super().__init__()
        self._title = title
        self._turn = turn
        self._new = new
        self._focus = focus

    def compose(self) -> ComposeResult:
        turn = self._turn
        with Vertical(classes="dialog", id="turn-dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            if self._new:
                yield Label("Role", classes="dialog-label")
                yield Select(
                    [(role, role) for role in KNOWN_ROLES],
                    value=turn.role,
                    allow_blank=False,
                    id="turn-role",
                )
            else:
                yield Static(Text(f"role: {one_line(turn.role)}"), classes="dialog-label")
            yield Label("Message", classes="dialog-label")
            yield TextArea(to_editor(turn.msg), id="turn-message", soft_wrap=True)
            yield Label("Expected behaviours (space toggles)", classes="dialog-label")
            values = list(dict.fromkeys([*EXPECTED_BEHAVIOURS, *turn.expected_behavior]))
            yield SelectionList(
                *[(one_line(v), v, v in turn.expected_behavior) for v in values],
                id="turn-expected",
            )
            yield Label("Other behaviours (comma-separated)", classes="dialog-label")
            yield Input(id="turn-other")
            yield Static(
                Text("ctrl+s: keep (unsaved until ctrl+s on the item)    escape: cancel"),
                classes="dialog-keys",
            )
        yield StableFooter()

    def on_mount(self) -> None:
        target = {"msg": "#turn-message", "expected": "#turn-expected", "role": "#turn-role"}
        self.query_one(target.get(self._focus, "#turn-message")).focus()

    def action_keep(self) -> None:
        turn = self._turn
        role = turn.role
        if self._new:
            role = str(self.query_one("#turn-role", Select).value)
        text = self.query_one("#turn-message", TextArea).text
        msg = turn.msg if text == to_editor(turn.msg) else from_editor(text)
        chosen = list(self.query_one("#turn-expected", SelectionList).selected)
        other = parse_tags(from_editor(self.query_one("#turn-other", Input).value))
        expected = list(dict.fromkeys([*chosen, *other]))
        if sorted(expected) == sorted(turn.expected_behavior):
            expected = list(turn.expected_behavior)  # same values: keep the stored order
        self.dismiss(TurnEditResult(role, msg, expected))

    def action_cancel(self) -> None:
        self.dismiss(None)
