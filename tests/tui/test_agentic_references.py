"""An agentic item's references are its rag-compat ones: listed in the references section
and edited with the same form and keys as a RAG item's, written back into
`plugins["rag-compat"].data.references` with the slot's other data and every other plugin
slot exactly as stored (and nothing written to `refs`)."""

from __future__ import annotations

import json

from gt_tui.domain import GroundTruthItem
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.content_lists import ReferenceList
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.integration.raw_documents import json_differences
from tests.tui.fixtures import SIZE, USER, keys_for, make_app, make_services, open_first, settle

OTHER_SLOT = {"kind": "eval-notes", "version": "2.0", "data": {"notes": [1, None, "x"]}}


def gtc_item() -> GroundTruthItem:
    doc = json.loads(GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    doc.update(assignedTo=USER, assignedAt="2026-03-02T09:00:00Z", status="draft")
    doc["plugins"]["rag-compat"]["data"]["source"] = "retriever-v3"
    doc["plugins"]["eval-notes"] = OTHER_SLOT
    return GroundTruthItem.from_doc(doc)


async def test_rag_compat_references_are_listed_edited_and_written_back_in_their_slot():
    repo = InMemoryGroundTruthRepo()
    await repo.upsert(gtc_item())
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        key = (screen.base.dataset_name, screen.base.id)
        before = (await repo.get(*key)).to_doc()
        stored_refs = before["plugins"]["rag-compat"]["data"]["references"]
        refs = screen.query_one("#ref-list", ReferenceList)
        assert [row.ref.url for row in refs.rows_shown] == [r["url"] for r in stored_refs]
        assert not screen.is_dirty()

        refs.focus()
        await pilot.press("x")  # remove the first
        await settle(pilot)
        await pilot.press("plus")  # add one with the same form
        await settle(pilot)
        await pilot.press(*keys_for("https://help.example.com/new"), "enter")
        await settle(pilot)
        assert "references" in str(screen.query_one("#detail-dirty").render())
        await pilot.press("ctrl+s")
        await settle(pilot)

        after = (await repo.get(*key)).to_doc()
        slot = after["plugins"]["rag-compat"]
        assert [r["url"] for r in slot["data"]["references"]] == [
            stored_refs[1]["url"],
            "https://help.example.com/new",
        ]
        assert json_differences(slot["data"]["references"][0], stored_refs[1]) == []
        assert slot["data"]["source"] == "retriever-v3" and slot["kind"] == "rag-compat"
        assert after["plugins"]["eval-notes"] == OTHER_SLOT
        assert "refs" not in after
        owned = {"_etag", "updatedAt", "updatedBy", "computedTags", "tags", "totalReferences"}
        owned |= {"plugins"}
        untouched = [k for k in before if k not in owned]
        assert (
            json_differences(
                {k: before[k] for k in untouched}, {k: after.get(k) for k in untouched}
            )
            == []
        )
        assert after["totalReferences"] == 2


async def test_keep_mine_merges_rag_compat_references_one_by_one():
    repo = InMemoryGroundTruthRepo()
    await repo.upsert(gtc_item())
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        key = (screen.base.dataset_name, screen.base.id)
        theirs = await repo.get(*key)
        from gt_tui.domain.models import Reference

        theirs.set_rag_compat_references(
            [*theirs.rag_compat_references, Reference(url="https://theirs.example.com")]
        )
        await repo.upsert(theirs)

        screen.query_one("#ref-list", ReferenceList).focus()
        await pilot.press("plus")
        await settle(pilot)
        await pilot.press(*keys_for("https://mine.example.com"), "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        urls = [ref.url for ref in (await repo.get(*key)).rag_compat_references]
        assert "https://theirs.example.com" in urls and "https://mine.example.com" in urls
        assert len(urls) == 4
        assert (await repo.get(*key)).plugins["eval-notes"].data == OTHER_SLOT["data"]
