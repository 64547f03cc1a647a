"""Contract: curation instructions on every backend, with the item etag rules."""

from __future__ import annotations

import asyncio

import pytest

from gt_tui.domain import AlreadyExistsError, ConcurrencyError, NotFoundError
from gt_tui.domain.counts import CountField
from gt_tui.domain.instructions import INSTRUCTIONS_BUCKET, CurationInstructions
from gt_tui.domain.queries import ItemQuery
from tests.contract.items import make_item

TEXT = "# Rules\n\n- cite the *page*, not the site — “smart” quotes, emoji 🧪, back\\slash\n"


def _doc(text: str = TEXT, dataset: str = "ds") -> CurationInstructions:
    return CurationInstructions.for_dataset(dataset, text, updated_by="lead")


async def test_missing_instructions_read_as_none(repo):
    assert await repo.get_instructions("ds") is None


async def test_create_then_read_back_in_the_seed_shape(repo):
    stored = await repo.put_instructions(_doc())
    assert stored.etag
    read = await repo.get_instructions("ds")
    assert read == stored
    doc = read.to_doc()
    assert doc["id"] == "curation-instructions|ds"
    assert doc["docType"] == "curation-instructions"
    assert doc["datasetName"] == "ds"
    assert doc["bucket"] == INSTRUCTIONS_BUCKET
    assert doc["instructions"] == TEXT
    assert doc["updatedBy"] == "lead"
    assert await repo.get_instructions("other") is None


async def test_write_without_etag_over_existing_is_refused(repo):
    await repo.put_instructions(_doc("first"))
    with pytest.raises(AlreadyExistsError):
        await repo.put_instructions(_doc("second"))
    assert (await repo.get_instructions("ds")).instructions == "first"


async def test_replace_needs_the_current_etag(repo):
    first = await repo.put_instructions(_doc("first"))
    second = await repo.put_instructions(first.model_copy(update={"instructions": "second"}))
    assert second.etag != first.etag
    with pytest.raises(ConcurrencyError):
        await repo.put_instructions(first.model_copy(update={"instructions": "stale"}))
    assert (await repo.get_instructions("ds")).instructions == "second"


async def test_replace_of_missing_instructions_is_not_found(repo):
    with pytest.raises(NotFoundError):
        await repo.put_instructions(_doc().model_copy(update={"etag": '"nope"'}))


async def test_concurrent_writers_with_one_etag_have_one_winner(repo):
    base = await repo.put_instructions(_doc("base"))
    edits = [base.model_copy(update={"instructions": f"w{n}"}) for n in range(10)]
    results = await asyncio.gather(
        *(repo.put_instructions(e) for e in edits), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    assert len(winners) == 1
    assert all(isinstance(r, ConcurrencyError) for r in results if isinstance(r, BaseException))


async def test_unknown_fields_of_a_seed_document_are_kept(repo):
    seed = CurationInstructions.from_doc({**_doc().to_doc(), "gtcVersion": 2, "notes": ["a"]})
    await repo.put_instructions(seed)
    read = await repo.get_instructions("ds")
    assert read.extra_fields == {"gtcVersion": 2, "notes": ["a"]}


async def test_instructions_are_never_items(repo, backend_name):
    await repo.upsert(make_item("i-1"))
    await repo.put_instructions(_doc())
    page = await repo.query(ItemQuery())
    assert [item.id for item in page.items] == ["i-1"]
    assert page.total == 1
    assert [item.id for item in await repo.list("ds")] == ["i-1"]
    if backend_name not in ("cosmos", "cosmos-gtc"):  # production class: server lacks GROUP BY
        counts = await repo.count_groups(ItemQuery(), (CountField.dataset_name,))
        assert counts == {("ds",): 1}
