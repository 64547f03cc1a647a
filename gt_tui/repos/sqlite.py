"""SQLite repository: the durable default, safe for several processes on one file.

Design:
- One worker thread per repo owns the only connection, so the connection is never
  shared between threads and blocking calls stay off the event loop.
- WAL mode (readers never block the writer), busy_timeout for waiting on other
  processes, synchronous=NORMAL (a power cut may lose the last commits, never corrupt).
- Every conditional write is a single compare-and-set statement (UPDATE/DELETE ... WHERE
  etag = ?, INSERT ... ON CONFLICT DO NOTHING) inside a BEGIN IMMEDIATE transaction, so
  of several processes holding the same etag exactly one wins; the loser's statement
  changes no row and the same transaction then reads why (missing or changed).
- A caller cancelled while its write runs does not cancel the write: it may still commit.
"""

from __future__ import annotations

import asyncio
import builtins
import contextlib
import os
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from gt_tui.domain.counts import CountField, GroupCounts
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    BackendUnusableError,
    ConcurrencyError,
    NotFoundError,
)
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos import sqlite_counts, sqlite_instructions, sqlite_tags
from gt_tui.repos.base import ItemPage, ItemQuery
from gt_tui.repos.filtering import cursor_after
from gt_tui.repos.sqlite_query import count_sql, page_sql
from gt_tui.repos.sqlite_schema import (
    INDEX_COLUMNS,
    SchemaVersionError,
    delete_side_rows,
    index_row,
    item_json,
    migrate,
    write_side_rows,
)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
OPEN_RETRY_S = 30.0
"""How long opening keeps retrying when another process holds the file mid-setup."""

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


