"""The deterministic demo data set: 60 RAG items over 3 datasets, built relative to `now`,
plus the agentic items of gt_tui/demo/agentic.py (seeded beside them).

Same `now` and `user_id` give equal items (ids, sample keys, timestamps): snapshot tests
and the demo both depend on that, so the only randomness is a local seeded Random.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from gt_tui.demo import content_docs, content_policy, content_support
from gt_tui.demo.agentic import AGENTIC_DATASET, AGENTIC_INSTRUCTIONS, build_agentic_items
from gt_tui.demo.instructions import DEMO_INSTRUCTIONS
from gt_tui.demo.spec import ItemSpec, RefSpec
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, HistoryTurn, Reference
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.validation import validate_item_key, validate_user_id

SEED = 20_240_611
PIPELINE_USER = "synth-pipeline"
OTHER_CURATORS = ("alice", "bob", "carol")

# dataset name, id prefix, references, item specs
DATASETS: tuple[tuple[str, str, dict[str, RefSpec], list[ItemSpec]], ...] = (
    ("support-faq", "sf", content_support.REFS, content_support.ITEMS),
    ("product-docs", "pd", content_docs.REFS, content_docs.ITEMS),
    ("policy-qa", "pq", content_policy.REFS, content_policy.ITEMS),
)
DATASET_NAMES = tuple(name for name, *_ in DATASETS)

# Positions (0-based, within each dataset) of items that are no longer drafts.
APPROVED_AT = frozenset({2, 7, 8, 15})
SKIPPED_AT = frozenset({11, 16})
DELETED_AT = frozenset({13})

# Drafts already in the current user's queue, oldest assignment first.
USER_QUEUE = ("sf-001", "sf-002", "pd-001", "pd-005", "sf-020")
# Drafts held by other curators: index into the two chosen other curators.
OTHERS_QUEUE = {"pd-002": 0, "pq-004": 0, "pq-001": 1}

MARKUP_ITEM_ID = "sf-020"
"""Its question holds Textual markup '[@click=app.quit]x[/]' that must render literally."""
ESCAPE_ITEM_ID = "pd-020"
"""Its question holds the escape sequence '\\x1b[2J' that must never reach the terminal."""


def other_curators(user_id: str) -> tuple[str, str]:
    """Two curator ids other than the user ('alice' and 'bob' unless the user is one)."""
    first, second = [name for name in OTHER_CURATORS if name != user_id][:2]
    return first, second


def _reference(spec: RefSpec, message_index: int | None = None) -> Reference:
    return Reference(
        url=spec.url,
        title=spec.title,
        key_excerpt=spec.excerpt,
        content=spec.content,
        type="web",
        message_index=message_index,
    )


def _status(position: int) -> GroundTruthStatus:
    if position in APPROVED_AT:
        return GroundTruthStatus.approved
    if position in SKIPPED_AT:
        return GroundTruthStatus.skipped
    if position in DELETED_AT:
        return GroundTruthStatus.deleted
    return GroundTruthStatus.draft


def _base_item(
    dataset: str, item_id: str, refs: dict[str, RefSpec], spec: ItemSpec
) -> GroundTruthItem:
    history = None
    if spec.history:
        history = [
            HistoryTurn(
                role=turn.role,  # type: ignore[arg-type]  # "user" | "assistant" by construction
                msg=turn.msg,
                refs=[_reference(refs[key], message_index=index) for key in turn.refs],
                expected_behavior=turn.expected,
            )
            for index, turn in enumerate(spec.history)
        ]
    return GroundTruthItem(
        id=item_id,
        dataset_name=dataset,
        synth_question=spec.question,
        edited_question=spec.edited,
        answer=spec.answer,
        refs=[_reference(refs[key]) for key in spec.refs],
        history=history,
        manual_tags=[f"topic:{word}" for word in spec.tags],
        comment=spec.comment,
        updated_at=datetime(2000, 1, 1, tzinfo=UTC),  # replaced below
        sample_key=0.0,  # replaced below
    )


def build_demo_items(now: datetime, user_id: str) -> list[GroundTruthItem]:
    """About 60 realistic items; 5 drafts assigned to `user_id`, 3 to other curators."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    validate_user_id(user_id)
    now = now.astimezone(UTC)
    rng = random.Random(SEED)
    derive = GroundTruthDerivationsService()
    others = other_curators(user_id)
    items: list[GroundTruthItem] = []
    for dataset, prefix, refs, specs in DATASETS:
        for position, spec in enumerate(specs):
            item_id = f"{prefix}-{position + 1:03d}"
            item = _base_item(dataset, item_id, refs, spec)
            item.sample_key = rng.random()
            item.status = _status(position)
            age = timedelta(days=rng.randint(2, 20), minutes=rng.randint(0, 1439))
            item.updated_at = now - age
            item.updated_by = PIPELINE_USER
            if item.status != GroundTruthStatus.draft:
                item.updated_at = now - timedelta(hours=rng.randint(1, 72))
                item.updated_by = OTHER_CURATORS[position % len(OTHER_CURATORS)]
            if item.status == GroundTruthStatus.approved:
                item.reviewed_at = item.updated_at
            if item.status == GroundTruthStatus.skipped and not item.comment:
                item.comment = "Skipped: the reference does not cover the whole answer."
            if item_id in USER_QUEUE:
                rank = USER_QUEUE.index(item_id)
                item.assigned_to = user_id
                item.assigned_at = now - timedelta(minutes=15 * (len(USER_QUEUE) - rank))
            elif item_id in OTHERS_QUEUE:
                item.assigned_to = others[OTHERS_QUEUE[item_id]]
                item.assigned_at = now - timedelta(hours=1 + len(items) % 3)
            derive.apply_derived_fields(item)  # computed tags from the rules, as on any write
            items.append(item)
    return items


