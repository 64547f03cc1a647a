"""The item screen's writes: one-key approve / skip / delete, save, undo, and conflicts.

`a`, `s`, `d` on an item without unsaved edits write at once (one conditional write), say
so in a short notice and open the next item; with unsaved edits the edits go in the same
write, after a dialog listing them unless `GT_CONFIRM=never` (`always`: a dialog every
time). Every decision lands on the undo stack of `DecisionService`; `u` takes the last one
back. Dialogs are awaited with `push_screen_wait` inside workers, so a flow reads top to
bottom.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from gt_tui.domain.errors import ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.services.operations import Operation
from gt_tui.services.undo import NothingToUndoError, UndoEntry
from gt_tui.tui.approval_warnings import ApprovalWarnings
from gt_tui.tui.context import workstation
from gt_tui.tui.editing import (
    FIELD_LABELS,
    Edits,
    apply_edits,
    changed_edit_fields,
    content_conflicts,
    edits_of,
    merge_onto_latest,
)
from gt_tui.tui.text import one_line

if TYPE_CHECKING:
    from gt_tui.tui.screens.item_detail import ItemDetailScreen

WRITE_GROUP = "detail-write"


def decision_notice(op: Operation, item: GroundTruthItem) -> str:
    return f"{op.past_tense} {one_line(item.id, 40)} · u undo"


def needs_dialog(mode: str, changed: list[str], warnings: list[str]) -> bool:
    """GT_CONFIRM: `never` decides at once, `edits` asks when something is unsaved (or there
    are warnings to read), `always` asks every time."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return bool(changed or warnings)


async def ask_conflict(
    screen: Screen, op: Operation, base: GroundTruthItem, mine: Edits, exc: ConcurrencyError
) -> tuple[str | None, GroundTruthItem | None]:
    """Show the conflict prompt for a failed write; returns (choice, their version)."""
    from gt_tui.tui.screens.conflict import ConflictScreen

    ctx = workstation(screen)
    current = exc.current
    if current is None:
        try:
            current = await ctx.browse.get(base.dataset_name, base.id)
        except GroundTruthError as error:
            ctx.report_failure(error, "read the latest version")
            return None, None
    if current is None:
        screen.notify(f"{one_line(base.id)} no longer exists.", severity="error", markup=False)
        return None, None
    choice = await screen.app.push_screen_wait(ConflictScreen(op, base, mine, current, ctx.now()))
    return choice, current


async def undo_last_decision(screen: Screen) -> GroundTruthItem | None:
    """Take back the last decision (in a worker); returns the item to open, or None.

    If someone changed the item since, the conflict prompt decides: reload opens their
    version (the undo is dropped), keep re-applies my previous version onto theirs.
    """
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
    mine = edits_of(entry.before)
    choice, theirs = await ask_conflict(screen, Operation.undo, entry.after, mine, exc)
    if theirs is None or choice is None:
        return None
    if choice == "reload":
        ctx.services.decisions.forget(entry)
        screen.notify("Opened their version; the undo was dropped.", markup=False)
        return theirs
    merged, _ = merge_onto_latest(entry.after, mine, theirs)
    try:
        return await ctx.services.decisions.undo_onto(ctx.user_id, entry, merged)
    except GroundTruthError as error:
        ctx.report_failure(error, "undo")
        return None


