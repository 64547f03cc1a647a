"""#27 item history on SQLite: 100,000 items with 5 revisions each, one item's history
(target <= 10 ms) and the diff over a day's changes (target <= 1 s); beside them what a
save costs now that it writes its revision in the same transaction, and the explorer's
first page filtered by changed by / changed since."""

from __future__ import annotations

import random
import sqlite3
import time
import zlib
from datetime import timedelta

from gt_tui.domain.revisions import WriteNote
from gt_tui.repos import sqlite_history
from gt_tui.services.history import HistoryService
from gt_tui.services.item_filter import ItemFilter
from tests.benchmarks.harness import BenchResult, summarize_ms
from tests.benchmarks.pools import EPOCH, make_pool_items, open_bench_repo

HISTORY_TARGET_MS = 10.0
DIFF_TARGET_MS = 1000.0
PAGE_TARGET_MS = 100.0
"""The explorer's first page with one filter (README: well under 100 ms at 100,000)."""
EARLIER_EDITS = 4
"""Revisions 2..5 of every item: saves on earlier days (revision 1 is its import)."""


def _earlier_edits(items: list, chunk: int) -> list:
    """Work for the repo's worker thread: every item's earlier edits, recorded as a write
    records them (sqlite_history.record), `chunk` items per transaction."""

    def make(part: list):
        def work(conn: sqlite3.Connection) -> None:
            for item in part:
                doc = item.to_doc()
                for edit in range(1, EARLIER_EDITS + 1):
                    after = {**doc, "comment": f"edit {edit}"}
                    at = EPOCH + timedelta(days=edit, seconds=zlib.crc32(item.id.encode()) % 3600)
                    sqlite_history.record(
                        conn, before=doc, after=after, note=WriteNote(op="save", by="c", at=at)
                    )
                    doc = after

        return work

    return [make(items[start : start + chunk]) for start in range(0, len(items), chunk)]


async def bench_history(
    pool: int = 100_000, day_changes: int = 2_000, repeats: int = 7, samples: int = 200
) -> list[BenchResult]:
    group = f"#27 history, sqlite, {pool:,} items x {1 + EARLIER_EDITS} revisions"
    rng = random.Random(27)
    results: list[BenchResult] = []
    async with open_bench_repo("sqlite") as repo:
        items = make_pool_items(pool)
        note = WriteNote(op="import", by="loader", at=EPOCH)
        for start in range(0, pool, 500):
            await repo.create_many(items[start : start + 500], note=note)
        for work in _earlier_edits(items, 2_000):
            await repo.db.run(repo.db.write, work)

        day = EPOCH + timedelta(days=10)
        changed = rng.sample(range(pool), day_changes)
        save_samples = []
        for n, index in enumerate(changed):
            item = await repo.get(items[index].dataset_name, items[index].id)
            assert item is not None
            item.answer = f"changed on the day ({n})"
            at = day + timedelta(seconds=1 + n * (86_000 // max(day_changes, 1)))
            start = time.perf_counter()
            await repo.upsert(item, note=WriteNote(op="save", by="curator-1", at=at))
            save_samples.append(time.perf_counter() - start)
        median, p95 = summarize_ms(save_samples)
        results.append(
            BenchResult(
                group, "save (item + its revision, one transaction)", median, "ms",
                median=median, p95=p95, samples=len(save_samples),
            )
        )  # fmt: skip

        history = HistoryService(repo)
        picks = [items[rng.randrange(pool)] for _ in range(samples)]
        timings = []
        for item in picks:
            start = time.perf_counter()
            found = await history.item_history(item.dataset_name, item.id)
            timings.append(time.perf_counter() - start)
            assert len(found) >= 1 + EARLIER_EDITS
        median, p95 = summarize_ms(timings)
        results.append(
            BenchResult(
                group, "one item's history (h, gt-tui history)", median, "ms", median=median,
                p95=p95, samples=len(timings), target=f"<= {HISTORY_TARGET_MS:g} ms",
                met=p95 <= HISTORY_TARGET_MS,
            )
        )  # fmt: skip

        timings = []
        diff = None
        for _ in range(repeats):
            start = time.perf_counter()
            diff = await history.diff(day, day + timedelta(days=1))
            timings.append(time.perf_counter() - start)
        assert diff is not None and len(diff.changed) == day_changes
        median, p95 = summarize_ms(timings)
        results.append(
            BenchResult(
                group, f"diff over a day's changes ({day_changes:,} items)", median, "ms",
                median=median, p95=p95, samples=repeats, target=f"<= {DIFF_TARGET_MS:g} ms",
                met=p95 <= DIFF_TARGET_MS,
            )
        )  # fmt: skip

        for label, line, expected in (
            ("changed by", "changed-by:curator-1", day_changes),
            ("changed since", f"changed-since:{day:%Y-%m-%dT%H:%MZ}", day_changes),
        ):
            query = ItemFilter.parse(line).query(limit=50)  # as the explorer's first page
            timings = []
            for _ in range(repeats):
                start = time.perf_counter()
                page = await repo.query(query)
                timings.append(time.perf_counter() - start)
            assert page.total == expected and len(page.items) == min(50, expected)
            median, p95 = summarize_ms(timings)
            results.append(
                BenchResult(
                    group, f"explorer first page, {label} ({expected:,} match)", median, "ms",
                    median=median, p95=p95, samples=repeats, target=f"<= {PAGE_TARGET_MS:g} ms",
                    met=p95 <= PAGE_TARGET_MS,
                )
            )  # fmt: skip

        timings = []
        for item in picks[:50]:
            start = time.perf_counter()
            await repo.get(item.dataset_name, item.id)
            timings.append(time.perf_counter() - start)
        median, p95 = summarize_ms(timings)
        results.append(
            BenchResult(
                group, "open an item (get: history is not read)", median, "ms",
                median=median, p95=p95, samples=len(timings),
            )
        )  # fmt: skip
    return results
