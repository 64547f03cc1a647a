"""BulkService on every backend: plan counts, conditional writes racing a concurrent
writer (its writes are never overwritten), undo item by item, conditionally."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from gt_tui.domain.errors import ConcurrencyError, InvalidUserIdError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.services.bulk import BulkAction, BulkChange, BulkService
from gt_tui.services.bulk_records import BulkRecordError, BulkRecords
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.item_filter import ItemFilter
from tests.integration.services.helpers import FIXED_NOW, fixed_clock, make_item, seed
from tests.trace_fixtures import agentic_items_supported

TAG = "topic:roaming"


def tag(value: str = TAG) -> BulkChange:
    return BulkChange(BulkAction.tag, value)


async def stored(repo: Any, item_id: str, dataset: str = "ds"):
    return await repo.get(dataset, item_id)


async def bob_saves(repo: Any, item_id: str, comment: str, dataset: str = "ds"):
    """Another curator's read-modify-write of one item (a conditional write)."""
    current = await repo.get(dataset, item_id)
    current.comment = comment
    current.updated_by = "bob"
    return await repo.upsert(current)


async def test_plan_counts_what_would_change_and_writes_nothing(repo):
    await seed(
        repo,
        [make_item(f"i{n}") for n in range(5)]
        + [make_item("tagged", manual_tags=[TAG]), make_item("other", dataset="elsewhere")],
    )
    bulk = BulkService(repo, clock=fixed_clock)
    plan = await bulk.plan(tag(" Topic:Roaming "), ItemFilter.parse("dataset:ds"))
    assert (plan.matched, plan.count) == (6, 5)
    assert plan.summary() == (
        "tag topic:roaming: 6 items match the filter, 5 to change "
        "(1 need no change or do not apply)"
    )
    for n in range(5):
        assert TAG not in (await stored(repo, f"i{n}")).manual_tags


async def test_an_item_changed_after_the_plan_is_reported_and_left_as_it_is(repo):
    await seed(repo, [make_item(f"i{n}") for n in range(4)])
    bulk = BulkService(repo, clock=fixed_clock)
    plan = await bulk.plan(tag(), ItemFilter.parse("dataset:ds"))
    await bob_saves(repo, "i2", "bob was here")
    result = await bulk.apply("lead", plan)
    assert result.changed == 3
    [conflict] = result.conflicts
    assert (conflict.item_id, conflict.reason.split(":")[0]) == ("i2", "changed meanwhile")
    assert "bob wrote it after it was read" in conflict.reason
    i2 = await stored(repo, "i2")
    assert i2.comment == "bob was here" and TAG not in i2.manual_tags
    for n in (0, 1, 3):
        item = await stored(repo, f"i{n}")
        assert TAG in item.manual_tags and item.updated_by == "lead"
        assert "dataset:ds" in item.computed_tags  # derived fields follow every write
    assert [e.item_id for e in result.record.entries] == ["i0", "i1", "i3"]


async def test_a_concurrent_writer_never_loses_a_write(repo):
    items = await seed(repo, [make_item(f"i{n:02d}") for n in range(24)])
    bulk = BulkService(repo, clock=fixed_clock)
    plan = await bulk.plan(BulkChange(BulkAction.skip), ItemFilter.parse("dataset:ds"))
    written: dict[str, str] = {}

    async def writer():
        for round_ in range(2):
            for item in items[::3]:
                comment = f"bob {round_} {item.id}"
                try:
                    await bob_saves(repo, item.id, comment)
                except ConcurrencyError:
                    continue
                written[item.id] = comment
                await asyncio.sleep(0)

    result, _ = await asyncio.gather(bulk.apply("lead", plan), writer())
    changed = {entry.item_id for entry in result.record.entries}
    conflicted = {conflict.item_id for conflict in result.conflicts}
    assert changed | conflicted == {item.id for item in items}
    assert not changed & conflicted
    for item in items:
        now = await stored(repo, item.id)
        if item.id in written:
            assert now.comment == written[item.id]  # bob's last write survived
        if item.id in conflicted:
            assert now.status == GroundTruthStatus.draft
        else:
            assert now.status == GroundTruthStatus.skipped


async def test_undo_puts_items_back_one_by_one_and_keeps_later_changes(repo):
    derive = GroundTruthDerivationsService()  # as every write path stores items
    await seed(
        repo,
        [
            derive.apply_derived_fields(item)
            for item in (
                make_item("a", assigned_to="ann", assigned_at=FIXED_NOW),
                make_item("b", manual_tags=["difficulty:easy"]),
                make_item("c", status=GroundTruthStatus.approved),
            )
        ],
    )
    bulk = BulkService(repo, clock=fixed_clock)
    plan = await bulk.plan(BulkChange(BulkAction.delete), ItemFilter.parse("dataset:ds"))
    befores = {item.id: (await stored(repo, item.id)).to_doc() for item in plan.items}
    record = (await bulk.apply("lead", plan)).record
    assert {(await stored(repo, i)).status for i in "abc"} == {GroundTruthStatus.deleted}
    restored = await stored(repo, "c")
    restored.status = GroundTruthStatus.draft
    restored.updated_by = "bob"
    await repo.upsert(restored)  # bob restores c himself after the bulk delete

    undo = await bulk.undo("lead", record)
    assert undo.changed == 2
    [conflict] = undo.conflicts
    assert conflict.item_id == "c" and "after the bulk action" in conflict.reason
    a, b, c = [await stored(repo, i) for i in "abc"]
    assert (a.status, a.assigned_to, a.assigned_at) == (GroundTruthStatus.draft, "ann", FIXED_NOW)
    assert b.status == GroundTruthStatus.draft and b.manual_tags == ["difficulty:easy"]
    assert c.updated_by == "bob" and c.status == GroundTruthStatus.draft
    written_by_undo = ("_etag", "updatedAt", "updatedBy")
    for item in (a, b):
        after, before = item.to_doc(), befores[item.id]
        for key in written_by_undo:
            after.pop(key, None), before.pop(key, None)
        assert after == before
    assert [entry.item_id for entry in record.pending] == ["c"]
    ops = [(r.op, r.by) for r in await repo.history("ds", "a")][-2:]
    assert ops == [("bulk-delete", "lead"), ("bulk-undo", "lead")]
    again = await bulk.undo("lead", record)
    assert again.changed == 0 and [x.item_id for x in again.conflicts] == ["c"]


