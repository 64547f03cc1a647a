"""--strict when a write fails, and per-line write failures without --strict.

SQLite: the strict import is one transaction, so a failed write (injected, or a real
"database or disk is full") leaves nothing behind. Backends without transactions across
items (Cosmos, memory): the import stops at the first failing batch, and the summary
lists exactly the lines written and the line to resume from.
"""

from __future__ import annotations

import sqlite3

import pytest

from gt_tui.domain import BackendUnavailableError
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.services.exporting import iter_query, scan_query
from gt_tui.services.importing import ImportService
from tests.backends import FACTORIES, MARKS
from tests.integration.faulty_repos import FailingItemRepo
from tests.integration.jsonl_helpers import doc, jsonl, write


async def stored_ids(repo) -> list[str]:
    return sorted([item.id async for item in iter_query(repo, scan_query(page_size=500))])


async def run(repo, path, **options):
    problems: list[str] = []
    summary = await ImportService(repo, batch_size=options.pop("batch_size", None)).import_file(
        path, on_problem=lambda p: problems.append(p.format("f")), **options
    )
    return summary, problems


def numbered_file(tmp_path, n: int):
    return write(tmp_path / "items.jsonl", jsonl(*(doc(f"i{k:04d}") for k in range(1, n + 1))))


async def test_strict_sqlite_import_rolls_back_everything_when_a_write_fails(tmp_path):
    inner = SqliteGroundTruthRepo(tmp_path / "gt.sqlite3")
    repo = FailingItemRepo(inner, failing={"i0700"})
    try:
        summary, problems = await run(repo, numbered_file(tmp_path, 1200), strict=True)

        assert problems == ["f:700: not written: the store refused this item"]
        assert (summary.rolled_back, summary.strict_refused, summary.imported) == (True, True, 0)
        assert summary.format().endswith("failed 1 (--strict: nothing imported)")
        assert repo.attempts > 500  # the first batch of 500 had been written, then undone
        assert await stored_ids(inner) == []
        # the repo is usable afterwards: no transaction left open
        summary, _ = await run(inner, numbered_file(tmp_path, 3))
        assert summary.imported == 3
    finally:
        await inner.close()


async def test_without_strict_a_failing_line_is_reported_and_the_import_goes_on(repo, tmp_path):
    faulty = FailingItemRepo(repo, failing={"i0003", "i0007"})

    summary, problems = await run(faulty, numbered_file(tmp_path, 10), batch_size=4)

    assert problems == [
        "f:3: not written: the store refused this item",
        "f:7: not written: the store refused this item",
    ]
    assert (summary.imported, summary.failed) == (8, 2)
    assert await stored_ids(repo) == [f"i{k:04d}" for k in (1, 2, 4, 5, 6, 8, 9, 10)]


async def test_a_library_error_on_one_line_does_not_stop_the_import(tmp_path):
    inner = SqliteGroundTruthRepo(tmp_path / "gt.sqlite3")
    repo = FailingItemRepo(inner, failing={"i0002"}, error=ValueError("Id contains illegal chars."))
    try:
        summary, problems = await run(repo, numbered_file(tmp_path, 3))
    finally:
        await inner.close()

    assert problems == ["f:2: not written: Id contains illegal chars."]
    assert (summary.imported, summary.failed) == (2, 1)


@pytest.mark.parametrize(
    "backend", [pytest.param(name, marks=MARKS.get(name, [])) for name in ("memory", "cosmos")]
)
async def test_strict_without_transactions_stops_and_lists_what_was_written(
    backend, tmp_path, request
):
    async with FACTORIES[backend](tmp_path, request) as inner:
        path = numbered_file(tmp_path, 12)
        summary, problems = await run(
            FailingItemRepo(inner, failing={"i0006"}), path, strict=True, batch_size=4
        )

        assert problems == ["f:6: not written: the store refused this item"]
        assert not summary.rolled_back
        # batch 1 (lines 1-4) and the rest of batch 2; batch 3 never started
        assert summary.written_report() == "1-5, 7-8"
        assert summary.stopped_at == 6
        assert await stored_ids(inner) == [f"i{k:04d}" for k in (1, 2, 3, 4, 5, 7, 8)]

        # fixed, then resumed from the stopped line: the rest is written, nothing twice
        summary, problems = await run(inner, path, strict=True, resume_from=6, batch_size=4)
        assert problems == []
        assert (summary.imported, summary.skipped) == (5, 2)
        assert await stored_ids(inner) == [f"i{k:04d}" for k in range(1, 13)]


async def test_strict_sqlite_import_on_a_full_disk_writes_nothing(tmp_path):
    """A real SQLITE_FULL: the database may not grow past a page limit (the same error,
    and the same rollback, as a disk that fills up)."""
    repo = SqliteGroundTruthRepo(tmp_path / "gt.sqlite3")
    try:
        await repo.health()
        pages = await repo.db.run(
            lambda: repo.db.connection().execute("PRAGMA page_count").fetchone()[0]
        )
        await repo.db.run(
            lambda: repo.db.connection().execute(f"PRAGMA max_page_count = {pages + 40}")
        )
        with pytest.raises(BackendUnavailableError, match="full"):
            await run(repo, numbered_file(tmp_path, 2000), strict=True)
        await repo.db.run(lambda: repo.db.connection().execute("PRAGMA max_page_count = 1000000"))
        assert await stored_ids(repo) == []
    finally:
        await repo.close()
    with sqlite3.connect(tmp_path / "gt.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
