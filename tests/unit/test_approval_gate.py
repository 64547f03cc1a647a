"""The approval gate's rules as a table: item shape -> the (field, problem) it reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.approval import ApprovalGate

VISITED = datetime(2026, 1, 1, tzinfo=UTC)


def item(**fields) -> GroundTruthItem:
    fields.setdefault("synth_question", "How do I reset?")
    fields.setdefault("answer", "Press reset.")
    return GroundTruthItem(id="q1", dataset_name="ds", **fields)


def turn(role: str, msg: str = "text", **fields) -> HistoryTurn:
    return HistoryTurn(role=role, msg=msg, **fields)


GOOD_REF = Reference(url="https://example.com/a", key_excerpt="twelve chars", visited_at=VISITED)

CASES = [
    ("complete single-turn item", ApprovalGate(), item(refs=[GOOD_REF]), []),
    ("empty question", ApprovalGate(), item(synth_question=" "), ["question"]),
    ("empty answer", ApprovalGate(), item(answer=""), ["answer"]),
    (
        "well-formed conversation needs no answer",
        ApprovalGate(),
        item(answer=None, history=[turn("user"), turn("assistant")]),
        [],
    ),
    (
        "starts with assistant",
        ApprovalGate(),
        item(history=[turn("assistant"), turn("user"), turn("assistant")]),
        ["history[1]"],
    ),
    ("ends with user", ApprovalGate(), item(history=[turn("user")]), ["history[1]"]),
    (
        "two user turns in a row",
        ApprovalGate(),
        item(history=[turn("user"), turn("user"), turn("assistant")]),
        ["history[2]"],
    ),
    (
        "empty turn",
        ApprovalGate(),
        item(history=[turn("user"), turn("assistant", " ")]),
        ["history[2]"],
    ),
    (
        "non-http reference",
        ApprovalGate(),
        item(refs=[Reference(url="javascript:alert(1)")]),
        ["refs[1]"],
    ),
    (
        "visit not required by default",
        ApprovalGate(),
        item(refs=[Reference(url="https://example.com")]),
        [],
    ),
    (
        "visit required",
        ApprovalGate(require_reference_visit=True),
        item(refs=[GOOD_REF, Reference(url="https://example.com/b")]),
        ["refs[2]"],
    ),
    (
        "key excerpt too short on a turn",
        ApprovalGate(min_key_excerpt=20),
        item(history=[turn("user"), turn("assistant", refs=[GOOD_REF])]),
        ["history[2].refs[1]"],
    ),
    ("key excerpt long enough", ApprovalGate(min_key_excerpt=12), item(refs=[GOOD_REF]), []),
]


@pytest.mark.parametrize(
    ("gate", "subject", "fields"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_gate_reports_each_problem_with_its_field(gate, subject, fields):
    assert [problem.field for problem in gate.problems(subject)] == fields
