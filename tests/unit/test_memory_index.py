"""The in-memory repo's indexes change cost, never results: index reads == full scans."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.filtering import page_in_memory
from gt_tui.repos.memory import InMemoryGroundTruthRepo

STATUSES = list(GroundTruthStatus)
USERS = [None, "u1", "u2"]
DATASETS = ["A-1", "A-2", "B-1", "C"]

items_strategy = st.lists(
    st.builds(
        dict,
        id=st.sampled_from([f"q{n}" for n in range(25)]),
        dataset_name=st.sampled_from(DATASETS),
        status=st.sampled_from(STATUSES),
        assigned_to=st.sampled_from(USERS),
        updated_by=st.sampled_from(USERS),
        sample_key=st.one_of(
            st.sampled_from([0.0, 0.25, 0.5]), st.floats(min_value=0, max_value=0.999)
        ),
    ),
    max_size=40,
)
query_strategy = st.builds(
    dict,
    status=st.one_of(st.none(), st.sampled_from(STATUSES)),
    statuses=st.lists(st.sampled_from(STATUSES), max_size=2).map(tuple),
    dataset_prefix=st.one_of(st.none(), st.sampled_from(["A", "A-1", "B", "Z"])),
    dataset_name=st.one_of(st.none(), st.sampled_from(DATASETS)),
    assigned_to=st.sampled_from(USERS),
    unassigned=st.booleans(),
    updated_by_not=st.sampled_from(USERS),
    updated_by_not_status=st.one_of(st.none(), st.sampled_from(STATUSES)),
    exclude_ids=st.lists(st.sampled_from([f"q{n}" for n in range(25)]), max_size=4).map(tuple),
    sample_key_min=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    sample_key_max=st.one_of(st.none(), st.floats(min_value=0, max_value=1)),
    sort=st.sampled_from([SortField.sample_key, SortField.id]),
    include_total=st.booleans(),
    limit=st.integers(min_value=1, max_value=7),
)


def walk(repo: InMemoryGroundTruthRepo, query: ItemQuery) -> list[tuple[str, str]]:
    async def run():
        keys, cursor = [], query.cursor
        for _ in range(100):  # more pages than items means the cursor stopped advancing
            page = await repo.query(query.model_copy(update={"cursor": cursor}))
            assert len(page.items) <= query.limit
            keys += [(item.dataset_name, item.id) for item in page.items]
            cursor = page.next_cursor
            if cursor is None:
                return keys
        raise AssertionError("paging never ended")

    return asyncio.run(run())


def reference_walk(items: list[GroundTruthItem], query: ItemQuery) -> list[tuple[str, str]]:
    keys, cursor = [], None
    while True:
        page, cursor, _ = page_in_memory(items, query.model_copy(update={"cursor": cursor}))
        keys += [(item.dataset_name, item.id) for item in page]
        if cursor is None:
            return keys


@settings(max_examples=60, deadline=None)
@given(docs=items_strategy, updates=items_strategy, query_fields=query_strategy)
def test_index_backed_query_equals_a_full_scan(docs, updates, query_fields):
    repo = InMemoryGroundTruthRepo()

    async def load():
        for doc in docs + updates:  # the second round rewrites items: indexes must follow
            item = GroundTruthItem(synth_question="?", **doc)
            stored = await repo.get(item.dataset_name, item.id)
            if stored is not None:
                item = item.model_copy(update={"etag": stored.etag})
            await repo.upsert(item)
        for doc in updates[::3]:  # and some are deleted again
            stored = await repo.get(doc["dataset_name"], doc["id"])
            if stored is not None:
                await repo.delete(stored.dataset_name, stored.id, stored.etag)

    asyncio.run(load())
    query = ItemQuery(**query_fields)
    stored = list(repo._items.values())
    expected = reference_walk(stored, query)
    assert walk(repo, query) == expected
    # Cursors are interchangeable: the index path resumes from a full-scan cursor.
    first, cursor, _ = page_in_memory(stored, query)
    if cursor is not None:
        rest = walk(repo, query.model_copy(update={"cursor": cursor}))
        assert [(i.dataset_name, i.id) for i in first] + rest == expected
