"""gt-tui on the container GroundTruthCurator (GTC) made: hierarchical key, GTC's
indexing policy, GTC's other documents, GTC's items without gt-tui's helper fields.

The container is created with the SDK from the facts in issue #13 (gtc_container.py) and
GTC's documents are written raw with the SDK, so nothing of gt-tui shapes the set-up.
"""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import pytest
from azure.core.pipeline.transport import AioHttpTransport
from azure.cosmos import PartitionKey

from gt_tui.bootstrap import build_services
from gt_tui.domain.errors import BackendUnavailableError, GroundTruthError, NotFoundError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_layout import NIL_BUCKET
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.sampling import AssignmentSamplingService
from tests.integration.cosmos_backends import cosmos_settings
from tests.integration.gtc_container import create_gtc_container, sdk_container
from tests.integration.jsonl_helpers import fixed_clock
from tests.integration.test_gtc_fixtures import fixture_docs

pytestmark = pytest.mark.cosmos

OWNED = {
    "_etag", "_rid", "_self", "_ts", "_attachments", "gtIndex", "sampleKey", "computedTags",
    "tags", "totalReferences", "status", "assignedTo", "assignedAt", "updatedAt", "updatedBy",
    "reviewedAt", "editedQuestion", "answer", "refs", "history", "manualTags", "comment",
}  # fmt: skip
"""Fields gt-tui may write (README "Coming from GroundTruthCurator"); all others, bucket
included, must be byte-identical after any gt-tui write."""


def instructions_doc(dataset: str) -> dict[str, Any]:
    return {
        "id": f"curation-instructions|{dataset}",
        "datasetName": dataset,
        "bucket": NIL_BUCKET,
        "docType": "curation-instructions",
        "instructions": "Prefer the help-centre article.",
        "updatedAt": "2026-01-02T03:04:05Z",
        "updatedBy": "lead@contoso.example",
    }


def gtc_item(item_id: str, dataset: str = "gtc", **fields: Any) -> dict[str, Any]:
    """An item as GTC writes it: a random bucket, no sampleKey, no gtIndex."""
    doc = {
        "id": item_id,
        "datasetName": dataset,
        "bucket": str(uuid.UUID(int=random.Random(item_id).getrandbits(128), version=4)),
        "docType": "ground-truth-item",
        "schemaVersion": "v2",
        "status": "draft",
        "synthQuestion": f"What about {item_id}?",
        "refs": [],
        "totalReferences": 0,
    }
    doc.update(fields)
    return doc


@pytest.fixture
async def gtc(cosmos_server):
    """(settings, raw SDK container, open gt-tui repo) on a fresh GTC-made container."""
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings)
    async with sdk_container(settings) as raw:
        # gt-tui's tag registry container is its own; GTC has one too (not under test here)
        repo = CosmosGroundTruthRepo(
            settings.model_copy(update={"cosmos_create_if_missing": True}),
            client_options={"enable_endpoint_discovery": False},
        )
        await repo.open()
        try:
            yield settings, raw, repo
        finally:
            await repo.close()


async def raw_docs(raw) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["datasetName"], d["id"]): d async for d in raw.query_items("SELECT * FROM c")}


def not_owned(doc: dict[str, Any]) -> dict[str, str]:
    """Each field gt-tui does not own, as the exact JSON text of its value."""
    return {key: json.dumps(value) for key, value in doc.items() if key not in OWNED}


# ----- 1. the layout, read at start-up -----


