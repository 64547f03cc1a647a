"""Per-dataset curation instructions: read them, and write them only over what was read.

A write names the etag it was based on (None: there were none). If the stored document
changed since (another lead saved), the write is refused with who changed it and when,
unless `force`, which writes over whatever is there. Unknown fields of a seed document
are kept on replace.
"""

from __future__ import annotations

from gt_tui.domain.errors import AlreadyExistsError, ConcurrencyError, GroundTruthError
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.domain.models import format_utc
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.validation import validate_user_id

MAX_INSTRUCTIONS_CHARS = 200_000
"""Longest instructions accepted (a Cosmos document holds 2 MB; this stays well below)."""


class InstructionsTooLongError(GroundTruthError, ValueError):
    """Instructions over MAX_INSTRUCTIONS_CHARS."""


class InstructionsChangedError(ConcurrencyError):
    """The instructions changed since the etag the write was based on."""


def _changed_message(
    dataset_name: str, current: CurationInstructions | None, etag: str | None
) -> str:
    where = f"curation instructions of {dataset_name!r}"
    if current is None:
        return f"{where} were deleted since they were read"
    by = f" by {current.updated_by}" if current.updated_by else ""
    now = f"etag {current.etag}, updated{by} at {format_utc(current.updated_at)}"
    if etag is None:
        return (
            f"{where} exist already ({now}): pass their etag (`gt-tui instructions get "
            f"{dataset_name} --json` shows it) or write with --force"
        )
    return f"{where} changed since they were read ({now}): read them again, or write with --force"


class InstructionsService:
    def __init__(self, repo: GroundTruthRepo, clock: Clock | None = None) -> None:
        self._repo = repo
        self._clock = clock or system_clock

    async def get(self, dataset_name: str) -> CurationInstructions | None:
        return await self._repo.get_instructions(dataset_name)

    async def put(
        self,
        user_id: str,
        dataset_name: str,
        text: str,
        *,
        etag: str | None = None,
        force: bool = False,
    ) -> CurationInstructions:
        """Write `text` as the dataset's instructions; InstructionsChangedError when they
        are not what `etag` says (None: that there were none), unless `force`."""
        validate_user_id(user_id)
        if len(text) > MAX_INSTRUCTIONS_CHARS:
            raise InstructionsTooLongError(
                f"curation instructions of {dataset_name!r} are {len(text)} characters; "
                f"at most {MAX_INSTRUCTIONS_CHARS} are accepted"
            )
        current = await self._repo.get_instructions(dataset_name)
        current_etag = current.etag if current else None
        if not force and current_etag != etag:
            raise InstructionsChangedError(_changed_message(dataset_name, current, etag))
        fields = {"instructions": text, "updated_by": user_id, "updated_at": self._clock()}
        if current is None:
            doc = CurationInstructions.for_dataset(dataset_name, **fields)
        else:
            doc = current.model_copy(deep=True, update=fields)
        try:
            return await self._repo.put_instructions(doc)
        except (AlreadyExistsError, ConcurrencyError) as exc:
            latest = await self._repo.get_instructions(dataset_name)
            raise InstructionsChangedError(_changed_message(dataset_name, latest, etag)) from exc
