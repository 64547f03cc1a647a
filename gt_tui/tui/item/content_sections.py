"""The item screen's references and conversation sections.

Each shows its part of the ItemDraft in a list (content_lists.py) whose keys post what the
curator asked for; the section changes the draft (forms and confirmations in between),
refills its list and posts `ItemSection.Changed`. Counts shown (total references) come
from the derivations service, set by the screen through `show_totals`.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult

from gt_tui.domain.models import HistoryTurn
from gt_tui.services.approval import is_openable_url
from gt_tui.services.content_edits import RefRow
from gt_tui.services.item_draft import ItemDraft
from gt_tui.tui.context import workstation
from gt_tui.tui.dialogs.confirm import ConfirmScreen, DestructiveConfirmScreen
from gt_tui.tui.item.content_lists import ReferenceList, TurnList
from gt_tui.tui.item.reference_form import ReferenceFormResult, ReferenceFormScreen
from gt_tui.tui.item.sections import ItemSection, Shown
from gt_tui.tui.item.turn_edit import TurnEditResult, TurnEditScreen
from gt_tui.tui.text import one_line


class ReferencesSection(ItemSection):
    """Every reference of the item: its own, then each turn's."""

    DEFAULT_CSS = "ReferencesSection { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__(id="refs-section")

    def compose(self) -> ComposeResult:
        yield Shown("References", id="refs-label", classes="section")
        yield ReferenceList(id="ref-list")

    @property
    def list(self) -> ReferenceList:
        return self.query_one("#ref-list", ReferenceList)

    def fill(self, draft: ItemDraft) -> None:
        self.refill(cursor=0)

    def refill(self, cursor: int | None = None) -> None:
        assert self.draft is not None
        refs = self.list
        refs.show(
            self.draft.rows(),
            self.draft.is_multi_turn,
            cursor if cursor is not None else refs.cursor_row,
        )

    def show_totals(self, total_references: int) -> None:
        listed = len(self.draft.rows()) if self.draft else 0
        # An agentic item's references live in its rag-compat plugin slot (GTC 2.x).
        name = "rag-compat" if self.draft and not self.draft.turn_refs else "References"
        text = f"{name} ({listed} listed · totalReferences {total_references})"
        self.query_one("#refs-label", Shown).show(Text(text))

    def _done(self, row: RefRow | None = None) -> None:
        """The draft changed: refill (the cursor on `row`) and say so."""
        cursor = None
        if row is not None and self.draft is not None:
            keys = [(r.place, r.index) for r in self.draft.rows()]
            cursor = keys.index((row.place, row.index))
        self.refill(cursor)
        self.changed()

    # -- asks -----------------------------------------------------------------------------

    def add(self) -> None:
        """`+` on the item screen: the reference form, then the new reference listed."""
        if self.draft is not None:
            self.app.push_screen(ReferenceFormScreen(self.draft), self._added)

    def _added(self, result: ReferenceFormResult | None) -> None:
        if result is None or self.draft is None:
            return
        self._done(self.draft.add(result.place, result.ref))
        self._warn(result.warning)
        self.list.focus()

    def _warn(self, warning: str | None) -> None:
        if warning:
            self.notify(f"Warning: {warning}.", severity="warning", markup=False)

    @on(ReferenceList.Requested)
    def _requested(self, event: ReferenceList.Requested) -> None:
        event.stop()
        draft = self.draft
        if draft is None:
            return
        refs = self.list
        if event.action == "restore":
            back = draft.restore_last()
            if back is None:
                self.notify("No removed reference to bring back.", markup=False)
            else:
                self._done(back)
                self.notify(f"Brought back {one_line(back.ref.url, 60)}.", markup=False)
            return
        if event.row is None or event.row >= len(refs.rows_shown):
            self.notify("No reference here. Press + to add one.", markup=False)
            return
        row = refs.rows_shown[event.row]
        if event.action == "edit":
            self.app.push_screen(
                ReferenceFormScreen(draft, editing=row),
                lambda result: self._edited(row, result),
            )
        elif event.action == "remove":
            draft.remove(row)
            self._done()
            self.notify(f"Removed {one_line(row.ref.url, 60)} · u brings it back.", markup=False)
        elif event.action == "bonus":
            ref = draft.toggle_bonus(row)
            self._done(row)
            self.notify("Marked bonus." if ref.bonus else "No longer bonus.", markup=False)
        elif event.action == "open":
            self._open(row)

    def _edited(self, row: RefRow, result: ReferenceFormResult | None) -> None:
        if result is None or self.draft is None:
            return
        self._done(self.draft.replace(row, result.ref, result.place))
        self._warn(result.warning)

    def _open(self, row: RefRow) -> None:
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
        assert self.draft is not None
        self.draft.mark_visited(row, workstation(self).now())
        self._done(row)
        self.notify(f"Opened {one_line(url, 60)} · visit recorded (unsaved).", markup=False)

    def _offer_copy(self, url: str) -> None:
        """No browser here (SSH, tmux): say nothing opened, record no visit, and offer the
        URL on the clipboard through the terminal (OSC 52)."""

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


