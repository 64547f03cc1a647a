"""ETag conflict prompt: who changed the item, when, which fields differ, and what to do."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from gt_tui.domain.errors import ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.draft_fields import FieldMerge, MergeResult
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.operations import Operation
from gt_tui.tui.context import workstation
from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.text import age_text, one_line
from gt_tui.tui.widgets.footer import StableFooter


def conflict_summary(
    op: Operation, base: GroundTruthItem, result: MergeResult, now: datetime
) -> Text:
    theirs = result.theirs
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
    if not result.rows:
        text.append("No content field differs (only bookkeeping changed).\n")
    for row in result.rows:
        _field_row(text, row)
    return text


def _field_row(text: Text, row: FieldMerge) -> None:
    label = row.field.label
    if row.field.kind.element_wise and row.by_both:
        _content_row(text, label, row)
    elif row.by_both:
        text.append(f"  ✗ {label}: changed by both (keep mine uses yours)\n", style="bold")
        text.append(f"      theirs: {row.theirs}\n      mine:   {row.mine}\n")
    elif row.theirs_changed:
        text.append(f"  • {label}: changed by them (kept either way)\n")
        text.append(f"      theirs: {row.theirs}\n")
    else:
        text.append(f"  • {label}: changed by you\n")
        text.append(f"      mine:   {row.mine}\n")


def _content_row(text: Text, label: str, row: FieldMerge) -> None:
    """References and turns merge element by element: only real clashes are listed."""
    if not row.conflicts:
        text.append(f"  • {label}: changed by both, different parts (keep mine keeps both)\n")
        return
    text.append(f"  ✗ {label}: changed by both (keep mine uses yours here)\n", style="bold")
    for clash in row.conflicts:
        text.append(f"      {one_line(clash.where, 60)}\n", style="bold")
        text.append(f"        theirs: {one_line(clash.theirs, 56)}\n")
        text.append(f"        mine:   {one_line(clash.mine, 56)}\n")


async def ask_conflict(
    screen: Screen, op: Operation, draft: ItemDraft, exc: ConcurrencyError
) -> tuple[str | None, MergeResult | None]:
    """Merge `draft` onto the latest version (once) and show the conflict prompt for a
    failed write; returns (choice, the merge), or (None, None) when there is no latest."""
    ctx = workstation(screen)
    base = draft.base
    current = exc.current
    if current is None:
        try:
            current = await ctx.browse.get(base.dataset_name, base.id)
        except GroundTruthError as error:
            ctx.report_failure(error, "read the latest version")
            return None, None
    if current is None:
        screen.notify(f"{one_line(base.id)} no longer exists.", severity="error", markup=False)
        return None, None
    result = draft.merge_onto(current)
    choice = await screen.app.push_screen_wait(ConflictScreen(op, base, result, ctx.now()))
    return choice, result


class ConflictScreen(ModalScreen[str | None]):
    """Returns "reload", "keep", or None (back to editing, nothing changes)."""

    CSS_PATH = DIALOGS_TCSS
    AUTO_FOCUS = ".dialog"
    BINDINGS = [
        Binding("r", "choose('reload')", "Reload theirs", show=True, id="conflict.reload"),
        Binding("k", "choose('keep')", "Keep mine", show=True, id="conflict.keep"),
        Binding("escape", "choose(None)", "Back to editing", show=True, id="conflict.back"),
    ]

    def __init__(
        self, op: Operation, base: GroundTruthItem, result: MergeResult, now: datetime
    ) -> None:
        super().__init__()
        self._summary = conflict_summary(op, base, result, now)

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
