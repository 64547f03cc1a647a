"""What nobody edited is written back exactly as stored: `null` stays `null`, absent stays
absent, on the item, its turns and its references, on every backend.

The fixture lines (items made by GroundTruthCurator's own code, both generations) go
through import, claim, save and approve; the raw document each backend then holds must
be JSON-equal (type-exact) to the line, except the fields gt-tui owns or a decision
sets. The seed era's `"refs": null` and `"expectedBehavior": null` on history turns are
checked with the same lines carrying them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.importing import ImportService
from tests.gtc_fixture import GTC_2X_SAMPLE, GTC_SAMPLE
from tests.integration.jsonl_helpers import fixed_clock, jsonl, write
from tests.integration.raw_documents import STORE_FIELDS, json_differences, raw_document

OWNED = {"computedTags", "tags", "totalReferences", "sampleKey"} | STORE_FIELDS
"""Derived on every write by gt-tui (tags, reference count, sampling key) or by the store."""
DECISION_FIELDS = {"status", "assignedTo", "assignedAt", "updatedAt", "updatedBy", "reviewedAt"}
"""Set by claim and approve."""


def fixture_lines(path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def with_stored_nulls(doc: dict[str, Any]) -> dict[str, Any]:
    """The same item as the seed era also stores it: user turns with `refs: null` and
    `expectedBehavior: null` (a new id, so both versions live side by side)."""
    copy = json.loads(json.dumps(doc))
    copy["id"] = doc["id"] + "-nulls"
    for turn in copy.get("history") or []:
        if turn["role"] == "user":
            turn["refs"] = None
            turn["expectedBehavior"] = None
    return copy


def without(doc: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    return {key: value for key, value in doc.items() if key not in fields}


async def import_docs(repo, tmp_path, docs: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    source = write(tmp_path / "items.jsonl", jsonl(*docs))
    summary = await ImportService(repo, clock=fixed_clock).import_file(
        source, on_problem=lambda p: problems.append(p.format("items.jsonl"))
    )
    assert (summary.imported, summary.invalid) == (len(docs), 0), problems


def seed_era_docs() -> list[dict[str, Any]]:
    docs = fixture_lines(GTC_SAMPLE)
    nulls = [with_stored_nulls(doc) for doc in docs if doc.get("history")]
    assert nulls, "the seed-era fixture has multi-turn items"
    return docs + nulls


def both_generations() -> list[dict[str, Any]]:
    """Seed-era (RAG) lines, their stored-null variants, and GTC 2.x (agentic) lines."""
    return seed_era_docs() + fixture_lines(GTC_2X_SAMPLE)


async def test_import_writes_every_line_back_as_it_was(repo, tmp_path):
    docs = both_generations()
    await import_docs(repo, tmp_path, docs)
    for doc in docs:
        stored = await raw_document(repo, doc["datasetName"], doc["id"])
        assert json_differences(without(doc, OWNED), without(stored, OWNED)) == [], doc["id"]


async def test_claim_save_approve_write_back_what_nobody_edited(repo, tmp_path):
    docs = both_generations()
    await import_docs(repo, tmp_path, docs)
    assignments, curation = AssignmentService(repo), CurationService(repo)
    for doc in docs:
        holder = doc.get("assignedTo") if doc["status"] == "draft" else None
        user = holder or "carol"
        item = await assignments.claim(user, doc["datasetName"], doc["id"])
        item = await curation.save(user, item)
        if curation.approval_problems(item):
            await curation.skip(user, item)
        else:
            await curation.approve(user, item)

        stored = await raw_document(repo, doc["datasetName"], doc["id"])
        unowned = OWNED | DECISION_FIELDS
        assert json_differences(without(doc, unowned), without(stored, unowned)) == [], doc["id"]
        assert stored["updatedBy"] == user
        assert stored["status"] in ("approved", "skipped")


@pytest.mark.parametrize("field", ["refs", "expectedBehavior"])
async def test_a_null_someone_filled_is_written_as_the_new_value(repo, tmp_path, field):
    """Only an untouched null stays null: the value a curator puts there is written."""
    doc = next(d for d in map(with_stored_nulls, fixture_lines(GTC_SAMPLE)) if d.get("history"))
    await import_docs(repo, tmp_path, [doc])
    user = "carol"
    item = await AssignmentService(repo).claim(user, doc["datasetName"], doc["id"])
    turn = item.history[0]
    if field == "refs":
        from gt_tui.domain import Reference

        turn.refs = [Reference(url="https://example.org/a")]
        expected: Any = [{"url": "https://example.org/a"}]
    else:
        turn.expected_behavior = ["generation:clarification"]
        expected = ["generation:clarification"]
    await CurationService(repo).save(user, item)

    stored = await raw_document(repo, doc["datasetName"], doc["id"])
    assert stored["history"][0][field] == expected
    other = "expectedBehavior" if field == "refs" else "refs"
    assert stored["history"][0][other] is None


async def test_recompute_tags_and_undo_write_back_what_nobody_edited(repo, tmp_path):
    """Two more write paths: recompute-tags --apply rewrites derived fields only, and undo
    of a decision brings the decision fields back; the rest stays as the line had it."""
    from gt_tui.domain.models import GroundTruthStatus
    from gt_tui.services.operations import Operation
    from gt_tui.services.recompute_tags import RecomputeTagsService
    from gt_tui.services.undo import DecisionService

    docs = both_generations()
    for doc in docs:
        doc["computedTags"] = ["stale:tag"]  # something for recompute-tags to rewrite
    await import_docs(repo, tmp_path, docs)
    for doc in docs:  # the import itself derived them: make them stale again, as stored
        item = await repo.get(doc["datasetName"], doc["id"])
        item.computed_tags = ["stale:tag"]
        await repo.upsert(item)
    summary = await RecomputeTagsService(repo).recompute(apply=True)
    assert summary.written == len(docs)

    user = "carol"
    decisions = DecisionService(CurationService(repo))
    undone = [d for d in docs if d["status"] != "draft" or not d.get("assignedTo")][:4]
    for doc in undone:
        item = await AssignmentService(repo).claim(user, doc["datasetName"], doc["id"])
        await decisions.decide(Operation.skip, user, item)
        _entry, restored = await decisions.undo(user)
        assert restored.status == GroundTruthStatus.draft

    for doc in docs:
        stored = await raw_document(repo, doc["datasetName"], doc["id"])
        unowned = OWNED | DECISION_FIELDS
        assert json_differences(without(doc, unowned), without(stored, unowned)) == [], doc["id"]
