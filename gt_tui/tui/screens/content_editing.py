"""The item screen's reference and turn editing, as a mixin so item_detail.py only hooks in.

The screen keeps a `ContentDraft` (copies of the item's references and turns). The lists
post what the curator asked for; this mixin changes the draft, refills the lists, and asks
the screen to redraw its dirty marker. Counts shown (references, computed tags) come from
the derivations service through `CurationService.derived`, never from counting here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Label, Static

from gt_tui.domain.models import GroundTruthItem, HistoryTurn
from gt_tui.services.approval import is_openable_url
from gt_tui.services.content_edits import ContentDraft, RefRow, reference_changes
from gt_tui.services.content_merge import MergeConflict
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.tui.screens.reference_form import ReferenceFormResult, ReferenceFormScreen
from gt_tui.tui.screens.turn_edit import TurnEditResult, TurnEditScreen
from gt_tui.tui.text import one_line
from gt_tui.tui.widgets.content_lists import (
    ReferenceList,
    TurnList,
    reference_preview,
    turn_preview,
)

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[Any]
else:
    _Base = object


class ContentEditing(_Base):
    """Mixed into ItemDetailScreen, which provides base, gt_app, current_edits, apply and
    `_render_dirty`."""

    content: ContentDraft | None = None

    def compose_content(self) -> ComposeResult:
        yield Label("References", id="refs-label", classes="section")
        yield ReferenceList(id="ref-list")
        yield Static(id="context-preview")
        yield Label("Conversation", id="history-label", classes="section")
        yield TurnList(id="turn-list")

    # -- showing ----------------------------------------------------------------------------

    def change_label(self, name: str) -> str:
        """How the dirty marker names a changed field (references with what changed)."""
        from gt_tui.tui.editing import FIELD_LABELS

        base, draft = self.base, self.content  # type: ignore[attr-defined]
        if name == "refs" and base is not None and draft is not None:
            changes = reference_changes(base.refs, draft.refs)
            return f"references ({changes})" if changes else "references"
        if name == "history" and base is not None and draft is not None:
            before, after = base.history or [], draft.history or []
            if len(before) == len(after) and all(
                (a.role, a.msg, a.expected_behavior) == (b.role, b.msg, b.expected_behavior)
                for a, b in zip(before, after, strict=True)
            ):  # only the turns' references changed
                changes = reference_changes(
                    [r for t in before for r in t.refs], [r for t in after for r in t.refs]
                )
                return f"turn references ({changes})"
            return "conversation"
        return FIELD_LABELS[name]

    def report_content_conflicts(self, conflicts: list[MergeConflict]) -> None:
        """Keep-mine kept my side of these; say so with both texts."""
        if not conflicts:
            return
        lines = [
            f"{c.where}: kept mine “{one_line(c.mine, 50)}”, theirs was “{one_line(c.theirs, 50)}”"
            for c in conflicts
        ]
        self.notify(
            "Changed by both:\n" + "\n".join(lines), severity="warning", timeout=15, markup=False
        )

    def load_content(self, item: GroundTruthItem, edits: dict[str, Any] | None = None) -> None:
        """Start a draft from `edits` (the merge result) or the item's own values."""
        source = item
        if edits is not None:
            source = item.model_copy(update={"refs": edits["refs"], "history": edits["history"]})
        self.content = ContentDraft.of(source)
        self._refill(ref_cursor=0, turn_cursor=0)

    def content_edits(self) -> dict[str, Any]:
        """The draft's references and turns (read-only: apply_edits copies them)."""
        draft = self.content
        assert draft is not None
        return {"refs": draft.refs, "history": draft.history}

    def _refill(self, ref_cursor: int | None = None, turn_cursor: int | None = None) -> None:
        draft = self.content
        assert draft is not None
        refs = self.query_one("#ref-list", ReferenceList)
        rows = draft.rows()
        refs.show(
            rows, draft.is_multi_turn, ref_cursor if ref_cursor is not None else refs.cursor_row
        )
        turns = self.query_one("#turn-list", TurnList)
        history = draft.history or []
        turns.display = bool(history)
        self.query_one("#history-label").display = bool(history)
        turns.show(history, turn_cursor if turn_cursor is not None else turns.cursor_row)
        self.query_one("#history-label", Label).update(f"Conversation ({len(history)} turns)")
        self._show_derived()
        self._update_preview()

    def _show_derived(self) -> None:
        """Total references and computed tags as the derivations service sees the edits."""
        if self.base is None:  # type: ignore[attr-defined]
            return
        edited = self.apply_current_edits()  # type: ignore[attr-defined]
        derived = GroundTruthDerivationsService().apply_derived_fields(edited)
        listed = len(self.content.rows()) if self.content else 0
        self.query_one("#refs-label", Label).update(
            f"References ({listed} listed · totalReferences {derived.total_references})"
        )
        computed = ", ".join(derived.computed_tags) or "(none)"
        self.query_one("#computed-tags", Static).update(Text(computed))

    def _preview_reference(self, refs: ReferenceList, row: int) -> None:
        shown = refs.rows_shown
        picked = shown[row] if 0 <= row < len(shown) else None
        self.query_one("#context-preview", Static).update(reference_preview(picked))

    # Handlers by name, not @on: a plain mixin's decorated handlers are not collected.
    # The preview follows the list the curator is in (references unless in the turns).
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id in ("ref-list", "turn-list"):
            event.stop()
            self._update_preview()

    def on_descendant_focus(self, event: Any) -> None:
        if isinstance(event.widget, ReferenceList | TurnList):
            self._update_preview()

    def _update_preview(self) -> None:
        turns = self.query_one("#turn-list", TurnList)
        history = self.content.history if self.content else None
        shown = self.query_one("#context-preview", Static)
        if self.focused is turns and history and 0 <= turns.cursor_row < len(history):
            shown.update(turn_preview(turns.cursor_row + 1, history[turns.cursor_row]))
            shown.add_class("-turn")  # a turn is shown whole (taller than a reference's)
            return
        shown.remove_class("-turn")
        refs = self.query_one("#ref-list", ReferenceList)
        self._preview_reference(refs, refs.cursor_row)

    def _changed(self, ref_row: RefRow | None = None, turn: int | None = None) -> None:
        cursor = None
        if ref_row is not None:
            rows = self.content.rows() if self.content else []
            keys = [(r.place, r.index) for r in rows]
            cursor = keys.index((ref_row.place, ref_row.index))
        self._refill(ref_cursor=cursor, turn_cursor=turn)
        self._render_dirty()  # type: ignore[attr-defined]

    # -- references -------------------------------------------------------------------------

    def action_add_reference(self) -> None:
        if self.content is None:
            return
        self.app.push_screen(ReferenceFormScreen(self.content), self._reference_added)

    def _reference_added(self, result: ReferenceFormResult | None) -> None:
        if result is None or self.content is None:
            return
        row = self.content.add(result.place, result.ref)
        self._changed(ref_row=row)
        self._warn(result.warning)
        self.query_one("#ref-list").focus()

    def _warn(self, warning: str | None) -> None:
        if warning:
            self.notify(f"Warning: {warning}.", severity="warning", markup=False)

    def on_reference_list_requested(self, event: ReferenceList.Requested) -> None:
        event.stop()
        draft = self.content
        if draft is None:
            return
        refs = self.query_one("#ref-list", ReferenceList)
        if event.action == "restore":
            back = draft.restore_last()
            if back is None:
                self.notify("No removed reference to bring back.", markup=False)
            else:
                self._changed(ref_row=back)
                self.notify(f"Brought back {one_line(back.ref.url, 60)}.", markup=False)
            return
        if event.row is None or event.row >= len(refs.rows_shown):
            self.notify("No reference here. Press + to add one.", markup=False)
            return
        row = refs.rows_shown[event.row]
        if event.action == "edit":
            self.app.push_screen(
                ReferenceFormScreen(draft, editing=row),
                lambda result: self._reference_edited(row, result),
            )
        elif event.action == "remove":
            draft.remove(row)
            self._changed()
            self.notify(f"Removed {one_line(row.ref.url, 60)} · u brings it back.", markup=False)
        elif event.action == "bonus":
            ref = draft.toggle_bonus(row)
            self._changed(ref_row=row)
            self.notify("Marked bonus." if ref.bonus else "No longer bonus.", markup=False)
        elif event.action == "open":
            self._open_reference(row)

    def _reference_edited(self, row: RefRow, result: ReferenceFormResult | None) -> None:
        if result is None or self.content is None:
            return
        self._changed(ref_row=self.content.replace(row, result.ref, result.place))
        self._warn(result.warning)

    def _open_reference(self, row: RefRow) -> None:
        url = row.ref.url.strip()
        if not is_openable_url(url):
            self.notify(
                f"Not opened: only http and https URLs open ({one_line(url, 60)}).",
                severity="warning",
                markup=False,
            )
            return
        if not self.app.open_url(url):
            self._offer_copy(url)
            return
        assert self.content is not None
        self.content.mark_visited(row, self.gt_app.now())  # type: ignore[attr-defined]
        self._changed(ref_row=row)
        self.notify(f"Opened {one_line(url, 60)} · visit recorded (unsaved).", markup=False)

    def _offer_copy(self, url: str) -> None:
        """No browser here (SSH, tmux): say nothing opened, record no visit, and offer the
        URL on the clipboard through the terminal (OSC 52)."""
        from gt_tui.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.copy_to_clipboard(url)
                self.notify(
                    f"Copied {one_line(url, 60)} (OSC 52: if your terminal allows it, paste "
                    "it into a browser). No visit recorded.",
                    markup=False,
                )
            else:
                self.notify("Nothing opened; no visit recorded.", markup=False)

        self.app.push_screen(
            ConfirmScreen(
                "No browser here",
                f"Nothing was opened: no browser can show from this terminal (an SSH or "
                f"tmux session?), and no visit is recorded.\n\n{one_line(url, 200)}\n\n"
                "Copy the URL to your clipboard (OSC 52)?",
                confirm_label="Copy URL",
            ),
            answered,
        )

    # -- turns --------------------------------------------------------------------------------

    def on_turn_list_requested(self, event: TurnList.Requested) -> None:
        event.stop()
        draft = self.content
        if draft is None or not draft.history or event.row is None:
            return
        index = event.row
        turn = draft.history[index]
        number = index + 1
        if event.action in ("edit", "expected"):
            focus = "expected" if event.action == "expected" else "msg"
            self.app.push_screen(
                TurnEditScreen(f"Turn {number}", turn, focus=focus),
                lambda result: self._turn_edited(index, result),
            )
        elif event.action == "insert":
            role = "user" if turn.role == "assistant" else "assistant"
            self.app.push_screen(
                TurnEditScreen(
                    f"New turn after turn {number}", HistoryTurn(role=role, msg=""), new=True
                ),
                lambda result: self._turn_inserted(index, result),
            )
        elif event.action == "delete":
            self._confirm_turn_delete(index, turn)

    def _turn_edited(self, index: int, result: TurnEditResult | None) -> None:
        if result is None or self.content is None:
            return
        self.content.set_message(index, result.msg)
        self.content.set_expected(index, result.expected)
        self._changed(turn=index)

    def _turn_inserted(self, after: int, result: TurnEditResult | None) -> None:
        if result is None or self.content is None:
            return
        index = self.content.insert_turn(after, result.role, result.msg)
        self.content.set_expected(index, result.expected)
        self._changed(turn=index)

    def _confirm_turn_delete(self, index: int, turn: HistoryTurn) -> None:
        from gt_tui.tui.screens.confirm import DestructiveConfirmScreen

        count = len(turn.refs)
        goes = {0: "It has no references.", 1: "Its 1 reference goes with it."}.get(
            count, f"Its {count} references go with it."
        )

        def answered(yes: bool | None) -> None:
            if yes and self.content is not None:
                self.content.delete_turn(index)
                self._changed(turn=max(index - 1, 0))
                self.notify(f"Deleted turn {index + 1} (unsaved).", markup=False)

        body = f"{one_line(turn.role)}: {one_line(turn.msg, 60)}\n{goes} (unsaved until ctrl+s)"
        self.app.push_screen(
            DestructiveConfirmScreen(f"Delete turn {index + 1}?", body, confirm_label="Delete"),
            answered,
        )