class SqliteGroundTruthRepo:
    """GroundTruthRepo on one SQLite file (created, with its parent folder, if missing)."""

    backend_name = "sqlite"

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = Path(path).expanduser()
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gt-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._atomic = False

    # -- worker-thread side -------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """The worker's connection, opened and migrated on first use."""
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Switching a fresh file to WAL can answer "database is locked" at once,
            # without waiting on busy_timeout, while another process does the same.
            deadline = time.monotonic() + OPEN_RETRY_S
            delay = 0.01
            while True:
                try:
                    self._conn = self._open_connection()
                    break
                except sqlite3.OperationalError as exc:
                    locked = "locked" in str(exc) or "busy" in str(exc)
                    if not locked or time.monotonic() >= deadline:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
        return self._conn

    def _open_connection(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn, str(self.path))
        except BaseException:
            conn.close()
            raise
        return conn

    def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._connection()
        if self._atomic:
            return self._write_in_savepoint(conn, work)
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one read transaction: its statements see one snapshot."""
        conn = self._connection()
        if conn.in_transaction:  # inside atomic(): its transaction is the snapshot
            return work(conn)
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def _write_in_savepoint(self, conn: sqlite3.Connection, work: Callable[..., T]) -> T:
        """One write inside atomic(): a savepoint, so a refused write undoes only itself."""
        if not conn.in_transaction:  # SQLite ended it (disk full rolls back everything)
            raise BackendUnavailableError(
                f"sqlite {self.path}: the import transaction was rolled back by SQLite"
            )
        conn.execute("SAVEPOINT gt_write")
        try:
            result = work(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK TO gt_write")
                conn.execute("RELEASE gt_write")
            raise
        conn.execute("RELEASE gt_write")
        return result

    def _create_many_sync(
        self, rows: builtins.list[tuple[GroundTruthItem, dict[str, Any]]]
    ) -> builtins.list[AlreadyExistsError | None]:
        """Insert every row in one transaction; per row None, or AlreadyExistsError when
        (dataset_name, id) is taken (INSERT ... ON CONFLICT DO NOTHING is the per-item
        compare-and-set: a concurrent curator's item is never overwritten)."""

        def work(conn: sqlite3.Connection) -> builtins.list[AlreadyExistsError | None]:
            outcomes: builtins.list[AlreadyExistsError | None] = []
            for new, values in rows:
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
                outcomes.append(None)
            return outcomes

        return self._write(work)

    def _begin_atomic_sync(self) -> None:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        self._atomic = True

    def _end_atomic_sync(self, commit: bool) -> None:
        self._atomic = False
        conn = self._connection()
        if not conn.in_transaction:
            if commit:
                raise BackendUnavailableError(
                    f"sqlite {self.path}: the transaction was rolled back by SQLite; "
                    "nothing was written"
                )
            return
        conn.execute("COMMIT" if commit else "ROLLBACK")

    def _current(
        self, conn: sqlite3.Connection, dataset_name: str, item_id: str
    ) -> GroundTruthItem | None:
        row = conn.execute(
            "SELECT doc FROM items WHERE dataset_name = ? AND id = ?", (dataset_name, item_id)
        ).fetchone()
        return _load(row[0]) if row else None

    def _upsert_sync(
        self, item: GroundTruthItem, new: GroundTruthItem, values: dict[str, Any]
    ) -> GroundTruthItem:
        """Write `new` (item with its new etag, serialised in `values`) if item's etag holds."""
        where = f"{item.dataset_name}/{item.id}"

        def work(conn: sqlite3.Connection) -> GroundTruthItem:
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
            return new

        return self._write(work)

    def _delete_sync(self, dataset_name: str, item_id: str, etag: str | None) -> None:
        def work(conn: sqlite3.Connection) -> None:
            row = None
            if etag is not None:
                row = conn.execute(
                    "DELETE FROM items WHERE dataset_name = ? AND id = ? AND etag = ? RETURNING pk",
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

        self._write(work)

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

        rows, total = self._read(work)  # one snapshot for the page and its count
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
        rows = self._read(lambda conn: conn.execute(sql + " ORDER BY id", params).fetchall())
        return [_load(row[0]) for row in rows]

    def _close_sync(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- event-loop side ----------------------------------------------------------------

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise BackendUnavailableError(f"sqlite repository {self.path} is closed")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, fn, *args)
        except SchemaVersionError:
            raise
        except (sqlite3.OperationalError, OSError) as exc:
            if "readonly" in str(exc):
                raise BackendUnavailableError(self._read_only_message()) from exc
            raise BackendUnavailableError(f"sqlite {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise
            raise self._database_error(exc) from exc

    async def tag_registry(self) -> builtins.list[str]:
        return await self._run(lambda: self._read(sqlite_tags.read_registry))

    async def add_to_tag_registry(self, tags: Iterable[str]) -> builtins.list[str]:
        wanted = builtins.list(tags)
        return await self._run(
            lambda: self._write(lambda conn: sqlite_tags.add_to_registry(conn, wanted))
        )

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        return await self._run(
            lambda: self._read(
                lambda conn: sqlite_instructions.read_instructions(conn, dataset_name)
            )
        )

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        wanted = doc.model_copy(deep=True)
        return await self._run(
            lambda: self._write(lambda conn: sqlite_instructions.write_instructions(conn, wanted))
        )

    async def get(self, dataset_name: str, item_id: str) -> GroundTruthItem | None:
        return await self._run(
            lambda: self._read(lambda conn: self._current(conn, dataset_name, item_id))
        )

    async def list(
        self, dataset_name: str, status: GroundTruthStatus | None = None
    ) -> builtins.list[GroundTruthItem]:
        return await self._run(self._list_sync, dataset_name, status)

    async def upsert(self, item: GroundTruthItem) -> GroundTruthItem:
        # Copy and serialise on the caller's side, before any await: a task that changes
        # the argument while the write waits for the worker cannot change what is written.
        new = item.model_copy(deep=True, update={"etag": f'"{uuid.uuid4()}"'})
        values = index_row(new, item_json(new))
        values.update(dataset_name=new.dataset_name, id=new.id, expected_etag=item.etag)
        return await self._run(self._upsert_sync, item.model_copy(), new, values)

    async def delete(self, dataset_name: str, item_id: str, etag: str | None) -> None:
        await self._run(self._delete_sync, dataset_name, item_id, etag)

    import_batch_size = 500
    """Items per create_many transaction: large enough that the per-commit cost vanishes,
    small enough that other processes wait for the write lock only briefly."""

    async def create_many(
        self, items: Iterable[GroundTruthItem]
    ) -> builtins.list[AlreadyExistsError | None]:
        """Create every item (each has etag None) in one transaction; see _create_many_sync.
        The stored copies are not returned (callers of a batch do not need them)."""
        rows = []
        for item in items:
            new = item.model_copy(update={"etag": f'"{uuid.uuid4()}"'})
            values = index_row(new, item_json(new))
            values.update(dataset_name=new.dataset_name, id=new.id, expected_etag=None)
            rows.append((new, values))
        return await self._run(self._create_many_sync, rows)

    @contextlib.asynccontextmanager
    async def atomic(self) -> AsyncIterator[None]:
        """Every write inside commits together at the end, or none does (an error, or a
        cancel, rolls back). Holds the file's write lock throughout: other processes wait
        (busy_timeout) until it ends. Writes inside must come from one task at a time."""
        await self._run(self._begin_atomic_sync)
        try:
            yield
        except BaseException:
            await asyncio.shield(self._run(self._end_atomic_sync, False))
            raise
        await self._run(self._end_atomic_sync, True)

    async def query(self, query: ItemQuery) -> ItemPage:
        return await self._run(self._query_sync, query)

    async def count_groups(self, query: ItemQuery, fields: tuple[CountField, ...]) -> GroupCounts:
        return await self._run(
            lambda: self._read(lambda conn: sqlite_counts.count_groups(conn, query, fields))
        )

    async def health(self) -> None:
        """Readable, and writable: a read-only file reads fine but refuses every save, so
        health says so up front instead of on the curator's first save."""
        await self._run(lambda: self._read(lambda conn: conn.execute("SELECT 1").fetchone()))
        if not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK):
            raise BackendUnavailableError(self._read_only_message())

    def _database_error(self, exc: sqlite3.DatabaseError) -> BackendUnavailableError:
        """A file that is not a database, or a damaged one, stays so however often it is
        retried: BackendUnusableError, which names the file and what to check."""
        reason = str(exc)
        if "not a database" in reason:
            return BackendUnusableError(
                f"{self.path} is not a SQLite database (check --sqlite-path or GT_SQLITE_PATH)"
            )
        if "malformed" in reason:
            return BackendUnusableError(
                f"{self.path} is damaged ({reason}); restore it from a backup or an export"
            )
        return BackendUnavailableError(f"sqlite {self.path}: {reason}")

    def _read_only_message(self) -> str:
        return (
            f"sqlite {self.path} is read-only: reading works, writes are refused "
            "(check the file's and folder's permissions)"
        )

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True  # refuse new calls; those already queued run before the close
        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._close_sync)
        finally:
            self._executor.shutdown(wait=False)
