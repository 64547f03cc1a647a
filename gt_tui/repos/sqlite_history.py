"""SQLite side of item history: the `revisions` table (schema version 9) and its reads and
writes. Every write goes through `record` on the same connection, inside the transaction
that writes the item, so an item and its revision commit together or not at all."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from gt_tui.domain.revisions import Revision, RevisionQuery, WriteNote, make_revision
from gt_tui.repos.filtering import sortable_utc


def v9_revisions_table(conn: sqlite3.Connection) -> None:
    """Version 9: one row per revision of an item (gt_tui/domain/revisions.py), numbered
    per item; indexed by time (diff, export --as-of), by author (changed by) and by
    operation (review outcomes). And the items' review state (gt_tui/domain/review.py), a
    query column: no stored item had a review record before, so '' is right for all."""
    conn.execute(
        "CREATE TABLE revisions ("
        "pk INTEGER PRIMARY KEY, dataset_name TEXT NOT NULL, item_id TEXT NOT NULL, "
        "number INTEGER NOT NULL, at TEXT NOT NULL, by TEXT, op TEXT NOT NULL, "
        "doc TEXT NOT NULL, UNIQUE (dataset_name, item_id, number))"
    )
    conn.execute("CREATE INDEX revisions_by_at ON revisions (at)")
    conn.execute("CREATE INDEX revisions_by_author ON revisions (by, at)")
    conn.execute("CREATE INDEX revisions_by_op ON revisions (op, at)")
    conn.execute("ALTER TABLE items ADD COLUMN review_state TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "CREATE INDEX items_by_review_state ON items (review_state, reviewed_at, id, dataset_name)"
    )


def stored_doc(conn: sqlite3.Connection, dataset_name: str, item_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT doc FROM items WHERE dataset_name = ? AND id = ?", (dataset_name, item_id)
    ).fetchone()
    return json.loads(row[0]) if row else None


def record(
    conn: sqlite3.Connection,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: WriteNote | None,
) -> Revision:
    """Append the revision of one write (call it inside the write's transaction)."""
    source = after if after is not None else before or {}
    dataset_name, item_id = source["datasetName"], source["id"]
    last = conn.execute(
        "SELECT max(number) FROM revisions WHERE dataset_name = ? AND item_id = ?",
        (dataset_name, item_id),
    ).fetchone()[0]
    revision = make_revision(
        before=before,
        after=after,
        note=note,
        number=(last or 0) + 1,
        prev_etag=before.get("_etag") if before is not None else None,
        etag=after.get("_etag") if after is not None else None,
    )
    conn.execute(
        "INSERT INTO revisions (dataset_name, item_id, number, at, by, op, doc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            dataset_name,
            item_id,
            revision.number,
            sortable_utc(revision.at),
            revision.by,
            revision.op,
            json.dumps(revision.to_doc(), ensure_ascii=False, separators=(",", ":")),
        ),
    )
    return revision


def item_history(conn: sqlite3.Connection, dataset_name: str, item_id: str) -> list[Revision]:
    rows = conn.execute(
        "SELECT doc FROM revisions WHERE dataset_name = ? AND item_id = ? ORDER BY number",
        (dataset_name, item_id),
    ).fetchall()
    return [Revision.model_validate_json(row[0]) for row in rows]


def find_revisions(conn: sqlite3.Connection, query: RevisionQuery) -> list[Revision]:
    """Parameters only; the WHERE clauses come from a fixed list."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.since is not None:
        clauses.append("at >= ?")
        params.append(sortable_utc(query.since))
    if query.until is not None:
        clauses.append("at < ?")
        params.append(sortable_utc(query.until))
    if query.dataset_name is not None:
        clauses.append("dataset_name = ?")
        params.append(query.dataset_name)
    if query.by is not None:
        clauses.append("by = ?")
        params.append(query.by)
    if query.ops:
        clauses.append("op IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(query.ops)))
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = conn.execute(
        f"SELECT doc FROM revisions {where}"  # noqa: S608 - fixed clauses, values are parameters
        "ORDER BY at, dataset_name, item_id, number",
        params,
    ).fetchall()
    return [Revision.model_validate_json(row[0]) for row in rows]
