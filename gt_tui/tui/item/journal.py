"""The item screen's side of the unsaved-edit journal (services/edit_journal.py).

Each change restarts a short timer; when it fires, the fields that differ from the stored
version are written (or the row removed when nothing differs). Saving, a decision, or
discarding removes the row. Showing an item that has a row left by an earlier run (a
crash, a kill, a quit while the backend was degraded) offers to restore it, saying what
and when (journal_restore.py). "Not now" keeps the row as it is for later: while this
screen is open it is not replaced by new edits of that item nor removed by a save or a
decision, and it is offered again the next time the item opens; only an explicit, confirmed
discard drops it.
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
from gt_tui.tui.dialogs.confirm import DestructiveConfirmScreen
from gt_tui.tui.item.journal_restore import RestoreAnswer, RestoreEditsScreen
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
    lines += [
        "",
        "Restore puts them back in the editors (not saved yet). Not now keeps them in the "
        "journal, offered again when you open this item; x discards them.",
    ]
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
        self.kept: set[tuple[str, str]] = set()
        """Items whose earlier edits the curator kept for later ("not now"): their rows
        are left as they are."""
        self._kept_told: set[tuple[str, str]] = set()

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
        if key in self.kept:
            self._tell_kept(key, bool(fields))
            return
        self._call("record", lambda journal, user: journal.record(user, *key, base.etag, fields))

    def _tell_kept(self, key: tuple[str, str], edited: bool) -> None:
        """New edits of an item whose earlier ones were kept for later are not journaled
        over them: say so once."""
        if edited and key not in self._kept_told:
            self._kept_told.add(key)
            self.screen.notify(
                f"Your earlier unsaved edits of {one_line(key[1])} stay in the journal for "
                "later, so these new edits are not journaled: ctrl+s saves them.",
                severity="warning",
                markup=False,
            )

    def forget(self, item: GroundTruthItem | None) -> None:
        if item is not None:
            key = (item.dataset_name, item.id)
            if key in self.kept:
                return  # kept for later: only restore or a confirmed discard drops it
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

        async def answered(answer: RestoreAnswer | None) -> None:
            self.offering = None
            screen = self.screen
            draft = screen.draft
            if draft is None or (draft.base.dataset_name, draft.base.id) != key:
                self.kept.add(key)  # moved on meanwhile: nothing is dropped
                return
            if answer == "restore":
                self.kept.discard(key)
                await screen.show_item(draft.base, draft.with_json(entry.fields))
                self.flush()
                screen.notify("Restored your unsaved edits; ctrl+s saves them.", markup=False)
            elif answer == "discard":
                self._confirm_discard(draft.base)
            else:
                self.kept.add(key)
                screen.notify(
                    f"Kept your unsaved edits of {one_line(item.id)} for later: they are "
                    "offered again when you open it.",
                    markup=False,
                )

        self.screen.app.push_screen(
            RestoreEditsScreen(restore_text(entry, restored, self._app.now())), answered
        )

    def _confirm_discard(self, item: GroundTruthItem) -> None:
        """`x` on the offer: drop the journaled edits only after `y` (enter keeps them)."""
        key = (item.dataset_name, item.id)
        self.kept.add(key)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.kept.discard(key)
                self.forget(item)
                self.screen.notify(
                    f"Discarded the unsaved edits of {one_line(item.id)}.", markup=False
                )

        self.screen.app.push_screen(
            DestructiveConfirmScreen(
                "Discard unsaved edits?",
                f"The edits of {one_line(item.id)} kept in the journal are dropped for good.",
                confirm_label="Discard",
            ),
            confirmed,
        )
