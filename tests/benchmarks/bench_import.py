"""Import speed: `ImportService` against the storage's own floor, side by side.

SQLite: the time to import N JSONL items into a fresh file, next to the time to insert
the same documents into the same schema in one transaction (each line parsed, derived
fields applied, the row, tag, reference-url and FTS rows written, one COMMIT). The
target is import time <= 2x that floor. Cosmos: items/s of an import on cosmosdb-server
(GT_BENCH_COSMOS_IMPORT_ITEMS items, 2,000 by default so the run takes about a minute;
set it to 100000 for the full-size run).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.sqlite_schema import index_row, item_json, migrate, write_side_rows
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.importing import ImportService
from tests.benchmarks.harness import BenchResult

RATIO_TARGET = 2.0
COSMOS_ITEMS_ENV = "GT_BENCH_COSMOS_IMPORT_ITEMS"


def write_import_file(path: Path, n: int) -> Path:
    """N items in three datasets, with references, a tag, some history; deterministic."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            doc = {
                "id": f"imp-{i:07d}",
                "datasetName": ("A-faq", "B-docs", "C-policy")[i % 3],
                "synthQuestion": f"How do I handle import case {i} for the billing export?",
                "answer": f"Answer {i}: follow the steps in the guide, then check the log.",
                "refs": [{"url": f"https://docs.example.org/{i % 500}", "title": f"Doc {i % 500}"}],
                "manualTags": ["source:synthetic"],
                "updatedAt": "2026-01-01T00:00:00Z",
                "sampleKey": (i * 7919 % 100_000) / 100_000,
            }
            if i % 50 == 0:
                doc["history"] = [
                    {"role": "user", "msg": f"Earlier follow-up {i} about setup"},
                    {"role": "assistant", "msg": "Here is how."},
                ]
            out.write(json.dumps(doc) + "\n")
    return path


def single_transaction_insert(source: Path, db: Path) -> float:
    """Seconds to parse, derive and insert every line of `source` in one transaction."""
    derive = GroundTruthDerivationsService()
    started = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    migrate(conn, str(db))
    from gt_tui.repos.sqlite import _INSERT_SQL

    conn.execute("BEGIN IMMEDIATE")
    with source.open("rb") as handle:
        for raw in handle:
            item = derive.apply_derived_fields(GroundTruthItem.model_validate_json(raw))
            item.etag = f'"{uuid.uuid4()}"'
            values = index_row(item, item_json(item))
            values.update(dataset_name=item.dataset_name, id=item.id)
            pk = conn.execute(_INSERT_SQL, values).fetchone()[0]
            write_side_rows(conn, pk, item)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


async def import_seconds(repo, source: Path) -> tuple[float, int]:
    importer = ImportService(repo)
    started = time.perf_counter()
    summary = await importer.import_file(source)
    elapsed = time.perf_counter() - started
    assert summary.ok, summary.format()
    return elapsed, summary.imported


async def bench_import_sqlite(n: int = 20_000, repeats: int = 2) -> list[BenchResult]:
    """Floor and import alternate, `repeats` times each, and the best of each is kept: on
    a shared machine the load changes from one minute to the next."""
    from gt_tui.repos.sqlite import SqliteGroundTruthRepo

    floors: list[float] = []
    imports: list[float] = []
    with tempfile.TemporaryDirectory(prefix="gt-bench-import-") as tmp:
        folder = Path(tmp)
        source = write_import_file(folder / "items.jsonl", n)
        for run in range(repeats):
            floors.append(single_transaction_insert(source, folder / f"floor-{run}.sqlite3"))
            repo = SqliteGroundTruthRepo(folder / f"import-{run}.sqlite3")
            try:
                elapsed, imported = await import_seconds(repo, source)
            finally:
                await repo.close()
            assert imported == n
            imports.append(elapsed)
    floor, elapsed = min(floors), min(imports)
    ratio = elapsed / floor
    return [
        BenchResult(
            "import (sqlite)",
            f"single-transaction insert of {n:,}",
            floor,
            "s",
            samples=repeats,
            extra={"runs_s": floors},
        ),
        BenchResult(
            "import (sqlite)",
            f"gt-tui import of {n:,} ({n / elapsed:,.0f} items/s)",
            elapsed,
            "s",
            samples=repeats,
            extra={"runs_s": imports},
        ),
        BenchResult(
            "import (sqlite)",
            "import / single-transaction insert (best of each)",
            ratio,
            "x",
            target=f"<= {RATIO_TARGET}",
            met=ratio <= RATIO_TARGET,
        ),
    ]


async def bench_import_cosmos(n: int | None = None) -> list[BenchResult]:
    from gt_tui.repos.cosmos import CosmosGroundTruthRepo
    from tests.integration.cosmos_backends import cosmos_settings
    from tests.integration.cosmos_server import start_cosmos_server

    n = n or int(os.environ.get(COSMOS_ITEMS_ENV, "2000"))
    server = start_cosmos_server()
    try:
        with tempfile.TemporaryDirectory(prefix="gt-bench-import-") as tmp:
            source = write_import_file(Path(tmp) / "items.jsonl", n)
            repo = CosmosGroundTruthRepo(cosmos_settings(server, cosmos_database="gt-bench"))
            await repo.open()
            try:
                elapsed, imported = await import_seconds(repo, source)
            finally:
                await repo.close()
    finally:
        server.stop()
    assert imported == n
    return [
        BenchResult(
            "import (cosmos test server)",
            f"gt-tui import of {n:,} ({elapsed:.1f} s)",
            n / elapsed,
            "items/s",
        )
    ]


async def bench_import(sqlite_items: int, cosmos_items: int | None = None) -> list[BenchResult]:
    """Both rows groups: SQLite against its floor, then Cosmos items/s."""
    repeats = 2 if sqlite_items >= 1000 else 1
    return [
        *await bench_import_sqlite(sqlite_items, repeats),
        *await bench_import_cosmos(cosmos_items),
    ]
