"""The demo data set is deterministic, realistic in shape, and valid."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from gt_tui.bootstrap import services_for_repo
from gt_tui.config import Settings
from gt_tui.demo import DATASET_NAMES, ESCAPE_ITEM_ID, MARKUP_ITEM_ID, build_demo_items, seed_demo
from gt_tui.demo.agentic import AGENTIC_DATASET, USER_AGENTIC_QUEUE
from gt_tui.domain.errors import InvalidUserIdError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.repos.base import ItemQuery
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.derivations import GroundTruthDerivationsService

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
USER = "dana"
MARKUP = "[@click=app.quit]x[/]"
ESCAPE = "\x1b[2J"


@pytest.fixture(scope="module")
def items() -> list[GroundTruthItem]:
    return build_demo_items(NOW, USER)


def test_two_builds_are_equal(items: list[GroundTruthItem]) -> None:
    again = build_demo_items(NOW, USER)
    assert [item.to_doc() for item in again] == [item.to_doc() for item in items]


def test_a_later_now_shifts_timestamps_but_keeps_ids_and_sample_keys(
    items: list[GroundTruthItem],
) -> None:
    later = build_demo_items(NOW + timedelta(days=3), USER)
    assert [(i.id, i.sample_key) for i in later] == [(i.id, i.sample_key) for i in items]
    assert [i.updated_at - timedelta(days=3) for i in later] == [i.updated_at for i in items]


def test_size_datasets_and_unique_ids(items: list[GroundTruthItem]) -> None:
    assert 55 <= len(items) <= 65
    per_dataset = Counter(item.dataset_name for item in items)
    assert set(per_dataset) == {"support-faq", "product-docs", "policy-qa"}
    assert min(per_dataset.values()) >= 15
    assert len({item.id for item in items}) == len(items)
    assert len({item.sample_key for item in items}) == len(items)
    assert all(0.0 <= item.sample_key < 1.0 for item in items)


def test_statuses_are_mostly_draft_with_some_of_each_other(items: list[GroundTruthItem]) -> None:
    statuses = Counter(item.status for item in items)
    assert statuses[GroundTruthStatus.draft] > len(items) / 2
    for status in (
        GroundTruthStatus.approved,
        GroundTruthStatus.skipped,
        GroundTruthStatus.deleted,
    ):
        assert statuses[status] >= 1, status
    for item in items:
        if item.status == GroundTruthStatus.approved:
            assert item.reviewed_at is not None and item.updated_by
        else:
            assert item.reviewed_at is None


def test_assignments(items: list[GroundTruthItem]) -> None:
    assigned = Counter(item.assigned_to for item in items if item.assigned_to)
    assert assigned == {USER: 5, "alice": 2, "bob": 1}
    for item in items:
        if item.assigned_to:
            assert item.status == GroundTruthStatus.draft
            assert item.assigned_at is not None and item.assigned_at <= NOW
        else:
            assert item.assigned_at is None


def test_other_curators_never_collide_with_the_user() -> None:
    assigned = Counter(i.assigned_to for i in build_demo_items(NOW, "alice") if i.assigned_to)
    assert assigned == {"alice": 5, "bob": 2, "carol": 1}


def test_multi_turn_histories_carry_per_turn_references(items: list[GroundTruthItem]) -> None:
    with_history = [item for item in items if item.history]
    assert len(with_history) >= 4
    for item in with_history:
        roles = [turn.role for turn in item.history or ()]
        assert roles[0] == "user" and "assistant" in roles
        turn_refs = [
            (index, ref) for index, turn in enumerate(item.history or ()) for ref in turn.refs
        ]
        assert turn_refs, item.id
        assert all(ref.message_index == index for index, ref in turn_refs)
        assert any(turn.expected_behavior for turn in item.history or ())
        expected = "turns:multiturn" if len(item.history or ()) > 2 else "turns:singleturn"
        assert expected in item.computed_tags  # the rules' tags, not hand-set ones


def test_demo_computed_tags_are_the_rules(items: list[GroundTruthItem]) -> None:
    from gt_tui.services.computed_tags import compute_tags

    assert all(item.computed_tags == compute_tags(item) for item in items)


def test_references_and_tags_look_real(items: list[GroundTruthItem]) -> None:
    refs = [ref for item in items for ref in item.refs]
    assert refs and all(ref.title and ref.key_excerpt for ref in refs)
    assert all(ref.url.startswith("https://") for ref in refs)
    long_contents = {ref.url for ref in refs if ref.content and ref.content.count("\n\n") >= 2}
    assert len(long_contents) >= 5
    assert all(item.manual_tags and item.computed_tags for item in items)
    assert not any(set(item.manual_tags) & set(item.computed_tags) for item in items)
    assert sum(1 for item in items if item.comment) >= 3
    assert sum(1 for item in items if item.edited_question) >= 3
    assert all(item.answer for item in items)


def test_total_references_are_derived(items: list[GroundTruthItem]) -> None:
    derive = GroundTruthDerivationsService()
    assert all(item.total_references == derive.total_references(item) for item in items)
    assert any(item.total_references >= 2 for item in items)


def test_timestamps_are_in_the_past(items: list[GroundTruthItem]) -> None:
    assert all(item.updated_at <= NOW for item in items)
    assert all(item.updated_at.tzinfo is not None for item in items)


def test_hostile_strings_are_present_literally(items: list[GroundTruthItem]) -> None:
    by_id = {item.id: item for item in items}
    assert MARKUP in by_id[MARKUP_ITEM_ID].question
    assert ESCAPE in by_id[ESCAPE_ITEM_ID].question
    assert by_id[MARKUP_ITEM_ID].assigned_to == USER
    assert sum(MARKUP in item.question for item in items) == 1
    assert sum(ESCAPE in item.question for item in items) == 1


def test_every_item_validates_and_round_trips_through_json(items: list[GroundTruthItem]) -> None:
    for item in items:
        doc = json.loads(json.dumps(item.to_doc()))
        assert GroundTruthItem.from_doc(doc) == item


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        build_demo_items(datetime(2026, 1, 1), USER)


def test_an_invalid_user_id_is_refused() -> None:
    with pytest.raises(InvalidUserIdError):
        build_demo_items(NOW, "no spaces allowed")


async def test_seed_demo_upserts_everything_and_can_run_twice() -> None:
    repo = InMemoryGroundTruthRepo()
    assert await seed_demo(repo, USER, NOW) == 66
    assert await seed_demo(repo, USER, NOW) == 66
    page = await repo.query(ItemQuery(limit=1000))
    assert page.total == 66
    agentic = await repo.query(ItemQuery(shape="agentic", limit=1000))
    assert {item.dataset_name for item in agentic.items} == {AGENTIC_DATASET}
    assert agentic.total == 6
    services = services_for_repo(repo, Settings(backend="memory", user_id=USER))
    queue = await services.assignments.my_assignments(USER)
    mine = ["sf-001", "sf-002", "pd-001", "pd-005", MARKUP_ITEM_ID, *USER_AGENTIC_QUEUE]
    assert [item.id for item in queue] == mine
    for dataset_name in [
        *DATASET_NAMES,
        AGENTIC_DATASET,
    ]:  # `i` on any demo item shows its dataset's guide
        doc = await repo.get_instructions(dataset_name)
        assert doc is not None and doc.instructions.startswith("# "), dataset_name


async def test_the_bulk_seed_stores_what_the_upserting_seed_stores() -> None:
    """`gt-tui demo` fills its fresh store in one bulk insert: the same items, revisions,
    instructions and index answers as seed_demo's upserts (only the etags differ)."""
    from gt_tui.demo.dataset import seed_new_demo_store
    from gt_tui.domain.revisions import RevisionQuery

    upserted, bulk = InMemoryGroundTruthRepo(), InMemoryGroundTruthRepo()
    assert await seed_demo(upserted, USER, NOW) == await seed_new_demo_store(bulk, USER, NOW)

    def docs(page) -> list[dict]:
        return [{**item.to_doc(), "_etag": None} for item in page.items]

    for query in (
        ItemQuery(limit=1000),
        ItemQuery(assigned_to=USER, limit=1000),
        ItemQuery(status=GroundTruthStatus.draft, unassigned=True, limit=20),
        ItemQuery(changed_since=NOW - timedelta(days=1), limit=1000),
    ):
        assert docs(await bulk.query(query)) == docs(await upserted.query(query)), query

    def revisions(found) -> list[dict]:
        return [r.model_dump(exclude={"etag"}) for r in found]

    everything = RevisionQuery()
    assert revisions(await bulk.revisions(everything)) == revisions(
        await upserted.revisions(everything)
    )
    for dataset_name in [*DATASET_NAMES, AGENTIC_DATASET]:
        mine = await bulk.get_instructions(dataset_name)
        theirs = await upserted.get_instructions(dataset_name)
        assert mine is not None and theirs is not None
        assert mine.model_dump(exclude={"etag"}) == theirs.model_dump(exclude={"etag"})


