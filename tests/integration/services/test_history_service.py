"""Item history through the services on every backend, on a clock that ticks a minute per
reading: every service path names its operation and actor, the store rebuilt at an
instant, the diff between two instants, and gap checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from gt_tui.domain.errors import ConcurrencyError
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.history import HistoryService, restorable, with_restored
from gt_tui.services.importing import ImportService
from gt_tui.services.item_draft import ItemDraft
from gt_tui.services.operations import Operation
from gt_tui.services.oversight import OversightService
from gt_tui.services.undo import DecisionService
from tests.integration.services.helpers import make_item

derive = GroundTruthDerivationsService().apply_derived_fields
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class TickingClock:
    """Each reading is one minute after the previous one, from T0."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def minute(n: int) -> datetime:
    return T0 + timedelta(minutes=n)


async def import_lines(repo, clock, tmp_path, *items: dict) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    await ImportService(repo, clock=clock, user_id="loader").import_file(path)


async def test_every_service_path_names_its_operation_and_actor(repo, tmp_path):
    clock = TickingClock()
    await import_lines(
        repo, clock, tmp_path, {"id": "q1", "datasetName": "ds", "synthQuestion": "Why?"}
    )
    assignments = AssignmentService(repo, clock=clock, leads=["lead"])
    curation = CurationService(repo, clock=clock)
    decisions = DecisionService(curation)
    item = await assignments.claim("ann", "ds", "q1")
    item = await curation.save("ann", item.model_copy(update={"answer": "Because."}))
    await decisions.decide(Operation.approve, "ann", item)
    restored, _ = await decisions.undo("ann")
    taken = await assignments.take_over("lead", await repo.get("ds", "q1"))
    await OversightService(repo, clock=clock).release("lead", "lead")

    history = await HistoryService(repo).item_history("ds", "q1")
    assert [(r.op, r.by) for r in history] == [
        ("release", "lead"),
        ("takeover", "lead"),
        ("undo", "ann"),
        ("approve", "ann"),
        ("save", "ann"),
        ("claim", "ann"),
        ("import", "loader"),
    ]
    assert [r.number for r in history] == [7, 6, 5, 4, 3, 2, 1]
    assert history[4].changes["answer"].after == "Because."
    assert history[3].changes["status"].after == "approved"
    assert history[2].changes["status"].after == "draft"
    assert taken.assigned_to == "lead" and restored.op is Operation.approve
    times = [r.at for r in reversed(history)]
    assert times == sorted(times) and times[0] > T0


async def seed_release(repo) -> dict[str, datetime]:
    """a, b, c at minute 0; a's answer at 10; b approved at 20; d created at 30; c removed
    at 40; e claimed at 50 and released at 51 (no change to its content)."""
    curation = CurationService(repo, clock=lambda: minute(20))
    stored = {}
    for item_id in ("a", "b", "c", "e"):
        stored[item_id] = await repo.upsert(
            derive(make_item(item_id, answer=f"{item_id} one")),
            note=WriteNote(op="import", at=minute(0)),
        )
    await repo.upsert(
        stored["a"].model_copy(update={"answer": "a two"}),
        note=WriteNote(op="save", by="ann", at=minute(10)),
    )
    await curation.approve("bob", stored["b"])
    await repo.upsert(derive(make_item("d")), note=WriteNote(op="import", at=minute(30)))
    await repo.delete("ds", "c", stored["c"].etag, note=WriteNote(op="purge", at=minute(40)))
    claimed = await AssignmentService(repo, clock=lambda: minute(50)).claim("ann", "ds", "e")
    await OversightService(repo, clock=lambda: minute(51)).release("lead", "ann")
    return {"claimed": claimed.assigned_at}


