"""Confirm approve / skip / delete (GT_CONFIRM): what changes, warnings, and a comment."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.operations import Operation
from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.text import from_editor, one_line, to_editor
from gt_tui.tui.widgets.footer import StableFooter


def change_summary(
    op: Operation, item: GroundTruthItem, changed: list[str], warnings: Sequence[str] = ()
) -> Text:
    """`changed`: the labels of the fields edited."""
    text = Text()
    text.append(f"{op.value.capitalize()} ", style="bold")
    text.append(one_line(item.id, 40), style="bold")
    text.append(f"  ({one_line(item.dataset_name, 30)})\n\n")
    text.append("Changes against the stored version:\n")
    text.append(f"  • status: {item.status.value} → {op.target_status.value}\n")
    if item.assigned_to:
        text.append(f"  • assignment released ({one_line(item.assigned_to, 30)})\n")
    if changed:
        for label in changed:
            text.append(f"  • {label} edited\n")
    else:
        text.append("  • no field edits\n")
    if warnings:
        text.append("\nWarnings:\n", style="bold")
        for line in warnings:
            text.append(f"  ! {one_line(line, 100)}\n")
    return text


class ApprovalScreen(ModalScreen[str | None]):
    """Returns the comment to store (possibly unchanged) on confirm, None on cancel."""

    CSS_PATH = DIALOGS_TCSS
    AUTO_FOCUS = ".dialog"
    BINDINGS = [
        Binding(
            "enter,y", "confirm", "Confirm", show=True, key_display="enter/y", id="dialog.confirm"
        ),
        Binding("escape,n", "cancel", "Cancel", show=True, key_display="esc/n", id="dialog.cancel"),
        Binding("tab", "focus_comment", "Comment", show=True, id="dialog.comment"),
    ]

    def __init__(
        self,
        op: Operation,
        item: GroundTruthItem,
        changed: list[str],
        comment: str | None,
        *,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._warnings = list(warnings)
        self.op = op
        self._item = item
        self._changed = changed
        self._comment = comment

    def compose(self) -> ComposeResult:
        dialog = Vertical(classes="dialog", id=f"dialog-{self.op}")
        dialog.can_focus = True
        with dialog:
            yield Static(
                change_summary(self.op, self._item, self._changed, self._warnings),
                classes="dialog-body",
            )
            yield Static(Text("Comment (optional, tab to edit):"), classes="dialog-label")
            yield Input(
                to_editor(self._comment), placeholder="why? (stored on the item)", id="op-comment"
            )
            yield Static(Text(f"enter / y: {self.op}    escape / n: cancel"), classes="dialog-keys")
        yield StableFooter()

    def action_focus_comment(self) -> None:
        self.query_one("#op-comment", Input).focus()

    def _comment_value(self) -> str | None:
        value = self.query_one("#op-comment", Input).value
        if value == to_editor(self._comment):
            return self._comment
        return from_editor(value)

    def action_confirm(self) -> None:
        self.dismiss(self._comment_value() or "")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#op-comment")
    def _submitted(self) -> None:
        self.action_confirm()
