"""Item detail: read and edit one item and move through the queue (writes: item_decisions)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Label, Static, TextArea

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.tui.context import WorkerErrorNotices, Workstation, workstation
from gt_tui.tui.editing import (
    FIELD_LABELS,
    Edits,
    apply_edits,
    changed_edit_fields,
    edits_of,
    parse_tags,
)
from gt_tui.tui.journal import EditJournalHook
from gt_tui.tui.screens.content_editing import ContentEditing
from gt_tui.tui.screens.item_decisions import DecisionFlow
from gt_tui.tui.text import age_text, from_editor, one_line, plain, to_editor
from gt_tui.tui.widgets.footer import StableFooter
from gt_tui.tui.widgets.instructions_pane import InstructionsPane
from gt_tui.tui.widgets.top_bar import TopBar


def set_text(widget: Static, text: Text, *, layout: bool = True) -> None:
    """Update `widget` only when its text changes: every update asks for a new layout,
    which is most of what moving to the next item costs. `layout=False` for fixed sizes."""
    if getattr(widget, "_gt_text", None) == text:
        return
    widget._gt_text = text  # type: ignore[attr-defined]
    widget.update(text, layout=layout)


WRITE_ACTIONS = frozenset({"decide", "save", "undo"})
"""Disabled while a write runs (check_action)."""


class ItemDetailScreen(
    ContentEditing, DecisionFlow, WorkerErrorNotices, Screen[list[GroundTruthItem]]
):
    """Dismisses with the stored versions it wrote, so the opener can update its rows."""

    CSS_PATH = "item_detail.tcss"
    AUTO_FOCUS = "#detail-body"
    BINDINGS = [
        Binding("a", "decide('approve')", "Approve", show=True, id="item.approve"),
        Binding("s", "decide('skip')", "Skip", show=True, id="item.skip"),
        Binding("d", "decide('delete')", "Delete", show=True, id="item.delete"),
        Binding("u", "undo", "Undo", show=True, id="item.undo"),
        Binding("c", "comment", "Comment", show=False, id="item.comment"),
        Binding("ctrl+s", "save", "Save", show=True, id="item.save"),
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
        Binding(
            "plus", "add_reference", "Add ref", show=True, key_display="+", id="item.add_reference"
        ),
        Binding("t", "tag_picker", "Tags", show=True, id="item.tags"),
        Binding("g", "tag_glossary", "Glossary", show=False, id="item.glossary"),
        # Listed in help and the command palette; in the footer it would push "esc Back" past
        # 120 columns.
        Binding("i", "toggle_instructions", "Instructions", show=False, id="item.instructions"),
        Binding("R", "rephrase", "Rephrase", show=True, id="rephrase"),
        Binding("escape", "back", "Back", show=True, id="item.back"),
        Binding("question_mark", "help", "Help", show=False, key_display="?", id="item.help"),
    ]

    def __init__(
        self, items: list[GroundTruthItem], index: int = 0, *, source: str = "queue"
    ) -> None:
        super().__init__()
        self.source = source
        self.entries = list(items)
        self.index = index
        self.base: GroundTruthItem | None = None
        """The stored version the editors started from (the base of a 3-way merge)."""
        self.written: list[GroundTruthItem] = []
        """Stored versions this screen wrote, handed back on dismiss."""
        self.shown: GroundTruthItem | None = None
        """The item whose widgets are all filled in (set last by show_item)."""
        self.journal = EditJournalHook(self)
        """Unsaved edits journaled locally (tui/journal.py)."""

    writing: reactive[bool] = reactive(False, bindings=True)
    """A write is running: decision, save and undo keys are disabled until it ends."""

    @property
    def gt_app(self) -> Workstation:
        return workstation(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self.writing:
            return None  # shown, greyed out
        return True

    def compose(self) -> ComposeResult:
        yield TopBar("item")
        with Vertical(id="detail-head"):
            yield Static(id="detail-meta")
            yield Static(id="detail-dirty")
        with Horizontal(id="detail-columns"):
            with VerticalScroll(id="detail-body"):
                yield Label("Synthetic question", classes="section")
                yield Static(id="synth-question")
                yield Label("Edited question (empty: the synthetic one is used)", classes="section")
                yield TextArea(id="edited-question", classes="editor short", soft_wrap=True)
                yield Label("Answer", classes="section")
                yield TextArea(id="answer", classes="editor", soft_wrap=True)
                yield Label("Manual tags (comma-separated)", classes="section")
                yield Input(id="manual-tags", classes="editor")
                yield Static(id="manual-tags-problems", classes="-none")
                yield Label("Computed tags", classes="section")
                yield Static(id="computed-tags")
                yield Label("Comment", classes="section")
                yield Input(id="comment", classes="editor")
            with Vertical(id="detail-context"):
                yield from self.compose_content()
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
        """Re-read the item so the editors start from the latest stored version."""
        self.prefetch_warnings()
        if self.base is None or self.is_dirty():
            return
        try:
            fresh = await self.gt_app.browse.get(self.base.dataset_name, self.base.id)
        except GroundTruthError as exc:
            self.gt_app.report_failure(exc, "reload the item")
            return
        if fresh is not None and fresh.etag != self.base.etag and not self.is_dirty():
            await self.show_item(fresh)

    # -- tags (screens in tag_picker.py / tag_glossary.py) ----------------------------------

    def action_tag_picker(self) -> None:
        from gt_tui.tui.screens.tag_picker import TagPickerScreen

        field = self.query_one("#manual-tags", Input)
        current = parse_tags(from_editor(field.value))

        def picked(tags: list[str] | None) -> None:
            if tags is not None:
                field.value = to_editor(", ".join(tags))

        self.app.push_screen(TagPickerScreen(self.gt_app.services.tags.vocabulary, current), picked)

    def action_tag_glossary(self) -> None:
        from gt_tui.tui.screens.tag_glossary import TagGlossaryScreen

        self.app.push_screen(TagGlossaryScreen(self.gt_app.services.tags.vocabulary))

    @on(Input.Changed, "#manual-tags")
    def _mark_tag_problems(self, event: Input.Changed) -> None:
        """The text field is checked like the picker; under reject the save is refused."""
        tags = self.gt_app.services.tags
        problems = tags.problems(parse_tags(from_editor(event.value)))
        event.input.set_class(bool(problems), "-invalid")
        note = "; ".join(problems)
        if problems and tags.policy == "reject":
            note += " (GT_TAG_POLICY=reject: fix before saving)"
        shown = self.query_one("#manual-tags-problems", Static)
        set_text(shown, plain(note))
        shown.set_class(not note, "-none")

    async def action_toggle_instructions(self) -> None:
        if self.base is not None:
            await self.query_one(InstructionsPane).toggle(self.base.dataset_name)

    def action_rephrase(self) -> None:
        from gt_tui.tui.rephrase import start_rephrase

        start_rephrase(self)

    # -- showing ----------------------------------------------------------------------------

    async def show_item(self, item: GroundTruthItem, edits: Edits | None = None) -> None:
        """Load `item` as the base; fill the editors with `edits` (default: its own values)."""
        self.journal.before_show(item)
        with self.app.batch_update():  # one frame for the whole swap
            await self._swap_in(item, edits)

    async def _swap_in(self, item: GroundTruthItem, edits: Edits | None) -> None:
        self.base = item
        values = edits if edits is not None else edits_of(item)
        self._fill_editors(values)
        # An agentic item (GTC 2.x) has no synthQuestion: its question is its first user
        # turn, and question and answer are edited as turns, not in these editors.
        asked = item.question if item.synth_question is None else item.synth_question
        set_text(self.query_one("#synth-question", Static), plain(asked))
        for editor in ("#edited-question", "#answer"):
            self.query_one(editor, TextArea).read_only = item.is_agentic
        computed = ", ".join(item.computed_tags) or "(none)"
        set_text(self.query_one("#computed-tags", Static), plain(computed))
        self.load_content(item, edits)
        self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)
        self._render_meta()
        await self.query_one(InstructionsPane).follow(item.dataset_name)
        self.shown = item
        self.journal.changed()

    def _fill_editors(self, values: Edits) -> None:
        self.query_one("#edited-question", TextArea).load_text(to_editor(values["edited_question"]))
        self.query_one("#answer", TextArea).load_text(to_editor(values["answer"]))
        self.query_one("#manual-tags", Input).value = to_editor(", ".join(values["manual_tags"]))
        self.query_one("#comment", Input).value = to_editor(values["comment"])

    def _render_meta(self) -> None:
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
        set_text(self.query_one("#detail-meta", Static), meta)
        self._render_dirty()

    def _render_dirty(self) -> None:
        changed = self.changed_fields()
        marker = self.query_one("#detail-dirty", Static)
        marker.set_class(bool(changed), "-dirty")
        if changed:
            names = ", ".join(self.change_label(name) for name in changed)
            set_text(marker, Text(f"● unsaved edits: {names}   (ctrl+s saves)"), layout=False)
        else:
            set_text(marker, Text("no unsaved edits"), layout=False)

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _edited(self) -> None:
        if self.base is not None:
            self._render_dirty()
            self.journal.changed()

    # -- edits ----------------------------------------------------------------------------

    def current_edits(self) -> Edits:
        """The editors' values; a field left as loaded keeps the stored value exactly."""
        assert self.base is not None
        base = self.base

        def text(widget_value: str, stored: str | None) -> str | None:
            return stored if widget_value == to_editor(stored) else from_editor(widget_value)

        tags_value = self.query_one("#manual-tags", Input).value
        if tags_value == to_editor(", ".join(base.manual_tags)):
            tags = list(base.manual_tags)
        else:
            tags = parse_tags(from_editor(tags_value))
        return {
            "edited_question": text(
                self.query_one("#edited-question", TextArea).text, base.edited_question
            ),
            "answer": text(self.query_one("#answer", TextArea).text, base.answer),
            "manual_tags": tags,
            "comment": text(self.query_one("#comment", Input).value, base.comment),
            **self.content_edits(),
        }

    def apply_current_edits(self) -> GroundTruthItem:
        assert self.base is not None
        return apply_edits(self.base, self.current_edits())

    def changed_fields(self) -> list[str]:
        return [] if self.base is None else changed_edit_fields(self.base, self.current_edits())

    def is_dirty(self) -> bool:
        return bool(self.changed_fields())

    # -- navigation -----------------------------------------------------------------------

    async def confirm_discard(self) -> bool:
        """Ask before unsaved edits are dropped (in a worker); True to go ahead."""
        from gt_tui.tui.screens.confirm import DestructiveConfirmScreen

        names = ", ".join(FIELD_LABELS[name] for name in self.changed_fields())
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
        self.refresh_from_store()

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
        from gt_tui.tui.screens.help import HelpScreen, section_in_focus

        self.app.push_screen(HelpScreen(section_in_focus(self)))
