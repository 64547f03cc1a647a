"""gt-tui beside GroundTruthCurator (GTC) on one database: GTC's assignment documents.

The database is made as GTC makes it (its items container and its assignments container,
partition key /pk, with the SDK: gtc_container.py). GTC lists "my assignments" by querying
the assignments container by pk `sme:<userId>` and keeps an item only while it is still a
draft held by that user; these tests read the container the same way.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import pytest
from azure.cosmos import PartitionKey

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_assignment_repair import inspect_assignments, repair_assignments
from gt_tui.repos.cosmos_assignments import AssignmentDocuments
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.operations import Operation
from gt_tui.services.oversight import OversightService
from gt_tui.services.undo import DecisionService
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.integration.cosmos_backends import cosmos_settings
from tests.integration.gtc_container import (
    create_gtc_assignments_container,
    create_gtc_container,
    gtc_listing,
    sdk_assignments,
    sdk_client,
    sdk_container,
)
from tests.integration.jsonl_helpers import fixed_clock
from tests.integration.test_cosmos_gtc_layout import gtc_item

pytestmark = pytest.mark.cosmos

ANN, BOB, LEAD = "ann@contoso.example", "bob@contoso.example", "lead@contoso.example"
GTC_FIELDS = {"id", "pk", "ground_truth_id", "datasetName", "bucket", "docType", "schemaVersion"}
SYSTEM = {"_rid", "_self", "_ts", "_etag", "_attachments"}


async def open_repo(settings) -> CosmosGroundTruthRepo:
    repo = CosmosGroundTruthRepo(
        settings.model_copy(update={"cosmos_create_if_missing": True}),
        client_options={"enable_endpoint_discovery": False},
    )
    await repo.open()
    return repo


@pytest.fixture
async def side(cosmos_server):
    """(settings, raw items, raw assignments, repo) on GTC's two containers."""
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings)
    await create_gtc_assignments_container(settings)
    async with sdk_container(settings) as items, sdk_assignments(settings) as assignments:
        repo = await open_repo(settings)
        try:
            yield settings, items, assignments, repo
        finally:
            await repo.close()


async def gtc_my_assignments(items, assignments, user_id: str) -> list[str]:
    """The ids GTC's "my assignments" shows: its documents under the user, kept while
    their item is a draft held by that user (GTC's list_my_assignments)."""
    shown = []
    for doc in await gtc_listing(assignments, user_id):
        found = [
            d
            async for d in items.query_items(
                "SELECT * FROM c WHERE c.datasetName = @ds AND c.bucket = @b AND c.id = @id",
                parameters=[
                    {"name": "@ds", "value": doc["datasetName"]},
                    {"name": "@b", "value": doc["bucket"]},
                    {"name": "@id", "value": doc["ground_truth_id"]},
                ],
            )
        ]
        if found and found[0].get("assignedTo") == user_id and found[0]["status"] == "draft":
            shown.append(doc["ground_truth_id"])
    return sorted(shown)


async def documents(assignments) -> set[tuple[str, str]]:
    return {(d["id"], d["pk"]) async for d in assignments.query_items("SELECT * FROM c")}


async def projection(items) -> set[tuple[str, str]]:
    """What the assignments container should hold: one document per assigned item."""
    return {
        (f"{d['datasetName']}|{d['bucket']}|{d['id']}", f"sme:{d['assignedTo']}")
        async for d in items.query_items("SELECT * FROM c")
        if d.get("assignedTo")
    }


async def seed(items, *ids: str, **fields: Any) -> None:
    for item_id in ids:
        await items.create_item(gtc_item(item_id, **fields))


# ----- gt-tui -> GTC -----


async def test_a_gt_tui_claim_is_listed_by_gtc_in_gtcs_own_document_shape(side):
    _, items, assignments, repo = side
    await seed(items, "i1", "i2", "i3")
    assign = AssignmentService(repo, clock=fixed_clock)

    claimed = await assign.claim(ANN, "gtc", "i2")
    queue = await assign.self_assign(ANN, 2)

    assert len(queue) == 2 and "i2" in {i.id for i in queue}
    assert await gtc_my_assignments(items, assignments, ANN) == sorted(i.id for i in queue)
    (doc,) = [d for d in await gtc_listing(assignments, ANN) if d["ground_truth_id"] == "i2"]
    assert set(doc) - SYSTEM == GTC_FIELDS
    assert {k: doc[k] for k in GTC_FIELDS} == {
        "id": f"gtc|{claimed.bucket}|i2",
        "pk": f"sme:{ANN}",
        "ground_truth_id": "i2",
        "datasetName": "gtc",
        "bucket": claimed.bucket,
        "docType": "sme-assignment",
        "schemaVersion": "v1",
    }
    assert await gtc_my_assignments(items, assignments, BOB) == []