class DecisionFlow:
    """Mixin of ItemDetailScreen: decisions, save, undo, comment; the screen does the rest."""

    @cached_property
    def approval_warnings(self: ItemDetailScreen) -> ApprovalWarnings:
        return ApprovalWarnings(workstation(self).services.content_checks)

    async def content_warnings(
        self: ItemDetailScreen, op: Operation, item: GroundTruthItem
    ) -> list[str]:
        """Warning lines to read before approving (personal data, a repeated question).

        Shown in the GT_CONFIRM dialog, or as a notice under `never`. Skip and delete
        have none: the warnings are about what goes into the approved set.
        """
        if op is not Operation.approve:
            return []
        return await self.approval_warnings.lines(item)

    @work(exclusive=True, group="detail-warnings", exit_on_error=False)
    async def prefetch_warnings(self: ItemDetailScreen) -> None:
        """The duplicate lookup for the item just shown, run after its paint."""
        if self.base is not None:
            await self.approval_warnings.prefetch(self.base)

    def action_comment(self: ItemDetailScreen) -> None:
        self.query_one("#comment").focus()

    def action_decide(self: ItemDetailScreen, op: str) -> None:
        if self.base is not None and not self.writing:
            self._decide(Operation(op))

    def action_save(self: ItemDetailScreen) -> None:
        if self.base is None or self.writing:
            return
        if not self.is_dirty():
            self.notify("Nothing to save.", markup=False)
            return
        item = apply_edits(self.base, self.current_edits())
        if self.base.status == GroundTruthStatus.approved:
            self._save_approved(item)
            return
        self._write_in_worker(Operation.save, item)

    @work(exclusive=True, group=WRITE_GROUP, exit_on_error=False)
    async def _save_approved(self: ItemDetailScreen, item: GroundTruthItem) -> None:
        """Changing approved content asks first, saying what it records."""
        from gt_tui.tui.screens.confirm import ConfirmScreen

        base = self.base
        assert base is not None
        reviewed = f"{base.reviewed_at:%Y-%m-%d %H:%M} UTC" if base.reviewed_at else "earlier"
        names = ", ".join(FIELD_LABELS[name] for name in self.changed_fields())
        body = (
            f"{one_line(base.id)} is approved (reviewed {reviewed}, last by "
            f"{one_line(base.updated_by) or 'someone'}). Saving changes its approved content "
            f"({names}). It stays approved; you are recorded as the one who changed it "
            "(updatedBy) and reviewedAt becomes now."
        )
        confirmed = await self.app.push_screen_wait(
            ConfirmScreen("Change an approved item?", body, confirm_label="Save")
        )
        if confirmed:
            await self._write(Operation.save, item)

    def action_undo(self: ItemDetailScreen) -> None:
        if not self.writing:
            self._undo()

    # -- flows (workers) -------------------------------------------------------------------

    @work(exclusive=True, group=WRITE_GROUP, exit_on_error=False)
    async def _decide(self: ItemDetailScreen, op: Operation) -> None:
        from gt_tui.tui.screens.approval import ApprovalScreen

        ctx = workstation(self)
        base = self.base
        if base is None:
            return
        edits = self.current_edits()
        changed = changed_edit_fields(base, edits)
        item = apply_edits(base, edits)
        if op is Operation.approve:
            curation = ctx.services.curation
            problems = curation.approval_problems(curation.derived(item))
            if problems:
                listed = "; ".join(str(problem) for problem in problems)
                self.notify(
                    f"cannot approve {one_line(base.id)}: {listed}",
                    severity="error",
                    markup=False,
                )
                return
        warnings = await self.content_warnings(op, item)
        if needs_dialog(ctx.settings.confirm, changed, warnings):
            comment = await self.app.push_screen_wait(
                ApprovalScreen(op, base, changed, edits["comment"], warnings=warnings)
            )
            if comment is None or self.base is not base:
                return
            edits["comment"] = comment
            item = apply_edits(base, edits)
        elif warnings:
            self.notify("\n".join(warnings), severity="warning", markup=False)
        await self._write(op, item)

    @work(exclusive=True, group=WRITE_GROUP, exit_on_error=False)
    async def _write_in_worker(
        self: ItemDetailScreen, op: Operation, item: GroundTruthItem
    ) -> None:
        await self._write(op, item)

    async def _write(self: ItemDetailScreen, op: Operation, item: GroundTruthItem) -> None:
        ctx = workstation(self)
        base = self.base
        assert base is not None
        self.writing = True
        try:
            if op is Operation.save:
                stored = await ctx.services.curation.save(ctx.user_id, item)
            else:
                stored = await ctx.services.decisions.decide(op, ctx.user_id, item, before=base)
        except ConcurrencyError as exc:
            self.writing = False
            await self._resolve_conflict(op, item, exc)
            return
        except GroundTruthError as exc:
            ctx.report_failure(exc, f"{op.value} {item.id}")
            return
        finally:
            self.writing = False
        self.written.append(stored)
        if op is Operation.save:
            # The editors keep whatever is in them (even text typed while saving); only the
            # base moves, so the dirty marker now compares against what was stored.
            self.base = stored
            self._render_meta()
            self.journal.changed()
            self.notify(f"Saved {one_line(stored.id)}.", markup=False)
        else:
            self.journal.done(stored)
            await self._open_next()
            self.notify(decision_notice(op, stored), markup=False)

    async def _resolve_conflict(
        self: ItemDetailScreen, op: Operation, attempted: GroundTruthItem, exc: ConcurrencyError
    ) -> None:
        base = self.base
        assert base is not None
        mine = edits_of(attempted)
        choice, theirs = await ask_conflict(self, op, base, mine, exc)
        if theirs is None:
            return
        if choice == "reload":
            await self.show_item(theirs)
            self.notify("Reloaded their version; your edits were dropped.", markup=False)
        elif choice == "keep":
            merged, clashes = merge_onto_latest(base, mine, theirs)
            await self.show_item(theirs, edits=edits_of(merged))
            if clashes:
                names = ", ".join(FIELD_LABELS[name] for name in clashes)
                self.notify(f"Your edits replaced theirs in: {names}.", markup=False)
            self.report_content_conflicts(content_conflicts(base, mine, theirs))
            await self._write(op, merged)

    async def _open_next(self: ItemDetailScreen) -> None:
        """The decided item leaves this screen's list; show the next one in place."""
        del self.entries[self.index]
        if not self.entries:
            self.base = None
            self.dismiss(self.written)
            if self.source == "queue":
                self.app.notify("Queue done. Press n to get more items.", markup=False)
            return
        self.index = min(self.index, len(self.entries) - 1)
        await self.show_item(self.entries[self.index])
        # Back to the item's own keys: in a list `u` would bring back a removed reference,
        # not undo the decision the notice offers to undo.
        self.set_focus(None)
        self.call_after_refresh(self.refresh_from_store)  # after the new item is painted

    @work(exclusive=True, group=WRITE_GROUP, exit_on_error=False)
    async def _undo(self: ItemDetailScreen) -> None:
        if self.is_dirty() and not await self.confirm_discard():
            return
        restored = await undo_last_decision(self)
        if restored is None:
            return
        key = (restored.dataset_name, restored.id)
        self.entries = [e for e in self.entries if (e.dataset_name, e.id) != key]
        self.index = min(self.index, len(self.entries))
        self.entries.insert(self.index, restored)
        self.written.append(restored)
        await self.show_item(restored)