async def test_the_hierarchical_layout_is_read_and_items_get_a_uuid_bucket_they_keep(gtc):
    _, raw, repo = gtc
    assert repo.layout.hierarchical
    created = await repo.upsert(GroundTruthItem(id="n1", dataset_name="gtc", synth_question="q?"))
    assert uuid.UUID(created.bucket).version == 4
    created.comment = "changed"
    replaced = await repo.upsert(created)
    assert replaced.bucket == created.bucket
    (stored,) = (await raw_docs(raw)).values()
    assert (stored["bucket"], stored["comment"]) == (created.bucket, "changed")
    await repo.delete("gtc", "n1", replaced.etag)
    assert await repo.get("gtc", "n1") is None


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("other key", "is partitioned by /tenant; gt-tui supports /datasetName or "),
        ("missing container", "does not exist in database"),
        ("missing database", "does not exist on"),
    ],
)
async def test_unusable_containers_fail_at_start_up_with_one_line(cosmos_server, case, expected):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    if case == "other key":
        await create_gtc_container(settings, partition_key=PartitionKey(path="/tenant"))
    elif case == "missing container":
        await create_gtc_container(settings.model_copy(update={"cosmos_container": "someone-else"}))
    else:
        settings = settings.model_copy(update={"cosmos_database": f"nope-{uuid.uuid4().hex}"})
    repo = CosmosGroundTruthRepo(settings, client_options={"enable_endpoint_discovery": False})
    with pytest.raises(BackendUnavailableError) as raised:
        await repo.open()
    message = str(raised.value)
    assert expected in message and "\n" not in message
    assert settings.cosmos_container in message or settings.cosmos_database in message


async def test_another_partition_key_leaves_the_app_up_and_degraded_with_the_reason(
    cosmos_server,
):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings, partition_key=PartitionKey(path="/tenant"))
    services = await build_services(settings)
    try:
        report = await services.health.check()
        assert report.status == "degraded"
        assert "partitioned by /tenant" in report.detail and "\n" not in report.detail
        with pytest.raises(BackendUnavailableError):
            await services.repo.get("gtc", "x")
    finally:
        await services.close()


# ----- 3. docType: only items are items -----


async def test_other_doc_types_never_appear_count_or_get_written(gtc):
    _, raw, repo = gtc
    await raw.create_item(instructions_doc("gtc"))
    await raw.create_item(gtc_item("other", docType="something-else"))
    legacy = gtc_item("legacy")
    del legacy["docType"]  # older GTC items have none: still items
    await raw.create_item(legacy)
    await raw.create_item(gtc_item("i1"))
    before = await raw_docs(raw)

    page = await repo.query(ItemQuery(dataset_name="gtc"))
    assert sorted(i.id for i in page.items) == ["i1", "legacy"] and page.total == 2
    assert sorted(i.id for i in await repo.list("gtc")) == ["i1", "legacy"]
    assert await repo.get("gtc", "curation-instructions|gtc") is None
    assert await repo.get("gtc", "other") is None
    with pytest.raises(NotFoundError):
        await repo.delete("gtc", "curation-instructions|gtc", before[("gtc", "other")]["_etag"])
    sneaky = GroundTruthItem.from_doc({**instructions_doc("gtc"), "synthQuestion": "x"})
    with pytest.raises(GroundTruthError, match="docType 'curation-instructions'"):
        await repo.upsert(sneaky)

    services = AssignmentService(repo, clock=fixed_clock)
    taken = await services.self_assign("ann@contoso.example", 10)
    assert sorted(i.id for i in taken) == ["i1", "legacy"]
    after = await raw_docs(raw)
    for key in [("gtc", "curation-instructions|gtc"), ("gtc", "other")]:
        assert after[key] == before[key]  # etag included: never written


# ----- 4, 5. GTC's indexing policy and items without sampleKey -----


