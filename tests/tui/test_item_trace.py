"""The trace section on the item screen: shown for agentic items only (never left over from
the item before), `T` focuses it, one key per expectation is an unsaved edit of the item
(dirty marker, journal, keep-mine merge), approval goes through GTC 2.x's gate, and saving
writes expectedTools with every other field exactly as stored."""

from __future__ import annotations

import json
from datetime import timedelta

from textual.widgets import Collapsible, TextArea

from gt_tui.domain import GroundTruthItem
from gt_tui.domain.agentic import ExpectedTools
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.edit_journal import EditJournal
from gt_tui.tui.item.trace_section import TraceItemSection
from gt_tui.tui.trace import TraceFacts, TraceSection
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.integration.raw_documents import json_differences
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    notices,
    open_first,
    seed,
    settle,
)

OWNED = {"_etag", "status", "assignedTo", "assignedAt", "updatedAt", "updatedBy", "reviewedAt"}
OWNED |= {"computedTags", "tags", "totalReferences"}


def gtc_item(unmarked: bool = True) -> GroundTruthItem:
    """GTC 2.x's own first sample (nulls included), in alice's queue after q-000; with
    `unmarked` its expectedTools lists are emptied, so the gate refuses it."""
    doc = json.loads(GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    doc.update(assignedTo=USER, assignedAt=(NOW - timedelta(minutes=1)).isoformat())
    doc["status"] = "draft"
    if unmarked:
        doc["expectedTools"] = {"required": [], "optional": [], "notNeeded": []}
    return GroundTruthItem.from_doc(doc)


async def store(item: GroundTruthItem | None = None) -> InMemoryGroundTruthRepo:
    """q-000 (RAG) first in alice's queue, then the agentic item."""
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items(assigned=1))
    await repo.upsert(item or gtc_item())
    return repo


def section(screen) -> TraceItemSection:
    return screen.query_one(TraceItemSection)


def without(doc: dict, names: set[str]) -> dict:
    return {key: value for key, value in doc.items() if key not in names}


async def test_the_trace_shows_for_an_agentic_item_only_and_never_stays_behind():
    repo = await store()
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        assert not screen.base.is_agentic
        assert not section(screen).display

        await pilot.press("right_square_bracket")  # the agentic item
        await settle(pilot)
        assert screen.base.is_agentic
        trace = screen.query_one(TraceSection)
        assert section(screen).display and trace.row_count == len(screen.base.tool_calls)
        assert "3 calls" in str(trace.border_title)
        titles = [str(c.title) for c in screen.query_one(TraceFacts).query(Collapsible)]
        assert titles and all(c.collapsed for c in screen.query(Collapsible))

        await pilot.press("left_square_bracket")  # back to the RAG item
        await settle(pilot)
        assert not section(screen).display
        assert trace.row_count == 0 and not screen.query_one(TraceFacts).children

        await pilot.press("a")  # approve -> next: the agentic item, its trace shown
        await settle(pilot)
        assert screen.base.is_agentic and section(screen).display
        assert trace.row_count == len(screen.base.tool_calls)


async def test_an_agentic_item_decided_leaves_no_trace_on_the_rag_item_after_it():
    item = gtc_item(unmarked=False)
    item.assigned_at = NOW - timedelta(hours=1)  # first in the queue
    repo = await store(item)
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        assert screen.base.is_agentic and section(screen).display
        await pilot.press("s")
        await settle(pilot)
        assert screen.base.id == "q-000"
        assert not section(screen).display
        assert screen.query_one(TraceSection).row_count == 0
        assert not screen.query_one(TraceFacts).children


async def test_T_focuses_the_trace_and_on_a_rag_item_says_there_is_none():
    repo = await store()
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert any("has no trace" in n for n in notices(app))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.focused, TraceSection)
        await pilot.press("escape")  # leaves the trace, not the item
        await settle(pilot)
        assert app.screen is screen and not isinstance(app.focused, TraceSection)


