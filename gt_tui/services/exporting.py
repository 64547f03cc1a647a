"""JSONL export: every selected item by alias, in (dataset, id) order, paged through the repo.

Nothing is held in memory but one page and the list of dataset names. A file export is
written to a temporary file beside the target and renamed into place, so a reader never
sees half a snapshot; the manifest beside it records what was selected and a sha256 of
the bytes, so a snapshot can be checked later.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, format_utc
from gt_tui.repos.base import GroundTruthRepo, ItemQuery, SortField
from gt_tui.repos.private_files import PRIVATE_MODE
from gt_tui.services.atomic_file import atomic_writer
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.export_target import export_target
from gt_tui.services.gtc_agentic import agentic_doc

PAGE_SIZE = 1000  # the most ItemQuery allows: fewest round trips


def parse_status(text: str | None) -> GroundTruthStatus | None:
    """A status filter from the command line; ValueError listing the valid ones."""
    if text is None:
        return None
    try:
        return GroundTruthStatus(text.strip().lower())
    except ValueError:
        valid = ", ".join(status.value for status in GroundTruthStatus)
        raise ValueError(f"unknown status {text!r}; valid statuses: {valid}") from None


async def iter_query(repo: GroundTruthRepo, query: ItemQuery) -> AsyncIterator[GroundTruthItem]:
    """Every item matching `query`, page by page (the cursor is followed to the end)."""
    cursor: str | None = None
    while True:
        page = await repo.query(query.model_copy(update={"cursor": cursor}))
        for item in page.items:
            yield item
        if not page.next_cursor or page.next_cursor == cursor:
            return
        cursor = page.next_cursor


def scan_query(
    *,
    status: GroundTruthStatus | None = None,
    dataset: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ItemQuery:
    """A whole-store walk. Sorted on the random sample key, whose values do not tie, so the
    keyset cursor cannot lose items that share an id across datasets."""
    return ItemQuery(
        status=status,
        dataset_name=dataset,
        sort=SortField.sample_key,
        limit=page_size,
        include_total=False,
    )


async def dataset_names(
    repo: GroundTruthRepo,
    *,
    status: GroundTruthStatus | None = None,
    page_size: int = PAGE_SIZE,
) -> list[str]:
    """Sorted names of the datasets holding at least one item (of `status`)."""
    names: set[str] = set()
    async for item in iter_query(repo, scan_query(status=status, page_size=page_size)):
        names.add(item.dataset_name)
    return sorted(names)


async def iter_export(
    repo: GroundTruthRepo,
    *,
    status: GroundTruthStatus | None = None,
    dataset: str | None = None,
    page_size: int = PAGE_SIZE,
) -> AsyncIterator[GroundTruthItem]:
    """Selected items in (dataset, id) order: one id-sorted walk per dataset."""
    if dataset is not None:
        names = [dataset]
    else:
        names = await dataset_names(repo, status=status, page_size=page_size)
    for name in names:
        query = ItemQuery(
            status=status,
            dataset_name=name,
            sort=SortField.id,
            limit=page_size,
            include_total=False,
        )
        async for item in iter_query(repo, query):
            yield item


def export_line(item: GroundTruthItem) -> bytes:
    """One JSONL line: the item by alias, UTF-8, non-ASCII kept as is."""
    return json.dumps(item.to_doc(), ensure_ascii=False).encode("utf-8") + b"\n"


@dataclass
class ExportResult:
    items: int = 0
    bytes: int = 0
    sha256: str = ""
    by_status: Counter = field(default_factory=Counter)
    by_dataset: Counter = field(default_factory=Counter)
    path: Path | None = None
    manifest_path: Path | None = None


EXPORT_FORMATS = ("jsonl", "json", "gtc-snapshot", "gtc-agentic")
"""jsonl: one item per line; json: one JSON array; gtc-snapshot: the seed system's (GTC's)
snapshot envelope {schemaVersion, snapshotAt, filters, items, datasetNames, count}, RAG
items only; gtc-agentic: one item per line in GTC 2.x's shape (services/gtc_agentic.py)."""


class AgenticItemInSnapshotError(ValueError):
    """gtc-snapshot holds seed-era (RAG) items only; an agentic item has no RAG form."""

    def __init__(self, item: GroundTruthItem) -> None:
        super().__init__(
            f"{item.dataset_name}/{item.id} is an agentic item (GTC 2.x): the seed-era "
            "gtc-snapshot format has no place for its trace; use --format gtc-agentic"
        )


async def refuse_agentic_in_snapshot(
    repo: GroundTruthRepo, *, status: GroundTruthStatus | None, dataset: str | None
) -> None:
    """Raise AgenticItemInSnapshotError naming an agentic item of the selection, before a
    byte is written (one query)."""
    query = ItemQuery(
        status=status, dataset_name=dataset, shape="agentic", limit=1, include_total=False
    )
    page = await repo.query(query)
    if page.items:
        raise AgenticItemInSnapshotError(page.items[0])


SNAPSHOT_SCHEMA_VERSION = "v2"


