from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from gt_tui.domain import GroundTruthItem, GroundTruthStatus, HistoryTurn, Reference


def make_item(**overrides):
    fields = {"id": "q-1", "dataset_name": "faq", "synth_question": "What is 2+2?"}
    fields.update(overrides)
    return GroundTruthItem(**fields)


def test_serialises_by_camel_case_alias_and_round_trips():
    item = make_item(
        refs=[Reference(url="https://example.org", key_excerpt="x", message_index=1)],
        history=[HistoryTurn(role="user", msg="hi", expected_behavior="greet")],
        manual_tags=["a"],
        assigned_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    doc = item.to_doc()
    assert doc["datasetName"] == "faq"
    assert doc["synthQuestion"] == "What is 2+2?"
    assert doc["refs"][0]["keyExcerpt"] == "x"
    assert doc["refs"][0]["messageIndex"] == 1
    assert doc["history"][0]["expectedBehavior"] == ["greet"]
    assert doc["assignedAt"] == "2026-01-02T03:04:05Z"
    assert doc.get("_etag") == item.etag
    assert GroundTruthItem.from_doc(doc) == item


def test_defaults():
    item = make_item()
    assert item.status is GroundTruthStatus.draft
    assert item.refs == [] and item.history is None and item.total_references == 0
    assert item.updated_at.tzinfo is not None
    assert 0.0 <= item.sample_key < 1.0


def test_naive_timestamp_is_read_as_utc():
    """The seed system writes timestamps without a zone; they mean UTC."""
    item = GroundTruthItem.from_doc(
        {"id": "x", "datasetName": "d", "synthQuestion": "q", "updatedAt": "2026-01-01T10:00:00"}
    )
    assert item.updated_at == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert item.to_doc()["updatedAt"] == "2026-01-01T10:00:00Z"


def test_unparseable_timestamp_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as info:
        GroundTruthItem.from_doc(
            {"id": "x", "datasetName": "d", "synthQuestion": "q", "updatedAt": "soon"}
        )
    assert "updatedAt" in str(info.value)


def test_reference_url_is_required_and_non_empty():
    with pytest.raises(ValidationError) as info:
        GroundTruthItem.from_doc(
            {"id": "x", "datasetName": "d", "synthQuestion": "q", "refs": [{"url": "  "}]}
        )
    assert "refs.0.url" in str(info.value)


def test_status_is_a_str_enum():
    assert GroundTruthStatus("approved") == "approved"
    with pytest.raises(ValidationError):
        make_item(status="done")


def test_models_are_mutable():
    item = make_item()
    item.answer = "4"
    assert item.answer == "4"


def test_lone_surrogate_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as info:
        make_item(answer="ok \ud800 no")
    assert "answer: invalid unicode" in str(info.value)
    with pytest.raises(ValidationError) as info:
        make_item(manual_tags=["fine", "\udfff"])
    assert "manualTags" in str(info.value)


def test_a_stored_null_read_as_empty_is_written_back_as_null_until_filled():
    doc = {
        "id": "a",
        "datasetName": "ds",
        "synthQuestion": "q",
        "history": [
            {"role": "user", "msg": "hi", "refs": None, "expectedBehavior": None},
            {"role": "assistant", "msg": "yo", "refs": [], "expectedBehavior": []},
        ],
    }
    item = GroundTruthItem.from_doc(doc)
    assert item.history[0].refs == [] and item.history[0].expected_behavior == []

    copy = item.model_copy(deep=True)
    assert [turn for turn in copy.to_doc()["history"]] == doc["history"]
    copy.history[0].expected_behavior = ["generation:greeting"]
    back = copy.to_doc()["history"][0]
    assert (back["refs"], back["expectedBehavior"]) == (None, ["generation:greeting"])
    assert GroundTruthItem.from_doc(item.to_doc()).to_doc()["history"] == doc["history"]


def test_absent_fields_stay_absent_on_item_turn_and_reference():
    doc = {
        "id": "a",
        "datasetName": "ds",
        "synthQuestion": "q",
        "history": [{"role": "user", "msg": "hi", "refs": [{"url": "https://e.org"}]}],
    }
    written = GroundTruthItem.from_doc(doc).to_doc()
    assert written["history"] == doc["history"]
    assert "refs" not in written and "manualTags" not in written
    made = GroundTruthItem(id="b", dataset_name="ds", synth_question="q")
    made.refs.append(Reference(url="https://e.org", bonus=False))
    assert made.to_doc()["refs"] == [{"url": "https://e.org", "bonus": False}]
