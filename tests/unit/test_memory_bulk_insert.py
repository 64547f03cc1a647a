"""The memory repo's bulk insert (the demo's seed): new items only, all or nothing."""

from __future__ import annotations

import pytest

from gt_tui.domain.errors import AlreadyExistsError
from gt_tui.domain.revisions import RevisionQuery, WriteNote
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from tests.contract.items import make_item


async def test_inserted_items_are_stored_indexed_and_have_their_revision() -> None:
    repo = InMemoryGroundTruthRepo()
    items = [make_item("a", assigned_to="ann"), make_item("b")]
    await repo.insert_new(items, [WriteNote(op="import", by="seed"), None])
    stored = await repo.get("ds", "a")
    assert stored is not None and stored.etag and stored.assigned_to == "ann"
    mine = await repo.query(ItemQuery(assigned_to="ann", limit=10))
    assert [item.id for item in mine.items] == ["a"]
    revisions = await repo.revisions(RevisionQuery())
    assert [(r.item_id, r.op, r.by, r.change) for r in revisions] == [
        ("a", "import", "seed", "created"),
        ("b", "create", None, "created"),
    ]
    # a later write goes through the etag rules as usual
    stored.answer = "changed"
    await repo.upsert(stored)
    assert (await repo.get("ds", "a")).answer == "changed"
    # the creation's revision shows the item as inserted, before the later write
    first, second = await repo.history("ds", "a")
    assert (first.number, first.op, second.number, second.op) == (1, "import", 2, "update")
    assert "answer" not in first.changes and second.changes["answer"].after == "changed"
    assert first.changes["assignedTo"].after == "ann"
    by_seed = await repo.query(ItemQuery(changed_by="seed", limit=10))
    assert [item.id for item in by_seed.items] == ["a"]
    assert await repo.history("ds", "nothing") == []


@pytest.mark.parametrize(
    "batch",
    [
        pytest.param(lambda: [make_item("new"), make_item("old")], id="one is stored"),
        pytest.param(lambda: [make_item("new"), make_item("new")], id="one given twice"),
        pytest.param(lambda: [make_item("new"), make_item("x", etag='"e"')], id="an etag"),
    ],
)
async def test_a_batch_with_an_item_that_is_not_new_stores_nothing(batch) -> None:
    repo = InMemoryGroundTruthRepo()
    await repo.upsert(make_item("old"))
    items = batch()
    with pytest.raises(AlreadyExistsError):
        await repo.insert_new(items, [None] * len(items))
    page = await repo.query(ItemQuery(limit=10))
    assert [item.id for item in page.items] == ["old"]
    assert len(await repo.revisions(RevisionQuery())) == 1


async def test_one_note_per_item() -> None:
    with pytest.raises(ValueError, match="one note per item"):
        await InMemoryGroundTruthRepo().insert_new([make_item("a")], [])
