"""A container GroundTruthCurator 2.x made works as the seed-era one does: its agentic
items (written raw, as GTC writes them) are read, queried and curated with every field
they do not own kept; its curation instructions (`curation-DATASET`) are read and
written under the id form the container already uses; `cosmos check` counts by shape."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gt_tui.cli import main
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.cosmos_admin import backfill_helpers
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.integration.raw_documents import STORE_FIELDS, json_differences
from tests.integration.test_cli_cosmos_admin import env_for, gtc_docs, make_container
from tests.integration.test_cosmos_gtc_layout import gtc, instructions_doc  # noqa: F401

pytestmark = pytest.mark.cosmos


def gtc_2x_docs() -> list[dict[str, Any]]:
    """GTC 2.x's items as it stores them (its dump has `_etag: null`: the store sets it)."""
    docs = [json.loads(line) for line in GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [{k: v for k, v in doc.items() if k != "_etag"} for doc in docs]


def instructions_2x(dataset: str) -> dict[str, Any]:
    return {**instructions_doc(dataset), "id": f"curation-{dataset}", "schemaVersion": "v1"}


def test_check_counts_items_by_shape(cosmos_server, monkeypatch, capsys):
    settings = make_container(cosmos_server, [*gtc_docs(), *gtc_2x_docs()])
    env_for(monkeypatch, settings)
    assert main(["cosmos", "check"]) == 0
    assert "items: 10 (5 RAG, 5 agentic)" in capsys.readouterr().out


OWNED = STORE_FIELDS | {"computedTags", "tags", "totalReferences", "sampleKey"}
DECISIONS = {"status", "assignedTo", "assignedAt", "updatedAt", "updatedBy", "reviewedAt"}


async def test_agentic_items_on_a_gtc_container_are_queried_and_curated_keeping_fields(gtc):  # noqa: F811
    _, raw, repo = gtc
    docs = gtc_2x_docs()
    for doc in docs:
        await raw.create_item(doc)
    before = await repo.query(ItemQuery(shape="agentic", limit=50))
    assert before.items == []  # GTC wrote them: no helper fields yet (`cosmos check` says so)
    assert (await backfill_helpers(repo)).written == len(docs)  # `cosmos migrate --apply`

    shapes = await repo.query(ItemQuery(shape="agentic", limit=50))
    assert sorted(i.id for i in shapes.items) == sorted(d["id"] for d in docs)
    doc = docs[0]  # a draft GTC assigned to its demo user
    user = doc["assignedTo"]
    item = await AssignmentService(repo).claim(user, doc["datasetName"], doc["id"])
    curation = CurationService(repo)
    item = await curation.save(user, item)
    assert curation.approval_problems(item) == []
    await curation.approve(user, item)

    (stored,) = [d async for d in raw.query_items("SELECT * FROM c") if d["id"] == doc["id"]]
    skip = OWNED | DECISIONS
    assert (
        json_differences(
            {k: v for k, v in doc.items() if k not in skip},
            {k: v for k, v in stored.items() if k not in skip},
        )
        == []
    )
    assert stored["status"] == "approved" and stored["bucket"] == doc["bucket"]


async def test_instructions_under_gtc_2x_ids_are_read_and_written_in_that_form(gtc):  # noqa: F811
    _, raw, repo = gtc
    await raw.create_item(instructions_2x("customer-feedback"))

    found = await repo.get_instructions("customer-feedback")
    assert found is not None and found.id == "curation-customer-feedback"
    updated = await repo.put_instructions(
        found.model_copy(update={"instructions": "Keep the symptom as reported."})
    )
    assert updated.id == "curation-customer-feedback"
    fresh = await repo.put_instructions(
        CurationInstructions.for_dataset("network-diagnostics", "Anchor in tool evidence.")
    )
    assert fresh.id == "curation-network-diagnostics"

    query = "SELECT c.id FROM c WHERE c.docType = 'curation-instructions'"
    ids = sorted([d["id"] async for d in raw.query_items(query)])
    assert ids == ["curation-customer-feedback", "curation-network-diagnostics"]
    again = await repo.get_instructions("customer-feedback")
    assert again.instructions == "Keep the symptom as reported."
    assert again.extra_fields == {"schemaVersion": "v1"}


async def test_a_container_without_instructions_gets_seed_era_ids(gtc):  # noqa: F811
    _, raw, repo = gtc
    fresh = await repo.put_instructions(CurationInstructions.for_dataset("faq", "Be brief."))
    assert fresh.id == "curation-instructions|faq"
    await raw.create_item(instructions_2x("other"))  # now both forms exist: each read by its
    assert (await repo.get_instructions("other")).id == "curation-other"
    assert (await repo.get_instructions("faq")).id == "curation-instructions|faq"
