"""ItemQuery.question_key on every backend: the indexed lookup behind duplicate warnings."""

from __future__ import annotations

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.questions import normalized_question, question_key
from gt_tui.repos.base import ItemQuery
from tests.contract.items import key, make_item


async def test_items_asking_the_same_normalized_question_are_found(repo):
    approved = GroundTruthStatus.approved
    await repo.upsert(make_item("a", synth_question="How do I reset my password?", status=approved))
    await repo.upsert(make_item("b", synth_question="  how do I RESET my   password "))
    await repo.upsert(
        make_item("c", synth_question="other", edited_question="How do I reset my password")
    )
    await repo.upsert(make_item("d", "other-ds", synth_question="How do I reset my password?"))
    await repo.upsert(make_item("e", synth_question="How do I reset my email?"))
    wanted = question_key("how do i reset my password?")

    page = await repo.query(ItemQuery(question_key=wanted, dataset_name="ds"))
    assert sorted(key(i) for i in page.items) == ["ds/a", "ds/b", "ds/c"]
    assert page.total == 3
    only_approved = await repo.query(
        ItemQuery(question_key=wanted, dataset_name="ds", status=approved)
    )
    assert [key(i) for i in only_approved.items] == ["ds/a"]
    everywhere = await repo.query(ItemQuery(question_key=wanted))
    assert sorted(key(i) for i in everywhere.items) == ["ds/a", "ds/b", "ds/c", "other-ds/d"]


async def test_the_key_follows_an_edit_of_the_question(repo):
    stored = await repo.upsert(make_item("a", synth_question="first question"))
    stored.edited_question = "second question"
    await repo.upsert(stored)
    assert (await repo.query(ItemQuery(question_key=question_key("first question")))).items == []
    found = await repo.query(ItemQuery(question_key=question_key("Second question?")))
    assert [i.id for i in found.items] == ["a"]


def test_normalization():
    assert normalized_question("  \uff28\uff4f\uff57  DO\tI?? ") == "how do i"
    assert question_key("") == question_key("?!") == ""
    assert question_key("a b") != question_key("ab")


async def test_several_keys_at_once_find_the_items_asking_any_of_them(repo):
    for item_id, question in (("a", "Reset password?"), ("b", "Change email"), ("c", "Other")):
        await repo.upsert(make_item(item_id, synth_question=question))
    await repo.upsert(make_item("d", "other-ds", synth_question="reset password"))
    wanted = (question_key("reset password"), question_key("change email"), question_key("none"))

    page = await repo.query(ItemQuery(question_keys=wanted, dataset_name="ds"))
    assert sorted(key(i) for i in page.items) == ["ds/a", "ds/b"]
    assert page.total == 2
    everywhere = await repo.query(ItemQuery(question_keys=wanted))
    assert sorted(key(i) for i in everywhere.items) == ["ds/a", "ds/b", "other-ds/d"]
