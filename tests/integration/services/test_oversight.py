"""OversightService on every backend: list, release (racing a save), reassign."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from gt_tui.domain.errors import ConcurrencyError, InvalidUserIdError, NotFoundError
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.services.curation import CurationService
from gt_tui.services.oversight import OversightService, parse_duration
from tests.integration.services.helpers import FIXED_NOW, fixed_clock, make_item, seed

OLD = FIXED_NOW - timedelta(days=10)
RECENT = FIXED_NOW - timedelta(hours=1)


async def seed_holdings(repo: Any):
    return await seed(
        repo,
        [
            make_item("a-old", assigned_to="ann", assigned_at=OLD),
            make_item("a-new", assigned_to="ann", assigned_at=RECENT),
            make_item("b-old", assigned_to="bob", assigned_at=OLD),
            make_item("free"),
            make_item(
                "a-done", status=GroundTruthStatus.approved, assigned_to="ann", assigned_at=OLD
            ),
        ],
    )


async def test_list_shows_assigned_drafts_oldest_first(repo):
    await seed_holdings(repo)
    oversight = OversightService(repo, clock=fixed_clock)
    everyone = await oversight.held_drafts()
    assert [(i.assigned_to, i.id) for i in everyone] == [
        ("ann", "a-old"),
        ("bob", "b-old"),
        ("ann", "a-new"),
    ]
    assert [i.id for i in await oversight.held_drafts("ann")] == ["a-old", "a-new"]
    stale = await oversight.held_drafts("ann", older_than=timedelta(days=7))
    assert [i.id for i in stale] == ["a-old"]


async def test_release_returns_only_the_holders_matching_drafts(repo):
    await seed_holdings(repo)
    oversight = OversightService(repo, clock=fixed_clock)
    report = await oversight.release("lead", "ann", older_than=timedelta(days=7))
    assert [i.id for i in report.released] == ["a-old"]
    assert report.conflicts == []
    released = await repo.get("ds", "a-old")
    assert released.assigned_to is None and released.assigned_at is None
    assert released.status == GroundTruthStatus.draft
    assert released.updated_by == "lead"
    assert released.updated_at == FIXED_NOW
    assert (await repo.get("ds", "a-new")).assigned_to == "ann"
    assert (await repo.get("ds", "b-old")).assigned_to == "bob"


async def test_dry_run_writes_nothing(repo):
    stored = await seed_holdings(repo)
    report = await OversightService(repo, clock=fixed_clock).release("lead", "ann", dry_run=True)
    assert sorted(i.id for i in report.released) == ["a-new", "a-old"]
    for item in stored:
        assert await repo.get("ds", item.id) == item


class SaveFirstRepo:
    """Lets the holder save an item just before the release's write of it lands."""

    def __init__(self, inner: Any, item_id: str, save) -> None:
        self.inner = inner
        self.item_id = item_id
        self.save = save

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def upsert(self, item, *, note=None):
        if item.id == self.item_id and self.save is not None:
            save, self.save = self.save, None
            await save()
        return await self.inner.upsert(item, note=note)


async def test_a_release_racing_the_holders_save_leaves_the_save_in_place(repo):
    await seed_holdings(repo)
    curation = CurationService(repo, clock=fixed_clock)

    async def holder_saves():
        mine = await repo.get("ds", "a-old")
        mine.answer = "my careful answer"
        await curation.save("ann", mine)

    racing = SaveFirstRepo(repo, "a-old", holder_saves)
    report = await OversightService(racing, clock=fixed_clock).release("lead", "ann")
    assert [i.id for i in report.released] == ["a-new"]
    assert len(report.conflicts) == 1
    conflict = report.conflicts[0]
    assert conflict.item_id == "a-old"
    assert "ann saved it" in conflict.reason and "held by ann" in conflict.reason
    kept = await repo.get("ds", "a-old")
    assert kept.answer == "my careful answer"
    assert kept.assigned_to == "ann"
    assert kept.updated_by == "ann"


async def test_reassign_gives_the_item_to_the_new_holder(repo):
    await seed_holdings(repo)
    moved = await OversightService(repo, clock=fixed_clock).reassign("lead", "ds", "b-old", "cy")
    assert moved.assigned_to == "cy"
    assert moved.assigned_at == FIXED_NOW
    assert moved.updated_by == "lead"
    assert await repo.get("ds", "b-old") == moved


async def test_reassign_racing_a_save_is_refused_and_the_save_kept(repo):
    await seed_holdings(repo)
    curation = CurationService(repo, clock=fixed_clock)

    async def holder_saves():
        mine = await repo.get("ds", "b-old")
        mine.comment = "almost done"
        await curation.save("bob", mine)

    racing = SaveFirstRepo(repo, "b-old", holder_saves)
    with pytest.raises(ConcurrencyError, match="bob saved it"):
        await OversightService(racing, clock=fixed_clock).reassign("lead", "ds", "b-old", "cy")
    kept = await repo.get("ds", "b-old")
    assert kept.assigned_to == "bob" and kept.comment == "almost done"


async def test_reassign_of_a_missing_item(repo):
    with pytest.raises(NotFoundError):
        await OversightService(repo).reassign("lead", "ds", "nope", "cy")


async def test_bad_user_ids_are_refused_before_any_read(repo):
    oversight = OversightService(repo)
    with pytest.raises(InvalidUserIdError):
        await oversight.reassign("lead", "ds", "nope", "bad user")
    with pytest.raises(InvalidUserIdError):
        await oversight.release("lead", "bad user")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), ("1d12h", timedelta(hours=36))],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "7", "d", "7x", "-1d"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)
