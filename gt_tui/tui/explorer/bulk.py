"""`B` in the explorer: one action on every item of the current filter (BulkService).

The dialog picks the action and its argument (tab moves between them) and counts what it
would change whenever they change: the number is on screen before anything is written.
`y` applies what was counted, `escape` leaves; `enter` in the argument only returns to
the dialog, so no destructive choice is the `enter` default. It dismisses with the
BulkResult, whose record the explorer keeps for `u` (undo, item by item, conditionally)."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from gt_tui.domain.errors import GroundTruthError
from gt_tui.services.bulk import (
    EXPECTATIONS,
    BulkAction,
    BulkChange,
    BulkPlan,
    BulkResult,
    BulkService,
)
from gt_tui.services.item_filter import ItemFilter
from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.text import one_line
from gt_tui.tui.widgets.footer import StableFooter

COUNT_DELAY_S = 0.15
ARGUMENT_HINTS = {
    BulkAction.tag: "tag to add, e.g. topic:roaming",
    BulkAction.untag: "tag to remove",
    BulkAction.assign: "user id to assign to",
    BulkAction.expect: "tool name",
}


class BulkDialog(ModalScreen[BulkResult | None]):
    CSS_PATH = DIALOGS_TCSS
    DEFAULT_CSS = "BulkDialog { align: center middle; }"
    AUTO_FOCUS = "#bulk-dialog"
    BINDINGS = [
        Binding("y", "apply", "Apply", show=True, id="bulk.apply"),
        Binding("escape", "cancel", "Cancel", show=True, key_display="esc", id="bulk.cancel"),
    ]

    def __init__(self, item_filter: ItemFilter, bulk: BulkService, user_id: str) -> None:
        super().__init__()
        self.item_filter = item_filter
        self.bulk = bulk
        self.user_id = user_id
        self.plan: BulkPlan | None = None

    def compose(self) -> ComposeResult:
        line = self.item_filter.line() or "every item"
        with Vertical(classes="dialog", id="bulk-dialog") as dialog:
            dialog.can_focus = True
            yield Static(Text(f"Bulk action on: {line}"), classes="dialog-title")
            yield Select(
                [(action.value, action.value) for action in BulkAction],
                value=BulkAction.skip.value,
                allow_blank=False,
                id="bulk-action",
            )
            yield Input(placeholder="argument", id="bulk-argument")
            yield Select(
                [(name, name) for name in EXPECTATIONS],
                value="required",
                allow_blank=False,
                id="bulk-expectation",
            )
            yield Static(Text("counting…"), id="bulk-status")
            yield Static(
                Text("tab: action and argument    y: apply    escape: cancel"),
                classes="dialog-keys",
            )
        yield StableFooter()

    def on_mount(self) -> None:
        self._show_fields()
        self.action_count()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_fields()
        self.action_count()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.action_count()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#bulk-dialog").focus()

    def _action(self) -> BulkAction:
        return BulkAction(str(self.query_one("#bulk-action", Select).value))

    def _show_fields(self) -> None:
        action = self._action()
        argument = self.query_one("#bulk-argument", Input)
        argument.display = action in ARGUMENT_HINTS
        argument.placeholder = ARGUMENT_HINTS.get(action, "")
        self.query_one("#bulk-expectation", Select).display = action == BulkAction.expect

    def _say(self, text: str) -> None:
        self.query_one("#bulk-status", Static).update(Text(text))

    def change(self) -> BulkChange:
        """ValueError (said in the dialog) when the argument is missing or wrong."""
        action = self._action()
        value = self.query_one("#bulk-argument", Input).value.strip() or None
        expectation = str(self.query_one("#bulk-expectation", Select).value)
        return BulkChange(
            action,
            value if action in ARGUMENT_HINTS else None,
            expectation if action == BulkAction.expect else None,
        )

    def action_count(self) -> None:
        self.plan = None
        try:
            change = self.change()
        except ValueError as exc:
            self._say(str(exc))
            return
        problems = self.bulk.tag_problems(change)
        if problems and self.bulk.refuses_tag_problems:
            self._say(f"tag {change.tag}: {'; '.join(problems)} (GT_TAG_POLICY=reject)")
            return
        self._say("counting…")
        self._count(change)

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def _count(self, change: BulkChange) -> None:
        await asyncio.sleep(COUNT_DELAY_S)  # typing: count once the argument settles
        try:
            self.plan = await self.bulk.plan(change, self.item_filter)
        except GroundTruthError as exc:
            self._say(f"could not count: {exc}")
            return
        then = "y: apply, escape: cancel" if self.plan.items else "nothing to do"
        self._say(f"{self.plan.summary()}. {then}")

    def action_apply(self) -> None:
        if self.plan is None or not self.plan.items:
            self._say("enter counts first; y applies what was counted")
            return
        self._say(f"applying to {self.plan.count} items…")
        self.workers.cancel_group(self, "bulk")
        self._apply(self.plan)

    @work(exclusive=True, group="bulk", exit_on_error=False)
    async def _apply(self, plan: BulkPlan) -> None:
        try:
            result = await self.bulk.apply(self.user_id, plan)
        except GroundTruthError as exc:
            self._say(f"stopped: {exc}")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


def bulk_summary(result: BulkResult, done: str, then: str) -> str:
    """One notice: how many items, and which were left as they are (changed meanwhile)."""
    text = f"{result.record.action if result.record else 'bulk'}: {done} {result.changed}"
    if result.conflicts:
        names = ", ".join(one_line(c.item_id) for c in result.conflicts[:5])
        more = f" and {len(result.conflicts) - 5} more" if len(result.conflicts) > 5 else ""
        text += f"; left as they are (changed meanwhile): {names}{more}"
    return text + (f"; {then}" if then and result.changed else "")
