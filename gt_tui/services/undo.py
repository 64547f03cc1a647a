"""Undo of decisions (approve / skip / delete) made since the app started.

A decision is cheap to make because it is cheap to take back: each one pushes the item as
it was before the decision and the stored version the decision produced. Undo writes the
previous status, assignment and fields back with a conditional write on that version's
etag, so a change someone made since is never overwritten silently (ConcurrencyError).
"""

from __future__ import annotations

import contextlib
from collections import deque
from dataclasses import dataclass

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.curation import CurationService
from gt_tui.services.operations import Operation
from gt_tui.services.validation import validate_user_id

UNDO_DEPTH = 50
"""Decisions kept for undo (the issue asks for at least 20)."""


DECISION_FIELDS = ("status", "assigned_to", "assigned_at", "reviewed_at")
"""What a decision changes besides the curator's edits (undo puts these back)."""


class NothingToUndoError(GroundTruthError):
    """The undo stack is empty."""


@dataclass(frozen=True)
class UndoEntry:
    op: Operation
    before: GroundTruthItem
    """The stored version the decision started from (status, assignment, fields)."""
    after: GroundTruthItem
    """The stored version the decision produced; undo is conditional on its etag."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.after.dataset_name, self.after.id)


class DecisionService:
    """Approve / skip / delete through CurationService, remembering each for undo."""

    def __init__(self, curation: CurationService, depth: int = UNDO_DEPTH) -> None:
        self._curation = curation
        self._stack: deque[UndoEntry] = deque(maxlen=depth)

    @property
    def depth(self) -> int:
        return len(self._stack)

    def last(self) -> UndoEntry | None:
        return self._stack[-1] if self._stack else None

    async def decide(
        self,
        op: Operation,
        user_id: str,
        item: GroundTruthItem,
        *,
        before: GroundTruthItem | None = None,
    ) -> GroundTruthItem:
        """Write decision `op` on `item` (edits included, one conditional write).

        `before` is the stored version the edits started from (default: `item`); it is what
        undo brings back, so edits made together with the decision are undone too.
        """
        if not op.is_decision:
            raise ValueError(f"{op} is not a decision")
        stored = await getattr(self._curation, op.value)(user_id, item)
        self._stack.append(UndoEntry(op, (before or item).model_copy(deep=True), stored))
        return stored

    async def undo(self, user_id: str) -> tuple[UndoEntry, GroundTruthItem]:
        """Take back the last decision; returns it and the restored stored version.

        On ConcurrencyError (someone changed the item since) the entry stays on the stack
        and the error carries their version; `undo_onto` or `forget` settle it.
        """
        validate_user_id(user_id)
        entry = self.last()
        if entry is None:
            raise NothingToUndoError("nothing to undo: no decision made since the app started")
        restored = await self._curation.revert(user_id, entry.before, entry.after.etag)
        self._stack.pop()
        return entry, restored

    async def undo_onto(
        self, user_id: str, entry: UndoEntry, item: GroundTruthItem
    ) -> GroundTruthItem:
        """Undo `entry` onto `item` (their latest version with my previous fields merged
        on it): previous status and assignment, conditional on `item`'s etag."""
        restored = item.model_copy(deep=True)
        for name in DECISION_FIELDS:
            setattr(restored, name, getattr(entry.before, name))
        stored = await self._curation.revert(user_id, restored, item.etag)
        self.forget(entry)
        return stored

    def forget(self, entry: UndoEntry) -> None:
        """Drop `entry` (the curator took the other version instead of undoing)."""
        with contextlib.suppress(ValueError):
            self._stack.remove(entry)
