"""Tags on every backend: import under GT_TAG_POLICY, computed tags on every write, the
global tag registry, and recompute-tags dry run and apply."""

from __future__ import annotations

import pytest

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.importing import ImportService
from gt_tui.services.recompute_tags import RecomputeTagsService
from gt_tui.services.tag_vocabulary import default_vocabulary
from gt_tui.services.tagging import TagPolicyError, TagService
from tests.gtc_fixture import GTC_SAMPLE
from tests.integration.jsonl_helpers import doc, fixed_clock, jsonl, write
from tests.integration.services.helpers import make_item, seed

SEED_SAMPLE = GTC_SAMPLE


async def run_import(repo, path, policy):
    problems: list[str] = []
    summary = await ImportService(repo, clock=fixed_clock, tag_policy=policy).import_file(
        path, on_problem=lambda p: problems.append(p.format("data.jsonl"))
    )
    return summary, problems


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


async def test_seed_sample_imports_under_reject_with_current_computed_tags(repo):
    summary, problems = await run_import(repo, SEED_SAMPLE, "reject")

    assert (summary.imported, summary.invalid, problems) == (8, 0, [])
    item = await repo.get("contoso-faq", "faq-install-001")
    assert item.manual_tags == ["answerability:answerable", "source:sme", "topic:install"]
    assert item.computed_tags == [
        "dataset:contoso-faq",
        "question_length:short",
        "reference_type:helpcenter",
        "retrieval_behavior:two_refs",
        "turns:singleturn",
    ]
    registry = await repo.tag_registry()
    assert {"dataset:contoso-faq", "topic:install", "difficulty:easy"} <= set(registry)


async def test_two_values_of_an_exclusive_group_refused_under_reject(repo, tmp_path):
    path = write(
        tmp_path / "in.jsonl",
        jsonl(doc("ok", manualTags=["topic:install"]),
              doc("bad", manualTags=["difficulty:easy", "Difficulty:Hard"])),
    )  # fmt: skip

    summary, problems = await run_import(repo, path, "reject")

    assert (summary.imported, summary.invalid) == (1, 1)
    assert problems == [
        "data.jsonl:2: manualTags: difficulty:easy, difficulty:hard: "
        "group 'difficulty' allows only one value"
    ]
    assert [i.id for i in await repo.list("ds")] == ["ok"]


async def test_unknown_tags_are_warnings_under_warn_and_the_item_is_imported(repo, tmp_path):
    path = write(tmp_path / "in.jsonl", jsonl(doc("w", manualTags=[" Colour:Red "])))

    summary, problems = await run_import(repo, path, "warn")

    assert (summary.imported, summary.invalid, summary.ok) == (1, 0, True)
    assert problems == [
        "data.jsonl:1: manualTags: 'colour:red': unknown group 'colour'; "
        "imported anyway (GT_TAG_POLICY=warn)"
    ]
    assert (await repo.get("ds", "w")).manual_tags == ["colour:red"]


async def test_editing_the_question_from_5_to_40_words_changes_question_length(repo):
    (item,) = await seed(repo, [make_item("q", synth_question=words(5), assigned_to="me")])
    curation = CurationService(repo, clock=fixed_clock)
    first = await curation.save("me", item)
    assert "question_length:short" in first.computed_tags

    first.edited_question = words(40)
    saved = await curation.save("me", first)

    assert "question_length:long" in saved.computed_tags
    assert "question_length:short" not in saved.computed_tags
    assert (await repo.get("ds", "q")).computed_tags == saved.computed_tags


@pytest.mark.parametrize("action", ["approve", "skip", "delete", "restore"])
async def test_every_transition_writes_current_computed_tags(repo, action):
    (item,) = await seed(
        repo, [make_item("q", assigned_to="me", answer="a", manual_tags=["turns:multiturn"])]
    )
    assert item.computed_tags == []

    result = await getattr(CurationService(repo, clock=fixed_clock), action)("me", item)

    assert result.computed_tags == [
        "dataset:ds",
        "question_length:short",
        "retrieval_behavior:no_refs",
        "turns:singleturn",
    ]
    assert result.manual_tags == []  # collided with a computed group: the rule wins


async def test_claim_writes_current_computed_tags(repo):
    await seed(repo, [make_item("q")])
    claimed = await AssignmentService(repo, clock=fixed_clock).claim("me", "ds", "q")
    assert "dataset:ds" in claimed.computed_tags


async def test_save_under_reject_refuses_bad_manual_tags_and_writes_nothing(repo):
    (item,) = await seed(repo, [make_item("q", assigned_to="me")])
    tags = TagService(repo, default_vocabulary(), "reject")
    edited = item.model_copy(deep=True)
    edited.manual_tags = ["difficulty:easy", "difficulty:hard"]

    with pytest.raises(TagPolicyError, match="group 'difficulty' allows only one value"):
        await CurationService(repo, clock=fixed_clock, tags=tags).save("me", edited)
    assert (await repo.get("ds", "q")).etag == item.etag
    # skip is never gated
    skipped = await CurationService(repo, clock=fixed_clock, tags=tags).skip("me", edited)
    assert skipped.status == GroundTruthStatus.skipped


async def test_registry_is_seeded_from_the_vocabulary_and_grows_with_writes(repo):
    tags = TagService(repo)
    assert set(await tags.registry()) == set(default_vocabulary().all_tags())

    (item,) = await seed(repo, [make_item("q", assigned_to="me", manual_tags=["custom:x"])])
    await CurationService(repo, clock=fixed_clock, tags=tags).save("me", item)

    stored = await repo.tag_registry()
    assert {"custom:x", "dataset:ds", "topic:install"} <= set(stored)
    assert stored == sorted(stored)
    assert await repo.add_to_tag_registry(["custom:x"]) == stored  # a union, idempotent


async def test_recompute_dry_run_counts_and_apply_writes_then_nothing_is_left(repo):
    await seed(
        repo,
        [make_item("a", manual_tags=["Topic:Install"]), make_item("b"),
         make_item("c", dataset="other", status=GroundTruthStatus.approved)],
    )  # fmt: skip
    service = RecomputeTagsService(repo)
    before = {i.id: i.etag for i in await repo.list("ds")}

    dry = await service.recompute()
    assert (dry.scanned, dry.changed, dry.written) == (3, 3, 0)
    assert {i.id: i.etag for i in await repo.list("ds")} == before  # a dry run writes nothing
    only = await service.recompute(dataset="other", status=GroundTruthStatus.approved)
    assert (only.scanned, only.changed) == (1, 1)

    applied = await service.recompute(apply=True)
    assert (applied.changed, applied.written) == (3, 3)
    a = await repo.get("ds", "a")
    assert a.manual_tags == ["topic:install"] and "dataset:ds" in a.computed_tags
    again = await service.recompute(apply=True)
    assert (again.scanned, again.changed, again.written) == (3, 0, 0)


async def test_recompute_retries_when_someone_writes_meanwhile(repo):
    (item,) = await seed(repo, [make_item("a")])
    service = RecomputeTagsService(repo)
    from gt_tui.services.recompute_tags import RecomputeSummary

    other = item.model_copy(deep=True)
    other.comment = "someone else"
    await repo.upsert(other)  # `item` is now stale
    summary = RecomputeSummary(applied=True)
    await service._write(item, summary)

    assert (summary.written, summary.retried) == (1, 1)
    stored = await repo.get("ds", "a")
    assert stored.comment == "someone else" and "dataset:ds" in stored.computed_tags
