"""SQLite pages take one of three shapes by how many items match (sqlite_query.page_where):
read from the filter's pk sets, walk the sort index testing each row, or (uncounted)
walk testing membership in a set built once. The contract suite's pools are small, so
they mostly see one shape; here every shape must return exactly what the in-memory
reference returns, page by page, with the same totals."""

from __future__ import annotations

import itertools

import pytest

from gt_tui.domain import GroundTruthStatus, HistoryTurn, Reference
from gt_tui.repos import sqlite_query
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.repos.sqlite_query import prefix_upper_bound
from tests.contract.items import key, make_item, walk

TAGS = ["red", "blue", "green"]


def pool() -> list:
    items = []
    for n in range(40):
        refs = [Reference(url=f"https://docs.example/{n % 6}")]
        if n % 4 == 0:  # two URLs that both contain "docs.example": counted once
            refs.append(Reference(url=f"https://docs.example/extra/{n}"))
        history = None
        if n % 5 == 0:
            history = [
                HistoryTurn(role="user", msg=f"earlier turn {n} mentions Zebra"),
                HistoryTurn(role="assistant", msg="ok", refs=[Reference(url="hist://only")]),
            ]
        items.append(
            make_item(
                f"id-{n:02d}" if n % 3 else f"other-{n:02d}",
                "ds-a" if n % 2 else "ds-b",
                status=list(GroundTruthStatus)[n % 4],
                synth_question=f"Question {n} about {'zebras' if n % 7 == 0 else 'horses'}",
                answer=None if n % 6 == 0 else f"answer {n}",
                manual_tags=[tag for i, tag in enumerate(TAGS) if (n >> i) & 1],
                refs=refs,
                history=history,
                total_references=n % 3,
                sample_key=(n * 37 % 40) / 40,
            )
        )
    items.append(
        make_item("nul", "ds-a", synth_question="a\x00b zebra", refs=[Reference(url="u\x00rl://x")])
    )
    items.append(
        make_item("fffd", "ds-a", synth_question="a\ufffdb", refs=[Reference(url="u\ufffdrl://y")])
    )
    return items


QUERIES = [
    ItemQuery(tags=("red",)),
    ItemQuery(tags=("red", "blue")),
    ItemQuery(exclude_tags=("green",)),
    ItemQuery(exclude_tags=("green", "red")),
    ItemQuery(tags=("red",), exclude_tags=("blue",)),
    ItemQuery(tags=("red",), status=GroundTruthStatus.draft),
    ItemQuery(ref_url_contains="docs.example"),
    ItemQuery(ref_url_contains="example/3"),
    ItemQuery(ref_url_contains="/"),
    ItemQuery(ref_url_contains="\x00rl"),
    ItemQuery(ref_url_contains="rl://"),
    ItemQuery(ref_url_contains="nothing"),
    ItemQuery(ref_url="hist://only"),
    ItemQuery(ref_url="hist://only", tags=("blue",)),
    ItemQuery(text="zebra"),
    ItemQuery(text="ZEB"),
    ItemQuery(text="ze"),
    ItemQuery(text="\ufffdb"),
    ItemQuery(text="question"),
    ItemQuery(text="zebra", ref_url_contains="docs", exclude_tags=("red",)),
    ItemQuery(id_prefix="id-1"),
    ItemQuery(id_prefix="other"),
    ItemQuery(id_prefix=""),
    ItemQuery(tags=("blue",), sort=SortField.updated_at, descending=True),
    ItemQuery(text="answer", sort=SortField.total_references),
    ItemQuery(ref_url_contains="example", sort=SortField.has_answer, descending=True),
]


@pytest.fixture
async def repos(tmp_path):
    memory = InMemoryGroundTruthRepo()
    sqlite = SqliteGroundTruthRepo(tmp_path / "shapes.sqlite3")
    for item in pool():
        await memory.upsert(item)
        await sqlite.upsert(item)
    yield memory, sqlite
    await memory.close()
    await sqlite.close()


@pytest.mark.parametrize("drive_max", [0, 10**9], ids=["walk-and-test", "read-the-set"])
async def test_every_page_shape_returns_what_the_reference_returns(repos, monkeypatch, drive_max):
    memory, sqlite = repos
    monkeypatch.setattr(sqlite_query, "DRIVE_MAX_MATCHES", drive_max)
    for query, include_total in itertools.product(QUERIES, (True, False)):
        paged = query.model_copy(update={"limit": 4, "include_total": include_total})
        expected, expected_totals = await walk(memory, paged)
        got, totals = await walk(sqlite, paged)
        assert [key(i) for i in got] == [key(i) for i in expected], query
        if include_total:
            assert totals == expected_totals, query
            assert totals[0] == len(expected), query
        else:
            assert set(totals) == {-1}


@pytest.mark.parametrize(
    "prefix", ["", "a", "id-1", "z\ud7ff", "x\U0010ffff", "\U0010ffff\U0010ffff", "é", "\x00"]
)
def test_the_id_prefix_range_is_exactly_startswith(prefix):
    candidates = ["", "a", "ab", "id-1", "id-10", "id-2", "z\ud7ff", "z\ud7ffq", "z\ue000",
                  "x\U0010ffff", "x\U0010ffffy", "y", "é", "éa", "ê", "\x00", "\x00a", "\x01",
                  "\U0010ffff\U0010ffff", "\U0010ffff\U0010ffffz"]  # fmt: skip
    upper = prefix_upper_bound(prefix)
    for text in candidates:
        in_range = prefix <= text and (upper is None or text < upper)
        assert in_range == text.startswith(prefix), (prefix, text, upper)
