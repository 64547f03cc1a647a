"""The item screen's draft of references and turns, and the reference URL check."""

from __future__ import annotations

import pytest

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.content_edits import reference_changes, url_problem
from gt_tui.services.item_draft import ItemDraft


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://docs.example.com/a", None),
        ("http://x.org", None),
        ("  https://padded.example.com  ", None),
        ("", "URL is empty"),
        ("   ", "URL is empty"),
        ("docs.example.com/a", "URL needs a scheme, such as https://"),
        ("https://", "URL has no host"),
        ("https:///path-only", "URL has no host"),
        ("https://a b.com", "URL contains spaces"),
        ("mailto:someone@example.com", None),  # well-formed; the gate refuses non-http(s)
        ("https://[::1", "URL is not well-formed (Invalid IPv6 URL)"),
    ],
)
def test_url_problem(url, problem):
    assert url_problem(url) == problem


def conversation() -> GroundTruthItem:
    return GroundTruthItem(
        id="c",
        dataset_name="d",
        synth_question="q",
        refs=[Reference(url="https://item.example.com")],
        history=[
            HistoryTurn(role="user", msg="u1"),
            HistoryTurn(role="assistant", msg="a1", refs=[Reference(url="https://a1.example.com")]),
            HistoryTurn(role="user", msg="u2"),
            HistoryTurn(role="assistant", msg="a2", refs=[Reference(url="https://a2.example.com")]),
        ],
    )


def test_the_draft_never_changes_the_loaded_item():
    item = conversation()
    before = item.model_dump()
    draft = ItemDraft.of(item)
    draft.toggle_bonus(draft.rows()[0])
    draft.add(3, Reference(url="https://new.example.com"))
    draft.set_message(0, "changed")
    draft.delete_turn(1)
    assert item.model_dump() == before


def test_rows_list_item_references_then_each_turns():
    draft = ItemDraft.of(conversation())
    assert [(r.place, r.index) for r in draft.rows()] == [(None, 0), (1, 0), (3, 0)]
    assert draft.default_place() == 3  # the last assistant turn


def test_bring_back_restores_the_last_removed_where_it_was():
    draft = ItemDraft.of(conversation())
    rows = draft.rows()
    draft.remove(rows[1])  # turn 2's reference
    draft.remove(rows[0])  # the item's
    assert draft.restore_last().place is None
    back = draft.restore_last()
    assert (back.place, back.index) == (1, 0)
    assert draft.restore_last() is None


def test_bring_back_follows_turns_moved_by_an_insert_and_skips_deleted_turns():
    draft = ItemDraft.of(conversation())
    rows = draft.rows()
    draft.remove(rows[2])  # turn 4's reference
    draft.remove(rows[1])  # turn 2's reference
    draft.insert_turn(0, "assistant", "inserted")  # turn 4 is now index 4, turn 2 index 2
    draft.delete_turn(2)  # the old turn 2: its removed reference cannot come back
    back = draft.restore_last()
    assert (back.place, back.ref.url) == (3, "https://a2.example.com")
    assert draft.history[3].msg == "a2"


def test_duplicate_url_on_the_same_turn_warns_and_elsewhere_does_not():
    draft = ItemDraft.of(conversation())
    assert "turn 2" in draft.duplicate_warning(1, " https://a1.example.com ")
    assert draft.duplicate_warning(3, "https://a1.example.com") is None
    assert draft.duplicate_warning(1, "https://a1.example.com", editing=0) is None


def test_expected_behaviours_keep_unknown_values_once():
    draft = ItemDraft.of(conversation())
    draft.set_expected(1, ["tool:search", "custom:thing", "tool:search", ""])
    assert draft.history[1].expected_behavior == ["tool:search", "custom:thing"]


def test_reference_changes_in_words():
    a, b, c = (Reference(url=f"https://{n}.example.com") for n in "abc")
    bonus_b = b.model_copy(update={"bonus": True})
    assert reference_changes([a, b], [bonus_b, c]) == "1 added, 1 removed, 1 changed"
    assert reference_changes([a], [a]) == ""
