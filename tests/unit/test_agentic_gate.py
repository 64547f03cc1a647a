"""GTC 2.x's approval gate on agentic items, inside the one ApprovalGate: a user and a
non-user message; with tool calls, at least one required tool; every required tool among
the calls. Each fixture item (made by GTC's own code) is judged as GTC judges it."""

from __future__ import annotations

import json

import pytest

from gt_tui.domain import GroundTruthItem
from gt_tui.services.approval import ApprovalGate
from tests.gtc_fixture import GTC_2X_SAMPLE


def agentic(history=(("user", "hi"), ("orchestrator-agent", "done")), calls=(), required=(), **kw):
    doc = {
        "id": "a1",
        "datasetName": "ds",
        "history": [{"role": role, "msg": msg} for role, msg in history],
        "toolCalls": [{"id": f"c{n}", "name": name} for n, name in enumerate(calls)],
        "expectedTools": {"required": [{"name": name} for name in required]},
        **kw,
    }
    return GroundTruthItem.from_doc(doc)


CASES = [
    ("complete, no tools", agentic(), []),
    ("roles as GTC reads them", agentic(history=[(" User ", "q"), ("output-agent", "a")]), []),
    ("no user message", agentic(history=[("assistant", "a")]), ["history"]),
    ("no agent message", agentic(history=[("user", "q")]), ["history"]),
    ("empty conversation", agentic(history=[]), ["history", "history"]),
    ("empty message", agentic(history=[("user", "q"), ("agent", "  ")]), ["history[2]"]),
    ("calls but nothing required", agentic(calls=["search"]), ["expectedTools.required"]),
    ("required tool called", agentic(calls=["search", "fetch"], required=["fetch"]), []),
    (
        "required tool never called",
        agentic(calls=["search"], required=["search", "fetch"]),
        ["expectedTools.required"],
    ),
    (
        "rag-compat reference must be http(s)",
        agentic(
            plugins={
                "rag-compat": {"kind": "rag-compat", "data": {"references": [{"url": "ftp://x"}]}}
            }
        ),
        ["rag-compat references[1]"],
    ),
]


@pytest.mark.parametrize(("subject", "fields"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_agentic_gate_reports_each_problem_with_its_field(subject, fields):
    assert [problem.field for problem in ApprovalGate().problems(subject)] == fields


def test_a_missing_required_tool_is_named():
    (problem,) = ApprovalGate().problems(agentic(calls=["search"], required=["search", "fetch"]))
    assert "fetch" in problem.problem and "search" not in problem.problem


def test_gtc_fixture_items_pass_the_gate_as_gtc_made_them():
    """GTC's demo items all have required tools among their calls and both sides of the
    conversation: GTC's gate accepts them, so ours does."""
    for line in GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines():
        item = GroundTruthItem.from_doc(json.loads(line))
        assert ApprovalGate().problems(item) == [], item.id
