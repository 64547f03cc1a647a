"""The item screen's writes: one-key approve / skip / delete, save, undo, and conflicts.

`a`, `s`, `d` on an item without unsaved edits write at once (one conditional write), say
so in a short notice and open the next item; with unsaved edits the edits go in the same
write, after a dialog listing them unless `GT_CONFIRM=never` (`always`: a dialog every
time). Every decision lands on the undo stack of `DecisionService`; `u` takes the last one
back. On an ETag conflict the draft is merged once onto the latest version and the
conflict prompt shows that merge; keep-mine saves it. Dialogs are awaited with
`push_screen_wait` inside workers, so a flow reads top to bottom.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from typing import Any, Protocol, cast

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker

from gt_tui.domain.errors import ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.services.content_merge import MergeConflict
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.operations import Operation
from gt_tui.tui.context import Workstation
from gt_tui.tui.dialogs.confirm import ConfirmScreen
from gt_tui.tui.dialogs.conflict import ask_conflict
from gt_tui.tui.dialogs.undo import undo_last_decision
from gt_tui.tui.item.approval import ApprovalScreen
from gt_tui.tui.item.approval_warnings import ApprovalWarnings
from gt_tui.tui.item.journal import EditJournalHook
from gt_tui.tui.text import one_line

WRITE_GROUP = "detail-write"
KEYS_GREYED_AFTER_S = 0.15
"""A write still running this long greys out the write keys in the footer. They are
disabled from the start (check_action); greying them at once rebuilt the footer twice
per approve, for a write that ends before anyone could see it."""


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


class ItemScreen(Protocol):
    """What the flows need of the item screen (screen.py)."""

    draft: ItemDraft | None
    writing: bool
    written: list[GroundTruthItem]
    entries: list[GroundTruthItem]
    index: int
    journal: EditJournalHook

    @property
    def app(self) -> App[Any]: ...

    @property
    def gt_app(self) -> Workstation: ...

    def notify(
        self,
        message: str,
        *,
        severity: SeverityLevel = ...,
        timeout: float | None = ...,
        markup: bool = ...,
    ) -> None: ...

    def run_worker(
        self, work: Awaitable[Any], *, group: str, exclusive: bool, exit_on_error: bool
    ) -> Worker[Any]: ...

    async def show_item(self, item: GroundTruthItem, draft: ItemDraft | None = None) -> None: ...

    async def confirm_discard(self) -> bool: ...

    def render_meta(self) -> None: ...

    async def open_next(self) -> None: ...


class DecisionFlows:
    """The writes of one item screen, each run in a worker of that screen."""

    def __init__(self, screen: ItemScreen, warnings: ApprovalWarnings) -> None:
        self.screen = screen
        self.node = cast("Screen[Any]", screen)
        """The same screen, as the Textual node the shared dialogs are shown over."""
        self.warnings = warnings
        self._grey_keys: Timer | None = None

    def _run(self, flow: Awaitable[None]) -> None:
        self.screen.run_worker(flow, group=WRITE_GROUP, exclusive=True, exit_on_error=False)

    def decide(self, op: Operation) -> None:
        if self.screen.draft is not None and not self.screen.writing:
            self._run(self._decide(op))

    def save(self) -> None:
        draft = self.screen.draft
        if draft is None or self.screen.writing:
            return
        if not draft.dirty:
            self.screen.notify("Nothing to save.", markup=False)
            return
        if draft.base.status == GroundTruthStatus.approved:
            self._run(self._save_approved(draft))
            return
        self._run(self._write(Operation.save, draft))

    def undo(self) -> None:
        if not self.screen.writing:
            self._run(self._undo())

    def rephrase(self) -> None:
        """Copy the stored version as a new draft and open the copy (unsaved edits must be
        saved or discarded first)."""
        draft = self.screen.draft
        if draft is None:
            return
        if draft.dirty:
            self.screen.notify(
                "Save (ctrl+s) or discard your edits first: the copy is made from the stored "
                "version.",
                markup=False,
            )
            return
        self.screen.run_worker(
            self._rephrase(draft.base), group="detail-rephrase", exclusive=True, exit_on_error=False
        )

    async def content_warnings(self, op: Operation, item: GroundTruthItem) -> list[str]:
        """Warning lines to read before approving (personal data, a repeated question).

        Shown in the GT_CONFIRM dialog, or as a notice under `never`. Skip and delete
        have none: the warnings are about what goes into the approved set.
        """
        if op is not Operation.approve:
            return []
        return await self.warnings.lines(item)

    # -- flows (in workers) ----------------------------------------------------------------

    async def _save_approved(self, draft: ItemDraft) -> None:
        """Changing approved content asks first, saying what it records."""
        base = draft.base
        reviewed = f"{base.reviewed_at:%Y-%m-%d %H:%M} UTC" if base.reviewed_at else "earlier"
        names = ", ".join(field.label for field in draft.changed())
        body = (
            f"{one_line(base.id)} is approved (reviewed {reviewed}, last by "
            f"{one_line(base.updated_by) or 'someone'}). Saving changes its approved content "
            f"({names}). It stays approved; you are recorded as the one who changed it "
            "(updatedBy) and reviewedAt becomes now."
        )
        confirmed = await self.screen.app.push_screen_wait(
            ConfirmScreen("Change an approved item?", body, confirm_label="Save")
        )
        if confirmed:
            await self._write(Operation.save, draft)

    async def _decide(self, op: Operation) -> None:
        screen = self.screen
        ctx = screen.gt_app
        draft = screen.draft
        if draft is None:
            return
        item = draft.apply()
        if op is Operation.approve:
            curation = ctx.services.curation
            problems = curation.approval_problems(curation.derived(item))
            if problems:
                listed = "; ".join(str(problem) for problem in problems)
                screen.notify(
                    f"cannot approve {one_line(draft.base.id)}: {listed}",
                    severity="error",
                    markup=False,
                )
                return
        warnings = await self.content_warnings(op, item)
        changed = [field.label for field in draft.changed()]
        if needs_dialog(ctx.settings.confirm, changed, warnings):
            comment = await screen.app.push_screen_wait(
                ApprovalScreen(op, draft.base, changed, draft.comment, warnings=warnings)
            )
            if comment is None or screen.draft is not draft:
                return
            draft = dataclasses.replace(draft, comment=comment)  # this write's, not the editor's
        elif warnings:
            screen.notify("\n".join(warnings), severity="warning", markup=False)
        await self._write(op, draft)

    async def _write(self, op: Operation, draft: ItemDraft, *, save_op: str = "save") -> None:
        """`save_op` names a save in the item's history (`merge` for keep-mine); a decision
        is named by the decision, with or without a merge before it."""
        screen = self.screen
        ctx = screen.gt_app
        item = draft.apply()
        self._writing(True)
        try:
            if op is Operation.save:
                stored = await ctx.services.curation.save(ctx.user_id, item, op=save_op)
            else:
                stored = await ctx.services.decisions.decide(
                    op, ctx.user_id, item, before=draft.base
                )
        except ConcurrencyError as exc:
            self._writing(False)
            await self._resolve_conflict(op, draft, exc)
            return
        except GroundTruthError as exc:
            ctx.report_failure(exc, f"{op.value} {item.id}")
            return
        finally:
            self._writing(False)
        screen.written.append(stored)
        if op is Operation.save:
            # The editors keep whatever is in them (even text typed while saving); only the
            # base moves, so the dirty marker now compares against what was stored.
            if screen.draft is not None:
                screen.draft.base = stored
            screen.render_meta()
            screen.journal.changed()
            screen.notify(f"Saved {one_line(stored.id)}.", markup=False)
        else:
            screen.journal.done(stored)
            await screen.open_next()
            screen.notify(decision_notice(op, stored), markup=False)

    async def _resolve_conflict(
        self, op: Operation, attempted: ItemDraft, exc: ConcurrencyError
    ) -> None:
        screen = self.screen
        choice, result = await ask_conflict(self.node, op, attempted, exc)
        if result is None:
            return
        if choice == "reload":
            await screen.show_item(result.theirs)
            screen.notify("Reloaded their version; your edits were dropped.", markup=False)
        elif choice == "keep":
            await screen.show_item(result.theirs, ItemDraft.of(result.theirs, result.merged))
            if result.clashes:
                names = ", ".join(row.field.label for row in result.clashes)
                screen.notify(f"Your edits replaced theirs in: {names}.", markup=False)
            self._report_part_conflicts(result.conflicts)
            assert screen.draft is not None
            await self._write(op, screen.draft, save_op="merge")

    def _writing(self, writing: bool) -> None:
        """The write keys off (at once) or on again; the footer greys them only for a
        write that takes longer than KEYS_GREYED_AFTER_S."""
        if writing == self.screen.writing:
            return
        self.screen.writing = writing
        if writing:
            self._grey_keys = self.node.set_timer(KEYS_GREYED_AFTER_S, self.node.refresh_bindings)
            return
        if self._grey_keys is not None:
            self._grey_keys.stop()
            self._grey_keys = None
        self.node.refresh_bindings()  # the footer rebuilds only if it had greyed them

    def _report_part_conflicts(self, conflicts: list[MergeConflict]) -> None:
        """Keep-mine kept my side of these references and turns; say so with both texts."""
        if not conflicts:
            return
        lines = [
            f"{c.where}: kept mine “{one_line(c.mine, 50)}”, theirs was “{one_line(c.theirs, 50)}”"
            for c in conflicts
        ]
        self.screen.notify(
            "Changed by both:\n" + "\n".join(lines), severity="warning", timeout=15, markup=False
        )

    async def _rephrase(self, original: GroundTruthItem) -> None:
        screen = self.screen
        ctx = screen.gt_app
        try:
            copy = await ctx.services.rephrase.duplicate(ctx.user_id, original)
        except GroundTruthError as exc:
            ctx.report_failure(exc, f"copy {original.id}")
            return
        screen.written.append(copy)
        screen.index += 1
        screen.entries.insert(screen.index, copy)
        await screen.show_item(copy)
        self.node.query_one("#edited-question").focus()
        screen.notify(
            f"Created {one_line(copy.id)}, a rephrase of {one_line(original.id)}: type the new "
            "question, then save.",
            markup=False,
        )

    async def _undo(self) -> None:
        screen = self.screen
        if screen.draft is not None and screen.draft.dirty and not await screen.confirm_discard():
            return
        restored = await undo_last_decision(self.node)
        if restored is None:
            return
        key = (restored.dataset_name, restored.id)
        screen.entries = [e for e in screen.entries if (e.dataset_name, e.id) != key]
        screen.index = min(screen.index, len(screen.entries))
        screen.entries.insert(screen.index, restored)
        screen.written.append(restored)
        await screen.show_item(restored)
