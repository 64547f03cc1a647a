"""One SQLite file behind one worker thread: the connection, its transactions, and what
its errors mean to a curator (split from repos/sqlite.py, which holds the item logic).

- The worker thread owns the only connection, so it is never shared between threads and
  blocking calls stay off the event loop.
- WAL mode (readers never block the writer), busy_timeout for waiting on other
  processes, synchronous=NORMAL (a power cut may lose the last commits, never corrupt).
- A caller cancelled while its write runs does not cancel the write: it may still commit.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from gt_tui.domain.errors import BackendUnavailableError, BackendUnusableError
from gt_tui.repos.private_files import create_private
from gt_tui.repos.sqlite_schema import SchemaVersionError, migrate

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
OPEN_RETRY_S = 30.0
"""How long opening keeps retrying when another process holds the file mid-setup."""


class SqliteConnection:
    """The file's connection on its worker thread: `run` (event loop side) sends work to
    the thread; `read` / `write` (thread side) wrap it in one transaction."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gt-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._atomic = False

    # -- worker-thread side -------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """The worker's connection, opened and migrated on first use."""
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            create_private(self.path)
            # Switching a fresh file to WAL can answer "database is locked" at once,
            # without waiting on busy_timeout, while another process does the same.
            deadline = time.monotonic() + OPEN_RETRY_S
            delay = 0.01
            while True:
                try:
                    self._conn = self._openconnection()
                    break
                except sqlite3.OperationalError as exc:
                    locked = "locked" in str(exc) or "busy" in str(exc)
                    if not locked or time.monotonic() >= deadline:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 0.5)
        return self._conn

    def _openconnection(self) -> sqlite3.Connection:
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

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        conn = self.connection()
        if self._atomic:
            return self.write_in_savepoint(conn, work)
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one read transaction: its statements see one snapshot."""
        conn = self.connection()
        if conn.in_transaction:  # inside atomic(): its transaction is the snapshot
            return work(conn)
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def write_in_savepoint(self, conn: sqlite3.Connection, work: Callable[..., T]) -> T:
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

    def begin_atomic(self) -> None:
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        self._atomic = True

    def end_atomic(self, commit: bool) -> None:
        self._atomic = False
        conn = self.connection()
        if not conn.in_transaction:
            if commit:
                raise BackendUnavailableError(
                    f"sqlite {self.path}: the transaction was rolled back by SQLite; "
                    "nothing was written"
                )
            return
        conn.execute("COMMIT" if commit else "ROLLBACK")

    def close_sync(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- event-loop side ----------------------------------------------------------------

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise BackendUnavailableError(f"sqlite repository {self.path} is closed")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, fn, *args)
        except SchemaVersionError:
            raise
        except (sqlite3.OperationalError, OSError) as exc:
            if "readonly" in str(exc):
                raise BackendUnavailableError(self.read_only_message()) from exc
            raise BackendUnavailableError(f"sqlite {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                raise
            raise self.database_error(exc) from exc

    def database_error(self, exc: sqlite3.DatabaseError) -> BackendUnavailableError:
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

    def read_only_message(self) -> str:
        return (
            f"sqlite {self.path} is read-only: reading works, writes are refused "
            "(check the file's and folder's permissions)"
        )

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True  # refuse new calls; those already queued run before the close
        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, self.close_sync)
        finally:
            self._executor.shutdown(wait=False)
