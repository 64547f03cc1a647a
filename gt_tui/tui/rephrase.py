"""The item screen's rephrase key: copy the item as a new draft and open the copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TextArea

from gt_tui.domain.errors import GroundTruthError
from gt_tui.tui.text import one_line

if TYPE_CHECKING:
    from gt_tui.tui.screens.item_detail import ItemDetailScreen


def start_rephrase(screen: ItemDetailScreen) -> None:
    """Copy the stored version (unsaved edits must be saved or discarded first)."""
    if screen.base is None:
        return
    if screen.is_dirty():
        screen.notify(
            "Save (ctrl+s) or discard your edits first: the copy is made from the stored version.",
            markup=False,
        )
        return
    screen.run_worker(
        _rephrase(screen), group="detail-rephrase", exclusive=True, exit_on_error=False
    )


async def _rephrase(screen: ItemDetailScreen) -> None:
    app = screen.gt_app
    original = screen.base
    assert original is not None
    try:
        copy = await app.services.rephrase.duplicate(app.user_id, original)
    except GroundTruthError as exc:
        app.report_failure(exc, f"copy {original.id}")
        return
    screen.written.append(copy)
    screen.index += 1
    screen.entries.insert(screen.index, copy)
    await screen.show_item(copy)
    screen.query_one("#edited-question", TextArea).focus()
    screen.notify(
        f"Created {one_line(copy.id)}, a rephrase of {one_line(original.id)}: type the new "
        "question, then save.",
        markup=False,
    )
