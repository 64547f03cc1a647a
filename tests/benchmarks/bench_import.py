"""Import speed: `ImportService` against the storage's own floor, side by side.

SQLite: the time of `gt-tui import` of N JSONL items into a fresh file, next to a raw
floor that uses nothing of gt-tui: each line parsed with json.loads, its row values
computed in plain Python, and the row, tag, reference-url and both trigram rows inserted
into the same schema (replayed from a file gt-tui made) in one transaction. The target
is import time <= 3x that floor. Cosmos: items/s of an import on cosmosdb-server
(GT_BENCH_COSMOS_IMPORT_ITEMS items, 2,000 by default so the run takes about a minute;
set it to 100000 for the full-size run).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
import uuid
from pathlib import Path

from gt_tui.services.importing import ImportService
from tests.benchmarks.harness import BenchResult

RATIO_TARGET = 3.0
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


def schema_statements(made_by_gt_tui: Path) -> list[str]:
    """The DDL of a database file gt-tui made (tables, indexes, trigram tables), in creation
    order, without the FTS5 shadow tables SQLite makes by itself: the floor replays it."""
    conn = sqlite3.connect(made_by_gt_tui)
    try:
        virtual = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
            )
        ]
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    shadow = tuple(f"{name}_" for name in virtual)
    return [sql for name, sql in rows if not name.startswith(shadow)] + [
        f"PRAGMA user_version = {int(version)}"
    ]


_SPACES = re.compile(r"\s+")


def _raw_row(doc: dict) -> tuple[dict, list[str], list[str], tuple[str, str, str, str]]:
    """The row values, tags, reference URLs and search texts of one parsed line, computed
    with plain Python from the JSON (what any importer of this schema has to write)."""
    refs = doc.get("refs") or []
    history = doc.get("history") or []
    in_history = sum(len(turn.get("refs") or []) for turn in history)
    total = in_history or len(refs)
    question = doc.get("editedQuestion") or doc["synthQuestion"]
    normal = _SPACES.sub(" ", unicodedata.normalize("NFKC", question).casefold()).strip(" ?.")
    texts = [turn.get("msg", "") for turn in history]
    tags = sorted(
        {
            *doc.get("manualTags", []),
            f"dataset:{doc['datasetName']}",
            "turns:multiturn" if len(history) > 2 else "turns:singleturn",
            "question_length:medium",
            "retrieval_behavior:single" if total == 1 else "retrieval_behavior:no_refs",
        }
    )
    urls = sorted(
        {ref["url"] for ref in refs} | {r["url"] for t in history for r in t.get("refs") or []}
    )
    doc["totalReferences"] = total
    doc["tags"] = tags
    search = (
        doc["synthQuestion"].casefold(),
        (doc.get("editedQuestion") or "").casefold(),
        (doc.get("answer") or "").casefold(),
        "\n".join(texts).casefold(),
    )
    row = {
        "dataset_name": doc["datasetName"],
        "id": doc["id"],
        "etag": f'"{uuid.uuid4()}"',
        "doc": json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
        "status": doc.get("status", "draft"),
        "assigned_to": doc.get("assignedTo"),
        "updated_by": doc.get("updatedBy"),
        "updated_at": doc.get("updatedAt", ""),
        "reviewed_at": doc.get("reviewedAt") or "",
        "total_references": total,
        "tag_count": len(tags),
        "sample_key": doc.get("sampleKey", 0.0),
        "question_key": hashlib.sha256(normal.encode()).hexdigest()[:32],
        "search_synth": search[0],
        "search_edited": search[1],
        "search_answer": search[2],
        "search_history": search[3],
        "has_answer": int(bool(doc.get("answer"))),
    }
    return row, tags, urls, search


def raw_insert(source: Path, db: Path, ddl: list[str]) -> float:
    """Seconds to parse every line of `source` with json.loads and insert it, with its tag,
    reference-url and trigram rows, into the same schema in one transaction. No gt-tui code
    runs here: the schema is replayed from a file gt-tui made (see schema_statements)."""
    started = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    for statement in ddl:
        conn.execute(statement)
    columns = list(_raw_row({"id": "x", "datasetName": "x", "synthQuestion": "x"})[0])
    insert = (
        f"INSERT INTO items ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)}) "
        "ON CONFLICT (dataset_name, id) DO NOTHING RETURNING pk"
    )
    conn.execute("BEGIN IMMEDIATE")
    with source.open("rb") as handle:
        for raw in handle:
            row, tags, urls, search = _raw_row(json.loads(raw))
            pk = conn.execute(insert, row).fetchone()[0]
            conn.executemany(
                "INSERT INTO item_tags (item_pk, tag) VALUES (?, ?)", [(pk, t) for t in tags]
            )
            conn.executemany(
                "INSERT INTO item_ref_urls (item_pk, url) VALUES (?, ?)", [(pk, u) for u in urls]
            )
            for url in urls:
                new = conn.execute(
                    "INSERT INTO ref_urls (url) VALUES (?) "
                    "ON CONFLICT (url) DO NOTHING RETURNING pk",
                    (url,),
                ).fetchone()
                if new is not None:
                    conn.execute(
                        "INSERT INTO ref_url_search (rowid, url) VALUES (?, ?)", (new[0], url)
                    )
            conn.execute(
                "INSERT INTO item_search (rowid, synth, edited, answer, history) "
                "VALUES (?, ?, ?, ?, ?)",
                (pk, *search),
            )
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


async def cli_import_seconds(source: Path, db: Path) -> tuple[float, int]:
    """`gt-tui import FILE` as a curator runs it (vocabulary, content warnings, tag
    registry), on a fresh SQLite file; stdout (its summary line) is swallowed."""
    from gt_tui.commands.import_items import run_import
    from gt_tui.config import Settings

    settings = Settings(_env_file=None, backend="sqlite", sqlite_path=db, user_id="bench")
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = await run_import(settings, source)
    elapsed = time.perf_counter() - started
    assert code == 0, out.getvalue()
    imported = int(re.search(r"imported (\d+)", out.getvalue()).group(1))
    return elapsed, imported


async def gt_tui_schema(folder: Path) -> list[str]:
    from gt_tui.repos.sqlite import SqliteGroundTruthRepo

    repo = SqliteGroundTruthRepo(folder / "schema.sqlite3")
    try:
        await repo.health()
        await repo.tag_registry()
    finally:
        await repo.close()
    return schema_statements(folder / "schema.sqlite3")


async def bench_import_sqlite(n: int = 20_000, repeats: int = 2) -> list[BenchResult]:
    """Floor and import alternate, `repeats` times each, and the best of each is kept: on
    a shared machine the load changes from one minute to the next."""
    floors: list[float] = []
    imports: list[float] = []
    with tempfile.TemporaryDirectory(prefix="gt-bench-import-") as tmp:
        folder = Path(tmp)
        source = write_import_file(folder / "items.jsonl", n)
        ddl = await gt_tui_schema(folder)
        for run in range(repeats):
            floors.append(raw_insert(source, folder / f"floor-{run}.sqlite3", ddl))
            elapsed, imported = await cli_import_seconds(source, folder / f"import-{run}.sqlite3")
            assert imported == n
            imports.append(elapsed)
    floor, elapsed = min(floors), min(imports)
    ratio = elapsed / floor
    return [
        BenchResult(
            "import (sqlite)",
            f"json.loads + raw insert of {n:,} into the same schema ({n / floor:,.0f} items/s)",
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
            "import / raw insert (best of each)",
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
