"""Contract: the agentic-item filters and sort on every backend: `tool` (called, or expected
as required), `shape`, and the tool_call_count sort, alone, combined, paged and counted."""

from __future__ import annotations

import json
import uuid

import pytest

from gt_tui.domain import GroundTruthItem
from gt_tui.repos.base import ItemQuery, SortField
from tests.contract.items import key, make_item, walk
from tests.gtc_fixture import GTC_2X_SAMPLE


def agentic(item_id: str, dataset: str, calls: list[str], required: list[str] = (), **kw):
    return GroundTruthItem.from_doc(
        {
            "id": item_id,
            "datasetName": dataset,
            "history": [{"role": "user", "msg": f"ask {item_id}"}, {"role": "agent", "msg": "ok"}],
            "toolCalls": [
                {"id": f"{item_id}-{n}", "name": name, "callType": "tool", "stepNumber": n}
                for n, name in enumerate(calls)
            ],
            "expectedTools": {"required": [{"name": name} for name in required]},
            **kw,
        }
    )


@pytest.fixture
async def stored(repo):
    dataset = "agentic-" + uuid.uuid4().hex[:8]
    items = [
        agentic("g1", dataset, ["search", "fetch", "search"]),
        agentic("g2", dataset, ["fetch"], required=["summarize"]),
        agentic("g3", dataset, []),
        agentic("g4", dataset, ["a", "b", "c", "d"], required=["a"]),
        make_item("r1", dataset, synth_question="a RAG item"),
        make_item("r2", dataset, synth_question="another"),
    ]
    for item in items:
        await repo.upsert(item)
    return dataset


def keys(dataset: str, *ids: str) -> list[str]:
    return [f"{dataset}/{item_id}" for item_id in ids]


@pytest.mark.parametrize(
    ("tool", "expected"),
    [
        ("search", ["g1"]),  # called (twice: listed once)
        ("fetch", ["g1", "g2"]),
        ("summarize", ["g2"]),  # required, never called
        ("a", ["g4"]),  # called and required
        ("nothing", []),
        ("Search", []),  # exact, case-sensitive
    ],
)
async def test_tool_filter_matches_called_or_required(repo, stored, tool, expected):
    query = ItemQuery(dataset_name=stored, tool=tool, limit=2)
    found, totals = await walk(repo, query)
    assert [key(item) for item in found] == keys(stored, *expected)
    assert totals[0] == len(expected)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [("agentic", ["g1", "g2", "g3", "g4"]), ("rag", ["r1", "r2"])],
)
async def test_shape_filter(repo, stored, shape, expected):
    found, totals = await walk(repo, ItemQuery(dataset_name=stored, shape=shape, limit=3))
    assert [key(item) for item in found] == keys(stored, *expected)
    assert totals[0] == len(expected)


ORDER_BY_TOOL_CALLS = ["g3", "r1", "r2", "g2", "g1", "g4"]
"""0, 0, 0, 1, 3, 4 tool calls (ties by id)."""


async def sorted_by_tool_calls(repo, dataset: str, descending: bool) -> list[str]:
    query = ItemQuery(
        dataset_name=dataset, sort=SortField.tool_call_count, descending=descending, limit=2
    )
    found, _ = await walk(repo, query)
    return [key(item) for item in found]


async def test_sort_by_number_of_tool_calls_pages_in_order(repo, stored):
    assert await sorted_by_tool_calls(repo, stored, False) == keys(stored, *ORDER_BY_TOOL_CALLS)


async def test_sort_by_number_of_tool_calls_descending(repo, stored):
    expected = keys(stored, *ORDER_BY_TOOL_CALLS[::-1])
    assert await sorted_by_tool_calls(repo, stored, True) == expected


async def test_filters_combine(repo, stored):
    query = ItemQuery(dataset_name=stored, shape="agentic", tool="fetch", text="ask g2")
    found, totals = await walk(repo, query)
    assert [key(item) for item in found] == keys(stored, "g2") and totals[0] == 1


async def test_gtc_items_are_found_by_their_tools(repo):
    """GTC's own items, as it made them: each is found by every tool it called."""
    docs = [json.loads(line) for line in GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines()]
    dataset_of = {}
    for doc in docs:
        item = GroundTruthItem.from_doc({**doc, "_etag": None})
        stored = await repo.upsert(item.model_copy(update={"bucket": None}))
        dataset_of[stored.id] = stored.dataset_name
    for doc in docs:
        for call in doc["toolCalls"]:
            query = ItemQuery(dataset_name=doc["datasetName"], tool=call["name"], limit=50)
            found, _ = await walk(repo, query)
            assert doc["id"] in [item.id for item in found], call["name"]
