"""ItemDraft: what changed, applying it, the one merge per conflict, the journal's JSON."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.item_draft import ItemDraft


def item(**fields) -> GroundTruthItem:
    base = {
        "id": "x1",
        "dataset_name": "ds",
        "synth_question": "q?",
        "answer": "a",
        "refs": [Reference(url="https://a.example.com", title="A")],
        "history": [HistoryTurn(role="user", msg="hi"), HistoryTurn(role="assistant", msg="yo")],
    }
    return GroundTruthItem(**{**base, **fields})


def test_a_draft_of_an_item_has_no_changes_and_never_touches_the_item():
    stored = item()
    before = stored.model_dump()
    draft = ItemDraft.of(stored)
    assert not draft.dirty and draft.to_json() == {}
    draft.refs[0].title = "changed"
    draft.history[0].msg = "changed"
    draft.manual_tags.append("t")
    assert stored.model_dump() == before
    assert draft.changed_names() == ["manual_tags", "refs", "history"]


def test_apply_writes_only_what_changed_and_leaves_the_rest_unset():
    stored = item()  # comment never given
    draft = ItemDraft.of(stored)
    draft.answer = "new"
    draft.comment = ""  # typed, then erased: the same as nothing
    applied = draft.apply()
    assert applied.answer == "new" and stored.answer == "a"
    assert "comment" not in applied.model_fields_set  # not given: no new null written
    assert draft.change_labels() == ["answer"]


def test_the_merge_is_one_typed_result_the_dialog_shows_and_keep_mine_saves():
    stored = item(comment="c0")
    theirs = stored.model_copy(deep=True)
    theirs.comment = "their comment"
    theirs.refs = [*theirs.refs, Reference(url="https://theirs.example.com")]
    theirs.etag = '"theirs"'
    draft = ItemDraft.of(stored)
    draft.comment = "my comment"
    draft.add(None, Reference(url="https://mine.example.com"))
    result = draft.merge_onto(theirs)
    rows = {row.field.name: row for row in result.rows}
    assert set(rows) == {"refs", "comment"}
    assert rows["comment"].clash and rows["comment"].theirs == "their comment"
    assert rows["refs"].by_both and not rows["refs"].clash  # different references: both kept
    assert [r.url for r in result.merged.refs] == [
        "https://a.example.com",
        "https://mine.example.com",
        "https://theirs.example.com",
    ]
    assert result.merged.comment == "my comment" and result.merged.etag == '"theirs"'
    assert [row.field.name for row in result.clashes] == ["comment"]


def test_the_journal_round_trip_and_a_revisions_values_as_unsaved_edits():
    stored = item()
    draft = ItemDraft.of(stored)
    draft.answer = "typed"
    draft.delete_turn(1)
    back = ItemDraft.of(stored).with_json(draft.to_json())
    assert back.changed_names() == ["answer", "history"]
    assert [t.msg for t in back.history] == ["hi"]
    earlier = ItemDraft.of(stored).with_values({"answer": "from a revision", "unknown": 1})
    assert earlier.changed_names() == ["answer"] and earlier.base is stored


def test_an_agentic_items_tool_expectations_are_one_more_row_of_the_field_table():
    from gt_tui.domain.agentic import ExpectedTools

    stored = item()
    draft = ItemDraft.of(stored)
    assert draft.expected_tools is None and not draft.dirty
    draft.expected_tools = ExpectedTools.model_validate({"required": ["search"]})
    assert draft.change_labels() == ["expected tools"]
    assert draft.apply().expected_tools.required[0].name == "search"
    assert stored.expected_tools is None
    back = ItemDraft.of(stored).with_json(draft.to_json())
    assert back.expected_tools == draft.expected_tools
    theirs = stored.model_copy(update={"comment": "theirs", "etag": '"t"'})
    merged = draft.merge_onto(theirs).merged
    assert (merged.comment, merged.expected_tools.required[0].name) == ("theirs", "search")


def test_preview_reads_like_apply_but_shares_what_nobody_edited():
    from gt_tui.services.derivations import GroundTruthDerivationsService

    stored = item(manual_tags=["a"])
    before = stored.model_dump()
    draft = ItemDraft.of(stored)
    draft.refs.append(Reference(url="https://b.example.com"))
    draft.answer = ""
    derive = GroundTruthDerivationsService().apply_derived_fields
    shown, written = derive(draft.preview()), derive(draft.apply())
    assert shown.model_dump() == written.model_dump()
    assert shown.answer is None and shown.total_references == 2
    assert draft.preview().history is stored.history  # not copied for the screen
    assert written.history is not stored.history  # a write gets its own
    assert stored.model_dump() == before
