"""Items made by the seed system (GTC) itself go in and come out with no field lost.

The fixture file is used as it is. Fields gt-tui owns (it may change them) are listed in
OWNED; every other field, known to gt-tui or not, must come back byte-identical.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.exporting import write_export
from gt_tui.services.importing import ImportService
from tests.gtc_fixture import GTC_SAMPLE
from tests.integration.jsonl_helpers import fixed_clock

FIXTURE = GTC_SAMPLE

OWNED = {
    "_etag",  # set by the store on every write
    "computedTags",  # derived by the rules on every write
    "tags",  # the merged view of manual and computed tags
    "totalReferences",  # derived by a service
    "sampleKey",  # gt-tui's sampling helper
}
"""Fields an import may rewrite; status/assignment/review fields change only on decisions."""

DECISION_FIELDS = {"status", "assignedTo", "assignedAt", "updatedAt", "updatedBy", "reviewedAt"}


def fixture_docs() -> list[dict[str, Any]]:
    if not FIXTURE.exists():
        pytest.fail(
            f"the GTC fixture file is missing: {FIXTURE} (copy it from ../shared/fixtures/)"
        )
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]


async def import_fixture(repo) -> list[str]:
    problems: list[str] = []
    summary = await ImportService(repo, clock=fixed_clock).import_file(
        FIXTURE, on_problem=lambda p: problems.append(p.format("sample.jsonl"))
    )
    assert summary.invalid == 0, problems
    return problems


async def exported(repo) -> dict[tuple[str, str], dict[str, Any]]:
    out = io.BytesIO()
    await write_export(repo, out)
    docs = [json.loads(line) for line in out.getvalue().splitlines()]
    return {(doc["datasetName"], doc["id"]): doc for doc in docs}


def lost_fields(before: Any, after: Any, allowed: set[str] = frozenset(), path: str = "") -> list:
    """Paths of values in `before` missing from `after` or changed (top-level keys in
    `allowed` excepted). Fields `after` adds (a default gt-tui writes) are not losses."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            lost
            for key, value in before.items()
            if not (path == "" and key in allowed)
            for lost in (
                lost_fields(value, after[key], allowed, f"{path}{key}.")
                if key in after
                else [f"{path}{key}"]
            )
        ]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            lost
            for index, (old, new) in enumerate(zip(before, after, strict=True))
            for lost in lost_fields(old, new, allowed, f"{path}{index}.")
        ]
    return [] if before == after and type(before) is type(after) else [path.rstrip(".")]


async def test_gtc_items_import_with_none_refused_and_export_with_no_field_lost(repo):
    docs = fixture_docs()
    await import_fixture(repo)
    out = await exported(repo)

    assert len(out) == len(docs)
    for doc in docs:
        back = out[(doc["datasetName"], doc["id"])]
        assert lost_fields(doc, back, OWNED) == [], doc["id"]
        for key in OWNED - {"sampleKey", "_etag"}:
            assert key in back, (doc["id"], key)
        assert back["tags"] == sorted({*back["manualTags"], *back["computedTags"]})


async def test_curating_a_gtc_item_keeps_every_field_it_did_not_change(repo, tmp_path):
    """Claim, save, approve a multi-turn item: nothing it does not own is touched, and
    unknown fields added on the item, a turn and a reference (a newer schema's) survive."""
    docs = {doc["id"]: doc for doc in fixture_docs()}
    original = json.loads(json.dumps(docs["chat-002"]))
    original["reviewNote"] = {"nested": [1, 2.5, None, "x"]}
    original["history"][1]["turnId"] = "t-2"
    original["history"][1]["refs"] = [
        {"url": "https://learn.contoso.example/a", "title": "A", "rank": 3}
    ]
    original["totalReferences"] = 1
    source = tmp_path / "one.jsonl"
    source.write_bytes(json.dumps(original, ensure_ascii=False).encode("utf-8") + b"\n")
    summary = await ImportService(repo, clock=fixed_clock).import_file(source)
    assert (summary.imported, summary.invalid) == (1, 0)

    assignments = AssignmentService(repo)
    curation = CurationService(repo)
    item = await assignments.claim("carol", "contoso-chat", "chat-002")
    item.edited_question = "Compare Foo and Bar for large repositories?"
    item = await curation.save("carol", item)
    await curation.approve("carol", item)

    back = (await exported(repo))[("contoso-chat", "chat-002")]
    changed = OWNED | DECISION_FIELDS | {"editedQuestion"}
    assert lost_fields(original, back, changed) == []
    assert back["editedQuestion"] == "Compare Foo and Bar for large repositories?"
    assert back["status"] == "approved" and back["updatedBy"] == "carol"
    assert back["history"][1]["turnId"] == "t-2"
    assert back["history"][1]["refs"][0]["rank"] == 3
    assert back["reviewNote"] == {"nested": [1, 2.5, None, "x"]}
    assert back["bucket"] == original["bucket"]
    assert back["totalReferences"] == 1


async def test_keep_mine_merge_keeps_unknown_fields_of_both_versions(repo):
    """The conflict prompt's keep-mine: my edit re-applied onto their newer version keeps
    every field neither of us owns, theirs included, and saves with a conditional write."""
    from gt_tui.services.item_draft import ItemDraft

    await import_fixture(repo)
    base = await repo.get("contoso-chat", "chat-curate-006")
    theirs = base.model_copy(deep=True)
    theirs.comment = "their comment"
    theirs.__pydantic_extra__["reviewNote"] = "added by a newer GTC"
    theirs = await repo.upsert(theirs)

    draft = ItemDraft.of(base)
    draft.answer = "my answer"
    result = draft.merge_onto(theirs)
    saved = await repo.upsert(result.merged)

    assert result.clashes == []
    back = (await exported(repo))[("contoso-chat", "chat-curate-006")]
    original = next(doc for doc in fixture_docs() if doc["id"] == "chat-curate-006")
    assert lost_fields(original, back, OWNED | {"answer", "comment"}) == []
    assert (back["answer"], back["comment"]) == ("my answer", "their comment")
    assert back["reviewNote"] == "added by a newer GTC"
    assert saved.etag != theirs.etag


@pytest.mark.parametrize("decision", ["skip", "delete", "restore"])
async def test_every_decision_keeps_the_fields_it_does_not_own(repo, decision):
    await import_fixture(repo)
    item = await AssignmentService(repo).claim("carol", "contoso-faq", "faq-draft-011")
    curation = CurationService(repo)
    if decision == "restore":
        item = await curation.delete("carol", item)
    await getattr(curation, decision)("carol", item)

    back = (await exported(repo))[("contoso-faq", "faq-draft-011")]
    original = next(doc for doc in fixture_docs() if doc["id"] == "faq-draft-011")
    assert lost_fields(original, back, OWNED | DECISION_FIELDS) == []
    expected = {"skip": "skipped", "delete": "deleted", "restore": "draft"}[decision]
    assert back["status"] == expected and back["updatedBy"] == "carol"
