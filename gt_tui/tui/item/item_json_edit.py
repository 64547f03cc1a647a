"""`ctrl+e` on the item screen with no text field focused: the whole item, with the edits
on screen, goes to `$VISUAL` / `$EDITOR` as JSON. What comes back is checked by import's
rules and must stay the same item with only editable fields changed
(services/item_json_edit.py); a problem reopens the editor with it on the first line, an
empty file drops the edit. The fields that changed become unsaved edits (not a save)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any, Protocol

from textual.app import App

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.external_editor import EditKind
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.item_json_edit import draft_values, whole_item_problem
from gt_tui.tui.widgets.external_edit import run_editor


class ItemDetailScreen(Protocol):
    """What this needs of the item screen (no import of it: no cycle)."""

    draft: ItemDraft | None
    writing: bool

    @property
    def app(self) -> App[Any]: ...

    def notify(self, message: str, *, markup: bool = ...) -> None: ...

    def run_worker(self, work: Coroutine[Any, Any, None], *, exit_on_error: bool = ...) -> Any: ...

    async def show_item(self, item: GroundTruthItem, draft: ItemDraft | None = None) -> None: ...


def edit_item_as_json(screen: ItemDetailScreen) -> None:
    draft = screen.draft
    if draft is None or screen.writing:
        screen.notify("No item to hand to the editor right now.", markup=False)
        return
    current = draft.apply()
    outcome = run_editor(
        screen.app,
        current,
        EditKind.item,
        accept=lambda returned: whole_item_problem(current, returned),
    )
    if outcome is None:
        return
    edited = draft.with_values(draft_values(outcome.value))
    labels = [
        field.label
        for field in edited.changed()
        if not field.kind.same(getattr(edited, field.name), getattr(draft, field.name))
    ]
    if not labels:
        screen.notify("No change came back from the editor.", markup=False)
        return
    screen.run_worker(_show(screen, draft, edited, labels), exit_on_error=False)


async def _show(
    screen: ItemDetailScreen, before: ItemDraft, edited: ItemDraft, labels: list[str]
) -> None:
    if screen.draft is not before:  # moved to another item meanwhile
        return
    await screen.show_item(before.base, edited)
    screen.notify(
        f"From the editor, as unsaved edits: {', '.join(labels)} (ctrl+s saves).", markup=False
    )
