"""SQLite-only behaviour: schema versions and migration, file errors, the query plan."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import pytest

from gt_tui.domain import (
    BackendUnavailableError,
    ConcurrencyError,
    GroundTruthItem,
    GroundTruthStatus,
    HistoryTurn,
    Reference,
)
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.repos.sqlite_query import count_sql, page_sql
from gt_tui.repos.sqlite_schema import SCHEMA_VERSION, SchemaVersionError, item_json, migrate
from gt_tui.services.sampling import eligible_query


def user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def old_item(n: int) -> GroundTruthItem:
    return GroundTruthItem(
        id=f"old-{n}",
        dataset_name="legacy",
        synth_question=f"Old Question {n}",
        manual_tags=["kept"] if n % 2 else [],
        refs=[Reference(url=f"https://old/{n}")],
        history=[HistoryTurn(role="user", msg="hi", refs=[Reference(url="https://hist")])],
        total_references=n,
        sample_key=n / 10,
        etag=f'"v1-etag-{n}"',
    )


def write_version_1_file(path: Path, items: list[GroundTruthItem]) -> None:
    """What the first release wrote: the core table only (documents plus etags)."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), target=1)
    for item in items:
        conn.execute(
            "INSERT INTO items (dataset_name, id, etag, doc) VALUES (?, ?, ?, ?)",
            (item.dataset_name, item.id, item.etag, item_json(item)),
        )
    conn.close()


@pytest.mark.parametrize("old_version", [1, 2])
async def test_an_older_file_is_upgraded_and_its_data_is_readable_and_queryable(
    tmp_path, old_version
):
    path = tmp_path / "old.sqlite3"
    items = [old_item(n) for n in range(5)]
    write_version_1_file(path, items)
    if old_version > 1:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
            migrate(conn, str(path), target=old_version)
    assert user_version(path) == old_version

    repo = SqliteGroundTruthRepo(path)
    try:
        assert await repo.get("legacy", "old-3") == items[3]
        assert {i.id for i in await repo.list("legacy")} == {i.id for i in items}
        tagged = await repo.query(ItemQuery(tags=("kept",)))
        assert {i.id for i in tagged.items} == {"old-1", "old-3"}
        assert [i.id for i in (await repo.query(ItemQuery(text="old question 4"))).items] == [
            "old-4"
        ]
        assert (await repo.query(ItemQuery(ref_url="https://hist"))).total == 5
        by_refs = await repo.query(ItemQuery(sort=SortField.total_references, descending=True))
        assert [i.id for i in by_refs.items] == ["old-4", "old-3", "old-2", "old-1", "old-0"]
        window = await repo.query(ItemQuery(sample_key_min=0.2, sample_key_max=0.4))
        assert {i.id for i in window.items} == {"old-2", "old-3"}
        updated = await repo.upsert(items[0].model_copy(update={"answer": "new"}))
        assert updated.etag != items[0].etag
    finally:
        await repo.close()
    assert user_version(path) == SCHEMA_VERSION


def downgrade_to_version_7(path: Path) -> None:
    """A file as version 7 wrote it: v8 added the shape and tool-call-count columns (with
    an index) and the item_tools side table."""
    downgrade_to_version_8(path)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP INDEX items_by_tool_call_count")
        conn.execute("ALTER TABLE items DROP COLUMN tool_call_count")
        conn.execute("ALTER TABLE items DROP COLUMN shape")
        conn.execute("DROP TABLE item_tools")
        conn.execute("PRAGMA user_version = 7")


