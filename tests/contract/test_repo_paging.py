"""Contract: every sort both ways, keyset paging (each item exactly once), totals, limits."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pydantic
import pytest

from gt_tui.domain import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery, SortField
from tests.contract.items import key, make_item, walk

T0 = datetime(2024, 3, 1, 12, 0, 0, tzinfo=UTC)
POOL_SIZE = 120


def big_pool() -> list[GroundTruthItem]:
    """120 items with many ties: ids repeat across two datasets, few distinct counts,
    a third without reviewed_at, timestamps on whole seconds and with microseconds."""
    rng = random.Random(7)
    items = []
    for n in range(POOL_SIZE):
        dataset = "ds-a" if n % 2 else "ds-b"
        second = T0 + timedelta(seconds=rng.randrange(40))
        items.append(
            make_item(
                f"it-{n // 2:03d}",
                dataset,
                status=GroundTruthStatus.approved if n % 5 == 0 else GroundTruthStatus.draft,
                updated_at=second + timedelta(microseconds=rng.choice([0, 0, 1, 500_000])),
                reviewed_at=None if n % 3 == 0 else second,
                total_references=rng.randrange(4),
                manual_tags=[f"t{k}" for k in range(rng.randrange(4))],
                sample_key=rng.random(),
            )
        )
    return items


def sort_key(item: GroundTruthItem, field: SortField):
    """The order the contract promises, computed from the items (None timestamps first)."""
    match field:
        case SortField.id:
            return item.id
        case SortField.updated_at:
            return item.updated_at
        case SortField.reviewed_at:
            return (item.reviewed_at is not None, item.reviewed_at or T0)
        case SortField.total_references:
            return item.total_references
        case SortField.tag_count:
            return len(item.tags)
        case SortField.sample_key:
            return item.sample_key
        case SortField.has_answer:
            return bool(item.answer)
        case SortField.tool_call_count:
            return len(item.tool_calls or ())
    raise AssertionError(field)


@pytest.fixture
async def filled(repo):
    items = big_pool()
    for item in items:
        await repo.upsert(item)
    return repo, items


@pytest.mark.parametrize("field", list(SortField))
async def test_paging_with_limit_7_visits_every_item_once_in_sort_order(filled, field):
    """Both directions on one seeded pool (seeding dominates the cost of this test)."""
    repo, items = filled
    for descending in (False, True):
        found, totals = await walk(repo, ItemQuery(sort=field, descending=descending, limit=7))
        keys = [key(i) for i in found]
        assert len(keys) == len(set(keys)) == POOL_SIZE, f"descending={descending}"
        assert set(keys) == {key(i) for i in items}
        assert set(totals) == {POOL_SIZE}
        assert len(totals) == -(-POOL_SIZE // 7)
        values = [sort_key(i, field) for i in found]
        assert values == sorted(values, reverse=descending), f"descending={descending}"
    # A filtered walk over the same pool, descending, on sorts full of ties.
    query = ItemQuery(status=GroundTruthStatus.draft, sort=field, descending=True, limit=7)
    found, totals = await walk(repo, query)
    expected = {key(i) for i in items if i.status is GroundTruthStatus.draft}
    assert sorted(key(i) for i in found) == sorted(expected)
    assert set(totals) == {len(expected)}


@pytest.fixture
async def small(repo):
    for item in big_pool()[:30]:
        await repo.upsert(item)
    return repo


async def test_limit_bounds(small):
    repo = small
    for bad in (0, -1, 1001):
        with pytest.raises(pydantic.ValidationError):
            ItemQuery(limit=bad)
    assert ItemQuery().limit == 50
    one = await repo.query(ItemQuery(limit=1))
    assert len(one.items) == 1 and one.next_cursor is not None and one.total == 30
    everything = await repo.query(ItemQuery(limit=1000))
    assert len(everything.items) == 30 and everything.next_cursor is None
    exact = await repo.query(ItemQuery(limit=30))
    assert len(exact.items) == 30 and exact.next_cursor is None


async def test_an_empty_result_has_no_cursor(small):
    repo = small
    page = await repo.query(ItemQuery(dataset_name="nothing"))
    assert page.items == [] and page.next_cursor is None and page.total == 0


@pytest.mark.parametrize(
    "cursor",
    ["not a cursor!", "e30", "WzFd", "eyJ2IjoxfQ", "////"],
    ids=["garbage", "empty-object", "a-list", "no-position", "bad-base64"],
)
async def test_a_malformed_cursor_is_a_value_error(small, cursor):
    repo = small
    with pytest.raises(ValueError, match="cursor"):
        await repo.query(ItemQuery(cursor=cursor))


async def test_a_cursor_from_another_sort_is_a_value_error(small):
    repo = small
    page = await repo.query(ItemQuery(sort=SortField.tag_count, limit=3))
    with pytest.raises(ValueError, match="cursor"):
        await repo.query(ItemQuery(sort=SortField.updated_at, limit=3, cursor=page.next_cursor))
    with pytest.raises(ValueError, match="cursor"):
        await repo.query(
            ItemQuery(sort=SortField.tag_count, descending=True, limit=3, cursor=page.next_cursor)
        )
