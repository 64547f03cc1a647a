"""Item detail: read and edit one item, save it, approve / skip / delete it, move on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static, TextArea

from gt_tui.domain.errors import ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.tui.editing import (
    FIELD_LABELS,
    Edits,
    apply_edits,
    changed_edit_fields,
    edits_of,
    merge_onto_latest,
    parse_tags,
)
from gt_tui.tui.text import age_text, from_editor, one_line, plain, to_editor
from gt_tui.tui.widgets.footer import StableFooter
from gt_tui.tui.widgets.item_parts import ReferenceView, TurnView
from gt_tui.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from gt_tui.tui.app import GtTuiApp

OPERATIONS = {"save": "save", "approve": "approve", "skip": "skip", "delete": "delete"}
DONE = {"approve": "Approved", "skip": "Skipped", "delete": "Deleted"}


class ItemDetailScreen(Screen[list[GroundTruthItem]]):
    """Dismisses with the stored versions it wrote, so the opener can update its rows."""

    CSS_PATH = "item_detail.tcss"
    AUTO_FOCUS = "#detail-body"
    BINDINGS = [
        Binding("a", "transition('approve')", "Approve", show=True),
        Binding("s", "transition('skip')", "Skip", show=True),
        Binding("d", "transition('delete')", "Delete", show=True),
        Binding("ctrl+s", "save", "Save", show=True),
        Binding("left_square_bracket", "move(-1)", "Previous", show=True, key_display="["),
        Binding("right_square_bracket", "move(1)", "Next", show=True, key_display="]"),
        Binding("t", "tag_picker", "Tags", show=True),
        Binding("g", "tag_glossary", "Glossary", show=False),
        Binding("R", "rephrase", "Rephrase", show=True, id="rephrase"),
        Binding("escape", "back", "Back", show=True),
        Binding("question_mark", "help", "Help", show=False, key_display="?"),
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
        self.writing = False
        self.written: list[GroundTruthItem] = []
        """Stored versions this screen wrote, handed back on dismiss."""
        self.shown: GroundTruthItem | None = None
        """The item whose widgets are all filled in (set last by show_item)."""

    @property
    def gt_app(self) -> GtTuiApp:
        return self.app  # type: ignore[return-value]

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
            with VerticalScroll(id="detail-context"):
                yield Label("References", id="refs-label", classes="section")
                yield Vertical(id="refs")
                yield Label("History", id="history-label", classes="section")
                yield Vertical(id="history")
        yield StableFooter()

    async def on_mount(self) -> None:
        if self.entries:
            await self.show_item(self.entries[self.index])
            self.gt_app.run_guarded(self, self._refresh_from_store, group="detail-load")

    async def _refresh_from_store(self) -> None:
        """Re-read the item so the editors start from the latest stored version."""
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
        shown.update(plain(note))
        shown.set_class(not note, "-none")

    def action_rephrase(self) -> None:
        from gt_tui.tui.rephrase import start_rephrase

        start_rephrase(self)

    # -- showing ----------------------------------------------------------------------------

    async def show_item(self, item: GroundTruthItem, edits: Edits | None = None) -> None:
        """Load `item` as the base; fill the editors with `edits` (default: its own values)."""
        self.base = item
        values = edits if edits is not None else edits_of(item)
        self._fill_editors(values)
        self.query_one("#synth-question", Static).update(plain(item.synth_question))
        computed = ", ".join(item.computed_tags) or "(none)"
        self.query_one("#computed-tags", Static).update(plain(computed))
        await self._show_references(item)
        self.query_one("#refs-label", Label).update(f"References ({len(item.refs)})")
        history = self.query_one("#history", Vertical)
        turns = item.history or []
        if history.children:
            await history.remove_children()
        if turns:
            await history.mount_all([TurnView(i, turn) for i, turn in enumerate(turns, 1)])
        self.query_one("#history-label", Label).update(f"History ({len(turns)} turns)")
        self.query_one("#history-label").display = bool(turns)
        self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)
        self._render_meta()
        self.shown = item

    async def _show_references(self, item: GroundTruthItem) -> None:
        """Reuse the reference views already mounted; mount or remove only the difference
        (mounting widgets is what made moving to the next item slow)."""
        refs = self.query_one("#refs", Vertical)
        views = list(refs.query_children(ReferenceView))
        for index, (view, ref) in enumerate(zip(views, item.refs, strict=False), 1):
            view.show(index, ref)
        if len(views) > len(item.refs):
            await refs.remove_children(views[len(item.refs) :])
        elif len(item.refs) > len(views):
            extra = item.refs[len(views) :]
            await refs.mount_all(
                [ReferenceView(i, ref) for i, ref in enumerate(extra, len(views) + 1)]
            )

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
        self.query_one("#detail-meta", Static).update(meta)
        self._render_dirty()

    def _render_dirty(self) -> None:
        changed = self.changed_fields()
        marker = self.query_one("#detail-dirty", Static)
        marker.set_class(bool(changed), "-dirty")
        if changed:
            names = ", ".join(FIELD_LABELS[name] for name in changed)
            marker.update(Text(f"● unsaved edits: {names}   (ctrl+s saves)"))
        else:
            marker.update(Text("no unsaved edits"))

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _edited(self) -> None:
        if self.base is not None:
            self._render_dirty()

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
        }

    def changed_fields(self) -> list[str]:
        return [] if self.base is None else changed_edit_fields(self.base, self.current_edits())

    def is_dirty(self) -> bool:
        return bool(self.changed_fields())

    # -- writes ---------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.base is None:
            return
        if not self.is_dirty():
            self.notify("Nothing to save.", markup=False)
            return
        self.start_write("save", apply_edits(self.base, self.current_edits()))

    def action_transition(self, op: str) -> None:
        if self.base is None:
            return
        from gt_tui.tui.screens.approval import ApprovalScreen

        edits = self.current_edits()

        def confirmed(comment: str | None) -> None:
            if comment is None or self.base is None:
                return
            final = dict(edits)
            final["comment"] = comment
            self.start_write(op, apply_edits(self.base, final))

        self.app.push_screen(
            ApprovalScreen(op, self.base, changed_edit_fields(self.base, edits), edits["comment"]),
            confirmed,
        )

    def start_write(self, op: str, item: GroundTruthItem) -> None:
        if self.writing:
            self.notify("Still writing the previous change…", markup=False)
            return
        self.writing = True
        self.gt_app.run_guarded(self, self._write, op, item, group="detail-write")

    async def _write(self, op: str, item: GroundTruthItem) -> None:
        app = self.gt_app
        try:
            stored = await getattr(app.services.curation, OPERATIONS[op])(app.user_id, item)
        except ConcurrencyError as exc:
            self.writing = False
            await self._conflict(op, item, exc)
            return
        except GroundTruthError as exc:
            self.writing = False
            app.report_failure(exc, f"{op} {item.id}")
            return
        self.writing = False
        if op == "save":
            await self._saved(stored)
        else:
            await self._transitioned(op, stored)

    async def _saved(self, stored: GroundTruthItem) -> None:
        # The editors keep whatever is in them (even text typed while saving); only the
        # base moves, so the dirty marker now compares against what was stored.
        self.base = stored
        self.written.append(stored)
        self._render_meta()
        self.notify(f"Saved {one_line(stored.id)}.", markup=False)

    async def _transitioned(self, op: str, stored: GroundTruthItem) -> None:
        self.written.append(stored)
        self.notify(f"{DONE[op]} {one_line(stored.id)}.", markup=False)
        del self.entries[self.index]
        if not self.entries:
            self.base = None
            self.dismiss(self.written)
            if self.source == "queue":
                self.app.notify("Queue done. Press n to get more items.", markup=False)
            return
        self.index = min(self.index, len(self.entries) - 1)
        await self.show_item(self.entries[self.index])
        self.gt_app.run_guarded(self, self._refresh_from_store, group="detail-load")

    async def _conflict(self, op: str, attempted: GroundTruthItem, exc: ConcurrencyError) -> None:
        from gt_tui.tui.screens.conflict import ConflictScreen

        assert self.base is not None
        base = self.base
        current = exc.current
        if current is None:
            try:
                current = await self.gt_app.browse.get(base.dataset_name, base.id)
            except GroundTruthError as error:
                self.gt_app.report_failure(error, "read the latest version")
                return
        if current is None:
            self.notify(
                f"{base.id} no longer exists; your edits stay on screen.",
                severity="error",
                markup=False,
            )
            return
        mine = edits_of(attempted)
        theirs = current

        async def chosen(choice: str | None) -> None:
            if choice == "reload":
                await self.show_item(theirs)
                self.notify("Reloaded their version; your edits were dropped.", markup=False)
            elif choice == "keep":
                merged, clashes = merge_onto_latest(base, mine, theirs)
                await self.show_item(theirs, edits=edits_of(merged))
                if clashes:
                    names = ", ".join(FIELD_LABELS[name] for name in clashes)
                    self.notify(f"Your edits replaced theirs in: {names}.", markup=False)
                self.start_write(op, merged)

        self.app.push_screen(ConflictScreen(op, base, mine, theirs, self.gt_app.now()), chosen)

    # -- navigation -----------------------------------------------------------------------

    def _confirm_discard(self, then) -> None:
        from gt_tui.tui.screens.confirm import ConfirmScreen

        names = ", ".join(FIELD_LABELS[name] for name in self.changed_fields())

        async def answered(yes: bool | None) -> None:
            if yes:
                await then()

        self.app.push_screen(
            ConfirmScreen(
                "Discard unsaved edits?",
                f"You changed: {names}. Leaving drops these edits (ctrl+s saves them).",
                confirm_label="Discard",
            ),
            answered,
        )

    async def action_move(self, step: int) -> None:
        target = self.index + step
        if not 0 <= target < len(self.entries):
            self.notify("No more items that way.", markup=False)
            return

        async def go() -> None:
            self.index = target
            await self.show_item(self.entries[target])
            self.gt_app.run_guarded(self, self._refresh_from_store, group="detail-load")

        if self.is_dirty():
            self._confirm_discard(go)
        else:
            await go()

    async def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, TextArea | Input):
            self.query_one("#detail-body").focus()
            return

        async def leave() -> None:
            self.dismiss(self.written)

        if self.is_dirty():
            self._confirm_discard(leave)
        else:
            await leave()

    def action_help(self) -> None:
        from gt_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