async def test_decisions_releases_and_undo_leave_no_stale_document(side):
    _, items, assignments, repo = side
    await seed(items, "a1", "a2", "a3", "a4", "a5")
    assign = AssignmentService(repo, clock=fixed_clock, leads=[LEAD])
    curate = CurationService(repo, clock=fixed_clock)
    decisions = DecisionService(curate)
    oversight = OversightService(repo, clock=fixed_clock)
    queue = {i.id: i for i in await assign.self_assign(ANN, 5)}
    assert len(await documents(assignments)) == 5

    saved = await curate.save(ANN, queue["a1"].model_copy(update={"answer": "Because."}))
    assert await documents(assignments) == await projection(items)  # save: no change
    await decisions.decide(Operation.approve, ANN, saved)
    await decisions.decide(Operation.skip, ANN, queue["a2"])
    await decisions.decide(Operation.delete, ANN, queue["a3"])
    assert await gtc_my_assignments(items, assignments, ANN) == ["a4", "a5"]
    assert await documents(assignments) == await projection(items)

    _, restored = await decisions.undo(ANN)  # the delete of a3: ann holds it again
    assert restored.assigned_to == ANN
    assert await gtc_my_assignments(items, assignments, ANN) == ["a3", "a4", "a5"]

    await oversight.reassign(LEAD, "gtc", "a4", BOB)
    taken = await assign.take_over(LEAD, await repo.get("gtc", "a5"))
    assert taken.assigned_to == LEAD
    assert await gtc_my_assignments(items, assignments, BOB) == ["a4"]
    assert await gtc_my_assignments(items, assignments, LEAD) == ["a5"]
    report = await oversight.release(LEAD, ANN)
    assert [i.id for i in report.released] == ["a3"]

    assert await gtc_my_assignments(items, assignments, ANN) == []
    assert await documents(assignments) == await projection(items)
    assert len(await documents(assignments)) == 2


async def test_a_write_of_a_version_the_repo_never_read_finds_the_documents_by_query(side):
    settings, items, assignments, repo = side
    await seed(items, "q1")
    claimed = await AssignmentService(repo, clock=fixed_clock).claim(ANN, "gtc", "q1")
    other = await open_repo(settings)  # another workstation: it never saw this version
    try:
        await CurationService(other, clock=fixed_clock).skip(ANN, claimed)
    finally:
        await other.close()
    assert await documents(assignments) == set()


# ----- GTC -> gt-tui -----


async def test_an_item_gtc_assigned_is_in_the_gt_tui_queue_and_its_decision_removes_the_doc(
    side,
):
    _, items, assignments, repo = side
    bucket = str(uuid.uuid4())
    await items.create_item(
        gtc_item(
            "g1",
            bucket=bucket,
            answer="Because.",
            assignedTo=BOB,
            assignedAt="2026-01-10T09:00:00Z",
        )
    )
    await assignments.upsert_item(  # what GTC's upsert_assignment_doc writes
        {
            "id": f"gtc|{bucket}|g1",
            "pk": f"sme:{BOB}",
            "ground_truth_id": "g1",
            "datasetName": "gtc",
            "bucket": bucket,
            "docType": "sme-assignment",
            "schemaVersion": "v1",
        }
    )
    assign = AssignmentService(repo, clock=fixed_clock)
    (mine,) = await assign.my_assignments(BOB)
    assert (mine.id, mine.bucket) == ("g1", bucket)

    approved = await CurationService(repo, clock=fixed_clock).approve(BOB, mine)
    assert approved.status is GroundTruthStatus.approved
    assert await documents(assignments) == set()


