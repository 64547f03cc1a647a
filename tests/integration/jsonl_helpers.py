"""Helpers shared by the import/export/stats tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gt_tui.domain import GroundTruthItem

FIXED_NOW = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


def jsonl(*docs: dict[str, Any] | str | bytes) -> bytes:
    """A JSONL body: dicts are dumped, str and bytes lines are taken as they are."""
    lines = []
    for doc in docs:
        if isinstance(doc, dict):
            lines.append(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        elif isinstance(doc, str):
            lines.append(doc.encode("utf-8"))
        else:
            lines.append(doc)
    return b"\n".join(lines) + b"\n"


def write(path: Path, body: bytes) -> Path:
    path.write_bytes(body)
    return path


def doc(item_id: str, dataset: str = "ds", **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "datasetName": dataset, "synthQuestion": f"question {item_id}?", **extra}


def content(item: GroundTruthItem) -> dict[str, Any]:
    """What an item says, without what the store sets: the etag, and the bucket a
    hierarchical (GTC) container gives an item that came without one."""
    return item.model_dump(mode="json", exclude={"etag", "bucket"})


async def snapshot(repo: Any) -> dict[tuple[str, str], tuple[str | None, datetime]]:
    """(dataset, id) -> (etag, updated_at) for every stored item."""
    from gt_tui.services.exporting import iter_query, scan_query

    return {
        (item.dataset_name, item.id): (item.etag, item.updated_at)
        async for item in iter_query(repo, scan_query(page_size=7))
    }
