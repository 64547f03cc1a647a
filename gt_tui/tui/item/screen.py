"""Item detail: one item's sections over one ItemDraft, and moving through the queue.

The screen composes the sections (sections.py, content_sections.py); each loads its part
of the draft and posts `ItemSection.Changed`. The screen answers with the dirty marker,
the derived counts and the journal, and owns the decisions (decisions.py).
"""

from __future__ import annotations

from functools import cached_property

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, TextArea

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.operations import Operation
from gt_tui.tui.context import Workstation, WorkstationScreen, workstation
from gt_tui.tui.dialogs.confirm import DestructiveConfirmScreen
from gt_tui.tui.dialogs.help import HelpScreen, section_in_focus
from gt_tui.tui.gc_tuning import collect_while_reading
from gt_tui.tui.item.approval_warnings import ApprovalWarnings
from gt_tui.tui.item.content_lists import ReferenceList, TurnList, reference_preview, turn_preview
from gt_tui.tui.item.content_sections import ConversationSection, ReferencesSection
from gt_tui.tui.item.decisions import DecisionFlows
from gt_tui.tui.item.history_restore import open_history
from gt_tui.tui.item.journal import EditJournalHook
from gt_tui.tui.item.sections import (
    ANSWER,
    COMMENT,
    ItemSection,
    QuestionSection,
    Shown,
    TagsSection,
    TextSection,
)
from gt_tui.tui.item.trace_section import TraceItemSection
from gt_tui.tui.review import ReviewNoteBanner
from gt_tui.tui.text import age_text, one_line
from gt_tui.tui.widgets.footer import StableFooter
from gt_tui.tui.widgets.instructions_pane import InstructionsPane
from gt_tui.tui.widgets.top_bar import TopBar

WRITE_ACTIONS = frozenset({"decide", "save", "undo"})
"""Disabled while a write runs (check_action)."""


