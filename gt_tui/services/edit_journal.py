"""A local journal of a curator's unsaved edits, so a crash, a kill or a quit loses none.

One small SQLite file (GT_EDIT_JOURNAL_PATH, in the user state directory), one row per
(user, dataset, item): the fields changed against the stored version the editors started
from, its etag, and when they were written. The item screen writes it on each change
(debounced) and removes the row when the edits are saved or discarded; opening the item
again offers to restore a row that is left. Each call opens and closes the file, and
every write is its own committed transaction, so a killed process leaves either the
previous row or the new one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gt_tui.repos.private_files import create_private
from gt_tui.services.clock import Clock, system_clock

if TYPE_CHECKING:
    import sqlite3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unsaved_edits (
    user_id TEXT NOT NULL,
    dataset_name TEXT NOT NULL,
    item_id TEXT NOT NULL,
    base_etag TEXT,
    fields TEXT NOT NULL,
    written_at TEXT NOT NULL,
    PRIMARY KEY (user_id, dataset_name, item_id)
)
"""


@dataclass(frozen=True)
class JournalEntry:
    user_id: str
    dataset_name: str
    item_id: str
    base_etag: str | None
    """The stored version the edits were made against."""
    fields: dict[str, Any]
    """Changed field name -> the curator's value (JSON values)."""
    written_at: datetime


class EditJournal:
    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or system_clock

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection | None]:
        if not create and not self.path.exists():
            yield None
            return
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            create_private(self.path)
        import sqlite3  # on first use: off the start path (the app builds its journal there)

        with closing(sqlite3.connect(self.path, timeout=2.0, isolation_level=None)) as conn:
            conn.execute(_SCHEMA)
            yield conn

    def record(
        self,
        user_id: str,
        dataset_name: str,
        item_id: str,
        base_etag: str | None,
        fields: dict[str, Any],
    ) -> None:
        """Replace the item's row with these changed fields (an empty dict forgets it)."""
        if not fields:
            self.forget(user_id, dataset_name, item_id)
            return
        with self._connect(create=True) as conn:
            assert conn is not None
            conn.execute(
                "INSERT OR REPLACE INTO unsaved_edits "
                "(user_id, dataset_name, item_id, base_etag, fields, written_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    dataset_name,
                    item_id,
                    base_etag,
                    json.dumps(fields, ensure_ascii=False),
                    self._clock().isoformat(),
                ),
            )

    def find(self, user_id: str, dataset_name: str, item_id: str) -> JournalEntry | None:
        with self._connect(create=False) as conn:
            if conn is None:
                return None
            row = conn.execute(
                "SELECT base_etag, fields, written_at FROM unsaved_edits "
                "WHERE user_id = ? AND dataset_name = ? AND item_id = ?",
                (user_id, dataset_name, item_id),
            ).fetchone()
        if row is None:
            return None
        try:
            fields = json.loads(row[1])
            written_at = datetime.fromisoformat(row[2])
        except ValueError:
            return None  # an unreadable row is not offered (it is replaced on next edit)
        if not isinstance(fields, dict):
            return None
        return JournalEntry(user_id, dataset_name, item_id, row[0], fields, written_at)

    def forget(self, user_id: str, dataset_name: str, item_id: str) -> None:
        with self._connect(create=False) as conn:
            if conn is not None:
                conn.execute(
                    "DELETE FROM unsaved_edits "
                    "WHERE user_id = ? AND dataset_name = ? AND item_id = ?",
                    (user_id, dataset_name, item_id),
                )

    def entries(self, user_id: str) -> list[JournalEntry]:
        """Every journaled item of the user (oldest first)."""
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            keys = conn.execute(
                "SELECT dataset_name, item_id FROM unsaved_edits WHERE user_id = ? "
                "ORDER BY written_at",
                (user_id,),
            ).fetchall()
        found = [self.find(user_id, dataset, item_id) for dataset, item_id in keys]
        return [entry for entry in found if entry is not None]