class ConversationSection(ItemSection):
    """The conversation, one row per turn (hidden for a single-turn item)."""

    DEFAULT_CSS = "ConversationSection { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__(id="history-section")

    def compose(self) -> ComposeResult:
        yield Shown("Conversation", id="history-label", classes="section")
        yield TurnList(id="turn-list")

    @property
    def list(self) -> TurnList:
        return self.query_one("#turn-list", TurnList)

    def fill(self, draft: ItemDraft) -> None:
        self.refill(cursor=0)

    def refill(self, cursor: int | None = None) -> None:
        assert self.draft is not None
        history = self.draft.history or []
        if self.display != bool(history):  # shown or hidden: the only height it changes
            self.display = bool(history)
        if not history and not self.list.row_count:
            return  # hidden and empty already: nothing to redo for another single-turn item
        turns = self.list
        turns.show(history, cursor if cursor is not None else turns.cursor_row)
        self.query_one("#history-label", Shown).show(Text(f"Conversation ({len(history)} turns)"))

    def _done(self, turn: int) -> None:
        self.refill(turn)
        self.changed()

    @on(TurnList.Requested)
    def _requested(self, event: TurnList.Requested) -> None:
        event.stop()
        draft = self.draft
        if draft is None or not draft.history or event.row is None:
            return
        index = event.row
        turn = draft.history[index]
        number = index + 1
        if event.action in ("edit", "expected"):
            focus = "expected" if event.action == "expected" else "msg"
            self.app.push_screen(
                TurnEditScreen(f"Turn {number}", turn, focus=focus),
                lambda result: self._edited(index, result),
            )
        elif event.action == "insert":
            role = "user" if turn.role == "assistant" else "assistant"
            self.app.push_screen(
                TurnEditScreen(
                    f"New turn after turn {number}", HistoryTurn(role=role, msg=""), new=True
                ),
                lambda result: self._inserted(index, result),
            )
        elif event.action == "delete":
            self._confirm_delete(index, turn)

    def _edited(self, index: int, result: TurnEditResult | None) -> None:
        if result is None or self.draft is None:
            return
        self.draft.set_message(index, result.msg)
        self.draft.set_expected(index, result.expected)
        self._done(index)

    def _inserted(self, after: int, result: TurnEditResult | None) -> None:
        if result is None or self.draft is None:
            return
        index = self.draft.insert_turn(after, result.role, result.msg)
        self.draft.set_expected(index, result.expected)
        self._done(index)

    def _confirm_delete(self, index: int, turn: HistoryTurn) -> None:
        count = len(turn.refs)
        goes = {0: "It has no references.", 1: "Its 1 reference goes with it."}.get(
            count, f"Its {count} references go with it."
        )

        def answered(yes: bool | None) -> None:
            if yes and self.draft is not None:
                self.draft.delete_turn(index)
                self._done(max(index - 1, 0))
                self.notify(f"Deleted turn {index + 1} (unsaved).", markup=False)

        body = f"{one_line(turn.role)}: {one_line(turn.msg, 60)}\n{goes} (unsaved until ctrl+s)"
        self.app.push_screen(
            DestructiveConfirmScreen(f"Delete turn {index + 1}?", body, confirm_label="Delete"),
            answered,
        )
