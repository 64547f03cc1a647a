"""The two item shapes in one model: the rule that tells them apart, and the derived
question, answer and references an agentic item gives filters and checks."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from gt_tui.domain import GroundTruthItem, Reference
from gt_tui.domain.agentic import ExpectedTools, ToolCall
from gt_tui.domain.shapes import AGENTIC_ONLY, RULE, shape_of
from tests.gtc_fixture import GTC_2X_SAMPLE, GTC_SAMPLE


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_fixture_line_has_the_shape_of_its_generation():
    assert {shape_of(doc) for doc in lines(GTC_SAMPLE)} == {"rag"}
    assert {shape_of(doc) for doc in lines(GTC_2X_SAMPLE)} == {"agentic"}
    assert {GroundTruthItem.from_doc(doc).shape for doc in lines(GTC_2X_SAMPLE)} == {"agentic"}


def test_agentic_fields_are_typed_models():
    doc = lines(GTC_2X_SAMPLE)[0]
    item = GroundTruthItem.from_doc(doc)
    assert all(isinstance(call, ToolCall) for call in item.tool_calls)
    assert isinstance(item.expected_tools, ExpectedTools)
    assert item.expected_tools.names("required") == [
        e["name"] for e in doc["expectedTools"]["required"]
    ]
    assert item.tool_calls[0].call_type in ("tool", "subagent")
    assert item.context_entries[0].key == doc["contextEntries"][0]["key"]
    assert item.feedback[0].source == doc["feedback"][0]["source"]
    assert item.scenario_id == doc["scenarioId"] and item.created_by == doc["createdBy"]


def test_question_answer_and_references_of_an_agentic_item():
    item = GroundTruthItem.from_doc(
        {
            "id": "a",
            "datasetName": "ds",
            "history": [
                {"role": "user", "msg": "first"},
                {"role": "orchestrator-agent", "msg": "thinking"},
                {"role": "user", "msg": "second"},
                {"role": "output-agent", "msg": "done"},
            ],
            "plugins": {
                "rag-compat": {
                    "kind": "rag-compat",
                    "version": "1.0",
                    "data": {"references": [{"url": "https://e.org/a", "messageIndex": 3}]},
                },
                "other": {"kind": "other", "data": {"x": 1}},
            },
        }
    )
    assert (item.question, item.answer_text) == ("first", "done")
    assert [r.url for r in item.all_references()] == ["https://e.org/a"]
    assert item.all_references()[0].message_index == 3

    item.set_rag_compat_references([Reference(url="https://e.org/b", title="B")])
    doc = item.to_doc()
    assert doc["plugins"]["rag-compat"]["data"]["references"] == [
        {"url": "https://e.org/b", "title": "B"}
    ]
    assert doc["plugins"]["other"] == {"kind": "other", "data": {"x": 1}}
    assert "synthQuestion" not in doc and "refs" not in doc and "answer" not in doc


@pytest.mark.parametrize(
    "doc",
    [
        {"id": "a", "datasetName": "ds"},
        {"id": "a", "datasetName": "ds", "answer": "x", "toolCalls": []},
        {"id": "a", "datasetName": "ds", "synthQuestion": "q", "toolCalls": []},
    ],
    ids=["neither", "agentic-with-answer", "rag-with-tool-calls"],
)
def test_an_item_that_fits_neither_shape_is_refused_naming_the_rule(doc):
    with pytest.raises(ValidationError) as raised:
        GroundTruthItem.from_doc(doc)
    (error,) = raised.value.errors()
    assert error["loc"] == ("synthQuestion",)
    assert RULE in error["msg"]


def test_the_rule_names_every_agentic_only_field():
    for field in AGENTIC_ONLY:
        assert field in RULE
        assert shape_of({"id": "a", "datasetName": "ds", field: None}) == "agentic"


def test_an_agentic_comment_is_never_null():
    item = GroundTruthItem.from_doc(
        {"id": "a", "datasetName": "ds", "history": [], "comment": None}
    )
    assert item.comment == "" and item.to_doc()["comment"] == ""
    item.comment = None
    assert item.to_doc()["comment"] == ""


def test_a_tool_name_is_in_one_expectation_list_at_most():
    with pytest.raises(ValidationError, match="one list at most"):
        ExpectedTools.model_validate({"required": ["search"], "optional": [{"name": "search"}]})
    tools = ExpectedTools.model_validate({"required": ["search"]})
    moved = tools.with_expectation("search", "not_needed")
    assert moved.names("required") == [] and moved.names("not_needed") == ["search"]
    assert tools.names("required") == ["search"]
    assert moved.with_expectation("search", None).model_dump(by_alias=True) == {
        "required": [],
        "notNeeded": [],
    }