async def test_without_the_assignments_container_nothing_is_written_beside_the_items(
    cosmos_server,
):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings)
    repo = await open_repo(settings)
    try:
        assert repo.assignment_documents is None
        created = await repo.upsert(
            GroundTruthItem(id="n1", dataset_name="gtc", synth_question="q")
        )
        await AssignmentService(repo, clock=fixed_clock).claim(ANN, "gtc", created.id)
        names = [c["id"] async for c in repo.raw_database().list_containers()]
        assert settings.cosmos_assignments_container not in names
        (line,) = (await inspect_assignments(repo)).lines()
        assert f"{settings.cosmos_assignments_container!r} is not in the database" in line
    finally:
        await repo.close()


async def test_a_container_of_that_name_partitioned_otherwise_is_left_alone(cosmos_server):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    await create_gtc_container(settings)
    async with sdk_client(settings) as client:
        database = client.get_database_client(settings.cosmos_database)
        await database.create_container(
            settings.cosmos_assignments_container, partition_key=PartitionKey(path="/tenant")
        )
    repo = await open_repo(settings)
    try:
        assert repo.assignment_documents is None
        await repo.upsert(GroundTruthItem(id="n1", dataset_name="gtc", synth_question="q"))
        await AssignmentService(repo, clock=fixed_clock).claim(ANN, "gtc", "n1")
        async with sdk_assignments(settings) as other:
            assert [d async for d in other.query_items("SELECT * FROM c")] == []
        (line,) = (await inspect_assignments(repo)).lines()
        assert "partitioned by /tenant, not GroundTruthCurator's /pk" in line
    finally:
        await repo.close()


# ----- a lost race, reported by check and repaired by migrate -----


def hold_back_upserts(docs: AssignmentDocuments) -> tuple[asyncio.Event, asyncio.Event]:
    """Make a workstation's assignment upserts arrive late: (reached, gate): `reached` is
    set when an upsert is due (its item is written), which then waits for `gate`."""
    reached, gate = asyncio.Event(), asyncio.Event()
    upsert = docs.put

    async def late(user_id: str, item: GroundTruthItem) -> dict[str, Any]:
        reached.set()
        await gate.wait()
        return await upsert(user_id, item)

    docs.put = late  # type: ignore[method-assign]
    return reached, gate


async def test_a_lost_race_is_reported_by_check_and_repaired_by_migrate(side):
    settings, items, assignments, repo = side
    await seed(items, "r1", "r2")
    slow = await open_repo(settings)
    try:
        reached, gate = hold_back_upserts(slow.assignment_documents)
        # ann's claim writes the item, and its document is held back ...
        claiming = asyncio.create_task(
            AssignmentService(slow, clock=fixed_clock).claim(ANN, "gtc", "r1")
        )
        await reached.wait()
        assert (await repo.get("gtc", "r1")).assigned_to == ANN
        # ... while a lead reassigns r1 to bob (bob's document written, ann's had none)
        await OversightService(repo, clock=fixed_clock).reassign(LEAD, "gtc", "r1", BOB)
        gate.set()
        await claiming  # ann's late document lands: r1 is bob's, a document says ann's
    finally:
        await slow.close()
    await items.patch_item(  # and a crash between an item write and its document
        "r2",
        partition_key=["gtc", gtc_item("r2")["bucket"]],
        patch_operations=[{"op": "set", "path": "/assignedTo", "value": BOB}],
    )
    assert await gtc_my_assignments(items, assignments, ANN) == []  # GTC's filter hides it

    report = await inspect_assignments(repo)
    assert [(s.item_id, s.pk) for s in report.stale] == [("r1", f"sme:{ANN}")]
    assert [(w.item_id, w.user_id) for w in report.missing] == [("r2", BOB)]
    lines = "\n".join(report.lines())
    assert "missing: 1" in lines and "stale: 1" in lines and "migrate --apply" in lines

    repaired = await repair_assignments(repo, report)
    assert (repaired.created, repaired.removed, repaired.conflicts) == (1, 1, [])
    assert await documents(assignments) == await projection(items)
    assert await gtc_my_assignments(items, assignments, BOB) == ["r1", "r2"]
    again = await inspect_assignments(repo)
    assert (again.missing, again.stale) == ([], [])
    assert (await repair_assignments(repo, again)).lines()[0].endswith("created: 0, removed: 0")


