"""Keep-mine merge of references and turns, as a table of base / mine / theirs cases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gt_tui.domain.models import HistoryTurn, Reference
from gt_tui.services.content_merge import merge_references, merge_turns

SEEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def ref(n: int, **changes) -> Reference:
    return Reference(**{"url": f"https://ex.com/{n}", "title": f"t{n}", **changes})


def urls(refs):
    return [(r.url.rsplit("/", 1)[1], r.title, r.bonus, r.visited_at is not None) for r in refs]


REF_CASES = [
    # (case, base, mine, theirs, expected urls/titles/bonus/visited, conflict count)
    ("nobody changed", [ref(1)], [ref(1)], [ref(1)], [("1", "t1", False, False)], 0),
    (
        "both add different references: both kept",
        [ref(1)],
        [ref(1), ref(2)],
        [ref(1), ref(3)],
        [("1", "t1", False, False), ("2", "t2", False, False), ("3", "t3", False, False)],
        0,
    ),
    ("both add the same reference once", [], [ref(2)], [ref(2)], [("2", "t2", False, False)], 0),
    (
        "I remove, they leave it",
        [ref(1), ref(2)],
        [ref(2)],
        [ref(1), ref(2)],
        [("2", "t2", False, False)],
        0,
    ),
    (
        "they remove, I leave it",
        [ref(1), ref(2)],
        [ref(1), ref(2)],
        [ref(2)],
        [("2", "t2", False, False)],
        0,
    ),
    (
        "I mark bonus, they retitle: both survive",
        [ref(1)],
        [ref(1, bonus=True)],
        [ref(1, title="new")],
        [("1", "new", True, False)],
        0,
    ),
    (
        "I visit, they add another",
        [ref(1)],
        [ref(1, visited_at=SEEN)],
        [ref(1), ref(4)],
        [("1", "t1", False, True), ("4", "t4", False, False)],
        0,
    ),
    (
        "both retitle differently: conflict, mine kept",
        [ref(1)],
        [ref(1, title="mine")],
        [ref(1, title="theirs")],
        [("1", "mine", False, False)],
        1,
    ),
    (
        "I remove, they change it: conflict, removed",
        [ref(1)],
        [],
        [ref(1, title="theirs")],
        [],
        1,
    ),
    (
        "same URL twice is two references",
        [ref(1), ref(1, title="again")],
        [ref(1), ref(1, title="again", bonus=True)],
        [ref(1), ref(1, title="again")],
        [("1", "t1", False, False), ("1", "again", True, False)],
        0,
    ),
]


@pytest.mark.parametrize(
    ("case", "base", "mine", "theirs", "expected", "conflicts"),
    REF_CASES,
    ids=[c[0] for c in REF_CASES],
)
def test_merge_references(case, base, mine, theirs, expected, conflicts):
    before = [r.model_copy(deep=True) for r in mine]
    merged, found = merge_references(base, mine, theirs)
    assert urls(merged) == expected
    assert len(found) == conflicts
    assert mine == before  # inputs are not mutated


def test_reference_merge_keeps_unknown_fields_of_both_sides():
    base = Reference(url="https://ex.com/1", title="t", theirField=1)
    mine = Reference(url="https://ex.com/1", title="t", theirField=1, bonus=True)
    theirs = Reference(url="https://ex.com/1", title="t", theirField=2)
    merged, found = merge_references([base], [mine], [theirs])
    assert found == []
    assert merged[0].bonus is True
    assert merged[0].extra_fields == {"theirField": 2}


def turn(role: str, msg: str, refs=()) -> HistoryTurn:
    return HistoryTurn(role=role, msg=msg, refs=list(refs))


BASE = [turn("user", "u1"), turn("assistant", "a1"), turn("user", "u2"), turn("assistant", "a2")]


def msgs(turns):
    return None if turns is None else [t.msg for t in turns]


def edit(turns, index, msg):
    copy = [t.model_copy(deep=True) for t in turns]
    copy[index].msg = msg
    return copy


TURN_CASES = [
    ("nobody changed", BASE, BASE, ["u1", "a1", "u2", "a2"], []),
    ("only I edit", edit(BASE, 1, "A1"), BASE, ["u1", "A1", "u2", "a2"], []),
    ("only they edit", BASE, edit(BASE, 3, "A2"), ["u1", "a1", "u2", "A2"], []),
    (
        "we edit different turns",
        edit(BASE, 1, "A1"),
        edit(BASE, 3, "A2"),
        ["u1", "A1", "u2", "A2"],
        [],
    ),
    (
        "we edit the same turn alike",
        edit(BASE, 1, "A1"),
        edit(BASE, 1, "A1"),
        ["u1", "A1", "u2", "a2"],
        [],
    ),
    (
        "we edit the same turn differently: conflict on that turn, both texts",
        edit(BASE, 1, "mine"),
        edit(BASE, 1, "theirs"),
        ["u1", "mine", "u2", "a2"],
        [("turn 2", "mine", "theirs")],
    ),
    (
        "I insert, they edit another turn",
        [*BASE[:2], turn("user", "new"), turn("assistant", "new answer"), *BASE[2:]],
        edit(BASE, 3, "A2"),
        ["u1", "a1", "new", "new answer", "u2", "A2"],
        [],
    ),
    ("I delete the last two, they edit the first", BASE[:2], edit(BASE, 0, "U1"), ["U1", "a1"], []),
    (
        "I delete a turn they edited: conflict, deleted",
        BASE[:2],
        edit(BASE, 3, "A2"),
        ["u1", "a1"],
        [("turn 3", "(deleted)", "A2")],
    ),
    (
        "both append different turns: both kept",
        [*BASE, turn("user", "mine?")],
        [*BASE, turn("user", "theirs?")],
        ["u1", "a1", "u2", "a2", "mine?", "theirs?"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("case", "mine", "theirs", "expected", "conflicts"),
    TURN_CASES,
    ids=[c[0] for c in TURN_CASES],
)
def test_merge_turns(case, mine, theirs, expected, conflicts):
    merged, found = merge_turns(BASE, mine, theirs)
    assert msgs(merged) == expected
    assert [(c.where, c.mine, c.theirs) for c in found] == conflicts


def test_turn_references_merge_inside_a_turn():
    base = [turn("user", "q"), turn("assistant", "a", [ref(1)])]
    mine = [turn("user", "q"), turn("assistant", "a", [ref(1), ref(2)])]
    theirs = [turn("user", "q"), turn("assistant", "a", [ref(1), ref(3)])]
    merged, found = merge_turns(base, mine, theirs)
    assert found == []
    assert [r.url[-1] for r in merged[1].refs] == ["1", "2", "3"]


def test_no_history_stays_none():
    assert merge_turns(None, None, None) == (None, [])
