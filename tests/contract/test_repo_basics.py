"""Contract: create / get / list, copies, etag rules. Runs on every backend (`repo` fixture)."""

from __future__ import annotations

import pytest

from gt_tui.domain import (
    AlreadyExistsError,
    ConcurrencyError,
    GroundTruthStatus,
    NotFoundError,
    Reference,
)
from gt_tui.repos.base import ItemQuery
from tests.contract.items import key, make_item


async def test_create_then_get_returns_a_copy_with_an_etag(repo):
    new = make_item()
    stored = await repo.upsert(new)
    assert stored.etag and new.etag is None
    fetched = await repo.get("ds", "i-1")
    assert fetched == stored
    fetched.answer = "changed"
    fetched.refs.append(Reference(url="https://changed"))
    assert await repo.get("ds", "i-1") == stored


async def test_get_of_a_missing_item_is_none(repo):
    await repo.upsert(make_item("present"))
    assert await repo.get("ds", "absent") is None
    assert await repo.get("other-ds", "present") is None


async def test_same_id_in_two_datasets_are_two_items(repo):
    first = await repo.upsert(make_item("same", "ds-a", answer="a"))
    second = await repo.upsert(make_item("same", "ds-b", answer="b"))
    assert (await repo.get("ds-a", "same")).answer == "a"
    assert (await repo.get("ds-b", "same")).answer == "b"
    assert first.etag != second.etag


async def test_list_returns_one_dataset_optionally_filtered_by_status(repo):
    await repo.upsert(make_item("d1"))
    await repo.upsert(make_item("d2"))
    await repo.upsert(make_item("a1", status=GroundTruthStatus.approved))
    await repo.upsert(make_item("x1", dataset="other"))
    assert {key(i) for i in await repo.list("ds")} == {"ds/d1", "ds/d2", "ds/a1"}
    drafts = await repo.list("ds", GroundTruthStatus.draft)
    assert {key(i) for i in drafts} == {"ds/d1", "ds/d2"}
    assert await repo.list("ds", GroundTruthStatus.deleted) == []
    assert await repo.list("nothing-here") == []
    listed = await repo.list("ds", GroundTruthStatus.approved)
    listed[0].answer = "mutated copy"
    assert (await repo.get("ds", "a1")).answer is None


async def test_stored_item_is_a_copy_of_the_argument(repo):
    new = make_item(manual_tags=["t"])
    stored = await repo.upsert(new)
    new.manual_tags.append("added later")
    stored.manual_tags.append("added to the returned copy")
    assert (await repo.get("ds", "i-1")).manual_tags == ["t"]


async def test_upsert_never_mutates_its_argument(repo):
    created = await repo.upsert(make_item())
    edit = created.model_copy(update={"answer": "new answer"})
    before = edit.model_dump()
    updated = await repo.upsert(edit)
    assert edit.model_dump() == before
    assert edit.etag == created.etag
    assert updated.etag != created.etag
    assert updated.answer == "new answer"


async def test_create_of_existing_item_is_refused_and_carries_the_stored_item(repo):
    stored = await repo.upsert(make_item(answer="original"))
    with pytest.raises(ConcurrencyError) as refused:
        await repo.upsert(make_item(answer="overwrite attempt"))
    assert isinstance(refused.value, AlreadyExistsError)
    if refused.value.current is not None:
        assert refused.value.current == stored
    assert (await repo.get("ds", "i-1")).answer == "original"


async def test_every_write_gets_a_new_etag_and_the_stored_copy_carries_it(repo):
    etags = set()
    current = await repo.upsert(make_item())
    etags.add(current.etag)
    for n in range(5):
        current = await repo.upsert(current.model_copy(update={"answer": str(n)}))
        etags.add(current.etag)
        assert (await repo.get("ds", "i-1")).etag == current.etag
    assert len(etags) == 6


async def test_stale_etag_is_refused_and_keeps_the_stored_item(repo):
    first = await repo.upsert(make_item())
    second = await repo.upsert(first.model_copy(update={"answer": "a"}))
    with pytest.raises(ConcurrencyError) as stale:
        await repo.upsert(first.model_copy(update={"answer": "b"}))
    assert not isinstance(stale.value, AlreadyExistsError)
    if stale.value.current is not None:
        assert stale.value.current == second
    assert await repo.get("ds", "i-1") == second


async def test_update_of_a_missing_item_is_not_found(repo):
    stored = await repo.upsert(make_item())
    with pytest.raises(NotFoundError):
        await repo.upsert(make_item("missing").model_copy(update={"etag": stored.etag}))
    with pytest.raises(NotFoundError):
        await repo.upsert(make_item(dataset="other").model_copy(update={"etag": stored.etag}))
    assert await repo.get("ds", "missing") is None


async def test_delete_needs_the_current_etag(repo):
    first = await repo.upsert(make_item())
    second = await repo.upsert(first.model_copy(update={"answer": "a"}))
    with pytest.raises(ConcurrencyError):
        await repo.delete("ds", "i-1", None)
    with pytest.raises(ConcurrencyError):
        await repo.delete("ds", "i-1", first.etag)
    assert await repo.get("ds", "i-1") == second
    await repo.delete("ds", "i-1", second.etag)
    assert await repo.get("ds", "i-1") is None
    assert await repo.list("ds") == []


async def test_delete_of_a_missing_item_is_not_found(repo):
    stored = await repo.upsert(make_item())
    with pytest.raises(NotFoundError):
        await repo.delete("ds", "missing", stored.etag)
    with pytest.raises(NotFoundError):
        await repo.delete("ds", "missing", None)
    await repo.delete("ds", "i-1", stored.etag)
    with pytest.raises(NotFoundError):
        await repo.delete("ds", "i-1", stored.etag)


async def test_a_deleted_item_can_be_created_again_and_leaves_no_query_trace(repo):
    stored = await repo.upsert(make_item(manual_tags=["gone"], refs=[Reference(url="u://1")]))
    await repo.delete("ds", "i-1", stored.etag)
    assert (await repo.query(ItemQuery(tags=("gone",)))).items == []
    assert (await repo.query(ItemQuery(ref_url="u://1"))).total == 0
    again = await repo.upsert(make_item(answer="second life"))
    assert (await repo.get("ds", "i-1")) == again
    assert (await repo.query(ItemQuery(tags=("gone",)))).items == []


async def test_health_succeeds_on_a_working_backend(repo):
    await repo.health()


async def test_an_update_replaces_what_queries_see(repo):
    stored = await repo.upsert(
        make_item(
            manual_tags=["old"],
            refs=[Reference(url="u://old")],
            answer="old words",
            assigned_to="ann",
        )
    )
    await repo.upsert(
        stored.model_copy(
            update={
                "manual_tags": ["new"],
                "refs": [Reference(url="u://new")],
                "answer": "new words",
                "assigned_to": None,
                "status": GroundTruthStatus.approved,
            }
        )
    )
    for stale in (
        ItemQuery(tags=("old",)),
        ItemQuery(ref_url="u://old"),
        ItemQuery(text="old words"),
        ItemQuery(assigned_to="ann"),
        ItemQuery(status=GroundTruthStatus.draft),
    ):
        assert (await repo.query(stale)).total == 0, stale
    for fresh in (
        ItemQuery(tags=("new",)),
        ItemQuery(ref_url="u://new"),
        ItemQuery(text="NEW WORDS"),
        ItemQuery(unassigned=True),
        ItemQuery(status=GroundTruthStatus.approved),
    ):
        assert (await repo.query(fresh)).total == 1, fresh
