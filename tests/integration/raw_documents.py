"""The document a backend actually holds for an item, read past the repo's model.

Memory keeps models (its raw document is the one it would write, `to_doc()`); SQLite keeps
the JSON text in `items.doc`; Cosmos keeps the document the SDK reads back, minus the
system and query-helper fields the server and gt-tui add.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.sqlite import SqliteGroundTruthRepo

STORE_FIELDS = {"_etag", "_rid", "_self", "_ts", "_attachments", "gtIndex"}
"""Fields the store itself sets or adds to a document (etag, system fields, query index)."""


async def raw_document(repo: Any, dataset_name: str, item_id: str) -> dict[str, Any]:
    if isinstance(repo, InMemoryGroundTruthRepo):
        item = await repo.get(dataset_name, item_id)
        assert item is not None
        doc = item.to_doc()
    elif isinstance(repo, SqliteGroundTruthRepo):
        with sqlite3.connect(repo.path) as db:
            row = db.execute(
                "SELECT doc FROM items WHERE dataset_name = ? AND id = ?", (dataset_name, item_id)
            ).fetchone()
        assert row is not None
        doc = json.loads(row[0])
    elif isinstance(repo, CosmosGroundTruthRepo):
        found = await repo._read_document(dataset_name, item_id)
        assert found is not None
        doc = dict(found)
    else:  # a new backend must say how its raw documents are read
        raise AssertionError(f"no raw reader for {type(repo).__name__}")
    return {key: value for key, value in doc.items() if key not in STORE_FIELDS}


def json_differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Paths where two JSON values differ, type-exact (1 is not 1.0 nor True, null is not
    []), both ways: a field missing on either side is a difference."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            difference
            for key in sorted(before.keys() | after.keys())
            for difference in (
                json_differences(before[key], after[key], f"{path}{key}.")
                if key in before and key in after
                else [f"{path}{key} ({'lost' if key in before else 'added'})"]
            )
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            difference
            for index, (old, new) in enumerate(zip(before, after, strict=True))
            for difference in json_differences(old, new, f"{path}{index}.")
        ]
    same = before == after and type(before) is type(after)
    return [] if same else [f"{path.rstrip('.')} ({before!r} -> {after!r})"]
