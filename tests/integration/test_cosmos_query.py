"""Cosmos query() against the in-memory repo as the oracle: same items, same answers.

Every ItemQuery filter and every sort, both directions, walked page by page, on the
production class and on the emulator class with the unicode workaround (which evaluates
queries in memory).
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, HistoryTurn, Reference
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_emulator import CosmosEmulatorGroundTruthRepo
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from tests.integration.cosmos_backends import DESCENDING_FROM_ASCENDING_INDEX, cosmos_settings

# One event loop per module, so each variant's container is seeded once for all tests.
pytestmark = [pytest.mark.cosmos, pytest.mark.asyncio(loop_scope="module")]

# The emulator class without the workaround runs the whole contract suite (every filter,
# every sort both ways); here: the production class (whose descending sorts the contract
# suite must skip) and the workaround's in-memory query path.
VARIANTS = {
    "cosmos": (CosmosGroundTruthRepo, {}),
    "cosmos-emulator-unicode": (
        CosmosEmulatorGroundTruthRepo,
        {"cosmos_emulator_unicode_workaround": True},
    ),
}
STATUSES = list(GroundTruthStatus)
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def make_items(count: int = 30, seed: int = 7) -> list[GroundTruthItem]:
    rng = random.Random(seed)
    items = []
    for n in range(count):
        tags = rng.sample(["alpha", "beta", "gamma", "δέλτα"], rng.randint(0, 3))
        refs = [
            Reference(url=f"https://ex.org/{rng.randint(0, 5)}") for _ in range(rng.randint(0, 2))
        ]
        history = None
        if n % 5 == 0:
            history = [HistoryTurn(role="user", msg="hi", refs=[Reference(url="https://h.org/x")])]
        items.append(
            GroundTruthItem(
                id=f"item-{n:03d}",
                dataset_name=rng.choice(["docs-a", "docs-b", "faq"]),
                status=rng.choice(STATUSES),
                synth_question=rng.choice(["How do I Reset it?", "Où est «ça»?", "Straße 🚀"]),
                edited_question=rng.choice([None, "Edited RESET question"]),
                answer=rng.choice([None, "press the button", "ask Bob"]),
                refs=refs,
                history=history,
                manual_tags=tags[:1],
                computed_tags=tags[1:],
                assigned_to=rng.choice([None, None, "", "ann", "bob"]),
                updated_by=rng.choice([None, "ann", "bob"]),
                updated_at=BASE + timedelta(minutes=rng.randint(0, 5)),
                reviewed_at=rng.choice([None, BASE + timedelta(hours=rng.randint(0, 3))]),
                total_references=rng.randint(0, 3),
                sample_key=rng.random(),
            )
        )
    return items


QUERIES: list[dict[str, Any]] = [
    {},
    {"status": GroundTruthStatus.draft},
    {"statuses": (GroundTruthStatus.draft, GroundTruthStatus.skipped)},
    {"dataset_name": "faq"},
    {"dataset_prefix": "docs-"},
    {"tags": ("alpha",)},
    {"tags": ("alpha", "beta")},
    {"tags": ("δέλτα",)},
    {"exclude_tags": ("beta", "gamma")},
    {"assigned_to": "ann"},
    {"unassigned": True},
    {"updated_by_not": "ann"},
    {"updated_by_not": "ann", "updated_by_not_status": GroundTruthStatus.skipped},
    {"text": "reset"},
    {"text": "STRASSE"},
    {"text": "«ÇA»"},
    {"ref_url": "https://ex.org/3"},
    {"ref_url": "https://h.org/x"},
    {"exclude_ids": ("item-001", "item-002", "item-010")},
    {"sample_key_min": 0.25, "sample_key_max": 0.75},
    {
        "statuses": (GroundTruthStatus.draft, GroundTruthStatus.skipped),
        "unassigned": True,
        "updated_by_not": "bob",
        "updated_by_not_status": GroundTruthStatus.skipped,
        "sample_key_min": 0.3,
        "exclude_ids": ("item-004",),
    },
]


@pytest.fixture(scope="module")
def items() -> list[GroundTruthItem]:
    return make_items()


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=list(VARIANTS))
async def seeded(request, cosmos_server, items) -> AsyncIterator[CosmosGroundTruthRepo]:
    repo_class, extra = VARIANTS[request.param]
    repo = repo_class(cosmos_settings(cosmos_server, **extra))
    await repo.open()
    for item in items:
        await repo.upsert(item)
    try:
        yield repo
    finally:
        await repo.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def oracle(items) -> InMemoryGroundTruthRepo:
    repo = InMemoryGroundTruthRepo()
    for item in items:
        await repo.upsert(item)
    return repo


async def walk(repo: Any, query: ItemQuery) -> tuple[list[str], list[int]]:
    ids: list[str] = []
    totals: list[int] = []
    while True:
        page = await repo.query(query)
        assert len(page.items) <= query.limit
        ids.extend(item.id for item in page.items)
        totals.append(page.total)
        if page.next_cursor is None:
            return ids, totals
        assert len(page.items) == query.limit, "only the last page may be short"
        query = query.model_copy(update={"cursor": page.next_cursor})


SORT_FILTERS = (QUERIES[0], QUERIES[-1], {"text": "reset", "tags": ("alpha",)})


def oracle_cases(descending: bool) -> list[ItemQuery]:
    """Every filter under the id sort, and every sort under a few filters (kept small: the
    server answers ~20 requests a second)."""
    cases = [ItemQuery(**filters, descending=descending, limit=9) for filters in QUERIES]
    cases += [
        ItemQuery(**filters, sort=sort, descending=descending, limit=9)
        for sort in SortField
        if sort is not SortField.id
        for filters in SORT_FILTERS
    ]
    return cases


async def test_every_filter_and_sort_ascending_matches_the_in_memory_oracle(seeded, oracle):
    for query in oracle_cases(descending=False):
        assert await walk(seeded, query) == await walk(oracle, query), query


async def test_every_filter_and_sort_descending_matches_the_in_memory_oracle(seeded, oracle):
    if type(seeded) is CosmosGroundTruthRepo:
        pytest.skip(DESCENDING_FROM_ASCENDING_INDEX)
    for query in oracle_cases(descending=True):
        assert await walk(seeded, query) == await walk(oracle, query), query


async def test_paging_edges_and_totals(seeded, oracle, items):
    whole = ItemQuery(limit=len(items))
    page = await seeded.query(whole)
    assert page.next_cursor is None and page.total == len(items) == len(page.items)
    no_total = await seeded.query(ItemQuery(limit=3, include_total=False))
    assert no_total.total == -1 and len(no_total.items) == 3
    counted_later = await seeded.query(ItemQuery(limit=3, cursor=no_total.next_cursor))
    assert counted_later.total == len(items)
    empty = await seeded.query(ItemQuery(dataset_name="nothing-here"))
    assert (empty.items, empty.next_cursor, empty.total) == ([], None, 0)
    for limit in (4, 30):
        query = ItemQuery(sort=SortField.reviewed_at, limit=limit)
        assert await walk(seeded, query) == await walk(oracle, query)


async def test_list_returns_one_dataset_sorted_by_id(seeded, oracle):
    for dataset in ("faq", "docs-a"):
        for status in (None, GroundTruthStatus.approved):
            got = [item.id for item in await seeded.list(dataset, status)]
            assert got == [item.id for item in await oracle.list(dataset, status)]
            assert got, "the seed should put items in every dataset"


async def test_cursor_of_another_query_is_refused(cosmos_server, items):
    repo = CosmosGroundTruthRepo(cosmos_settings(cosmos_server))
    await repo.open()
    try:
        for item in items[:6]:
            await repo.upsert(item)
        first = await repo.query(ItemQuery(limit=2))
        assert first.next_cursor
        with pytest.raises(ValueError, match="cursor"):
            await repo.query(
                ItemQuery(limit=2, status=GroundTruthStatus.draft, cursor=first.next_cursor)
            )
        with pytest.raises(ValueError, match="cursor"):
            await repo.query(ItemQuery(limit=2, cursor="not a cursor"))
    finally:
        await repo.close()