def test_every_demo_tag_and_peer_tag_is_in_the_demo_vocabulary(
    items: list[GroundTruthItem],
) -> None:
    """A first look at the demo shows no tag complaints: its tags are group:value tags of
    the vocabulary `gt-tui demo` loads, which keeps the seed system's groups as they are."""
    from gt_tui.demo import DEMO_TAGS_FILE
    from gt_tui.demo.peers import PEER_TAGS
    from gt_tui.services.tag_vocabulary import default_vocabulary, load_vocabulary

    vocabulary = load_vocabulary(DEMO_TAGS_FILE)
    assert all(vocabulary.problems(item.manual_tags) == [] for item in items)
    assert vocabulary.problems(PEER_TAGS) == []
    seed_groups = {group.name: group for group in default_vocabulary().groups}
    for group in vocabulary.groups:
        if group.name in seed_groups:
            assert set(seed_groups[group.name].values) <= set(group.values)


def test_agentic_demo_items_show_subagents_parallel_calls_and_long_responses() -> None:
    from gt_tui.demo.agentic import build_agentic_items
    from gt_tui.services.approval import ApprovalGate

    items = build_agentic_items(NOW, USER)
    assert items == build_agentic_items(NOW, USER)
    calls = [call for item in items for call in item.tool_calls]
    subagents = {call.id for call in calls if call.call_type == "subagent"}
    assert subagents and any(call.parent_call_id in subagents for call in calls)
    assert any(call.parallel_group for call in calls)
    longest = max(len(str(call.response)) for call in calls)
    assert longest > 1000
    for item in items:
        assert item.is_agentic and item.to_doc()["comment"] == ""
        if item.status == GroundTruthStatus.approved:
            assert ApprovalGate().problems(item) == []