def demo_items(now: datetime, user_id: str) -> list[GroundTruthItem]:
    """Every item the demo seeds, RAG and agentic, with its derived fields (validated
    once, when built)."""
    derive = GroundTruthDerivationsService()
    agentic = [derive.apply_derived_fields(item) for item in build_agentic_items(now, user_id)]
    items = [*build_demo_items(now, user_id), *agentic]
    for item in items:
        validate_item_key(item.dataset_name, item.id)
    return items


def _import_note(item: GroundTruthItem) -> WriteNote:
    """Each seeded item's revision: an import at the time the item says it was written."""
    return WriteNote(op="import", at=item.updated_at)


def _demo_instructions(now: datetime) -> list[CurationInstructions]:
    return [
        CurationInstructions.for_dataset(
            dataset_name, text, updated_by=PIPELINE_USER, updated_at=now - timedelta(days=3)
        )
        for dataset_name, text in {
            **DEMO_INSTRUCTIONS,
            AGENTIC_DATASET: AGENTIC_INSTRUCTIONS,
        }.items()
    ]


async def seed_demo(repo: GroundTruthRepo, user_id: str, now: datetime) -> int:
    """Upsert the demo items and each dataset's curation instructions (replacing earlier
    copies) and return how many items were written."""
    items = demo_items(now, user_id)
    for item in items:
        existing = await repo.get(item.dataset_name, item.id)
        item.etag = existing.etag if existing else None
        await repo.upsert(item, note=_import_note(item))
    for doc in _demo_instructions(now):
        current = await repo.get_instructions(doc.dataset_name)
        doc.etag = current.etag if current else None
        await repo.put_instructions(doc)
    return len(items)


async def seed_new_demo_store(repo: InMemoryGroundTruthRepo, user_id: str, now: datetime) -> int:
    """What `seed_demo` writes, into a memory store that holds none of it yet, in one
    bulk insert of the items as built (no copy per item): how `gt-tui demo` starts."""
    items = demo_items(now, user_id)
    await repo.insert_new(items, [_import_note(item) for item in items])
    for doc in _demo_instructions(now):
        await repo.put_instructions(doc)
    return len(items)


async def new_demo_store(user_id: str, now: datetime) -> InMemoryGroundTruthRepo:
    """A memory store holding the demo (seed_new_demo_store), for `gt-tui demo`."""
    store = InMemoryGroundTruthRepo()
    await seed_new_demo_store(store, user_id, now)
    return store
