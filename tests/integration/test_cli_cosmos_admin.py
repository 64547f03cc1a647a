"""`gt-tui cosmos check` and `gt-tui cosmos migrate [--apply]` on GTC-made containers."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from azure.cosmos import PartitionKey

from gt_tui.cli import main
from gt_tui.config import Settings
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_admin import backfill_helpers
from gt_tui.repos.cosmos_support import load_indexing_policy
from tests.integration.cosmos_backends import cosmos_settings
from tests.integration.gtc_container import (
    GTC_INDEXING_POLICY,
    create_gtc_assignments_container,
    create_gtc_container,
    sdk_assignments,
    sdk_container,
)
from tests.integration.test_cosmos_gtc_layout import gtc_item, instructions_doc

pytestmark = pytest.mark.cosmos

WITH_GT_TUI_INDEXES = {
    **GTC_INDEXING_POLICY,
    "compositeIndexes": GTC_INDEXING_POLICY["compositeIndexes"]
    + load_indexing_policy()["compositeIndexes"],
}
"""GTC's policy plus gt-tui's composites. cosmosdb-server drops every document when a
container's indexing policy is replaced (real Cosmos re-indexes them), so the backfill
tests start from a container that needs no index change."""


def env_for(monkeypatch, settings: Settings) -> None:
    for name, value in {
        "GT_BACKEND": "cosmos",
        "GT_COSMOS_ENDPOINT": settings.cosmos_endpoint,
        "GT_COSMOS_KEY": settings.cosmos_key.get_secret_value(),
        "GT_COSMOS_DATABASE": settings.cosmos_database,
        "GT_COSMOS_CONTAINER": settings.cosmos_container,
        "GT_COSMOS_TAGS_CONTAINER": settings.cosmos_tags_container,
        "GT_COSMOS_ASSIGNMENTS_CONTAINER": settings.cosmos_assignments_container,
        "GT_COSMOS_CONNECTION_VERIFY": "false",
        "GT_COSMOS_CREATE_IF_MISSING": "false",
        "GT_COSMOS_TIMEOUT_S": "30",
        "GT_USER_ID": "lead@contoso.example",
    }.items():
        monkeypatch.setenv(name, value)


def make_container(server, docs: list[dict[str, Any]], **kwargs: Any) -> Settings:
    settings = cosmos_settings(server, cosmos_create_if_missing=False)

    async def build() -> None:
        await create_gtc_container(settings, **kwargs)
        async with sdk_container(settings) as raw:
            for doc in docs:
                await raw.create_item(doc)

    asyncio.run(build())
    return settings


def raw_docs(settings: Settings) -> dict[str, dict[str, Any]]:
    async def read() -> dict[str, dict[str, Any]]:
        async with sdk_container(settings) as raw:
            return {d["id"]: d async for d in raw.query_items("SELECT * FROM c")}

    return asyncio.run(read())


def policy_of(settings: Settings) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        async with sdk_container(settings) as raw:
            return (await raw.read())["indexingPolicy"]

    return asyncio.run(read())


def gtc_docs() -> list[dict[str, Any]]:
    return [instructions_doc("gtc"), *(gtc_item(f"g{n}") for n in range(5))]


def test_check_reports_layout_indexes_unmigrated_items_and_other_types(
    cosmos_server, monkeypatch, capsys
):
    settings = make_container(cosmos_server, gtc_docs())
    env_for(monkeypatch, settings)
    assert main(["cosmos", "check"]) == 0
    out = capsys.readouterr().out
    assert "partition key /datasetName + /bucket (supported)" in out
    assert "items: 5" in out
    assert f"composite indexes missing: {len(load_indexing_policy()['compositeIndexes'])}" in out
    assert "(/id asc, /datasetName asc)" in out
    assert "items without gt-tui helper fields (sampleKey, gtIndex): 5" in out
    assert "curation-instructions (1)" in out


def test_check_of_another_partition_key_is_blocked_with_one_line(
    cosmos_server, monkeypatch, capsys
):
    settings = make_container(cosmos_server, [], partition_key=PartitionKey(path="/tenant"))
    env_for(monkeypatch, settings)
    assert main(["cosmos", "check"]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith("blocked: ") and "partitioned by /tenant" in out and "\n" not in out


def test_migrate_is_a_dry_run_by_default(cosmos_server, monkeypatch, capsys):
    settings = make_container(cosmos_server, gtc_docs())
    env_for(monkeypatch, settings)
    before = raw_docs(settings)
    assert main(["cosmos", "migrate"]) == 0
    out = capsys.readouterr().out
    assert "would add composite index (/id asc, /datasetName asc)" in out
    assert "would backfill helper fields on 5 items" in out
    assert raw_docs(settings) == before and policy_of(settings) == policy_of(settings)


def test_migrate_apply_adds_missing_indexes_and_keeps_every_index_there_was(
    cosmos_server, monkeypatch, capsys
):
    settings = make_container(cosmos_server, [])
    env_for(monkeypatch, settings)
    assert main(["cosmos", "migrate", "--apply"]) == 0
    composites = policy_of(settings)["compositeIndexes"]
    for wanted in [
        *GTC_INDEXING_POLICY["compositeIndexes"],
        *WITH_GT_TUI_INDEXES["compositeIndexes"],
    ]:
        assert wanted in composites
    capsys.readouterr()
    assert main(["cosmos", "check"]) == 0
    assert "composite indexes: all present" in capsys.readouterr().out


def test_migrate_apply_backfills_helpers_byte_identically_and_a_second_run_does_nothing(
    cosmos_server, monkeypatch, capsys
):
    settings = make_container(cosmos_server, gtc_docs(), indexing_policy=WITH_GT_TUI_INDEXES)
    env_for(monkeypatch, settings)
    before = raw_docs(settings)
    assert main(["cosmos", "migrate", "--apply"]) == 0
    assert "helper fields written: 5" in capsys.readouterr().out
    after = raw_docs(settings)
    assert after["curation-instructions|gtc"] == before["curation-instructions|gtc"]
    for item_id in (f"g{n}" for n in range(5)):
        added = set(after[item_id]) - set(before[item_id])
        assert added == {"sampleKey", "gtIndex"}
        for key, value in before[item_id].items():
            if key not in {"_etag", "_ts"}:
                assert json.dumps(after[item_id][key]) == json.dumps(value), key
    assert main(["cosmos", "migrate", "--apply"]) == 0
    assert "helper fields written: 0" in capsys.readouterr().out
    assert raw_docs(settings) == after


class EditsBeforeFirstWrite:
    """The container as the backfill sees it, except that just before its first write
    GTC edits another item the backfill has already read (a real concurrent change)."""

    def __init__(self, inner: Any, victim: str) -> None:
        self.inner, self.victim, self.done = inner, victim, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def replace_item(self, item: str, body: dict[str, Any], **kwargs: Any) -> Any:
        if not self.done:
            self.done = True
            docs = self.inner.query_items(
                "SELECT * FROM c WHERE c.id = @id",
                parameters=[{"name": "@id", "value": self.victim}],
            )
            (doc,) = [d async for d in docs]
            await self.inner.replace_item(self.victim, {**doc, "comment": "edited in GTC"})
        return await self.inner.replace_item(item, body, **kwargs)


async def test_backfill_reports_a_concurrent_edit_and_leaves_it_as_it_is(cosmos_server):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings, indexing_policy=WITH_GT_TUI_INDEXES)
    repo = CosmosGroundTruthRepo(
        settings.model_copy(update={"cosmos_create_if_missing": True}),
        client_options={"enable_endpoint_discovery": False},
    )
    async with sdk_container(settings) as raw:
        for doc in gtc_docs():
            await raw.create_item(doc)
        await repo.open()
        try:
            first = [
                d["id"]
                async for d in raw.query_items(
                    "SELECT TOP 100 * FROM c WHERE c.docType = 'ground-truth-item'"
                )
            ]
            wrapped = EditsBeforeFirstWrite(repo.raw_container(), victim=first[-1])
            repo.raw_container = lambda: wrapped  # type: ignore[method-assign]
            summary = await backfill_helpers(repo)
        finally:
            await repo.close()
        stored = {d["id"]: d async for d in raw.query_items("SELECT * FROM c")}
    assert summary.conflicts == [f"gtc/{first[-1]}"] and summary.written == 4
    assert stored[first[-1]]["comment"] == "edited in GTC"
    assert "gtIndex" not in stored[first[-1]]


# ----- GroundTruthCurator's assignment documents -----


def assignment_doc(item: dict[str, Any], user: str) -> dict[str, Any]:
    """An assignment document as GTC writes it."""
    return {
        "id": f"{item['datasetName']}|{item['bucket']}|{item['id']}",
        "pk": f"sme:{user}",
        "ground_truth_id": item["id"],
        "datasetName": item["datasetName"],
        "bucket": item["bucket"],
        "docType": "sme-assignment",
        "schemaVersion": "v1",
    }


def test_check_reports_missing_and_stale_assignment_documents_and_migrate_repairs_them(
    cosmos_server, monkeypatch, capsys
):
    held = [gtc_item(f"h{n}", assignedTo="ann@contoso.example") for n in range(3)]
    free = gtc_item("f0")
    settings = make_container(cosmos_server, [*held, free], indexing_policy=WITH_GT_TUI_INDEXES)

    async def gtc_documents(write: list[dict[str, Any]]) -> set[tuple[str, str]]:
        await create_gtc_assignments_container(settings)
        async with sdk_assignments(settings) as assignments:
            for doc in write:
                await assignments.create_item(doc)
            return {(d["id"], d["pk"]) async for d in assignments.query_items("SELECT * FROM c")}

    # h0's document is there; h1, h2 were claimed before gt-tui kept documents; f0 was
    # released by a process that stopped before deleting its document
    asyncio.run(
        gtc_documents([assignment_doc(held[0], "ann@contoso.example"), assignment_doc(free, "bob")])
    )
    env_for(monkeypatch, settings)

    assert main(["cosmos", "check"]) == 0
    out = capsys.readouterr().out
    assert f"assignments container {settings.cosmos_assignments_container}: 2 documents" in out
    assert "assignment documents missing: 2" in out and "assignment documents stale: 1" in out
    assert f"gtc|{held[1]['bucket']}|h1 for ann@contoso.example" in out
    assert f"gtc|{free['bucket']}|f0 under sme:bob" in out

    assert main(["cosmos", "migrate"]) == 0
    assert "would create 2 and remove 1 assignment documents" in capsys.readouterr().out
    assert len(asyncio.run(gtc_documents([]))) == 2  # a dry run changes nothing

    assert main(["cosmos", "migrate", "--apply"]) == 0
    assert "assignment documents created: 2, removed: 1" in capsys.readouterr().out
    wanted = {(assignment_doc(i, "ann@contoso.example")["id"], "sme:ann@contoso.example")
              for i in held}  # fmt: skip
    assert asyncio.run(gtc_documents([])) == wanted
    assert main(["cosmos", "migrate", "--apply"]) == 0
    assert "assignment documents created: 0, removed: 0" in capsys.readouterr().out
    assert main(["cosmos", "check"]) == 0
    out = capsys.readouterr().out
    assert "assignment documents missing: 0" in out and "stale: 0" in out