class _Framing:
    """What goes before, between and after the items of one export format."""

    def __init__(self, fmt: str, *, filters: dict, snapshot_at: datetime | None) -> None:
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}: use {', '.join(EXPORT_FORMATS)}")
        self.fmt = fmt
        self.filters = filters
        self.snapshot_at = snapshot_at

    def start(self) -> bytes:
        if self.fmt == "json":
            return b"["
        if self.fmt == "gtc-snapshot":
            at = format_utc(self.snapshot_at or system_clock())
            head = {"schemaVersion": SNAPSHOT_SCHEMA_VERSION, "snapshotAt": at}
            head["filters"] = self.filters
            return json.dumps(head, ensure_ascii=False).encode("utf-8")[:-1] + b', "items": ['
        return b""

    def item(self, item: GroundTruthItem, first: bool) -> bytes:
        if self.fmt == "jsonl":
            return export_line(item)
        if self.fmt == "gtc-agentic":
            return json.dumps(agentic_doc(item), ensure_ascii=False).encode("utf-8") + b"\n"
        if self.fmt == "gtc-snapshot" and item.is_agentic:  # stored since the check
            raise AgenticItemInSnapshotError(item)
        body = json.dumps(item.to_doc(), ensure_ascii=False).encode("utf-8")
        return (b"\n" if first else b",\n") + body

    def end(self, result: ExportResult) -> bytes:
        if self.fmt == "json":
            return b"\n]\n" if result.items else b"]\n"
        if self.fmt == "gtc-snapshot":
            tail = {"datasetNames": sorted(result.by_dataset), "count": result.items}
            closing = b"\n]" if result.items else b"]"
            return (
                closing + b", " + json.dumps(tail, ensure_ascii=False).encode("utf-8")[1:] + b"\n"
            )
        return b""


async def write_export(
    repo: GroundTruthRepo,
    out: BinaryIO,
    *,
    status: GroundTruthStatus | None = None,
    dataset: str | None = None,
    page_size: int = PAGE_SIZE,
    fmt: str = "jsonl",
    snapshot_at: datetime | None = None,
    source: AsyncIterable[GroundTruthItem] | None = None,
) -> ExportResult:
    """Stream the selection to a binary handle in `fmt`, counting and hashing as it goes.
    `source` replaces reading the store as it is now (export --as-of: the items as they
    were, from gt_tui/services/history.py)."""
    framing = _Framing(
        fmt,
        filters={"status": status.value if status else None, "datasetName": dataset},
        snapshot_at=snapshot_at,
    )
    if fmt == "gtc-snapshot":
        await refuse_agentic_in_snapshot(repo, status=status, dataset=dataset)
    result = ExportResult()
    digest = hashlib.sha256()

    def emit(data: bytes) -> None:
        out.write(data)
        digest.update(data)
        result.bytes += len(data)

    emit(framing.start())
    if source is None:
        source = iter_export(repo, status=status, dataset=dataset, page_size=page_size)
    async for item in source:
        emit(framing.item(item, first=result.items == 0))
        result.items += 1
        result.by_status[item.status.value] += 1
        result.by_dataset[item.dataset_name] += 1
    emit(framing.end(result))
    result.sha256 = digest.hexdigest()
    return result


def manifest_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def build_manifest(
    result: ExportResult,
    *,
    file_name: str,
    status: GroundTruthStatus | None,
    dataset: str | None,
    exported_at: datetime,
    version: str,
    backend: str | None = None,
    fmt: str = "jsonl",
) -> dict[str, Any]:
    return {
        "file": file_name,
        "format": fmt,
        "items": result.items,
        "bytes": result.bytes,
        "sha256": result.sha256,
        "exported_at": format_utc(exported_at),
        "gt_tui_version": version,
        "backend": backend,
        "filters": {"status": status.value if status else None, "dataset": dataset},
        "order": ["datasetName", "id"],
        "counts": {
            "by_status": {s.value: result.by_status.get(s.value, 0) for s in GroundTruthStatus},
            "by_dataset": dict(sorted(result.by_dataset.items())),
        },
    }


@contextlib.contextmanager
def _in_place_writer(path: Path):
    """A FIFO or device opened for writing as it is (no temp file, no rename)."""
    with path.open("wb") as handle:
        yield handle


async def export_to_file(
    repo: GroundTruthRepo,
    path: Path,
    *,
    status: GroundTruthStatus | None = None,
    dataset: str | None = None,
    version: str,
    backend: str | None = None,
    clock: Clock | None = None,
    page_size: int = PAGE_SIZE,
    fmt: str = "jsonl",
    source: AsyncIterable[GroundTruthItem] | None = None,
) -> ExportResult:
    """Write the export and its manifest atomically; OSError if the target is unusable.
    A symlink is followed; a FIFO or character device is written in place, without a
    manifest (see export_target)."""
    exported_at = (clock or system_clock)()
    target = export_target(path)
    path = target.path
    writer = (
        _in_place_writer(path) if target.in_place else atomic_writer(path, new_mode=PRIVATE_MODE)
    )
    with writer as handle:
        result = await write_export(
            repo,
            handle,
            status=status,
            dataset=dataset,
            page_size=page_size,
            fmt=fmt,
            snapshot_at=exported_at,
            source=source,
        )
    result.path = path
    if target.in_place:
        return result
    manifest = build_manifest(
        result,
        file_name=path.name,
        status=status,
        dataset=dataset,
        exported_at=exported_at,
        version=version,
        backend=backend,
        fmt=fmt,
    )
    manifest_path = manifest_path_for(path)
    with atomic_writer(manifest_path, new_mode=PRIVATE_MODE) as handle:
        handle.write((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    result.path = path
    result.manifest_path = manifest_path
    return result