async def test_one_key_marks_are_unsaved_edits_the_gate_refuses_then_accepts(tmp_path):
    repo = await store()
    journal_path = tmp_path / "journal.sqlite"
    app = make_app(make_services(repo, edit_journal_path=journal_path, confirm="never"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, index=1)
        stored_before = (await repo.get(screen.base.dataset_name, screen.base.id)).to_doc()
        first = screen.base.tool_calls[0].name

        await pilot.press("a")  # nothing required yet: GTC 2.x's gate refuses
        await settle(pilot)
        assert any("required" in n for n in notices(app)), notices(app)
        assert (await repo.get(screen.base.dataset_name, screen.base.id)).status == "draft"

        await pilot.press("T", "r")
        await settle(pilot)
        assert screen.draft.expected_tools.names("required") == [first]
        assert "expected tools" in str(screen.query_one("#detail-dirty").render())
        screen.journal.flush()
        entry = EditJournal(journal_path).find(USER, screen.base.dataset_name, screen.base.id)
        assert entry is not None
        assert [e["name"] for e in entry.fields["expected_tools"]["required"]] == [first]

        await pilot.press("a")  # now accepted, the mark written in the same write
        await settle(pilot)
        stored = await repo.get(stored_before["datasetName"], stored_before["id"])
        assert stored.status == "approved"
        after = stored.to_doc()
        assert [e["name"] for e in after["expectedTools"]["required"]] == [first]
        untouched = OWNED | {"expectedTools"}
        assert json_differences(without(stored_before, untouched), without(after, untouched)) == []


async def test_saving_writes_expected_tools_and_nothing_else_changes():
    repo = await store(gtc_item(unmarked=False))
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, index=1)
        before = (await repo.get(screen.base.dataset_name, screen.base.id)).to_doc()
        trace = screen.query_one(TraceSection)
        await pilot.press("T", "down", "n")  # the second call: not needed
        await settle(pilot)
        name = trace.shown[1].call.name
        await pilot.press("ctrl+s")
        await settle(pilot)
        after = (await repo.get(before["datasetName"], before["id"])).to_doc()
        assert name in [e["name"] for e in after["expectedTools"]["notNeeded"]]
        assert name not in [e["name"] for e in after["expectedTools"]["required"]]
        untouched = OWNED | {"expectedTools"}
        assert json_differences(without(before, untouched), without(after, untouched)) == []
        assert after["reviewedAt"] is None  # null stays null
        assert not screen.is_dirty()


async def test_marks_taken_back_leave_an_absent_expected_tools_absent():
    item = gtc_item()
    item.expected_tools = None
    repo = await store(item)
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, index=1)
        await pilot.press("T", "r")
        await settle(pilot)
        assert screen.is_dirty()
        await pilot.press("minus")
        await settle(pilot)
        assert screen.draft.expected_tools is None and not screen.is_dirty()


async def test_keep_mine_puts_my_marks_on_their_version():
    repo = await store()
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, index=1)
        key = (screen.base.dataset_name, screen.base.id)
        theirs = await repo.get(*key)
        theirs.comment = "checked by bob"
        theirs.expected_tools = ExpectedTools(optional=[{"name": "something_else"}])
        await repo.upsert(theirs)

        await pilot.press("T", "down", "r")
        await settle(pilot)
        await pilot.press("ctrl+s")  # a conflict: keep mine
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        stored = await repo.get(*key)
        assert stored.comment == "checked by bob"  # theirs kept
        assert stored.expected_tools.names("required") == [screen.base.tool_calls[1].name]
        assert screen.query_one(TraceSection).cursor_row == 1  # still on the call marked
        assert stored.expected_tools.names("optional") == []  # mine replaces the whole field


def test_help_lists_T_and_the_trace_keys():
    from gt_tui.tui.keys import binding_scopes, help_sections
    from gt_tui.tui.start.app import GtTuiApp

    sections = dict(help_sections(binding_scopes(GtTuiApp)))
    assert ("T", "Trace") in sections["Item"]
    trace = sections["Trace section"]
    for keys in ("enter", "r", "o", "n", "-", "e", "esc"):
        assert keys in [k for k, _ in trace], trace


async def test_enter_shows_the_call_and_e_edits_its_arguments_as_an_unsaved_edit():
    from gt_tui.tui.trace.arguments import ExpectationArgumentsScreen
    from gt_tui.tui.trace.detail import CallDetailScreen

    repo = await store()
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot, index=1)
        await pilot.press("T", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExpectationArgumentsScreen)
        app.screen.query_one(TextArea).load_text('{"limit": 5}')
        await pilot.press("ctrl+s")
        await settle(pilot)
        name = screen.base.tool_calls[1].name
        assert screen.draft.expected_tools.expectation_of(name)[1].arguments == {"limit": 5}
        assert "expected tools" in str(screen.query_one("#detail-dirty").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = await repo.get(screen.base.dataset_name, screen.base.id)
        assert stored.expected_tools.expectation_of(name)[1].arguments == {"limit": 5}
