"""Contract: create / get / etag rules. Runs on every backend through the `repo` fixture."""

from __future__ import annotations

import pytest

from gt_tui.domain import ConcurrencyError, GroundTruthItem, NotFoundError


def item(item_id: str = "i-1", dataset: str = "ds", **extra) -> GroundTruthItem:
    return GroundTruthItem(id=item_id, dataset_name=dataset, synth_question="q?", **extra)


async def test_create_then_get_returns_a_copy_with_an_etag(repo):
    new = item()
    stored = await repo.upsert(new)
    assert stored.etag and new.etag is None
    fetched = await repo.get("ds", "i-1")
    assert fetched == stored
    fetched.answer = "changed"
    assert (await repo.get("ds", "i-1")).answer is None


async def test_create_of_existing_item_is_refused(repo):
    await repo.upsert(item())
    with pytest.raises(ConcurrencyError):
        await repo.upsert(item())


async def test_stale_etag_and_missing_item(repo):
    first = await repo.upsert(item())
    second = await repo.upsert(first.model_copy(update={"answer": "a"}))
    assert second.etag != first.etag
    with pytest.raises(ConcurrencyError):
        await repo.upsert(first.model_copy(update={"answer": "b"}))
    with pytest.raises(NotFoundError):
        await repo.upsert(item("missing").model_copy(update={"etag": second.etag}))
