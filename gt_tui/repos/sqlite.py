"""SQLite repository: the durable default, safe for several processes on one file.

Design:
- One worker thread per repo owns the only connection (sqlite_connection.py: WAL,
  busy_timeout, transactions, what errors mean).
- Every conditional write is a single compare-and-set statement (UPDATE/DELETE ... WHERE
  etag = ?, INSERT ... ON CONFLICT DO NOTHING) inside a BEGIN IMMEDIATE transaction, so
  of several processes holding the same etag exactly one wins; the loser's statement
  changes no row and the same transaction then reads why (missing or changed).
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import json
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any, TypeVar

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    NotFoundError,
)
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import Revision, RevisionQuery, WriteNote
from gt_tui.repos import sqlite_counts, sqlite_history, sqlite_instructions, sqlite_tags
from gt_tui.repos.base import ItemPage, ItemQuery
from gt_tui.repos.filtering import cursor_after
from gt_tui.repos.sqlite_connection import BUSY_TIMEOUT_MS, SqliteConnection
from gt_tui.repos.sqlite_query import count_sql, page_sql
from gt_tui.repos.sqlite_schema import (
    INDEX_COLUMNS,
    delete_side_rows,
    doc_json,
    index_row,
    write_side_rows,
)

T = TypeVar("T")


_INSERT_SQL = (
    f"INSERT INTO items (dataset_name, id, {', '.join(INDEX_COLUMNS)}) "  # noqa: S608 - fixed columns
    f"VALUES (:dataset_name, :id, {', '.join(':' + c for c in INDEX_COLUMNS)}) "
    "ON CONFLICT (dataset_name, id) DO NOTHING RETURNING pk"
)
_UPDATE_SQL = (
    f"UPDATE items SET {', '.join(f'{c} = :{c}' for c in INDEX_COLUMNS)} "  # noqa: S608 - fixed columns
    "WHERE dataset_name = :dataset_name AND id = :id AND etag = :expected_etag RETURNING pk"
)


def _load(doc: str) -> GroundTruthItem:
    return GroundTruthItem.model_validate_json(doc)


_Row = tuple[GroundTruthItem, dict[str, Any], dict[str, Any]]
"""An item to write: the item with its new etag, its column values, its document."""


def _row(new: GroundTruthItem, expected_etag: str | None) -> _Row:
    doc = new.to_doc()
    values = index_row(new, doc_json(doc))
    values.update(dataset_name=new.dataset_name, id=new.id, expected_etag=expected_etag)
    return new, values, doc


class SqliteGroundTruthRepo:
    """GroundTruthRepo on one SQLite file (created, with its parent folder, if missing)."""

    backend_name = "sqlite"

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path).expanduser()
        self.db = SqliteConnection(self.path, busy_timeout_ms=busy_timeout_ms)
        """The file's connection, worker thread and transactions (sqlite_connection.py)."""

    # -- worker-thread side -------------------------------------------------------------

    def _create_many_sync(
        self, rows: builtins.list[_Row], note: WriteNote | None
    ) -> builtins.list[AlreadyExistsError | None]:
        """Insert every row in one transaction; per row None, or AlreadyExistsError when
        (dataset_name, id) is taken (INSERT ... ON CONFLICT DO NOTHING is the per-item
        compare-and-set: a concurrent curator's item is never overwritten)."""

        def work(conn: sqlite3.Connection) -> builtins.list[AlreadyExistsError | None]:
            outcomes: builtins.list[AlreadyExistsError | None] = []
            for new, values, doc in rows:
                row = conn.execute(_INSERT_SQL, values).fetchone()
                if row is None:
                    where = f"{new.dataset_name}/{new.id}"
                    outcomes.append(
                        AlreadyExistsError(
                            f"item {where} already exists; a write to an existing item "
                            "needs its etag",
                            current=self._current(conn, new.dataset_name, new.id),
                        )
                    )
                    continue
                write_side_rows(conn, row[0], new)
                sqlite_history.record(conn, before=None, after=doc, note=note)
                outcomes.append(None)
            return outcomes

        return self.db.write(work)

    def _current(
        self, conn: sqlite3.Connection, dataset_name: str, item_id: str
    ) -> GroundTruthItem | None:
        row = conn.execute(
            "SELECT doc FROM items WHERE dataset_name = ? AND id = ?", (dataset_name, item_id)
        ).fetchone()
        return _load(row[0]) if row else None

    def _upsert_sync(
        self, item: GroundTruthItem, row_of_new: _Row, note: WriteNote | None
    ) -> GroundTruthItem:
        """Write `new` (item with its new etag, serialised in `values`) if item's etag holds,
        and its revision in the same transaction."""
        where = f"{item.dataset_name}/{item.id}"
        new, values, doc = row_of_new

        def work(conn: sqlite3.Connection) -> GroundTruthItem:
            before = None
            if item.etag is not None:
                before = sqlite_history.stored_doc(conn, item.dataset_name, item.id)
            row = conn.execute(_INSERT_SQL if item.etag is None else _UPDATE_SQL, values).fetchone()
            if row is None:
                current = self._current(conn, item.dataset_name, item.id)
                if item.etag is None:
                    raise AlreadyExistsError(
                        f"item {where} already exists; a write to an existing item needs its etag",
                        current=current,
                    )
                if current is None:
                    raise NotFoundError(f"item {where} not found")
                raise ConcurrencyError(f"item {where} was changed by someone else", current=current)
            write_side_rows(conn, row[0], new)
            sqlite_history.record(conn, before=before, after=doc, note=note)
            return new

        return self.db.write(work)

    def _delete_sync(
        self, dataset_name: str, item_id: str, etag: str | None, note: WriteNote | None
    ) -> None:
        def work(conn: sqlite3.Connection) -> None:
            row = None
            if etag is not None:
                row = conn.execute(
                    "DELETE FROM items WHERE dataset_name = ? AND id = ? AND etag = ? "
                    "RETURNING pk, doc",
                    (dataset_name, item_id, etag),
                ).fetchone()
            if row is None:
                current = self._current(conn, dataset_name, item_id)
                if current is None:
                    raise NotFoundError(f"item {dataset_name}/{item_id} not found")
                raise ConcurrencyError(
                    f"item {dataset_name}/{item_id}: delete needs the current etag",
                    current=current,
                )
            delete_side_rows(conn, row[0])
            sqlite_history.record(conn, before=json.loads(row[1]), after=None, note=note)

        self.db.write(work)

    def _query_sync(self, query: ItemQuery) -> ItemPage:
        uncounted_page = page_sql(query)  # raises ValueError on a bad cursor before any read

        def work(conn: sqlite3.Connection) -> tuple[builtins.list[Any], int]:
            """The count first: how many match decides the page's shape (page_sql)."""
            if not query.include_total:
                return conn.execute(*uncounted_page).fetchall(), -1
            total = conn.execute(*count_sql(query)).fetchone()[0]
            if total == 0:
                return [], 0
            return conn.execute(*page_sql(query, total)).fetchall(), total

        rows, total = self.db.read(work)  # one snapshot for the page and its count
        next_cursor = None
        if len(rows) > query.limit:
            rows = rows[: query.limit]
            _, value, item_id, dataset_name = rows[-1]
            next_cursor = cursor_after(query, value, item_id, dataset_name)
        return ItemPage(items=[_load(row[0]) for row in rows], next_cursor=next_cursor, total=total)

    def _list_sync(
        self, dataset_name: str, status: GroundTruthStatus | None
    ) -> builtins.list[GroundTruthItem]:
        sql = "SELECT doc FROM items WHERE dataset_name = ?"
        params: list[Any] = [dataset_name]
        if status is not None:
            sql += " AND status = ?"
            params.append(status.value)
        rows = self.db.read(lambda conn: conn.execute(sql + " ORDER BY id", params).fetchall())
        return [_load(row[0]) for row in rows]

    async def tag_registry(self) -> builtins.list[str]:
        return await self.db.run(lambda: self.db.read(sqlite_tags.read_registry))

    async def add_to_tag_registry(self, tags: Iterable[str]) -> builtins.list[str]:
        wanted = builtins.list(tags)
        return await self.db.run(
            lambda: self.db.write(lambda conn: sqlite_tags.add_to_registry(conn, wanted))
        )

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        return await self.db.run(
            lambda: self.db.read(
                lambda conn: sqlite_instructions.read_instructions(conn, dataset_name)
            )
        )

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        wanted = doc.model_copy(deep=True)
        return await self.db.run(
            lambda: self.db.write(lambda conn: sqlite_instructions.write_instructions(conn, wanted))
        )

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        return await self.db.run(
            lambda: self.db.read(lambda conn: self._current(conn, dataset_name, item_id))
        )

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> builtins.list[GroundTruthItem]:
        return await self.db.run(self._list_sync, dataset_name, status)

    async def get_many(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], GroundTruthItem]:
        """The stored items of `keys` in one read (batching.get_many; missing ones left out)."""
        rows = await self._docs_of(keys)
        return {(ds, item_id): _load(doc) for ds, item_id, doc in rows}

    async def get_docs(
        self, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """The stored documents of `keys` (batching.get_docs), as stored: no item built."""
        rows = await self._docs_of(keys)
        return {(ds, item_id): json.loads(doc) for ds, item_id, doc in rows}

    async def _docs_of(self, keys: Iterable[tuple[str, str]]) -> builtins.list[Any]:
        wanted = json.dumps([list(key) for key in keys])
        sql = (
            "SELECT dataset_name, id, doc FROM items WHERE (dataset_name, id) IN (SELECT "
            "json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))"
        )
        return await self.db.run(
            lambda: self.db.read(lambda conn: conn.execute(sql, (wanted,)).fetchall())
        )

    async def upsert(
        self, item: GroundTruthItem, *, note: WriteNote | None = None
    ) -> GroundTruthItem:
        # Copy and serialise on the caller's side, before any await: a task that changes
        # the argument while the write waits for the worker cannot change what is written.
        new = item.model_copy(deep=True, update={"etag": f'"{uuid.uuid4()}"'})
        return await self.db.run(self._upsert_sync, item.model_copy(), _row(new, item.etag), note)

    async def delete(
        self, dataset_name: str, item_id: str, etag: str | None, *, note: WriteNote | None = None
    ) -> None:
        await self.db.run(self._delete_sync, dataset_name, item_id, etag, note)

    async def history(self, dataset_name: str, item_id: str) -> builtins.list[Revision]:
        return await self.db.run(
            lambda: self.db.read(
                lambda conn: sqlite_history.item_history(conn, dataset_name, item_id)
            )
        )

    async def revisions(self, query: RevisionQuery) -> builtins.list[Revision]:
        return await self.db.run(
            lambda: self.db.read(lambda conn: sqlite_history.find_revisions(conn, query))
        )

    import_batch_size = 500
    """Items per create_many transaction: large enough that the per-commit cost vanishes,
    small enough that other processes wait for the write lock only briefly."""

    async def create_many(
        self, items: Iterable[GroundTruthItem], *, note: WriteNote | None = None
    ) -> builtins.list[AlreadyExistsError | None]:
        """Create every item (each has etag None) in one transaction; see _create_many_sync.
        The stored copies are not returned (callers of a batch do not need them)."""
        rows = [_row(item.model_copy(update={"etag": f'"{uuid.uuid4()}"'}), None) for item in items]
        return await self.db.run(self._create_many_sync, rows, note)

    @contextlib.asynccontextmanager
    async def atomic(self) -> AsyncIterator[None]:
        """Every write inside commits together at the end, or none does (an error, or a
        cancel, rolls back). Holds the file's write lock throughout: other processes wait
        (busy_timeout) until it ends. Writes inside must come from one task at a time."""
        await self.db.run(self.db.begin_atomic)
        try:
            yield
        except BaseException:
            await asyncio.shield(self.db.run(self.db.end_atomic, False))
            raise
        await self.db.run(self.db.end_atomic, True)

    async def query(self, query: ItemQuery) -> ItemPage:
        return await self.db.run(self._query_sync, query)

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        return await self.db.run(
            lambda: self.db.read(lambda conn: sqlite_counts.count_groups(conn, query, fields))
        )

    async def health(self) -> None:
        """Readable, and writable: a read-only file reads fine but refuses every save, so
        health says so up front instead of on the curator's first save."""
        await self.db.run(lambda: self.db.read(lambda conn: conn.execute("SELECT 1").fetchone()))
        if not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK):
            raise BackendUnavailableError(self.db.read_only_message())

    async def close(self) -> None:
        await self.db.close()