async def test_queue_sorts_and_sampling_work_on_gtc_items_without_helper_fields(gtc):
    _, raw, repo = gtc
    for n in range(12):
        await raw.create_item(gtc_item(f"g{n:02d}", totalReferences=n % 3))
    before = await raw_docs(raw)
    sampler = AssignmentSamplingService(repo, rng=random.Random(7))

    seen: set[str] = set()
    for _ in range(40):
        seen |= {i.id for i in await sampler.sample_candidates(user_id="ann", limit=3)}
    assert seen == {f"g{n:02d}" for n in range(12)}  # every item is reachable
    assert await raw_docs(raw) == before  # sampling wrote nothing
    by_refs = await repo.query(ItemQuery(sort="total_references", descending=True, limit=5))
    everything = sorted(((d["totalReferences"], d["id"]) for d in before.values()), reverse=True)
    assert [(i.total_references, i.id) for i in by_refs.items] == everything[:5]

    services = AssignmentService(repo, clock=fixed_clock)
    queue = await services.self_assign("ann@contoso.example", 4)
    assert len(queue) == 4
    after = await raw_docs(raw)
    untouched = set(before) - {(i.dataset_name, i.id) for i in queue}
    assert all(after[key] == before[key] for key in untouched)
    assert [i.id for i in await services.my_assignments("ann@contoso.example")] == sorted(
        i.id for i in queue
    )


# ----- 6, 7. fields gt-tui does not own stay byte-identical -----


async def test_claim_save_approve_skip_keep_every_field_not_owned_byte_identical(gtc):
    _, raw, repo = gtc
    for doc in fixture_docs():
        await raw.create_item(doc)
    before = await raw_docs(raw)
    assign = AssignmentService(repo, clock=fixed_clock)
    curate = CurationService(repo, clock=fixed_clock)
    user = "ann@contoso.example"
    written = 0
    for dataset, item_id in sorted(before):
        item = await repo.get(dataset, item_id)
        if item.status is not GroundTruthStatus.draft or (
            item.assigned_to and item.assigned_to != user
        ):
            continue
        claimed = await assign.claim(user, dataset, item_id)
        claimed.comment = "looked at"
        saved = await curate.save(user, claimed)
        if saved.history and not saved.answer and len(saved.history) > 1:
            await curate.approve(user, saved)
        else:
            await curate.skip(user, saved)
        written += 1
    assert written >= 2
    after = await raw_docs(raw)
    assert set(after) == set(before)
    for key, doc in before.items():
        assert not_owned(after[key]) == not_owned(doc), key


# ----- request counts on the GTC layout (reported in the closing note) -----


class CountingTransport(AioHttpTransport):
    """Every HTTP request the SDK sends (query plans and retries included)."""

    sent = 0

    async def send(self, request: Any, **kwargs: Any) -> Any:
        CountingTransport.sent += 1
        return await super().send(request, **kwargs)


async def test_request_counts_of_get_approve_and_self_assign_20(cosmos_server, capsys):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings)
    async with sdk_container(settings) as raw:
        for n in range(60):
            await raw.create_item(gtc_item(f"r{n:02d}"))
    repo = CosmosGroundTruthRepo(
        settings.model_copy(update={"cosmos_create_if_missing": True}),
        client_options={"enable_endpoint_discovery": False, "transport": CountingTransport()},
    )
    await repo.open()
    try:
        assign = AssignmentService(
            repo, AssignmentSamplingService(repo, rng=random.Random(3)), clock=fixed_clock
        )
        curate = CurationService(repo, clock=fixed_clock)
        counts: dict[str, int] = {}

        async def counted(name: str, call: Any) -> Any:
            start = CountingTransport.sent
            result = await call
            counts[name] = CountingTransport.sent - start
            return result

        await counted("get", repo.get("gtc", "r00"))
        queue = await counted("self_assign(20)", assign.self_assign("ann@contoso.example", 20))
        item = queue[0].model_copy(update={"answer": "Because."})
        await counted("approve", curate.approve("ann@contoso.example", item))
    finally:
        await repo.close()
    with capsys.disabled():
        print(f"\nrequests on the GTC layout: {counts}")
    assert len(queue) == 20
    assert counts["get"] == 1  # one dataset-scoped query, no point read needing the bucket
    # item history costs one write per change, its revision in the history container; the
    # version a write replaces is the one the repo read (no second read)
    assert counts["approve"] <= 4 + 1
    assert counts["self_assign(20)"] <= 30 + 20
