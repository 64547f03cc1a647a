"""ETag conflict prompt: who changed the item, when, which fields differ, and what to do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.operations import Operation
from gt_tui.tui.editing import (
    CONTENT_FIELDS,
    FIELD_LABELS,
    Edits,
    changed_edit_fields,
    differing_fields,
)
from gt_tui.tui.text import age_text, one_line
from gt_tui.tui.widgets.footer import StableFooter


def _short(value: Any) -> str:
    if isinstance(value, list):
        return one_line(", ".join(str(v) for v in value), 40) if value else "(none)"
    return one_line(str(value), 40) if value not in (None, "") else "(empty)"


def conflict_summary(
    op: Operation, base: GroundTruthItem, mine: Edits, theirs: GroundTruthItem, now: datetime
) -> Text:
    mine_changed = set(changed_edit_fields(base, mine))
    theirs_changed = set(differing_fields(base, theirs))
    text = Text()
    text.append("Someone else changed this item while you were editing.\n\n", style="bold")
    text.append(f"{one_line(theirs.id, 40)} was changed by ")
    text.append(one_line(theirs.updated_by) or "an unknown user", style="bold")
    text.append(
        f" at {theirs.updated_at:%Y-%m-%d %H:%M:%S} UTC "
        f"({age_text(theirs.updated_at, now)} ago); your {op.value} was not stored.\n\n"
    )
    if theirs.assigned_to and theirs.assigned_to != base.assigned_to:
        holder = one_line(theirs.assigned_to)
        text.append(
            f"It is now held by {holder}: keep mine is refused until {holder} releases it.\n\n",
            style="bold",
        )
    rows = [name for name in CONTENT_FIELDS if name in mine_changed | theirs_changed]
    if not rows:
        text.append("No content field differs (only bookkeeping changed).\n")
    for name in rows:
        label = FIELD_LABELS[name]
        theirs_value = _short(getattr(theirs, name))
        if name in mine_changed and name in theirs_changed:
            text.append(f"  ✗ {label}: changed by both (keep mine uses yours)\n", style="bold")
            text.append(f"      theirs: {theirs_value}\n      mine:   {_short(mine[name])}\n")
        elif name in theirs_changed:
            text.append(f"  • {label}: changed by them (kept either way)\n")
            text.append(f"      theirs: {theirs_value}\n")
        else:
            text.append(f"  • {label}: changed by you\n")
            text.append(f"      mine:   {_short(mine[name])}\n")
    return text


class ConflictScreen(ModalScreen[str | None]):
    """Returns "reload", "keep", or None (back to editing, nothing changes)."""

    CSS_PATH = "dialogs.tcss"
    AUTO_FOCUS = ".dialog"
    BINDINGS = [
        Binding("r", "choose('reload')", "Reload theirs", show=True),
        Binding("k", "choose('keep')", "Keep mine", show=True),
        Binding("escape", "choose(None)", "Back to editing", show=True),
    ]

    def __init__(
        self,
        op: Operation,
        base: GroundTruthItem,
        mine: Edits,
        theirs: GroundTruthItem,
        now: datetime,
    ) -> None:
        super().__init__()
        self._summary = conflict_summary(op, base, mine, theirs, now)

    def compose(self) -> ComposeResult:
        dialog = Vertical(classes="dialog", id="conflict-dialog")
        dialog.can_focus = True
        with dialog:
            yield Static(Text("Edit conflict"), classes="dialog-title")
            yield Static(self._summary, classes="dialog-body")
            yield Static(
                Text(
                    "r: reload theirs (drops your edits)\n"
                    "k: keep mine (re-apply your edits on their version and save)\n"
                    "escape: back to editing"
                ),
                classes="dialog-keys",
            )
        yield StableFooter()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
