"""SQLite schema: versioned migrations and the columns derived from an item.

The JSON document (`items.doc`) is the source of truth; every other column and the side
tables (`item_tags`, `item_ref_urls`, `item_search`, `ref_urls`) are derived from it by
`index_row` / `write_side_rows`, so a migration that adds a query column can always
backfill it from the documents.

`PRAGMA user_version` holds the schema version. MIGRATIONS[i] upgrades version i to
i + 1; never edit a released migration, append a new one (a step that changes derived
data sets reindex=True: the documents are re-indexed once, after the last step).
Opening a file whose version is newer than len(MIGRATIONS) fails with SchemaVersionError
instead of guessing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from gt_tui.domain.errors import BackendUnusableError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.questions import question_key
from gt_tui.domain.review import review_state
from gt_tui.repos.filtering import (
    has_answer,
    history_text,
    item_ref_urls,
    item_tool_names,
    sortable_utc,
    tool_call_count,
)
from gt_tui.repos.sqlite_history import v9_revisions_table


class SchemaVersionError(BackendUnusableError):
    """The database file was written by a newer gt-tui (its schema version is unknown)."""


# Columns written on every insert/update besides the key (dataset_name, id).
INDEX_COLUMNS = (
    "etag",
    "doc",
    "status",
    "assigned_to",
    "updated_by",
    "updated_at",
    "reviewed_at",
    "total_references",
    "tag_count",
    "sample_key",
    "question_key",
    "search_synth",
    "search_edited",
    "search_answer",
    "search_history",
    "has_answer",
    "shape",
    "tool_call_count",
    "review_state",
)


def item_json(item: GroundTruthItem) -> str:
    """The stored document: item.to_doc() as compact JSON (non-ASCII kept as is)."""
    return doc_json(item.to_doc())


def doc_json(doc: dict[str, object]) -> str:
    """A document (item.to_doc()) as the stored compact JSON."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def index_row(item: GroundTruthItem, doc: str) -> dict[str, object]:
    """Values of INDEX_COLUMNS for an item whose stored document is `doc`.

    Timestamps are fixed-width UTC text (a missing reviewed_at is "", so keyset order is
    total); search_* hold casefolded text so a case-insensitive search is a plain instr().
    """
    return {
        "etag": item.etag,
        "doc": doc,
        "status": item.status.value,
        "assigned_to": item.assigned_to,
        "updated_by": item.updated_by,
        "updated_at": sortable_utc(item.updated_at),
        "reviewed_at": sortable_utc(item.reviewed_at),
        "total_references": item.total_references,
        "tag_count": len(item.tags),
        "sample_key": item.sample_key,
        "question_key": question_key(item),
        "search_synth": (item.synth_question or "").casefold(),
        "search_edited": (item.edited_question or "").casefold(),
        "search_answer": (item.answer_text or "").casefold(),
        "search_history": history_text(item).casefold(),
        "has_answer": has_answer(item),
        "shape": item.shape,
        "tool_call_count": tool_call_count(item),
        "review_state": review_state(item),
    }


def write_side_rows(conn: sqlite3.Connection, pk: int, item: GroundTruthItem) -> None:
    """Replace the tag and reference-url rows of item row `pk`."""
    delete_side_rows(conn, pk)
    conn.executemany(
        "INSERT INTO item_tags (item_pk, tag) VALUES (?, ?)", [(pk, tag) for tag in item.tags]
    )
    urls = sorted(item_ref_urls(item))
    conn.executemany(
        "INSERT INTO item_ref_urls (item_pk, url) VALUES (?, ?)", [(pk, url) for url in urls]
    )
    add_ref_urls(conn, urls)
    conn.executemany(
        "INSERT INTO item_tools (item_pk, name) VALUES (?, ?)",
        [(pk, name) for name in sorted(item_tool_names(item))],
    )
    conn.execute("DELETE FROM item_search WHERE rowid = ?", (pk,))
    conn.execute(
        "INSERT INTO item_search (rowid, synth, edited, answer, history) VALUES (?, ?, ?, ?, ?)",
        (
            pk,
            _searchable(item.synth_question),
            _searchable(item.edited_question),
            _searchable(item.answer_text),
            _searchable(history_text(item)),
        ),
    )


def _searchable(text: str | None) -> str:
    """Casefolded text for the trigram index. FTS5 stops reading at NUL, so NUL becomes
    U+FFFD: no needle sent to the index holds NUL, and instr() re-checks every candidate."""
    return (text or "").casefold().replace("\x00", "\ufffd")


