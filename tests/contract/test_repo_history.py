"""Contract: every write records a revision (number, time, who, operation, changed fields
before and after); history and revision queries. Runs on every backend, on a fixed clock
(each write's note carries its time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from gt_tui.domain import ConcurrencyError
from gt_tui.domain.counts import CountField
from gt_tui.domain.revisions import RevisionChange, RevisionQuery, WriteNote, state_at
from gt_tui.repos import batching
from gt_tui.repos.base import ItemQuery
from tests.contract.items import make_item

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def note(op: str, by: str, minutes: int) -> WriteNote:
    return WriteNote(op=op, by=by, at=at(minutes))


async def test_each_write_is_a_numbered_revision_with_its_fields_before_and_after(repo):
    first = await repo.upsert(make_item(answer="old answer"), note=note("import", "ann", 0))
    changed = first.model_copy(update={"answer": "new answer", "comment": "why"})
    second = await repo.upsert(changed, note=note("save", "bob", 5))

    created, updated = await repo.history("ds", "i-1")
    assert (created.number, created.op, created.by, created.at) == (1, "import", "ann", at(0))
    assert created.change == RevisionChange.created
    assert created.changes["answer"].has_before is False
    assert created.changes["answer"].after == "old answer"
    assert (created.prev_etag, created.etag) == (None, first.etag)

    assert (updated.number, updated.op, updated.by, updated.at) == (2, "save", "bob", at(5))
    assert updated.change == RevisionChange.updated
    assert set(updated.changes) == {"answer", "comment"}
    assert (updated.changes["answer"].before, updated.changes["answer"].after) == (
        "old answer",
        "new answer",
    )
    assert updated.changes["comment"].before is None and updated.changes["comment"].after == "why"
    assert (updated.prev_etag, updated.etag) == (first.etag, second.etag)


async def test_a_write_without_a_note_names_the_change_and_the_items_author(repo):
    stored = await repo.upsert(make_item(updated_by="carol"))
    await repo.upsert(stored.model_copy(update={"answer": "a"}))
    created, updated = await repo.history("ds", "i-1")
    assert (created.op, created.by) == ("create", "carol")
    assert (updated.op, updated.by) == ("update", "carol")


async def test_a_refused_write_records_nothing(repo):
    stored = await repo.upsert(make_item(), note=note("import", "ann", 0))
    await repo.upsert(stored.model_copy(update={"answer": "mine"}), note=note("save", "ann", 1))
    stale = stored.model_copy(update={"answer": "theirs"})
    try:
        await repo.upsert(stale, note=note("save", "bob", 2))
    except ConcurrencyError:
        pass
    else:
        raise AssertionError("a stale etag must be refused")
    assert [r.number for r in await repo.history("ds", "i-1")] == [1, 2]


async def test_unknown_fields_and_null_versus_absent_are_kept_in_a_revision(repo):
    stored = await repo.upsert(make_item(answer=None, gtcOwn={"k": [1, "ü"]}))
    await repo.upsert(stored.model_copy(update={"answer": "set"}), note=note("save", "ann", 1))
    created, updated = await repo.history("ds", "i-1")
    assert created.changes["gtcOwn"].after == {"k": [1, "ü"]}
    assert updated.changes["answer"].has_before and updated.changes["answer"].before is None
    assert "gtcOwn" not in updated.changes


async def test_history_is_per_item_and_dataset_and_a_copy(repo):
    await repo.upsert(make_item("a", "ds"), note=note("import", "ann", 0))
    await repo.upsert(make_item("a", "other"), note=note("import", "ann", 0))
    await repo.upsert(make_item("b", "ds"), note=note("import", "ann", 0))
    mine = await repo.history("ds", "a")
    assert [(r.dataset_name, r.item_id) for r in mine] == [("ds", "a")]
    mine[0].changes.clear()
    assert (await repo.history("ds", "a"))[0].changes
    assert await repo.history("ds", "missing") == []


async def test_a_removal_keeps_every_field_before(repo):
    stored = await repo.upsert(make_item(answer="kept"), note=note("import", "ann", 0))
    await repo.delete("ds", "i-1", stored.etag, note=note("purge", "lead", 3))
    removed = (await repo.history("ds", "i-1"))[-1]
    assert (removed.number, removed.change, removed.op, removed.by) == (
        2,
        RevisionChange.removed,
        "purge",
        "lead",
    )
    assert removed.changes["answer"].before == "kept" and not removed.changes["answer"].has_after
    assert removed.etag is None and removed.prev_etag == stored.etag


async def test_revisions_between_two_instants_by_dataset_and_author_in_time_order(repo):
    a = await repo.upsert(make_item("a"), note=note("import", "ann", 0))
    await repo.upsert(make_item("b", "other"), note=note("import", "ann", 10))
    await repo.upsert(a.model_copy(update={"answer": "x"}), note=note("save", "bob", 20))
    await repo.upsert(make_item("c"), note=note("import", "bob", 30))

    window = await repo.revisions(RevisionQuery(since=at(10), until=at(30)))
    assert [(r.item_id, r.number) for r in window] == [("b", 1), ("a", 2)]
    by_bob = await repo.revisions(RevisionQuery(by="bob"))
    assert [r.item_id for r in by_bob] == ["a", "c"]
    in_ds = await repo.revisions(RevisionQuery(dataset_name="ds", since=at(0)))
    assert [(r.item_id, r.at) for r in in_ds] == [("a", at(0)), ("a", at(20)), ("c", at(30))]


async def test_the_item_at_any_instant_is_rebuilt_from_its_revisions(repo):
    stored = await repo.upsert(make_item(answer="one"), note=note("import", "ann", 0))
    stored = await repo.upsert(
        stored.model_copy(update={"answer": "two"}), note=note("save", "ann", 10)
    )
    current = await repo.upsert(
        stored.model_copy(update={"answer": "three", "comment": "c"}),
        note=note("save", "bob", 20),
    )
    revisions = await repo.history("ds", "i-1")
    doc = current.to_doc()
    assert state_at(doc, revisions, at(-1)) is None
    assert state_at(doc, revisions, at(5))["answer"] == "one"
    assert state_at(doc, revisions, at(15))["answer"] == "two"
    assert state_at(doc, revisions, at(15)).get("comment") is None
    assert state_at(doc, revisions, at(25))["answer"] == "three"


async def test_batched_creates_record_a_created_revision_each(repo):
    items = [make_item(f"n-{n}") for n in range(3)]
    outcomes = await batching.create_many(repo, items, note=note("import", "ann", 0))
    assert outcomes == [None, None, None]
    for n in range(3):
        (revision,) = await repo.history("ds", f"n-{n}")
        assert (revision.op, revision.by, revision.change) == (
            "import",
            "ann",
            RevisionChange.created,
        )


async def test_items_changed_by_a_user_and_since_an_instant(repo):
    a = await repo.upsert(make_item("a"), note=note("import", "ann", 0))
    await repo.upsert(make_item("b"), note=note("import", "ann", 0))
    await repo.upsert(make_item("c", "other"), note=note("import", "bob", 5))
    await repo.upsert(a.model_copy(update={"answer": "x"}), note=note("save", "bob", 20))

    def ids(page) -> list[str]:
        return [item.id for item in page.items]

    assert ids(await repo.query(ItemQuery(changed_by="bob"))) == ["a", "c"]
    assert ids(await repo.query(ItemQuery(changed_since=at(10)))) == ["a"]
    assert ids(await repo.query(ItemQuery(changed_by="ann", changed_since=at(10)))) == []
    both = await repo.query(ItemQuery(changed_by="bob", dataset_name="ds"))
    assert (ids(both), both.total) == (["a"], 1)
    counts = await repo.count_groups(ItemQuery(changed_by="bob"), (CountField.dataset_name,))
    assert counts == {("ds",): 1, ("other",): 1}


async def test_many_items_read_at_once_leave_the_missing_out(repo):
    await repo.upsert(make_item("a'\"ü", "ds"))
    await repo.upsert(make_item("b", "other"))
    found = await batching.get_many(repo, [("ds", "a'\"ü"), ("ds", "b"), ("other", "b")])
    assert sorted(found) == [("ds", "a'\"ü"), ("other", "b")]
    assert found[("other", "b")].dataset_name == "other"


async def test_many_documents_read_at_once_are_the_items_documents(repo):
    stored = await repo.upsert(make_item("a", answer=None, gtcOwn={"k": 1}))
    found = await batching.get_docs(repo, [("ds", "a"), ("ds", "missing")])
    assert found == {("ds", "a"): stored.to_doc()}
