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
import os
import tempfile
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, format_utc
from gt_tui.repos.base import GroundTruthRepo, ItemQuery, SortField
from gt_tui.services.clock import Clock, system_clock

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


async def write_export(
    repo: GroundTruthRepo,
    out: BinaryIO,
    *,
    status: GroundTruthStatus | None = None,
    dataset: str | None = None,
    page_size: int = PAGE_SIZE,
) -> ExportResult:
    """Stream the selection to a binary handle, counting and hashing as it goes."""
    result = ExportResult()
    digest = hashlib.sha256()
    async for item in iter_export(repo, status=status, dataset=dataset, page_size=page_size):
        line = export_line(item)
        out.write(line)
        digest.update(line)
        result.items += 1
        result.bytes += len(line)
        result.by_status[item.status.value] += 1
        result.by_dataset[item.dataset_name] += 1
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
) -> dict[str, Any]:
    return {
        "file": file_name,
        "format": "jsonl",
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
def _atomic_writer(path: Path):
    """A temp file beside `path`, renamed onto it only when the block succeeds."""
    try:
        mode = path.stat().st_mode & 0o777  # keep the permissions of the file it replaces
    except FileNotFoundError:
        mode = 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
) -> ExportResult:
    """Write the export and its manifest atomically; OSError if the target is unusable."""
    exported_at = (clock or system_clock)()
    with _atomic_writer(path) as handle:
        result = await write_export(
            repo, handle, status=status, dataset=dataset, page_size=page_size
        )
    manifest = build_manifest(
        result,
        file_name=path.name,
        status=status,
        dataset=dataset,
        exported_at=exported_at,
        version=version,
        backend=backend,
    )
    manifest_path = manifest_path_for(path)
    with _atomic_writer(manifest_path) as handle:
        handle.write((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    result.path = path
    result.manifest_path = manifest_path
    return result
