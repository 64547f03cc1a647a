"""The item screen's side of the unsaved-edit journal (services/edit_journal.py).

Each change restarts a short timer; when it fires, the fields that differ from the stored
version are written (or the row removed when nothing differs). Saving, a decision, or
discarding removes the row. Showing an item that has a row left by an earlier run (a
crash, a kill, a quit while the backend was degraded) offers to restore it, saying what
and when.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import ValidationError
from textual.timer import Timer

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.draft_fields import BY_NAME
from gt_tui.services.edit_journal import EditJournal, JournalEntry
from gt_tui.services.item_draft import ItemDraft
from gt_tui.tui.context import Workstation
from gt_tui.tui.dialogs.confirm import ConfirmScreen
from gt_tui.tui.text import age_text, one_line

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.timer import Timer as TimerType

log = logging.getLogger(__name__)

T = TypeVar("T")

JOURNAL_DEBOUNCE_S = 0.4
"""Quiet time after the last keystroke before the edits are written."""


def restore_text(entry: JournalEntry, restored: ItemDraft, now) -> str:
    item = restored.base
    lines = [
        f"Edits to {one_line(item.id)} were not saved: written "
        f"{entry.written_at:%Y-%m-%d %H:%M:%S} UTC ({age_text(entry.written_at, now)} ago).",
        "",
    ]
    lines += [
        f"  • {field.label}: {field.kind.summary(getattr(restored, field.name), 60)}"
        for field in (BY_NAME[name] for name in entry.fields if name in BY_NAME)
        if field in restored.changed()
    ]
    if entry.base_etag != item.etag:
        who = one_line(item.updated_by) or "someone"
        lines += [
            "",
            f"The item changed since ({who}, {item.updated_at:%Y-%m-%d %H:%M} UTC): "
            "restoring puts these fields over the latest version.",
        ]
    lines += ["", "Restore puts them back in the editors (not saved yet); cancel drops them."]
    return "\n".join(lines)


class JournaledScreen(Protocol):
    """What the hook needs of the item screen."""

    draft: ItemDraft | None
    shown: GroundTruthItem | None

    @property
    def app(self) -> App[Any]: ...

    @property
    def gt_app(self) -> Workstation: ...

    def notify(
        self, message: str, *, severity: SeverityLevel = ..., markup: bool = ...
    ) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], None]) -> TimerType: ...

    async def show_item(self, item: GroundTruthItem, draft: ItemDraft | None = None) -> None: ...


class EditJournalHook:
    def __init__(self, screen: JournaledScreen) -> None:
        self.screen = screen
        self._timer: Timer | None = None
        self.offering: tuple[str, str] | None = None
        """(dataset, id) whose restore offer is on screen: its row is left alone."""
        self._failed = False
        self._pending: tuple[GroundTruthItem, dict[str, Any]] | None = None
        """(base, changed fields as JSON) noted by the last change, not yet written."""

    @property
    def _app(self) -> Workstation:
        return self.screen.gt_app

    def _call(self, doing: str, call: Callable[[EditJournal, str], T]) -> T | None:
        """Journal I/O; a failure is one notice, never a lost edit on screen or a crash."""
        try:
            return call(self._app.journal, self._app.user_id)
        except (OSError, sqlite3.Error) as exc:
            log.warning("unsaved-edit journal: %s failed: %s", doing, exc)
            if not self._failed:
                self._failed = True
                self.screen.notify(
                    f"Unsaved edits are not journaled ({exc}); save them with ctrl+s.",
                    severity="warning",
                    markup=False,
                )
            return None

    # -- writing --------------------------------------------------------------------------

    def changed(self) -> None:
        """An editor changed: note what differs now, write it after a short quiet time."""
        draft = self.screen.draft
        if draft is None:
            return
        self._pending = (draft.base, draft.to_json())
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(JOURNAL_DEBOUNCE_S, self.sync)

    def flush(self) -> None:
        """Write now if a change is pending (leaving the screen, quitting)."""
        if self._timer is not None:
            self._timer.stop()
        self.sync()

    def sync(self) -> None:
        """Journal the pending fields that differ from the stored version (none: forget)."""
        self._timer = None
        pending, self._pending = self._pending, None
        if pending is None:
            return
        base, fields = pending
        key = (base.dataset_name, base.id)
        if self.offering == key:
            return
        self._call("record", lambda journal, user: journal.record(user, *key, base.etag, fields))

    def forget(self, item: GroundTruthItem | None) -> None:
        if item is not None:
            key = (item.dataset_name, item.id)
            self._call("forget", lambda journal, user: journal.forget(user, *key))

    def done(self, item: GroundTruthItem | None) -> None:
        """The edits were stored by a decision, or discarded: drop the pending write and
        the row."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending = None
        self.forget(item)

    def before_show(self, item: GroundTruthItem) -> None:
        """Called as the screen starts showing `item`: write what is pending for the item
        shown so far; arriving at another item, offer a row an earlier run left."""
        old = self.screen.shown
        self.flush()
        if old is None or (old.dataset_name, old.id) != (item.dataset_name, item.id):
            self.offer_restore(item)

    # -- restoring ------------------------------------------------------------------------

    def offer_restore(self, item: GroundTruthItem) -> None:
        """If an earlier run left edits of `item`, ask whether to put them back."""
        key = (item.dataset_name, item.id)
        if self.offering == key:
            return
        entry = self._call("find", lambda journal, user: journal.find(user, *key))
        if entry is None:
            return
        try:
            restored = ItemDraft.of(item).with_json(entry.fields)
        except (ValidationError, TypeError):
            log.warning("unsaved edits of %s could not be read back; not offered", item.id)
            return
        if not restored.dirty:
            self.forget(item)  # nothing left to restore (saved elsewhere, or reverted)
            return
        self.offering = key

        async def answered(restore: bool | None) -> None:
            self.offering = None
            screen = self.screen
            draft = screen.draft
            if draft is None or (draft.base.dataset_name, draft.base.id) != key:
                return
            if restore:
                await screen.show_item(draft.base, draft.with_json(entry.fields))
                self.flush()
                screen.notify("Restored your unsaved edits; ctrl+s saves them.", markup=False)
            else:
                self.forget(draft.base)

        self.screen.app.push_screen(
            ConfirmScreen(
                "Restore unsaved edits?",
                restore_text(entry, restored, self._app.now()),
                confirm_label="Restore",
            ),
            answered,
        )
