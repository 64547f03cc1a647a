"""`v` on the queue, for leads (GT_REVIEW=leads): approvals waiting for review, oldest
first. `a` accepts the highlighted one; `x` sends it back with a note (required): it is a
draft again, held by the curator who approved it. `r` refreshes, `escape` goes back."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.review import review_of
from gt_tui.tui.widgets.footer import StableFooter

QUESTION_WIDTH = 60


class ReviewActions(Protocol):
    async def pending(self, limit: int = ...) -> list[GroundTruthItem]: ...

    async def accept(self, lead: str, item: GroundTruthItem) -> GroundTruthItem: ...

    async def send_back(self, lead: str, item: GroundTruthItem, note: str) -> GroundTruthItem: ...


class SendBackDialog(ModalScreen[str | None]):
    """The note a send-back needs: `enter` sends (refused while blank), `escape` cancels."""

    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#send-back-note"
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True, id="review.note_cancel")]

    def __init__(self, item: GroundTruthItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        record = review_of(self.item)
        curator = (record.approved_by if record else None) or self.item.updated_by or "?"
        with Vertical(id="send-back-box"):
            title = Text("Send back ", style="bold")
            title.append(f"{self.item.dataset_name}/{self.item.id}")
            title.append(f" to {curator}")
            yield Static(title)
            yield Static(Text("Why does it go back? (required; enter sends, escape cancels)"))
            yield Input(placeholder="a note for the curator", id="send-back-note")
            yield Static(id="send-back-problem")
        yield StableFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        note = event.value.strip()
        if not note:
            self.query_one("#send-back-problem", Static).update(
                Text("a note is required: say what to change", style="bold")
            )
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewQueueScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#review-table"
    BINDINGS = [
        Binding("a", "accept", "Accept", show=True, id="review.accept"),
        Binding("x", "send_back", "Send back", show=True, id="review.send_back"),
        Binding("r", "refresh", "Refresh", show=True, id="review.refresh"),
        Binding("escape", "back", "Back", show=True, id="review.back"),
    ]

    def __init__(self, review: ReviewActions, user_id: str) -> None:
        super().__init__()
        self.review = review
        self.user_id = user_id
        self.items: list[GroundTruthItem] = []

    def compose(self) -> ComposeResult:
        yield Static(id="review-counts")
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=True)
        yield StableFooter()

    def on_mount(self) -> None:
        table = self.query_one("#review-table", DataTable)
        table.add_columns("approved", "by", "dataset", "id", "question", "note")
        self.run_worker(self.reload(), exclusive=True, group="review-load")

    async def reload(self) -> None:
        self.items = await self.review.pending()
        table = self.query_one("#review-table", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            record = review_of(item)
            approved = item.reviewed_at.strftime("%Y-%m-%d %H:%M") if item.reviewed_at else "?"
            by = (record.approved_by if record else None) or item.updated_by or "?"
            question = item.question.replace("\n", " ")
            if len(question) > QUESTION_WIDTH:
                question = question[: QUESTION_WIDTH - 1] + "…"
            note = "sent back before" if record is not None and record.note else ""
            table.add_row(
                Text(approved), Text(by), Text(item.dataset_name), Text(item.id),
                Text(question), Text(note, style="dim"),
            )  # fmt: skip
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
        count = len(self.items)
        self.query_one("#review-counts", Static).update(
            Text(f"{count} approval{'s' if count != 1 else ''} waiting for review, oldest first")
        )

    @property
    def highlighted(self) -> GroundTruthItem | None:
        row = self.query_one("#review-table", DataTable).cursor_row
        return self.items[row] if self.items and 0 <= row < len(self.items) else None

    async def action_refresh(self) -> None:
        await self.reload()

    async def action_accept(self) -> None:
        item = self.highlighted
        if item is None:
            return
        try:
            await self.review.accept(self.user_id, item)
        except GroundTruthError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"accepted {item.id}", markup=False)
        await self.reload()

    def action_send_back(self) -> None:
        item = self.highlighted
        if item is None:
            return

        async def sent(note: str | None) -> None:
            if note is None:
                return
            try:
                stored = await self.review.send_back(self.user_id, item, note)
            except GroundTruthError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"sent {item.id} back to {stored.assigned_to}", markup=False)
            await self.reload()

        self.app.push_screen(SendBackDialog(item), sent)

    def action_back(self) -> None:
        self.dismiss(None)