def downgrade_to_version_8(path: Path) -> None:
    """A file as version 8 wrote it: v9 added the revisions table and the review-state
    column with its index."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP TABLE revisions")
        conn.execute("DROP INDEX items_by_review_state")
        conn.execute("ALTER TABLE items DROP COLUMN review_state")
        conn.execute("PRAGMA user_version = 8")


async def test_a_version_8_file_gets_history_from_its_next_write_on(tmp_path):
    path = tmp_path / "v8.sqlite3"
    repo = SqliteGroundTruthRepo(path)
    try:
        stored = await repo.upsert(old_item(1).model_copy(update={"etag": None}))
    finally:
        await repo.close()
    downgrade_to_version_8(path)
    repo = SqliteGroundTruthRepo(path)
    try:
        assert await repo.history(stored.dataset_name, stored.id) == []
        saved = await repo.upsert(stored.model_copy(update={"answer": "after the upgrade"}))
        (revision,) = await repo.history(stored.dataset_name, stored.id)
    finally:
        await repo.close()
    assert user_version(path) == SCHEMA_VERSION == 9
    assert (revision.number, revision.change, revision.prev_etag, revision.etag) == (
        1,
        "updated",
        stored.etag,
        saved.etag,
    )
    assert revision.changes["answer"].after == "after the upgrade"


def downgrade_to_version_6(path: Path) -> None:
    """A file as version 6 wrote it: v7 only added the distinct-URL table and its index."""
    downgrade_to_version_7(path)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DROP TABLE ref_url_search")
        conn.execute("DROP TABLE ref_urls")
        conn.execute("PRAGMA user_version = 6")


async def test_a_version_6_file_is_migrated_and_every_filter_finds_the_same_items(tmp_path):
    path = tmp_path / "v6.sqlite3"
    items = [old_item(n).model_copy(update={"etag": None}) for n in range(6)]
    repo = SqliteGroundTruthRepo(path)
    queries = [
        ItemQuery(ref_url_contains="old/"),
        ItemQuery(ref_url_contains="hist"),
        ItemQuery(ref_url_contains="//old/3"),
        ItemQuery(tags=("kept",)),
        ItemQuery(exclude_tags=("kept",)),
        ItemQuery(id_prefix="old-"),
        ItemQuery(text="question 2"),
    ]
    try:
        for item in items:
            await repo.upsert(item)
        before = [[i.id for i in (await repo.query(q)).items] for q in queries]
    finally:
        await repo.close()
    downgrade_to_version_6(path)
    assert user_version(path) == 6

    repo = SqliteGroundTruthRepo(path)
    try:
        after = [[i.id for i in (await repo.query(q)).items] for q in queries]
        await repo.upsert(old_item(9).model_copy(update={"etag": None, "refs": [
            Reference(url="https://new/9")]}))  # fmt: skip
        added = await repo.query(ItemQuery(ref_url_contains="new/"))
    finally:
        await repo.close()
    assert user_version(path) == SCHEMA_VERSION == 9
    assert after == before
    assert before[0] == [f"old-{n}" for n in range(6)] and before[2] == ["old-3"]
    assert before[1] == before[0] and before[3] == ["old-1", "old-3", "old-5"]
    assert [i.id for i in added.items] == ["old-9"]


async def test_a_version_7_file_is_migrated_and_finds_agentic_items_by_tool_and_shape(tmp_path):
    path = tmp_path / "v7.sqlite3"
    agentic = GroundTruthItem.from_doc(
        {
            "id": "ag-1",
            "datasetName": "ds",
            "history": [{"role": "user", "msg": "q"}, {"role": "agent", "msg": "a"}],
            "toolCalls": [{"id": "c1", "name": "search"}, {"id": "c2", "name": "fetch"}],
            "expectedTools": {"required": [{"name": "lookup"}]},
        }
    )
    repo = SqliteGroundTruthRepo(path)
    try:
        await repo.upsert(agentic)
        await repo.upsert(old_item(1).model_copy(update={"etag": None}))
    finally:
        await repo.close()
    downgrade_to_version_7(path)

    repo = SqliteGroundTruthRepo(path)
    try:
        by_tool = [(await repo.query(ItemQuery(tool=name))).items for name in ("fetch", "lookup")]
        by_shape = (await repo.query(ItemQuery(shape="rag"))).items
        by_count = (await repo.query(ItemQuery(sort=SortField.tool_call_count))).items
    finally:
        await repo.close()
    assert user_version(path) == SCHEMA_VERSION
    assert [[i.id for i in items] for items in by_tool] == [["ag-1"], ["ag-1"]]
    assert [i.id for i in by_shape] == ["old-1"]
    assert [i.id for i in by_count] == ["old-1", "ag-1"]


async def test_an_empty_version_0_file_is_initialised(tmp_path):
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()
    assert user_version(path) == 0
    repo = SqliteGroundTruthRepo(path)
    try:
        await repo.upsert(GroundTruthItem(id="a", dataset_name="d", synth_question="q"))
        assert (await repo.query(ItemQuery())).total == 1
    finally:
        await repo.close()
    assert user_version(path) == SCHEMA_VERSION


async def test_a_file_from_a_newer_release_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "future.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    repo = SqliteGroundTruthRepo(path)
    try:
        with pytest.raises(SchemaVersionError, match="newer than this gt-tui supports") as err:
            await repo.health()
        assert isinstance(err.value, BackendUnavailableError)
        assert str(path) in str(err.value)
    finally:
        await repo.close()
    assert user_version(path) == SCHEMA_VERSION + 1


async def test_a_file_that_is_not_a_database_makes_the_backend_unavailable(tmp_path):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not an sqlite file at all" * 100)
    repo = SqliteGroundTruthRepo(path)
    try:
        with pytest.raises(BackendUnavailableError, match=r"garbage\.sqlite3"):
            await repo.health()
    finally:
        await repo.close()


async def test_missing_parent_folders_are_created_and_close_is_final(tmp_path):
    path = tmp_path / "a" / "b" / "c" / "gt.sqlite3"
    repo = SqliteGroundTruthRepo(path)
    await repo.health()
    assert path.exists()
    await repo.close()
    await repo.close()
    with pytest.raises(BackendUnavailableError, match="closed"):
        await repo.get("d", "x")


async def test_two_repos_on_one_file_see_each_others_writes(tmp_path):
    path = tmp_path / "shared.sqlite3"
    first, second = SqliteGroundTruthRepo(path), SqliteGroundTruthRepo(path)
    try:
        created = await first.upsert(GroundTruthItem(id="a", dataset_name="d", synth_question="q"))
        assert await second.get("d", "a") == created
        await second.upsert(created.model_copy(update={"answer": "by second"}))
        assert (await first.get("d", "a")).answer == "by second"
    finally:
        await first.close()
        await second.close()


def plan(path: Path, query: ItemQuery) -> str:
    sql, params = page_sql(query)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return "\n".join(row[-1] for row in rows)


async def test_the_sampling_window_reads_the_sample_key_index_in_order(tmp_path):
    """A sampling read must walk the sample_key index and stop at `limit` (O(limit)),
    not collect and sort the eligible pool (a temp b-tree for ORDER BY)."""
    path = tmp_path / "plan.sqlite3"
    repo = SqliteGroundTruthRepo(path)
    await repo.health()
    await repo.close()
    for query in (
        eligible_query("u1", sample_key_min=0.3, limit=20),
        eligible_query("u1", sample_key_max=0.3, limit=20, exclude_ids=("a", "b")),
        eligible_query("u1", sample_key_min=0.3, limit=20, dataset_prefix="ds-"),
    ):
        text = plan(path, query)
        assert "USING INDEX items_by_sample_key (sample_key" in text, text
        assert "TEMP B-TREE" not in text, text


async def test_filtered_pages_follow_the_sort_index_and_counts_use_filter_indexes(tmp_path):
    path = tmp_path / "plan.sqlite3"
    repo = SqliteGroundTruthRepo(path)
    await repo.health()
    await repo.close()
    for page in (
        ItemQuery(status=GroundTruthStatus.draft, sort=SortField.updated_at, limit=50),
        ItemQuery(dataset_name="d", tags=("t",), sort=SortField.updated_at, limit=50),
        ItemQuery(ref_url="u://x", sort=SortField.updated_at, descending=True, limit=50),
    ):
        text = plan(path, page)
        assert "USING INDEX items_by_updated_at" in text and "TEMP B-TREE" not in text, text
    assert "item_search" in plan(path, ItemQuery(text="some phrase"))
    query = ItemQuery(status=GroundTruthStatus.draft, sort=SortField.updated_at, limit=50)
    sql, params = count_sql(query)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    assert "COVERING INDEX items_by_status" in rows[0][-1]


def plan_lines(path: Path, sql: str, params: list) -> str:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return "\n".join(row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))


async def test_the_explorer_filters_read_indexes_not_every_item(tmp_path):
    """The plans behind the 100 ms first page over 100,000 items (bench_datasets): id
    prefix is a range on the id index; a count of tag, URL-part or text matches reads
    only side tables or search indexes; URL parts go through the trigram index of the
    distinct URLs; a page with many matches walks the sort index with no sort step."""
    path = tmp_path / "plan.sqlite3"
    repo = SqliteGroundTruthRepo(path)
    await repo.health()
    await repo.close()
    prefix = ItemQuery(id_prefix="item-00001")
    assert "items_by_id (id>? AND id<?)" in plan_lines(path, *page_sql(prefix, 100))
    assert "COVERING INDEX items_by_id (id>? AND id<?)" in plan_lines(path, *count_sql(prefix))
    for query in (
        ItemQuery(tags=("security",)),
        ItemQuery(exclude_tags=("security",)),
        ItemQuery(ref_url_contains="example.org/4"),
        ItemQuery(text="follow-up number"),
    ):
        count_plan = plan_lines(path, *count_sql(query))
        assert "SEARCH items" not in count_plan and "SCAN items USING INDEX" not in count_plan
        for total in (None, 50_000):
            page_plan = plan_lines(path, *page_sql(query, total))
            assert "SCAN items USING INDEX items_by_id" in page_plan, page_plan
            assert "TEMP B-TREE" not in page_plan, page_plan
        few = plan_lines(path, *page_sql(query, 10))
        if not query.exclude_tags:
            assert "SEARCH items USING INTEGER PRIMARY KEY" in few, few
    url_plan = plan_lines(path, *count_sql(ItemQuery(ref_url_contains="example.org/4")))
    assert "ref_url_search VIRTUAL TABLE" in url_plan, url_plan


async def test_writers_on_several_connections_with_the_same_etag_have_one_winner(tmp_path):
    """Four repos (four connections, four worker threads) on one file race for real."""
    path = tmp_path / "threads.sqlite3"
    repos = [SqliteGroundTruthRepo(path) for _ in range(4)]
    try:
        for round_no in range(5):
            if round_no == 0:
                base = await repos[0].upsert(
                    GroundTruthItem(id="a", dataset_name="d", synth_question="q")
                )
            attempts = [
                repo.upsert(base.model_copy(update={"answer": f"{n}-{k}"}))
                for n, repo in enumerate(repos)
                for k in range(10)
            ]
            results = await asyncio.gather(*attempts, return_exceptions=True)
            winners = [r for r in results if isinstance(r, GroundTruthItem)]
            assert len(winners) == 1, results
            assert all(type(r) is ConcurrencyError for r in results if r not in winners)
            base = await repos[1].get("d", "a")
            assert base == winners[0]
    finally:
        for repo in repos:
            await repo.close()
