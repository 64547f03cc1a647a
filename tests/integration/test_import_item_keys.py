"""Ids and dataset names every backend can store (Cosmos's rules), checked at parse time.

The mixed file runs on every backend, the Cosmos classes included: before the check, a
Cosmos import stopped at the first forbidden id with "unexpected ValueError", having
written part of the file.
"""

from __future__ import annotations

import pytest

from gt_tui.domain import GroundTruthItem, InvalidItemKeyError
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.curation import CurationService
from gt_tui.services.importing import ImportService
from gt_tui.services.validation import item_key_problems
from tests.integration.jsonl_helpers import doc, jsonl, write

COSMOS_RULE = "(Cosmos DB refuses / \\ ? # tab CR LF in ids)"
BAD_KEYS = [
    # (dataset, id, field, problem)
    ("ds", "a/b", "id", f"must not contain '/' {COSMOS_RULE}"),
    ("ds", "a\\b", "id", f"must not contain '\\\\' {COSMOS_RULE}"),
    ("ds", "what?", "id", f"must not contain '?' {COSMOS_RULE}"),
    ("ds", "x#1", "id", f"must not contain '#' {COSMOS_RULE}"),
    ("ds", "tab\there", "id", f"must not contain a tab {COSMOS_RULE}"),
    ("ds", "trailing ", "id", "must not end with whitespace"),
    ("ds", "trailing\n", "id", "must not end with whitespace"),
    ("ds", "   ", "id", "must not be empty or only whitespace"),
    ("ds", "nul\x00id", "id", "must not contain NUL (U+0000)"),
    ("ds", "x" * 1024, "id", "is longer than 1023 bytes (UTF-8)"),
    ("  ", "ok-1", "datasetName", "must not be empty or only whitespace"),
    ("ds\x00", "ok-2", "datasetName", "must not contain NUL (U+0000)"),
    ("ds ", "ok-3", "datasetName", "must not end with whitespace"),
    (" ds", "ok-4", "datasetName", "must not start with whitespace"),
]


@pytest.mark.parametrize(("dataset", "item_id", "field", "problem"), BAD_KEYS)
def test_each_forbidden_key_is_named_with_its_field(dataset, item_id, field, problem):
    assert item_key_problems(dataset, item_id) == [(field, problem)]


@pytest.mark.parametrize("item_id", ["plain-1", "with space inside", "ünïcödé-✓", "a.b:c@d"])
def test_keys_cosmos_accepts_pass(item_id):
    assert item_key_problems("dataset one", item_id) == []


async def test_import_reports_every_forbidden_key_per_line_and_imports_the_rest(repo, tmp_path):
    lines = [doc("good-1")]
    for dataset, item_id, _, _ in BAD_KEYS:
        lines.append(doc(item_id, dataset))
    lines.append(doc("good-2"))
    path = write(tmp_path / "keys.jsonl", jsonl(*lines))
    problems: list[str] = []

    summary = await ImportService(repo, batch_size=4).import_file(
        path, on_problem=lambda p: problems.append(p.format("keys.jsonl"))
    )

    expected = [
        f"keys.jsonl:{number}: {field}: {problem}"
        for number, (_, _, field, problem) in enumerate(BAD_KEYS, start=2)
    ]
    assert problems == expected
    assert (summary.imported, summary.invalid, summary.failed) == (2, len(BAD_KEYS), 0)
    assert sorted(item.id for item in await repo.list("ds")) == ["good-1", "good-2"]


async def test_strict_import_with_a_forbidden_id_writes_nothing(repo, tmp_path):
    path = write(tmp_path / "keys.jsonl", jsonl(doc("good-1"), doc("a/b"), doc("good-2")))
    problems: list[str] = []

    summary = await ImportService(repo).import_file(
        path, strict=True, on_problem=lambda p: problems.append(p.format("f"))
    )

    assert problems == [f"f:2: id: must not contain '/' {COSMOS_RULE}"]
    assert summary.strict_refused and summary.imported == 0
    assert await repo.list("ds") == []


async def test_a_created_item_with_a_forbidden_id_is_refused_before_any_write():
    repo = InMemoryGroundTruthRepo()
    curation = CurationService(repo)
    item = GroundTruthItem(id="folder/item", dataset_name="ds", synth_question="q?")

    with pytest.raises(InvalidItemKeyError) as caught:
        await curation.save("alice", item)

    assert caught.value.field == "id"
    assert str(caught.value) == f"id 'folder/item' must not contain '/' {COSMOS_RULE}"
    assert await repo.list("ds") == []
