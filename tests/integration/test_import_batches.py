"""Batched import keeps every index in step: text search, tags, reference URLs and the
tag registry find what a batch wrote, on every backend (SQLite: several batches)."""

from __future__ import annotations

from gt_tui.domain.queries import ItemQuery
from gt_tui.services.importing import ImportService
from tests.integration.jsonl_helpers import doc, jsonl, write


async def test_items_written_in_batches_are_found_by_every_index(repo, tmp_path):
    lines = [
        doc(
            f"b{k:02d}",
            synthQuestion=f"question {k} about {'zebra' if k % 2 else 'lion'} care?",
            manualTags=["source:synthetic"] if k % 3 == 0 else [],
            refs=[{"url": f"https://zoo.example/{k}"}],
        )
        for k in range(10)
    ]
    path = write(tmp_path / "batches.jsonl", jsonl(*lines))

    summary = await ImportService(repo, batch_size=4).import_file(path)

    assert summary.imported == 10
    zebras = await repo.query(ItemQuery(text="ZEBRA", limit=100))
    assert sorted(item.id for item in zebras.items) == [f"b{k:02d}" for k in (1, 3, 5, 7, 9)]
    tagged = await repo.query(ItemQuery(tags=("source:synthetic",), limit=100))
    assert sorted(item.id for item in tagged.items) == ["b00", "b03", "b06", "b09"]
    by_url = await repo.query(ItemQuery(ref_url="https://zoo.example/7", limit=100))
    assert [item.id for item in by_url.items] == ["b07"]
    assert "source:synthetic" in await repo.tag_registry()
