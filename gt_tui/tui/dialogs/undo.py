"""`u`: take back the last decision, from the queue or the item screen.

If someone changed the item since, the conflict prompt decides: reload opens their version
(the undo is dropped), keep re-applies my previous version onto theirs.
"""

from __future__ import annotations

from textual.screen import Screen

from gt_tui.domain.errors import ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.operations import Operation
from gt_tui.services.undo import NothingToUndoError, UndoEntry
from gt_tui.tui.context import workstation
from gt_tui.tui.dialogs.conflict import ask_conflict
from gt_tui.tui.text import one_line


async def undo_last_decision(screen: Screen) -> GroundTruthItem | None:
    """Take back the last decision (in a worker); returns the item to open, or None."""
    ctx = workstation(screen)
    decisions = ctx.services.decisions
    entry: UndoEntry | None = decisions.last()
    try:
        _, restored = await decisions.undo(ctx.user_id)
    except NothingToUndoError:
        screen.notify("Nothing to undo.", markup=False)
        return None
    except ConcurrencyError as exc:
        assert entry is not None
        return await _undo_conflict(screen, entry, exc)
    except GroundTruthError as exc:
        ctx.report_failure(exc, "undo")
        return None
    screen.notify(
        f"undid {entry.op.past_tense if entry else 'decision'}: "
        f"{one_line(restored.id, 40)} is {restored.status.value} again",
        markup=False,
    )
    return restored


async def _undo_conflict(
    screen: Screen, entry: UndoEntry, exc: ConcurrencyError
) -> GroundTruthItem | None:
    ctx = workstation(screen)
    previous = ItemDraft.of(entry.after, values=entry.before)  # my earlier values, as edits
    choice, result = await ask_conflict(screen, Operation.undo, previous, exc)
    if result is None or choice is None:
        return None
    if choice == "reload":
        ctx.services.decisions.forget(entry)
        screen.notify("Opened their version; the undo was dropped.", markup=False)
        return result.theirs
    try:
        return await ctx.services.decisions.undo_onto(ctx.user_id, entry, result.merged)
    except GroundTruthError as error:
        ctx.report_failure(error, "undo")
        return None
