"""InstructionsService on every backend: writes only over what was read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gt_tui.domain import InvalidUserIdError
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.services.instructions import (
    MAX_INSTRUCTIONS_CHARS,
    InstructionsChangedError,
    InstructionsService,
    InstructionsTooLongError,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


async def test_put_then_replace_with_the_read_etag(repo):
    service = InstructionsService(repo, clock=lambda: NOW)
    first = await service.put("lead", "ds", "one")
    assert (first.updated_by, first.updated_at) == ("lead", NOW)
    second = await service.put("lead2", "ds", "two", etag=first.etag)
    assert (await service.get("ds")).instructions == "two"
    with pytest.raises(InstructionsChangedError, match="updated by lead2"):
        await service.put("lead", "ds", "three", etag=first.etag)
    forced = await service.put("lead", "ds", "three", force=True)
    assert forced.etag != second.etag
    assert (await service.get("ds")).instructions == "three"


async def test_replace_keeps_unknown_fields_of_a_seed_document(repo):
    seed = CurationInstructions.from_doc(
        {**CurationInstructions.for_dataset("ds", "seed").to_doc(), "gtcNote": "keep"}
    )
    stored = await repo.put_instructions(seed)
    service = InstructionsService(repo)
    await service.put("lead", "ds", "mine", etag=stored.etag)
    assert (await service.get("ds")).extra_fields == {"gtcNote": "keep"}


async def test_refusals_write_nothing(repo):
    service = InstructionsService(repo)
    with pytest.raises(InvalidUserIdError):
        await service.put("bad user", "ds", "x")
    with pytest.raises(InstructionsTooLongError, match="at most"):
        await service.put("lead", "ds", "x" * (MAX_INSTRUCTIONS_CHARS + 1))
    assert await service.get("ds") is None
