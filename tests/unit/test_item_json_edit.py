"""What may come back when the whole item went to $EDITOR: the same item, only editable
fields changed; derived and repo-set keys are ignored."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.services.item_json_edit import draft_values, whole_item_problem


def item(**changes) -> GroundTruthItem:
    doc = {
        "id": "q1",
        "datasetName": "ds",
        "synthQuestion": "Why?",
        "answer": "Because.",
        "seedNote": "kept as written",
        "totalReferences": 0,
        "updatedAt": "2026-03-02T09:30:00Z",
        "sampleKey": 0.5,
    }
    return GroundTruthItem.model_validate({**doc, **changes})


def test_editable_fields_may_change_and_become_draft_values():
    current = item()
    current.etag = '"1"'
    returned = item(answer="Better.", comment="checked", manualTags=["topic:x"])
    assert whole_item_problem(current, returned) is None
    values = draft_values(returned)
    assert (values["answer"], values["comment"], values["manual_tags"]) == (
        "Better.",
        "checked",
        ["topic:x"],
    )


def test_derived_keys_are_ignored():
    assert whole_item_problem(item(), item(totalReferences=7)) is None


def test_the_key_fields_and_other_fields_are_named():
    problem = whole_item_problem(item(), item(id="q2"))
    assert problem is not None and problem.startswith("id cannot change here")
    problem = whole_item_problem(item(), item(datasetName="other"))
    assert problem is not None and problem.startswith("datasetName cannot change here")
    status = whole_item_problem(item(), item(status=GroundTruthStatus.approved.value))
    assert status is not None and status.endswith("put back status")
    unknown = whole_item_problem(item(), item(seedNote="changed", synthQuestion="How?"))
    assert unknown is not None and unknown.endswith("put back seedNote, synthQuestion")
    removed = item()
    del removed.__pydantic_extra__["seedNote"]
    assert whole_item_problem(item(), removed).endswith("put back seedNote")
