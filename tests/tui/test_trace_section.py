"""The trace section on a small host app: one key per expectation on the highlighted call
(posted as messages, never written), the call's arguments and response, the expected
arguments form refusing invalid JSON, the read-only folded facts, and GTC 2.x's gate
refusing and then accepting the draft. Snapshots in both themes."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Collapsible, Static, TextArea

from gt_tui.domain.agentic import ExpectedTools
from gt_tui.tui.trace.arguments import ExpectationArgumentsScreen
from gt_tui.tui.trace.detail import CallDetailScreen
from gt_tui.tui.trace.section import TraceSection
from tests.tui.fixtures import settle
from tests.tui.trace_host import SIZE, TraceHost, demo_item


def unmarked(item_id: str = "at-003"):
    item = demo_item(item_id)
    item.expected_tools = ExpectedTools()
    return item


def names(app) -> list[str]:
    return [row.call.name for row in app.query_one(TraceSection).shown]


async def test_one_key_per_expectation_and_the_gate_refuses_then_accepts():
    app = TraceHost(unmarked())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("mark at least one tool required" in p for p in app.gate_problems())
        assert names(app)[:2] == ["get_account", "retention-agent"]

        await pilot.press("r")  # get_account required
        await pilot.press("down", "o")  # retention-agent optional
        await pilot.press("down", "n")  # its first call: not needed
        await pilot.press("down", "r", "minus")  # required, then no expectation
        await settle(pilot)

        tools = app.draft.expected_tools
        assert tools.names("required") == ["get_account"]
        assert tools.names("optional") == ["retention-agent"]
        assert tools.names("not_needed") == [names(app)[2]]
        assert [(c.tool_name, c.expectation) for c in app.changes] == [
            ("get_account", "required"),
            ("retention-agent", "optional"),
            (names(app)[2], "not_needed"),
            (names(app)[3], "required"),
            (names(app)[3], None),
        ]
        assert app.gate_problems() == []
        await pilot.press("up", "up", "up", "minus")  # get_account: none again
        await settle(pilot)
        assert any("mark at least one tool required" in p for p in app.gate_problems())


async def test_moving_a_tool_keeps_it_in_one_list_and_marks_every_call_of_it():
    item = unmarked("at-004")  # search_kb appears once, get_* in a parallel group
    app = TraceHost(item)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        section = app.query_one(TraceSection)
        for key in ("r", "o", "n"):
            await pilot.press(key)
            await settle(pilot)
            tools = app.draft.expected_tools
            assert (
                sum(names(app)[0] in tools.names(k) for k in ("required", "optional", "not_needed"))
                == 1
            )
        first = section.shown[0].call.name
        assert all(r.expectation == "not_needed" for r in section.shown if r.call.name == first)
        cell = section.get_cell("0", "expected")
        assert cell.plain == "not needed"


async def test_enter_shows_arguments_and_response_folded_and_cut():
    app = TraceHost(unmarked("at-004"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallDetailScreen)
        blocks = {c.title: c for c in screen.query(Collapsible)}
        rows_block = next(c for title, c in blocks.items() if title.startswith("response.rows"))
        assert rows_block.collapsed  # long: folded
        text = rows_block.query_one(".call-json", Static).render()
        assert "more lines" in str(text)
        args = next(c for title, c in blocks.items() if title.startswith("arguments.query"))
        assert not args.collapsed
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen.query_one(TraceSection), TraceSection)


async def test_expected_arguments_take_an_object_or_text_and_refuse_invalid_json():
    app = TraceHost(unmarked())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")  # no expectation yet: says what to do, opens nothing
        await settle(pilot)
        assert not isinstance(app.screen, ExpectationArgumentsScreen)
        await pilot.press("r", "e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExpectationArgumentsScreen)
        form.query_one(TextArea).load_text('{"msisdn": ')
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "invalid JSON" in str(form.query_one("#arguments-error", Static).render())
        form.query_one(TextArea).load_text('{"msisdn": "[REDACTED]"}')
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = app.draft.expected_tools.expectation_of("get_account")[1]
        assert entry.arguments == {"msisdn": "[REDACTED]"}

        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(TextArea).load_text("the customer's number")
        await pilot.press("ctrl+s")
        await settle(pilot)
        entry = app.draft.expected_tools.expectation_of("get_account")[1]
        assert entry.arguments == "the customer's number"
        assert app.draft.to_doc()["expectedTools"]["required"] == [
            {"name": "get_account", "arguments": "the customer's number"}
        ]


async def test_facts_are_folded_and_read_only():
    app = TraceHost(unmarked())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        blocks = list(app.query(Collapsible))
        titles = [block.title for block in blocks]
        assert titles[0].startswith("context entries") and "trace ids" in titles
        assert all(block.collapsed for block in blocks)
        assert not any(isinstance(w, TextArea) for w in app.query("#facts *"))


async def test_the_section_never_writes_and_hostile_names_stay_text():
    item = unmarked()
    item.tool_calls[0].name = "[@click=app.quit]x[/]"
    before = json.dumps(item.to_doc(), sort_keys=True)
    app = TraceHost(item)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        cell = app.query_one(TraceSection).get_cell("0", "call")
        assert "[@click=app.quit]x[/]" in cell.plain
    assert json.dumps(item.to_doc(), sort_keys=True) == before  # the host's draft changed


@pytest.mark.parametrize("theme", ["gt-dark", "gt-light"])
def test_trace_snapshot(snap_compare, theme):
    async def mark(pilot):
        await settle(pilot)
        await pilot.press("r", "down", "o", "down", "down", "n")
        await settle(pilot)

    assert snap_compare(TraceHost(unmarked(), theme), terminal_size=SIZE, run_before=mark)


@pytest.mark.parametrize("theme", ["gt-dark", "gt-light"])
def test_call_detail_snapshot(snap_compare, theme):
    async def open_call(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)

    assert snap_compare(
        TraceHost(unmarked("at-004"), theme), terminal_size=SIZE, run_before=open_call
    )