async def test_repair_leaves_a_document_whose_item_changed_after_the_check(side):
    _, items, assignments, repo = side
    await seed(items, "m1")
    await items.patch_item(
        "m1",
        partition_key=["gtc", gtc_item("m1")["bucket"]],
        patch_operations=[{"op": "set", "path": "/assignedTo", "value": ANN}],
    )
    report_before = await inspect_assignments(repo)
    assert [w.item_id for w in report_before.missing] == ["m1"]
    # ann's item is released before migrate runs: nothing may be created for her
    item = await repo.get("gtc", "m1")
    await repo.upsert(item.model_copy(update={"assigned_to": None}))
    repaired = await repair_assignments(repo, report_before)
    assert repaired.created == 0
    assert await documents(assignments) == set()


class CountingContainer:
    """The assignments container, counting the calls the projection makes on it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if name in {"upsert_item", "delete_item", "query_items", "create_item", "read_item"}:

            def counted(*args: Any, **kwargs: Any) -> Any:
                self.calls.append(name)
                return attribute(*args, **kwargs)

            return counted
        return attribute

    def take(self) -> list[str]:
        calls, self.calls = self.calls, []
        return calls


async def test_a_claim_and_a_decision_cost_one_request_each_and_a_save_none(side):
    _, items, assignments, repo = side
    await seed(items, "c1", "c2")
    counting = CountingContainer(repo.assignment_documents.container)
    repo.assignment_documents.container = counting
    assign = AssignmentService(repo, clock=fixed_clock)
    curate = CurationService(repo, clock=fixed_clock)

    claimed = await assign.claim(ANN, "gtc", "c1")
    assert counting.take() == ["upsert_item"]
    saved = await curate.save(ANN, claimed.model_copy(update={"answer": "Because."}))
    assert counting.take() == []
    await curate.approve(ANN, saved)
    assert counting.take() == ["delete_item"]

    other = await assign.claim(ANN, "gtc", "c2")
    counting.take()
    await repo.delete("gtc", "c2", other.etag)  # a hard delete removes the document too
    assert counting.take() == ["delete_item"]
    assert await documents(assignments) == set()


async def test_gtc_2x_items_get_the_same_documents_from_migrate_and_from_gt_tui(side):
    _, items, assignments, repo = side
    for line in GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        await items.create_item({key: value for key, value in doc.items() if key != "_etag"})
    stored = [d async for d in items.query_items("SELECT * FROM c")]
    held = sorted(d["id"] for d in stored if d.get("assignedTo"))
    assert len(held) == 2  # drafts GTC 2.x's demo assigned, whose documents are not here

    report = await inspect_assignments(repo)
    assert sorted(w.item_id for w in report.missing) == held
    repaired = await repair_assignments(repo, report)
    assert (repaired.created, repaired.conflicts) == (2, [])
    assert await gtc_my_assignments(items, assignments, "demo-user") == held
    assert await documents(assignments) == await projection(items)

    # and gt-tui's own writes on them keep GTC's documents too
    first, second = await AssignmentService(repo, clock=fixed_clock).my_assignments("demo-user")
    await CurationService(repo, clock=fixed_clock).skip("demo-user", first)
    assert await gtc_my_assignments(items, assignments, "demo-user") == [second.id]
    free = next(d for d in stored if not d.get("assignedTo") and d["status"] == "skipped")
    await AssignmentService(repo, clock=fixed_clock).claim(ANN, free["datasetName"], free["id"])
    assert await gtc_my_assignments(items, assignments, ANN) == [free["id"]]
    assert await documents(assignments) == await projection(items)


async def test_a_claim_goes_through_when_its_document_cannot_be_written(side, caplog):
    settings, items, _, repo = side
    await seed(items, "x1")
    async with sdk_client(settings) as client:  # GTC's container is gone while gt-tui runs
        database = client.get_database_client(settings.cosmos_database)
        await database.delete_container(settings.cosmos_assignments_container)
    claimed = await AssignmentService(repo, clock=fixed_clock).claim(ANN, "gtc", "x1")
    assert claimed.assigned_to == ANN
    assert (await repo.get("gtc", "x1")).assigned_to == ANN
    assert "assignment document of gtc/x1 not brought up to date" in caplog.text
