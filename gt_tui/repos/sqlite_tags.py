"""The global tag registry on SQLite: one table of tags, created on first write (not a
schema migration, so it never competes with item-schema versions)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_CREATE = "CREATE TABLE IF NOT EXISTS tag_registry (tag TEXT PRIMARY KEY) WITHOUT ROWID"


def read_registry(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tag_registry'"
    ).fetchone()
    if not exists:
        return []
    return [row[0] for row in conn.execute("SELECT tag FROM tag_registry ORDER BY tag")]


def add_to_registry(conn: sqlite3.Connection, tags: Iterable[str]) -> list[str]:
    """Run inside a write transaction: the union is atomic across processes."""
    conn.execute(_CREATE)
    conn.executemany(
        "INSERT OR IGNORE INTO tag_registry (tag) VALUES (?)", [(tag,) for tag in set(tags)]
    )
    return read_registry(conn)
