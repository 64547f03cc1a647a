"""Today's item screen, queue and explorer show GTC 2.x (agentic) items without failing:
the question view is the first user turn, question and answer editors are read-only, and
saving or skipping one writes back what nobody edited."""

from __future__ import annotations

import json

from textual.widgets import Static, TextArea

from gt_tui.domain import GroundTruthItem
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.integration.raw_documents import json_differences
from tests.tui.fixtures import SIZE, USER, make_app, make_services, open_first, settle


def agentic_items() -> list[GroundTruthItem]:
    items = []
    for line in GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        doc.update(assignedTo=USER, assignedAt="2026-03-02T09:00:00Z", status="draft")
        items.append(GroundTruthItem.from_doc(doc))
    return items


async def test_an_agentic_item_opens_saves_and_skips():
    repo = InMemoryGroundTruthRepo()
    for item in agentic_items():
        await repo.upsert(item)
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        item = screen.base
        assert item.is_agentic
        shown = str(screen.query_one("#synth-question", Static).render())
        assert item.question.splitlines()[0] in shown
        assert screen.query_one("#answer", TextArea).read_only
        before = item.to_doc()

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)

        stored = await repo.get(item.dataset_name, item.id)
        assert stored.status == "skipped"
        after = stored.to_doc()
        owned = {"_etag", "status", "assignedTo", "assignedAt", "updatedAt", "updatedBy"}
        owned |= {"computedTags", "tags", "totalReferences"}
        assert (
            json_differences(
                {k: v for k, v in before.items() if k not in owned},
                {k: v for k, v in after.items() if k not in owned},
            )
            == []
        )

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # the explorer lists them too
        await settle(pilot)


async def test_progress_counts_each_shape_when_the_store_holds_agentic_items():
    repo = InMemoryGroundTruthRepo()
    for item in agentic_items():
        await repo.upsert(item)
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        rows = [str(row.render()) for row in app.screen.query(".dataset-row")]
        assert any("(agentic items)" in row and "0/5 approved" in row for row in rows), rows
        assert any("(rag items)" in row and "empty" in row for row in rows), rows


async def test_a_reference_added_on_todays_item_screen_is_stored_as_a_rag_compat_one():
    """Today's screen offers `+` on an agentic item; what it adds must stay readable: a
    reference on a turn or on the item is written where GTC 2.x keeps references."""
    import tempfile
    from pathlib import Path

    from gt_tui.repos.sqlite import SqliteGroundTruthRepo
    from tests.tui.fixtures import keys_for

    with tempfile.TemporaryDirectory() as folder:
        repo = SqliteGroundTruthRepo(Path(folder) / "gt.sqlite3")
        for item in agentic_items()[:1]:
            await repo.upsert(item)
        before = len((await repo.get(item.dataset_name, item.id)).all_references())
        app = make_app(make_services(repo))
        async with app.run_test(size=SIZE) as pilot:
            await open_first(pilot)
            await pilot.press("plus")
            await settle(pilot)
            await pilot.press(*keys_for("https://help.example.com/new"))
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
        stored = await repo.get(item.dataset_name, item.id)  # read back from the document
        await repo.close()
    assert stored.is_agentic
    urls = [ref.url for ref in stored.all_references()]
    assert len(urls) == before + 1 and urls[-1] == "https://help.example.com/new"
