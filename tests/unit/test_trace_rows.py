"""The trace tree: calls under their parent, siblings in step order, parallel groups
marked, each row with its tool's expectation; odd traces (missing parents, cycles, no
step numbers) still show every call once."""

from __future__ import annotations

from gt_tui.domain.agentic import ExpectedTools, ToolCall
from gt_tui.tui.trace.json_text import cut, json_text, pretty_lines
from gt_tui.tui.trace.rows import trace_rows


def call(call_id: str, name: str, step: int | None, parent: str | None = None, group=None):
    return ToolCall(
        id=call_id, name=name, step_number=step, parent_call_id=parent, parallel_group=group
    )


def test_tree_order_depth_glyphs_parallel_marks_and_expectations():
    calls = [
        call("c4", "search_kb", 4),
        call("c1", "get_account", 1),
        call("c2", "billing-agent", 2),
        call("c3b", "get_usage", 3, parent="c2", group="g1"),
        call("c3a", "get_invoice", 3, parent="c2", group="g1"),
        call("c5", "get_invoice", 5, parent="c2"),
    ]
    expected = ExpectedTools.model_validate(
        {"required": ["get_invoice"], "notNeeded": ["search_kb"]}
    )
    rows = trace_rows(calls, expected)
    assert [(r.call.id, r.depth, r.prefix) for r in rows] == [
        ("c1", 0, ""),
        ("c2", 0, ""),
        ("c3b", 1, "├─ "),
        ("c3a", 1, "├─ "),
        ("c5", 1, "└─ "),
        ("c4", 0, ""),
    ]
    assert [r.parallel for r in rows] == [False, False, True, True, False, False]
    assert [r.expectation for r in rows] == [
        None, None, None, "required", "required", "not_needed"
    ]  # fmt: skip
    assert [r.index for r in rows] == [1, 2, 3, 4, 5, 0]


def test_missing_parents_cycles_and_no_step_numbers_keep_every_call_once():
    calls = [
        call("a", "x", None),
        call("b", "y", 1, parent="nowhere"),
        call("c", "z", 2, parent="d"),
        call("d", "w", 3, parent="c"),
        call("e", "self", 4, parent="e"),
        call("", "anonymous", 0),
    ]
    rows = trace_rows(calls, None)
    assert sorted(r.index for r in rows) == list(range(6))
    assert [r.call.name for r in rows][:3] == ["anonymous", "y", "self"]
    assert rows[3].call.name == "x"  # no step number: after the numbered roots


def test_nested_subagents_draw_continuation_lines():
    calls = [
        call("s", "outer", 1),
        call("t", "inner", 2, parent="s"),
        call("u", "leaf", 3, parent="t"),
        call("v", "after", 4, parent="s"),
    ]
    assert [r.prefix for r in trace_rows(calls, None)] == ["", "├─ ", "│  └─ ", "└─ "]


def test_json_is_pretty_and_long_values_are_cut():
    value = {"rows": list(range(40))}
    lines = pretty_lines(value)
    assert lines[0] == "{" and len(lines) == 44
    shown = cut(lines, 10)
    assert len(shown) == 11 and shown[-1] == "… 34 more lines"
    assert pretty_lines("two\nlines") == ["two", "lines"]
    assert json_text("[@click=app.quit]x[/]").plain == "[@click=app.quit]x[/]"
