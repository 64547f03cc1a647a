"""Cosmos item history: revisions live in their own container (never GTC's items container),
and a write whose revision is missing (a crash between the two) is found by verify."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from gt_tui.domain.revisions import WriteNote
from gt_tui.services.history import HistoryService
from tests.backends import FACTORIES, backend_params
from tests.contract.items import make_item

COSMOS = [param for param in backend_params() if str(param.id).startswith("cosmos")]


@pytest.fixture(params=COSMOS)
async def cosmos_repo(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[Any]:
    async with FACTORIES[request.param](tmp_path, request) as repo:
        yield repo


async def test_revisions_are_not_in_the_items_container(cosmos_repo):
    stored = await cosmos_repo.upsert(make_item(), note=WriteNote(op="import", by="ann"))
    await cosmos_repo.upsert(stored.model_copy(update={"answer": "a"}), note=WriteNote(op="save"))
    docs = [doc async for doc in cosmos_repo.raw_container().query_items("SELECT * FROM c")]
    assert [doc["id"] for doc in docs] == ["i-1"]
    assert [r.op for r in await cosmos_repo.history("ds", "i-1")] == ["import", "save"]


async def test_verify_finds_a_write_whose_revision_is_missing(cosmos_repo):
    kept = await cosmos_repo.upsert(make_item("kept"), note=WriteNote(op="import"))
    await cosmos_repo.upsert(kept.model_copy(update={"answer": "fine"}), note=WriteNote(op="save"))
    lost = await cosmos_repo.upsert(make_item("lost"), note=WriteNote(op="import"))
    await cosmos_repo.upsert(lost.model_copy(update={"answer": "saved"}), note=WriteNote(op="save"))
    # the process dies after the item's write, before its revision's: write the item alone
    container = cosmos_repo.raw_container()
    (doc,) = [d async for d in container.query_items("SELECT * FROM c WHERE c.id = 'lost'")]
    doc["answer"] = "written without a revision"
    await container.replace_item(doc["id"], doc)

    gaps = await HistoryService(cosmos_repo).verify()
    assert [g.item_id for g in gaps] == ["lost"]
    assert gaps[0].problem.startswith("stored version")
    assert gaps[0].problem.endswith("has no revision (last recorded: #2, save)")