async def test_each_action_changes_only_the_items_it_applies_to(repo):
    await seed(
        repo,
        [
            make_item("held", assigned_to="ann", assigned_at=FIXED_NOW),
            make_item("free"),
            make_item("gone", status=GroundTruthStatus.deleted),
            make_item("done", status=GroundTruthStatus.approved),
            make_item("passed", status=GroundTruthStatus.skipped),
        ],
    )
    bulk = BulkService(repo, clock=fixed_clock)
    everything = ItemFilter.parse("dataset:ds")

    async def planned(change):
        return sorted(item.id for item in (await bulk.plan(change, everything)).items)

    assert await planned(BulkChange(BulkAction.release)) == ["held"]
    assert await planned(BulkChange(BulkAction.restore)) == ["gone"]
    assert await planned(BulkChange(BulkAction.skip)) == ["done", "free", "gone", "held"]
    assert await planned(BulkChange(BulkAction.assign, "cy")) == ["free", "held", "passed"]
    assert await planned(BulkChange(BulkAction.untag, TAG)) == []
    result = await bulk.apply(
        "lead", await bulk.plan(BulkChange(BulkAction.assign, "cy"), everything)
    )
    assert result.changed == 3
    passed = await stored(repo, "passed")
    assert (passed.status, passed.assigned_to, passed.assigned_at) == (
        GroundTruthStatus.draft,
        "cy",
        FIXED_NOW,
    )
    released = await bulk.apply(
        "lead", await bulk.plan(BulkChange(BulkAction.release), ItemFilter.parse("assigned:cy"))
    )
    assert released.changed == 3
    for item_id in ("free", "held", "passed"):
        assert (await stored(repo, item_id)).assigned_to is None


async def test_expect_sets_a_tool_expectation_on_agentic_items_only(repo):
    calls = [{"id": "s1", "name": "get_plan_usage", "callType": "tool"}]
    doc = {
        "id": "agentic",
        "datasetName": "ds",
        "history": [{"role": "user", "msg": "Why is my bill high?"}],
        "toolCalls": calls,
        "expectedTools": {
            "required": [],
            "optional": [{"name": "get_plan_usage", "arguments": {"cycle": "2026-02"}}],
            "notNeeded": [],
        },
    }
    if not agentic_items_supported():  # until issue 25 lands an item needs a synthQuestion
        doc["synthQuestion"] = "Why is my bill high?"
    await seed(repo, [GroundTruthItem.model_validate(doc), make_item("rag")])
    bulk = BulkService(repo, clock=fixed_clock)
    change = BulkChange(BulkAction.expect, "get_plan_usage", "required")
    plan = await bulk.plan(change, ItemFilter.parse("dataset:ds"))
    assert [item.id for item in plan.items] == ["agentic"]
    by_tool = await bulk.plan(change, ItemFilter.parse("shape:agentic tool:get_plan_usage"))
    assert (by_tool.matched, [i.id for i in by_tool.items]) == (1, ["agentic"])
    await bulk.apply("lead", plan)
    doc = (await stored(repo, "agentic")).to_doc()
    assert doc["expectedTools"] == {
        "required": [{"name": "get_plan_usage", "arguments": {"cycle": "2026-02"}}],
        "optional": [],
        "notNeeded": [],
    }
    assert doc["toolCalls"] == calls
    assert (await bulk.plan(change, ItemFilter.parse("dataset:ds"))).count == 0
    none = await bulk.plan(BulkChange(BulkAction.expect, "get_plan_usage", "none"), ItemFilter())
    await bulk.apply("lead", none)
    expected = (await stored(repo, "agentic")).to_doc()["expectedTools"]
    assert expected == {"required": [], "optional": [], "notNeeded": []}


@pytest.mark.parametrize(
    ("action", "value", "expectation", "message"),
    [
        (BulkAction.tag, " ", None, "tag needs a tag"),
        (BulkAction.expect, "get_x", "sometimes", "expect get_x needs one of required"),
    ],
)
def test_changes_refuse_missing_arguments(action, value, expectation, message):
    with pytest.raises(ValueError, match=message):
        BulkChange(action, value, expectation)


def test_assign_checks_the_user_id():
    with pytest.raises(InvalidUserIdError):
        BulkChange(BulkAction.assign, "no body")


async def test_records_round_trip_and_the_latest_pending_one_is_found(tmp_path):
    from gt_tui.repos.memory import InMemoryGroundTruthRepo

    repo = InMemoryGroundTruthRepo()
    await seed(repo, [make_item("x")])
    bulk = BulkService(repo, clock=fixed_clock)
    record = (await bulk.apply("lead", await bulk.plan(tag(), ItemFilter()))).record
    records = BulkRecords(tmp_path)
    records.save(record)
    loaded = records.load(record.id)
    assert loaded == record and records.latest_pending() == record
    await bulk.undo("lead", loaded)
    records.save(loaded)
    assert records.latest_pending() is None
    with pytest.raises(BulkRecordError, match="no bulk action 'nope'"):
        records.load("nope")
