"""`h` on the item screen: the item's revisions (gt_tui/tui/history); `enter` there brings
the checked fields back as unsaved edits, over any edits already on screen."""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.item_draft import ItemDraft
from gt_tui.tui.context import Workstation
from gt_tui.tui.history import HistoryScreen


class ItemDetailScreen(Protocol):
    """What this needs of the item screen (no import of it: no cycle)."""

    draft: ItemDraft | None

    @property
    def app(self) -> App[Any]: ...

    @property
    def gt_app(self) -> Workstation: ...

    def notify(self, message: str, *, markup: bool = ...) -> None: ...

    async def show_item(self, item: GroundTruthItem, draft: ItemDraft | None = None) -> None: ...


def open_history(screen: ItemDetailScreen) -> None:
    draft = screen.draft
    if draft is None:
        return
    base = draft.base
    history = HistoryScreen(screen.gt_app.services.history, base.dataset_name, base.id)

    async def restore(fields: dict[str, object] | None) -> None:
        await restore_fields(screen, fields)

    screen.app.push_screen(history, restore)


async def restore_fields(screen: ItemDetailScreen, fields: dict[str, object] | None) -> None:
    """The revision's fields (stored names) over the draft on screen, as unsaved edits."""
    draft = screen.draft
    if not fields or draft is None:
        return
    names = {(info.alias or name): name for name, info in GroundTruthItem.model_fields.items()}
    values = {names.get(alias, alias): value for alias, value in fields.items()}
    await screen.show_item(draft.base, draft.with_json({**draft.to_json(), **values}))
    screen.notify("brought back as unsaved edits: ctrl+s saves them", markup=False)
