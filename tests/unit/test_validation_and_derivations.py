"""validate_user_id and GroundTruthDerivationsService: pure functions."""

from __future__ import annotations

import pytest

from gt_tui.domain.errors import InvalidUserIdError
from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.assignment import validate_user_id
from gt_tui.services.derivations import GroundTruthDerivationsService


@pytest.mark.parametrize("user_id", ["a", "alice", "a.b-c_d@example.org", "X9", "x" * 128])
def test_valid_user_ids_come_back_unchanged(user_id):
    assert validate_user_id(user_id) == user_id


@pytest.mark.parametrize(
    "user_id",
    ["", " ", "a b", "x" * 129, "a\nb", "é", "a/b", "a'b", 'a"b', "a;b", "%", "a*", "\x00"],
)
def test_invalid_user_ids_are_refused_with_a_reason(user_id):
    with pytest.raises(InvalidUserIdError, match="user id"):
        validate_user_id(user_id)


@pytest.mark.parametrize("user_id", [None, 7, b"alice", ["alice"]])
def test_non_strings_are_refused(user_id):
    with pytest.raises(InvalidUserIdError, match="must be a string"):
        validate_user_id(user_id)


def test_invalid_user_id_is_also_a_value_error():
    with pytest.raises(ValueError):
        validate_user_id("no spaces")


def refs(n):
    return [Reference(url=f"https://r/{i}") for i in range(n)]


@pytest.mark.parametrize(
    ("item_refs", "history", "expected"),
    [
        (0, None, 0),
        (3, None, 3),
        (3, [], 3),
        (3, [0, 0], 3),  # turns without refs: fall back to the item's refs
        (3, [1, 0, 2], 3),  # history refs (3) win
        (1, [2, 2], 4),
        (5, [1], 1),  # history refs count even when fewer than the item's
    ],
)
def test_total_references(item_refs, history, expected):
    item = GroundTruthItem(
        id="q",
        dataset_name="ds",
        synth_question="?",
        refs=refs(item_refs),
        history=None
        if history is None
        else [HistoryTurn(role="user", msg="m", refs=refs(n)) for n in history],
        total_references=99,
    )
    derive = GroundTruthDerivationsService()
    assert derive.total_references(item) == expected
    assert derive.apply_derived_fields(item) is item
    assert item.total_references == expected
