"""Contract: every ItemQuery filter, alone and combined, with totals, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gt_tui.domain import GroundTruthStatus, HistoryTurn, Reference
from gt_tui.repos.base import ItemQuery, SortField
from tests.contract.items import key, make_item, walk

D = GroundTruthStatus.draft
A = GroundTruthStatus.approved
S = GroundTruthStatus.skipped
X = GroundTruthStatus.deleted
T0 = datetime(2024, 1, 1, tzinfo=UTC)

ALL = {"alpha/a1", "alpha/a2", "alpha/a3", "alpha/a4", "alpha-2/b1", "beta/a1", "al%ha/c1"}


def pool() -> list:
    return [
        make_item(
            "a1",
            "alpha",
            synth_question="Café CRÈME?",
            manual_tags=["red"],
            computed_tags=["big"],
            updated_by="bob",
            refs=[Reference(url="https://ex/1")],
            sample_key=0.05,
        ),
        make_item(
            "a2",
            "alpha",
            status=A,
            synth_question="plain",
            edited_question="ÉCOLE question",
            answer="yes",
            manual_tags=["red", "blue"],
            assigned_to="ann",
            assigned_at=T0,
            updated_by="ann",
            reviewed_at=T0,
            history=[
                HistoryTurn(role="user", msg="hi"),
                HistoryTurn(role="assistant", msg="ok", refs=[Reference(url="https://ex/hist")]),
            ],
            sample_key=0.25,
        ),
        make_item(
            "a3",
            "alpha",
            status=S,
            synth_question="zzz",
            answer="the answer mentions école",
            updated_by="bob",
            sample_key=0.5,
        ),
        make_item(
            "a4",
            "alpha",
            status=S,
            synth_question="q4",
            computed_tags=["blue"],
            assigned_to="",
            updated_by="carl",
            sample_key=0.75,
        ),
        make_item(
            "b1",
            "alpha-2",
            synth_question="100% _sure_",
            manual_tags=["red"],
            assigned_to="bob",
            refs=[Reference(url="https://ex/1")],
            sample_key=0.95,
        ),
        make_item(
            "a1",
            "beta",
            status=X,
            synth_question="beta one",
            manual_tags=["green"],
            updated_by="bob",
            sample_key=0.5,
        ),
        make_item("c1", "al%ha", synth_question="percent", sample_key=0.3),
    ]


CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    ("no filter", {}, ALL),
    ("status", {"status": D}, {"alpha/a1", "alpha-2/b1", "al%ha/c1"}),
    ("statuses", {"statuses": (A, X)}, {"alpha/a2", "beta/a1"}),
    ("status and statuses", {"status": S, "statuses": (S, D)}, {"alpha/a3", "alpha/a4"}),
    ("dataset_name", {"dataset_name": "alpha"}, {"alpha/a1", "alpha/a2", "alpha/a3", "alpha/a4"}),
    (
        "dataset_prefix",
        {"dataset_prefix": "alpha"},
        {"alpha/a1", "alpha/a2", "alpha/a3", "alpha/a4", "alpha-2/b1"},
    ),
    ("dataset_prefix with %", {"dataset_prefix": "al%"}, {"al%ha/c1"}),
    ("dataset_prefix _ is literal", {"dataset_prefix": "al_"}, set()),
    ("tag manual", {"tags": ("red",)}, {"alpha/a1", "alpha/a2", "alpha-2/b1"}),
    ("tag computed", {"tags": ("big",)}, {"alpha/a1"}),
    ("tag manual or computed", {"tags": ("blue",)}, {"alpha/a2", "alpha/a4"}),
    ("tags all present", {"tags": ("red", "blue")}, {"alpha/a2"}),
    ("unknown tag", {"tags": ("nope",)}, set()),
    (
        "exclude_tags",
        {"exclude_tags": ("red",)},
        {"alpha/a3", "alpha/a4", "beta/a1", "al%ha/c1"},
    ),
    (
        "exclude_tags all absent",
        {"exclude_tags": ("red", "green")},
        {"alpha/a3", "alpha/a4", "al%ha/c1"},
    ),
    (
        "tags and exclude_tags",
        {"tags": ("red",), "exclude_tags": ("blue",)},
        {"alpha/a1", "alpha-2/b1"},
    ),
    ("assigned_to", {"assigned_to": "ann"}, {"alpha/a2"}),
    ("assigned_to other", {"assigned_to": "bob"}, {"alpha-2/b1"}),
    (
        "unassigned (None or empty)",
        {"unassigned": True},
        {"alpha/a1", "alpha/a3", "alpha/a4", "beta/a1", "al%ha/c1"},
    ),
    (
        "updated_by_not",
        {"updated_by_not": "bob"},
        {"alpha/a2", "alpha/a4", "alpha-2/b1", "al%ha/c1"},
    ),
    (
        "updated_by_not only among a status",
        {"updated_by_not": "bob", "updated_by_not_status": S},
        ALL - {"alpha/a3"},
    ),
    ("updated_by", {"updated_by": "bob"}, {"alpha/a1", "alpha/a3", "beta/a1"}),
    (
        "reviewed_at_min is inclusive and never keeps an unreviewed item",
        {"reviewed_at_min": T0},
        {"alpha/a2"},
    ),
    (
        "approved by a curator since an instant (the queue's count)",
        {"status": A, "updated_by": "ann", "reviewed_at_min": T0 + timedelta(microseconds=1)},
        set(),
    ),
    ("text is case-insensitive", {"text": "crème"}, {"alpha/a1"}),
    ("text non-ASCII case", {"text": "école"}, {"alpha/a2", "alpha/a3"}),
    ("text in the answer", {"text": "YES"}, {"alpha/a2"}),
    ("text % and _ are literal", {"text": "100% _"}, {"alpha-2/b1"}),
    ("text no match", {"text": "%zz%"}, set()),
    ("ref_url on the item", {"ref_url": "https://ex/1"}, {"alpha/a1", "alpha-2/b1"}),
    ("ref_url on a history turn", {"ref_url": "https://ex/hist"}, {"alpha/a2"}),
    ("ref_url is exact", {"ref_url": "https://ex"}, set()),
    (
        "ref_url_contains on the item",
        {"ref_url_contains": "ex/1"},
        {"alpha/a1", "alpha-2/b1"},
    ),
    ("ref_url_contains on a history turn", {"ref_url_contains": "/hi"}, {"alpha/a2"}),
    ("ref_url_contains is case-sensitive", {"ref_url_contains": "EX/1"}, set()),
    ("ref_url_contains % is literal", {"ref_url_contains": "ex%"}, set()),
    ("text in a history message only", {"text": "hI"}, {"alpha/a2"}),
    ("id_prefix", {"id_prefix": "a"}, ALL - {"alpha-2/b1", "al%ha/c1"}),
    ("id_prefix whole id", {"id_prefix": "a1"}, {"alpha/a1", "beta/a1"}),
    ("id_prefix is case-sensitive", {"id_prefix": "A"}, set()),
    ("id_prefix with dataset", {"id_prefix": "a", "dataset_name": "beta"}, {"beta/a1"}),
    (
        "exclude_ids in every dataset",
        {"exclude_ids": ("a1", "b1")},
        {"alpha/a2", "alpha/a3", "alpha/a4", "al%ha/c1"},
    ),
    (
        "sample_key_min is inclusive",
        {"sample_key_min": 0.5},
        {"alpha/a3", "alpha/a4", "alpha-2/b1", "beta/a1"},
    ),
    ("sample_key_max is exclusive", {"sample_key_max": 0.5}, {"alpha/a1", "alpha/a2", "al%ha/c1"}),
    (
        "sample_key window",
        {"sample_key_min": 0.25, "sample_key_max": 0.75},
        {"alpha/a2", "alpha/a3", "beta/a1", "al%ha/c1"},
    ),
    (
        "the sampler's eligible pool",
        {
            "statuses": (D, S),
            "unassigned": True,
            "updated_by_not": "carl",
            "updated_by_not_status": S,
        },
        {"alpha/a1", "alpha/a3", "al%ha/c1"},
    ),
]


@pytest.mark.parametrize(("filters", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_filter_selects_exactly_the_matching_items(repo, filters, expected):
    for item in pool():
        await repo.upsert(item)
    found, totals = await walk(repo, ItemQuery(limit=2, **filters))
    assert [key(i) for i in found if key(i) not in expected] == []
    assert sorted(key(i) for i in found) == sorted(expected)
    assert set(totals) == {len(expected)}


async def test_include_total_false_gives_minus_one_and_the_same_items(repo):
    for item in pool():
        await repo.upsert(item)
    query = ItemQuery(status=D, limit=2, include_total=False)
    found, totals = await walk(repo, query)
    assert set(totals) == {-1}
    assert {key(i) for i in found} == {"alpha/a1", "alpha-2/b1", "al%ha/c1"}


async def test_sampler_window_reads_in_sample_key_order(repo):
    for item in pool():
        await repo.upsert(item)
    query = ItemQuery(
        statuses=(D, S),
        unassigned=True,
        sample_key_min=0.04,
        sort=SortField.sample_key,
        include_total=False,
        limit=2,
    )
    page = await repo.query(query)
    assert [key(i) for i in page.items] == ["alpha/a1", "al%ha/c1"]
    assert page.total == -1
    rest = await repo.query(query.model_copy(update={"cursor": page.next_cursor}))
    assert [key(i) for i in rest.items] == ["alpha/a3", "alpha/a4"]


async def test_query_returns_copies(repo):
    for item in pool():
        await repo.upsert(item)
    page = await repo.query(ItemQuery(dataset_name="alpha"))
    for item in page.items:
        item.manual_tags.append("mutated")
    again = await repo.query(ItemQuery(tags=("mutated",)))
    assert again.items == [] and again.total == 0


async def assert_sorted_walk(repo, sort: SortField, descending: bool) -> None:
    from gt_tui.repos.filtering import sort_value

    for item in pool():
        await repo.upsert(item)
    found, totals = await walk(repo, ItemQuery(sort=sort, descending=descending, limit=2))
    keys = [(sort_value(i, sort), i.id, i.dataset_name) for i in found]
    assert keys == sorted(keys, reverse=descending)
    assert len(found) == len(ALL) and set(totals) == {len(ALL)}


@pytest.mark.parametrize("sort", list(SortField), ids=[f.value for f in SortField])
async def test_every_sort_pages_in_order_ascending(repo, sort):
    await assert_sorted_walk(repo, sort, descending=False)


@pytest.mark.parametrize("sort", list(SortField), ids=[f.value for f in SortField])
async def test_every_sort_pages_in_order_descending(repo, sort):
    await assert_sorted_walk(repo, sort, descending=True)


async def test_has_answer_sort_puts_unanswered_first(repo):
    for item in pool():
        await repo.upsert(item)
    page = await repo.query(ItemQuery(sort=SortField.has_answer, limit=50))
    answered = [bool(i.answer) for i in page.items]
    assert answered == sorted(answered) and answered.count(True) == 2