async def test_the_store_as_it_was_at_an_instant(repo):
    await seed_release(repo)
    history = HistoryService(repo)
    then = [i async for i in history.items_as_of(minute(5))]
    assert [(i.id, i.answer, i.status) for i in then] == [
        ("a", "a one", GroundTruthStatus.draft),
        ("b", "b one", GroundTruthStatus.draft),
        ("c", "c one", GroundTruthStatus.draft),
        ("e", "e one", GroundTruthStatus.draft),
    ]
    later = [i async for i in history.items_as_of(minute(35))]
    assert [(i.id, i.answer, i.status) for i in later] == [
        ("a", "a two", GroundTruthStatus.draft),
        ("b", "b one", GroundTruthStatus.approved),
        ("c", "c one", GroundTruthStatus.draft),
        ("d", None, GroundTruthStatus.draft),
        ("e", "e one", GroundTruthStatus.draft),
    ]
    approved = [
        i.id async for i in history.items_as_of(minute(35), status=GroundTruthStatus.approved)
    ]
    assert approved == ["b"]
    assert [i async for i in history.items_as_of(minute(-1))] == []
    now = [i.id async for i in history.items_as_of(minute(60))]
    assert now == ["a", "b", "d", "e"]


B_APPROVED = ["reviewedAt", "status"]


async def test_diff_lists_exactly_the_items_added_changed_and_removed(repo):
    await seed_release(repo)
    history = HistoryService(repo)
    diff = await history.diff(minute(5), minute(45))
    assert diff.added == [("ds", "d")]
    assert diff.removed == [("ds", "c")]
    assert [(c.item_id, c.fields) for c in diff.changed] == [
        ("a", ["answer"]),
        ("b", B_APPROVED),
    ]
    quiet = await history.diff(minute(45), minute(60))
    assert (quiet.added, quiet.changed, quiet.removed) == ([], [], [])
    narrow = await history.diff(minute(15), minute(25))
    assert [(c.item_id, c.fields) for c in narrow.changed] == [("b", B_APPROVED)]
    assert narrow.to_json()["changed"] == [{"datasetName": "ds", "id": "b", "fields": B_APPROVED}]


async def test_changed_by_and_changed_since(repo):
    await seed_release(repo)
    history = HistoryService(repo)
    assert await history.changed_keys(by="ann") == {("ds", "a"), ("ds", "e")}
    assert await history.changed_keys(since=minute(35)) == {("ds", "c"), ("ds", "e")}


async def test_a_complete_record_has_no_gaps(repo):
    await seed_release(repo)
    assert await HistoryService(repo).verify() == []


async def test_an_old_answer_comes_back_as_edits_on_the_current_version(repo):
    stored = await repo.upsert(derive(make_item("q", answer="first")), note=WriteNote(op="import"))
    current = await repo.upsert(
        stored.model_copy(update={"answer": "second", "comment": "why"}),
        note=WriteNote(op="save", by="bob"),
    )
    newest = (await HistoryService(repo).item_history("ds", "q"))[0]
    chosen = restorable(newest)
    assert chosen == {"answer": "first", "comment": None}
    edited = with_restored(current, chosen)
    assert (edited.answer, edited.comment, edited.etag) == ("first", None, current.etag)
    saved = await CurationService(repo).save("bob", edited, op="revert")
    assert saved.answer == "first"
    assert (await repo.history("ds", "q"))[-1].op == "revert"


async def test_keep_mine_after_a_conflict_is_recorded_as_a_merge_of_my_fields(repo):
    """The conflict prompt's keep-mine: my draft merged onto their version and saved with
    op `merge`; the revision holds only what my merge changed on top of theirs."""
    clock = TickingClock()
    base = await repo.upsert(derive(make_item("q1", answer="One.")), note=WriteNote(op="import"))
    curation = CurationService(repo, clock=clock)
    mine = ItemDraft.of(base).with_values({"answer": "One. Then restart."})
    await curation.save("bob", base.model_copy(update={"comment": "checked"}))
    with pytest.raises(ConcurrencyError):
        await curation.save("ann", mine.apply())
    theirs = await repo.get("ds", "q1")
    merged = mine.merge_onto(theirs).merged
    stored = await curation.save("ann", merged, op="merge")
    assert (stored.answer, stored.comment) == ("One. Then restart.", "checked")
    newest, before = (await HistoryService(repo).item_history("ds", "q1"))[:2]
    assert (newest.op, newest.by, before.op, before.by) == ("merge", "ann", "save", "bob")
    assert newest.changes["answer"].before == "One."
    assert "comment" not in newest.changes