class ItemDetailScreen(WorkstationScreen[list[GroundTruthItem]]):
    """Dismisses with the stored versions it wrote, so the opener can update its rows."""

    CSS_PATH = "item.tcss"
    AUTO_FOCUS = "#detail-body"
    BINDINGS = [
        Binding("a", "decide('approve')", "Approve", show=True, id="item.approve"),
        Binding("s", "decide('skip')", "Skip", show=True, id="item.skip"),
        Binding("d", "decide('delete')", "Delete", show=True, id="item.delete"),
        Binding("u", "undo", "Undo", show=True, id="item.undo"),
        Binding("c", "comment", "Comment", show=False, id="item.comment"),
        Binding("ctrl+s", "save", "Save", show=True, id="item.save"),
        Binding(
            "plus", "add_reference", "Add ref", show=True, key_display="+", id="item.add_reference"
        ),
        Binding("t", "tag_picker", "Tags", show=True, id="item.tags"),
        Binding("g", "tag_glossary", "Glossary", show=False, id="item.glossary"),
        # Listed in help and the command palette; in the footer it would push "esc Back" past
        # 120 columns.
        Binding("i", "toggle_instructions", "Instructions", show=False, id="item.instructions"),
        Binding("R", "rephrase", "Rephrase", show=True, id="rephrase"),
        Binding("h", "history", "History", show=False, id="item.history"),
        # The footer leaves keys out from its end when narrow (widgets/footer.py), so the
        # order here is the order of giving up: `]` and `[` first, then R, t; esc and ? stay.
        Binding(
            "left_square_bracket",
            "move(-1)",
            "Previous",
            show=True,
            key_display="[",
            id="item.previous",
        ),
        Binding(
            "right_square_bracket", "move(1)", "Next", show=True, key_display="]", id="item.next"
        ),
        Binding("T", "focus_trace", "Trace", show=False, id="item.trace"),
        Binding("escape", "back", "Back", show=True, id="item.back"),
        Binding("question_mark", "help", "Help", show=True, key_display="?", id="item.help"),
    ]

    writing = False
    """A write is running: decision, save and undo keys are disabled until it ends (set by
    DecisionFlows, which also greys them in the footer when the write is slow)."""

    def __init__(
        self, items: list[GroundTruthItem], index: int = 0, *, source: str = "queue"
    ) -> None:
        super().__init__()
        self.source = source
        self.entries = list(items)
        self.index = index
        self.draft: ItemDraft | None = None
        """The item shown (its base) and the curator's values of its editable fields."""
        self.written: list[GroundTruthItem] = []
        """Stored versions this screen wrote, handed back on dismiss."""
        self.shown: GroundTruthItem | None = None
        """The item whose sections are all filled in (set last by show_item)."""
        self.journal = EditJournalHook(self)
        """Unsaved edits journaled locally (journal.py)."""

    @property
    def gt_app(self) -> Workstation:
        return workstation(self)

    @cached_property
    def decisions(self) -> DecisionFlows:
        """Approve, skip, delete, save and undo (decisions.py)."""
        return DecisionFlows(self, ApprovalWarnings(self.gt_app.services.content_checks))

    @cached_property
    def sections(self) -> list[ItemSection]:
        """The sections, in screen order (composed once)."""
        return list(self.query(ItemSection))

    @property
    def base(self) -> GroundTruthItem | None:
        """The stored version the editors started from."""
        return self.draft.base if self.draft is not None else None

    def is_dirty(self) -> bool:
        return self.draft is not None and self.draft.dirty

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self.writing:
            return None  # shown, greyed out
        return True

    def compose(self) -> ComposeResult:
        yield TopBar("item")
        with Vertical(id="detail-head"):
            yield ReviewNoteBanner(id="detail-review-note", classes="-hidden")
            yield Shown(id="detail-meta")
            yield Shown(id="detail-dirty")
        with Horizontal(id="detail-columns"):
            with VerticalScroll(id="detail-body"):
                yield QuestionSection()
                yield TextSection(ANSWER)
                yield TraceItemSection()
                yield TagsSection()
                yield TextSection(COMMENT)
            with Vertical(id="detail-context"):
                yield ReferencesSection()
                yield Shown(id="context-preview")
                yield ConversationSection()
            yield InstructionsPane()
        yield StableFooter()

    def on_unmount(self) -> None:
        self.journal.flush()

    async def on_mount(self) -> None:
        if self.entries:
            await self.show_item(self.entries[self.index])
            self.call_after_refresh(self.refresh_from_store)  # after the first paint

    @work(exclusive=True, group="detail-load", exit_on_error=False)
    async def refresh_from_store(self) -> None:
        """Re-read the item so the editors start from the latest stored version (run once
        the item is painted: the garbage of showing it is collected now, not under a key)."""
        collect_while_reading()
        self.prefetch_warnings()
        base = self.base
        if base is None or self.is_dirty():
            return
        try:
            fresh = await self.gt_app.browse.get(base.dataset_name, base.id)
        except GroundTruthError as exc:
            self.gt_app.report_failure(exc, "reload the item")
            return
        if fresh is not None and fresh.etag != base.etag and not self.is_dirty():
            await self.show_item(fresh)

    # -- showing ----------------------------------------------------------------------------

    async def show_item(self, item: GroundTruthItem, draft: ItemDraft | None = None) -> None:
        """Show `item` with `draft` in the sections (default: a draft of its own values)."""
        self.journal.before_show(item)
        with self.app.batch_update():  # one frame for the whole swap
            self.draft = draft if draft is not None else ItemDraft.of(item)
            for section in self.sections:
                section.load(self.draft)
            self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)
            self._section_changed()
            self.render_meta()
            await self.query_one(InstructionsPane).follow(item.dataset_name)
        self.query_one(ReviewNoteBanner).show_item(item)
        self.shown = item
        self.journal.changed()

    def edit_whole_item(self) -> None:
        """`ctrl+e` with no text field focused: the item as JSON in $EDITOR (item_json_edit)."""
        from gt_tui.tui.item.item_json_edit import edit_item_as_json

        edit_item_as_json(self)

    def action_history(self) -> None:
        """`h`: the item's revisions; `enter` there brings fields back (history_restore)."""
        open_history(self)

    def render_meta(self) -> None:
        item = self.base
        if item is None:
            return
        now = self.gt_app.now()
        meta = Text()
        meta.append(one_line(item.id), style="bold")
        meta.append(f"  ·  {one_line(item.dataset_name)}  ·  status ")
        meta.append(item.status.value, style="bold")
        if self.source == "queue":
            meta.append(f"  ·  {self.index + 1} of {len(self.entries)} in queue\n")
        else:
            meta.append(f"  ·  opened from the {self.source}\n")
        meta.append("last change: ")
        meta.append(one_line(item.updated_by) or "unknown")
        meta.append(
            f", {age_text(item.updated_at, now)} ago ({item.updated_at:%Y-%m-%d %H:%M} UTC)"
        )
        if item.assigned_to:
            meta.append(f"  ·  assigned to {one_line(item.assigned_to)}")
        self.query_one("#detail-meta", Shown).show(meta)
        self._render_dirty()

    def _render_dirty(self) -> None:
        changes = self.draft.change_labels() if self.draft is not None else []
        marker = self.query_one("#detail-dirty", Shown)
        if marker.has_class("-dirty") != bool(changes):  # a class change restyles
            marker.set_class(bool(changes), "-dirty")
        if changes:
            text = Text(f"● unsaved edits: {', '.join(changes)}   (ctrl+s saves)")
        else:
            text = Text("no unsaved edits")
        marker.show(text, layout=False)

    @on(ItemSection.Changed)
    def _edited(self, event: ItemSection.Changed) -> None:
        if self.draft is None or event.section.draft is not self.draft:
            return  # a change of the item shown before
        if isinstance(event.section, ReferencesSection):
            self.query_one(ConversationSection).refill()  # a turn's reference count
        elif isinstance(event.section, ConversationSection):
            self.query_one(ReferencesSection).refill()
        self._section_changed()
        self._render_dirty()
        self.journal.changed()

    def _section_changed(self) -> None:
        """Total references and computed tags as the derivations service sees the draft."""
        if self.draft is None:
            return
        derived = GroundTruthDerivationsService().apply_derived_fields(self.draft.preview())
        self.query_one(ReferencesSection).show_totals(derived.total_references)
        self.query_one(TagsSection).show_computed(derived.computed_tags)
        self._update_preview()

    # The preview follows the list the curator is in (references unless in the turns).
    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if isinstance(event.data_table, ReferenceList | TurnList):
            event.stop()
            self._update_preview()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ReferenceList | TurnList):
            self._update_preview()

    def _update_preview(self) -> None:
        preview = self.query_one("#context-preview", Shown)
        turns = self.query_one("#turn-list", TurnList)
        history = self.draft.history if self.draft else None
        if self.focused is turns and history and 0 <= turns.cursor_row < len(history):
            preview.show(turn_preview(turns.cursor_row + 1, history[turns.cursor_row]))
            preview.add_class("-turn")  # a turn is shown whole (taller than a reference's)
            return
        if preview.has_class("-turn"):
            preview.remove_class("-turn")
        refs = self.query_one("#ref-list", ReferenceList)
        shown = refs.rows_shown
        row = refs.cursor_row
        preview.show(reference_preview(shown[row] if 0 <= row < len(shown) else None))

    # -- decisions --------------------------------------------------------------------------

    def action_decide(self, op: str) -> None:
        self.decisions.decide(Operation(op))

    def action_save(self) -> None:
        self.decisions.save()

    def action_undo(self) -> None:
        self.decisions.undo()

    @work(exclusive=True, group="detail-warnings", exit_on_error=False)
    async def prefetch_warnings(self) -> None:
        """The duplicate lookup for the item just shown, run after its paint."""
        if self.base is not None:
            await self.decisions.warnings.prefetch(self.base)

    async def open_next(self) -> None:
        """The decided item leaves this screen's list; show the next one in place."""
        del self.entries[self.index]
        if not self.entries:
            self.draft = None
            self.dismiss(self.written)
            if self.source == "queue":
                self.app.notify("Queue done. Press n to get more items.", markup=False)
            return
        self.index = min(self.index, len(self.entries) - 1)
        await self.show_item(self.entries[self.index])
        # Back on the item, as when the screen opened (AUTO_FOCUS): in a list `u` would bring
        # back a removed reference, not undo the decision the notice offers to undo. The
        # same focus as before the decision also keeps the footer and styles as they were.
        self.query_one(self.AUTO_FOCUS).focus()
        self.call_after_refresh(self.refresh_from_store)  # after the new item is painted

    # -- keys of the sections -------------------------------------------------------------

    def action_add_reference(self) -> None:
        self.query_one(ReferencesSection).add()

    def action_focus_trace(self) -> None:
        self.query_one(TraceItemSection).focus_trace()

    def action_comment(self) -> None:
        self.query_one("#comment").focus()

    def action_tag_picker(self) -> None:
        self.query_one(TagsSection).pick()

    def action_tag_glossary(self) -> None:
        self.query_one(TagsSection).glossary()

    async def action_toggle_instructions(self) -> None:
        if self.base is not None:
            await self.query_one(InstructionsPane).toggle(self.base.dataset_name)

    def action_rephrase(self) -> None:
        self.decisions.rephrase()

    # -- navigation -----------------------------------------------------------------------

    async def confirm_discard(self) -> bool:
        """Ask before unsaved edits are dropped (in a worker); True to go ahead."""
        assert self.draft is not None
        names = ", ".join(field.label for field in self.draft.changed())
        yes = bool(
            await self.app.push_screen_wait(
                DestructiveConfirmScreen(
                    "Discard unsaved edits?",
                    f"You changed: {names}. Leaving drops these edits (ctrl+s saves them).",
                    confirm_label="Discard",
                )
            )
        )
        if yes:
            self.journal.done(self.base)
        return yes

    def action_move(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.entries):
            self.notify("No more items that way.", markup=False)
            return
        self._move_to(target)

    @work(exclusive=True, group="detail-nav", exit_on_error=False)
    async def _move_to(self, target: int) -> None:
        if self.is_dirty() and not await self.confirm_discard():
            return
        self.index = target
        await self.show_item(self.entries[target])
        self.call_after_refresh(self.refresh_from_store)  # after the new item is painted

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea | Input):
            self.query_one("#detail-body").focus()
            return
        self._leave()

    @work(exclusive=True, group="detail-nav", exit_on_error=False)
    async def _leave(self) -> None:
        if self.is_dirty() and not await self.confirm_discard():
            return
        self.dismiss(self.written)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(section_in_focus(self)))