def add_ref_urls(conn: sqlite3.Connection, urls: list[str]) -> None:
    """Record URLs in the distinct-URL table and its trigram index (a URL part search reads
    these instead of every item's references). Rows are never removed: a URL no item has
    any more matches no item_ref_urls row, so it only costs its index entry."""
    for url in urls:
        row = conn.execute(
            "INSERT INTO ref_urls (url) VALUES (?) ON CONFLICT (url) DO NOTHING RETURNING pk",
            (url,),
        ).fetchone()
        if row is not None:
            conn.execute(
                "INSERT INTO ref_url_search (rowid, url) VALUES (?, ?)",
                (row[0], url.replace("\x00", "\ufffd")),  # FTS5 stops reading at NUL
            )


def delete_side_rows(conn: sqlite3.Connection, pk: int) -> None:
    for table, column in (
        ("item_tags", "item_pk"),
        ("item_ref_urls", "item_pk"),
        ("item_tools", "item_pk"),
        ("item_search", "rowid"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (pk,))  # noqa: S608 - fixed names


def _v1_core_table(conn: sqlite3.Connection) -> None:
    """Version 1: one row per item, keyed by (dataset_name, id), document plus etag."""
    conn.execute(
        """
        CREATE TABLE items (
            pk INTEGER PRIMARY KEY,
            dataset_name TEXT NOT NULL,
            id TEXT NOT NULL,
            etag TEXT NOT NULL,
            doc TEXT NOT NULL,
            UNIQUE (dataset_name, id)
        )
        """
    )


def _v2_query_columns(conn: sqlite3.Connection) -> None:
    """Version 2: indexed columns and side tables for every ItemQuery filter and sort."""
    for ddl in (
        "status TEXT NOT NULL DEFAULT 'draft'",
        "assigned_to TEXT",
        "updated_by TEXT",
        "updated_at TEXT NOT NULL DEFAULT ''",
        "reviewed_at TEXT NOT NULL DEFAULT ''",
        "total_references INTEGER NOT NULL DEFAULT 0",
        "tag_count INTEGER NOT NULL DEFAULT 0",
        "sample_key REAL NOT NULL DEFAULT 0",
        "search_synth TEXT NOT NULL DEFAULT ''",
        "search_edited TEXT NOT NULL DEFAULT ''",
        "search_answer TEXT NOT NULL DEFAULT ''",
    ):
        conn.execute(f"ALTER TABLE items ADD COLUMN {ddl}")
    conn.execute(
        "CREATE TABLE item_tags (item_pk INTEGER NOT NULL, tag TEXT NOT NULL, "
        "PRIMARY KEY (item_pk, tag)) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE item_ref_urls (item_pk INTEGER NOT NULL, url TEXT NOT NULL, "
        "PRIMARY KEY (item_pk, url)) WITHOUT ROWID"
    )
    for name, columns in (
        ("item_tags_by_tag", "item_tags (tag, item_pk)"),
        ("item_ref_urls_by_url", "item_ref_urls (url, item_pk)"),
        ("items_by_id", "items (id, dataset_name)"),
        ("items_by_assignee", "items (assigned_to)"),
        ("items_by_status", "items (status, dataset_name)"),
        ("items_by_updated_at", "items (updated_at, id, dataset_name)"),
        ("items_by_reviewed_at", "items (reviewed_at, id, dataset_name)"),
        ("items_by_total_references", "items (total_references, id, dataset_name)"),
        ("items_by_tag_count", "items (tag_count, id, dataset_name)"),
        ("items_by_sample_key", "items (sample_key, id, dataset_name)"),
    ):
        conn.execute(f"CREATE INDEX {name} ON {columns}")


def _v3_text_search_index(conn: sqlite3.Connection) -> None:
    """Version 3: a trigram full-text index over the casefolded question/answer text, so a
    text filter reads candidate rows instead of scanning every item."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS item_search USING fts5("
        "synth, edited, answer, tokenize = 'trigram case_sensitive 1')"
    )


def _v4_history_search_and_has_answer(conn: sqlite3.Connection) -> None:
    """Version 4: text search covers history messages (a fourth trigram column, so the
    index is rebuilt) and a has_answer sort column with its index."""
    conn.execute("ALTER TABLE items ADD COLUMN search_history TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE items ADD COLUMN has_answer INTEGER NOT NULL DEFAULT 0")
    conn.execute("CREATE INDEX items_by_has_answer ON items (has_answer, id, dataset_name)")
    conn.execute("DROP TABLE IF EXISTS item_search")
    conn.execute(
        "CREATE VIRTUAL TABLE item_search USING fts5("
        "synth, edited, answer, history, tokenize = 'trigram case_sensitive 1')"
    )


def _v5_question_key(conn: sqlite3.Connection) -> None:
    """Version 5: the normalized-question hash, indexed in id order (duplicate lookups)."""
    conn.execute("ALTER TABLE items ADD COLUMN question_key TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX items_by_question_key ON items (question_key, id, dataset_name)")


def _v6_curation_instructions(conn: sqlite3.Connection) -> None:
    """Version 6: per-dataset curation instructions (gt_tui/repos/sqlite_instructions.py)."""
    conn.execute(
        "CREATE TABLE curation_instructions ("
        "dataset_name TEXT PRIMARY KEY, etag TEXT NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID"
    )


def _v7_reference_url_index(conn: sqlite3.Connection) -> None:
    """Version 7: the distinct reference URLs with a trigram index, so a URL part search
    reads the matching URLs' items through item_ref_urls' url index instead of testing
    every reference of every item. Filled from item_ref_urls (no re-index needed)."""
    conn.execute("CREATE TABLE ref_urls (pk INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE)")
    conn.execute(
        "CREATE VIRTUAL TABLE ref_url_search USING fts5("
        "url, content = '', tokenize = 'trigram case_sensitive 1')"
    )
    urls = [row[0] for row in conn.execute("SELECT DISTINCT url FROM item_ref_urls ORDER BY url")]
    add_ref_urls(conn, urls)


def _v8_agentic_items(conn: sqlite3.Connection) -> None:
    """Version 8 (agentic items, GTC 2.x): the item's shape, its tool-call count (a sort,
    indexed) and the tool names it called or requires (a side table for the tool filter)."""
    conn.execute("ALTER TABLE items ADD COLUMN shape TEXT NOT NULL DEFAULT 'rag'")
    conn.execute("ALTER TABLE items ADD COLUMN tool_call_count INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "CREATE INDEX items_by_tool_call_count ON items (tool_call_count, id, dataset_name)"
    )
    conn.execute(
        "CREATE TABLE item_tools (item_pk INTEGER NOT NULL, name TEXT NOT NULL, "
        "PRIMARY KEY (item_pk, name)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX item_tools_by_name ON item_tools (name, item_pk)")


def reindex_all(conn: sqlite3.Connection, batch: int = 500) -> None:
    """Recompute every derived column and side row from the stored documents.

    Reads in primary-key batches so a large file is never loaded into memory at once.
    """
    assignments = ", ".join(f"{column} = :{column}" for column in INDEX_COLUMNS)
    update = f"UPDATE items SET {assignments} WHERE pk = :pk"  # noqa: S608 - fixed column names
    last_pk = -1
    while True:
        rows = conn.execute(
            "SELECT pk, doc, etag FROM items WHERE pk > ? ORDER BY pk LIMIT ?", (last_pk, batch)
        ).fetchall()
        if not rows:
            return
        for pk, doc, etag in rows:
            item = GroundTruthItem.model_validate_json(doc).model_copy(update={"etag": etag})
            conn.execute(update, {**index_row(item, doc), "pk": pk})
            write_side_rows(conn, pk, item)
        last_pk = rows[-1][0]


@dataclass(frozen=True)
class Migration:
    """One schema step. `upgrade` changes the schema (DDL, and may fill a new table from
    the other tables, never from the documents); `reindex` says derived
    columns or side tables changed, so they are rebuilt from the documents once, after
    the last step, by the current code (which writes every current side table)."""

    upgrade: Callable[[sqlite3.Connection], None]
    reindex: bool


MIGRATIONS: list[Migration] = [
    Migration(_v1_core_table, reindex=False),
    Migration(_v2_query_columns, reindex=True),
    Migration(_v3_text_search_index, reindex=True),
    Migration(_v4_history_search_and_has_answer, reindex=True),
    Migration(_v5_question_key, reindex=True),
    Migration(_v6_curation_instructions, reindex=False),
    Migration(_v7_reference_url_index, reindex=False),
    Migration(_v8_agentic_items, reindex=True),
    Migration(v9_revisions_table, reindex=False),  # item history (sqlite_history.py)
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: str, target: int = SCHEMA_VERSION) -> None:
    """Bring the file up to `target` in one write transaction (safe if processes race).

    The version is re-read after taking the write lock, so a process that lost the race
    sees the upgraded file and does nothing. A `target` below SCHEMA_VERSION (tests that
    build an old file) runs the DDL steps only.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == target:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{path}: schema version {version} is newer than this gt-tui supports "
                f"({SCHEMA_VERSION}); upgrade gt-tui to open this file"
            )
        steps = MIGRATIONS[version:target]
        for step in steps:
            step.upgrade(conn)
        if target == SCHEMA_VERSION and any(step.reindex for step in steps):
            reindex_all(conn)
        conn.execute(f"PRAGMA user_version = {int(max(version, target))}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
