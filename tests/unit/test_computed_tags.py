"""The computed-tag rule table, one rule at a time, at the edges the seed system uses."""

from __future__ import annotations

import pytest

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.computed_tags import COMPUTED_TAG_RULES, compute_tags
from gt_tui.services.derivations import GroundTruthDerivationsService


def derived(**fields) -> GroundTruthItem:
    fields.setdefault("synth_question", "q")
    item = GroundTruthItem(id="i", dataset_name="contoso-docs", **fields)
    return GroundTruthDerivationsService().apply_derived_fields(item)


def group(item: GroundTruthItem, name: str) -> list[str]:
    return [t.partition(":")[2] for t in item.computed_tags if t.partition(":")[0] == name]


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


def turns(n: int) -> list[HistoryTurn]:
    return [HistoryTurn(role="user" if i % 2 == 0 else "assistant", msg="m") for i in range(n)]


def test_dataset_tag_names_the_dataset():
    assert group(derived(), "dataset") == ["contoso-docs"]


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "singleturn"), (1, "singleturn"), (2, "singleturn"), (3, "multiturn")],
)
def test_turns_multiturn_only_above_two_history_turns(count, expected):
    assert group(derived(history=turns(count)), "turns") == [expected]


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "short"), (10, "short"), (11, "medium"), (30, "medium"), (31, "long")],
)
def test_question_length_by_words_of_the_synthetic_question(n, expected):
    assert group(derived(synth_question=words(n)), "question_length") == [expected]


def test_question_length_uses_the_edited_question_when_there_is_one():
    item = derived(synth_question=words(5), edited_question=words(40))
    assert group(item, "question_length") == ["long"]


@pytest.mark.parametrize(
    ("refs", "expected"),
    [(0, "no_refs"), (1, "single"), (2, "two_refs"), (3, "rich"), (5, "rich")],
)
def test_retrieval_behavior_by_total_references(refs, expected):
    item = derived(refs=[Reference(url=f"https://x/{i}") for i in range(refs)])
    assert item.total_references == refs
    assert group(item, "retrieval_behavior") == [expected]


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        ([], []),
        (["https://contoso.com/HELP/sync"], ["helpcenter"]),
        (["https://kb.contoso.com/cs1234"], ["article"]),
        (["https://kb.contoso.com/CS"], []),
        (["https://a/help/x", "https://b/CS42"], ["article", "helpcenter"]),
        (["https://contoso.com/helpful"], ["helpcenter"]),
    ],
)
def test_reference_type_from_reference_urls(urls, expected):
    item = derived(refs=[Reference(url=u) for u in urls])
    assert group(item, "reference_type") == expected


def test_reference_type_counts_history_turn_references():
    history = [
        HistoryTurn(role="user", msg="q"),
        HistoryTurn(role="assistant", msg="a", refs=[Reference(url="https://x/help/1")]),
    ]
    assert group(derived(history=history), "reference_type") == ["helpcenter"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("no_answer", ["no_answer"]), ("  NO_Answer \n", ["no_answer"]), ("no answer", []),
     ("no_answer.", []), (None, [])],
)  # fmt: skip
def test_answer_no_answer_ignoring_case_and_spaces(answer, expected):
    assert group(derived(answer=answer), "answer") == expected


def test_every_rule_is_in_the_table_once_and_computed_tags_are_sorted():
    groups = [rule.group for rule in COMPUTED_TAG_RULES]
    assert len(groups) == len(set(groups))
    item = derived(refs=[Reference(url="https://a/help")])
    assert item.computed_tags == sorted(item.computed_tags) == compute_tags(item)


def test_manual_tags_normalized_and_those_in_computed_groups_dropped():
    item = derived(manual_tags=[" Topic:Install ", "topic:install", "turns:multiturn", "", "x:y"])
    assert item.manual_tags == ["topic:install", "x:y"]
    assert "turns:singleturn" in item.computed_tags
