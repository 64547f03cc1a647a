"""Rephrase duplicates: a new draft copy of an item for a reworded question.

The copy keeps the content (synthetic question, answer, references, turns, manual tags and
every field gt-tui does not own; references lose visitedAt: nobody opened them for the
copy), gets a new id derived from the original (`<id>-r1`, the
next free number), the tag `rephrase:<original id>`, and starts as the caller's draft with
an empty edited question and no review fields.
"""

from __future__ import annotations

import random

from gt_tui.domain.errors import AlreadyExistsError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, Reference
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock, system_clock
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.tagging import TagService
from gt_tui.services.validation import validate_user_id

REPHRASE_GROUP = "rephrase"
MAX_REPHRASES = 999
"""Copies per original: `<id>-r1` .. `<id>-r999`."""


def rephrase_id(original_id: str, n: int) -> str:
    return f"{original_id}-r{n}"


def rephrase_tag(original_id: str) -> str:
    return f"{REPHRASE_GROUP}:{original_id}"


def _unvisited(ref: Reference) -> Reference:
    """The reference without visitedAt (left out, not null): nobody opened it for the
    copy, so GT_REQUIRE_REFERENCE_VISIT asks again. Every other field is kept."""
    doc = ref.model_dump(mode="json", by_alias=True, exclude_unset=True)
    doc.pop("visitedAt", None)
    return Reference.model_validate(doc)


class RephraseService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        clock: Clock | None = None,
        tags: TagService | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._repo = repo
        self._clock = clock or system_clock
        self._tags = tags
        self._rng = rng or random.Random()
        self._derive = GroundTruthDerivationsService()

    async def duplicate(self, user_id: str, original: GroundTruthItem) -> GroundTruthItem:
        """Create the copy under the next free id and return the stored copy.

        Each number is tried with a create, which never overwrites (a write without etag
        of an existing id is refused): two curators copying the same item at once get
        different ids, and no point read of a missing id is needed.
        """
        validate_user_id(user_id)
        for n in range(1, MAX_REPHRASES + 1):
            candidate = rephrase_id(original.id, n)
            try:
                copy = self.copy_of(user_id, original, candidate)
                note = WriteNote(op="rephrase", by=user_id, at=copy.updated_at)
                stored = await self._repo.upsert(copy, note=note)
            except AlreadyExistsError:
                continue  # taken: try the next number
            if self._tags is not None:
                await self._tags.record(stored.tags)
            return stored
        raise AlreadyExistsError(
            f"item {original.dataset_name}/{original.id} already has {MAX_REPHRASES} rephrases"
        )

    def copy_of(self, user_id: str, original: GroundTruthItem, new_id: str) -> GroundTruthItem:
        now = self._clock()
        copy = original.model_copy(deep=True)
        copy.id = new_id
        copy.etag = None
        copy.status = GroundTruthStatus.draft
        copy.edited_question = None
        copy.comment = None
        copy.reviewed_at = None
        copy.assigned_to = user_id
        copy.assigned_at = now
        copy.updated_by = user_id
        copy.updated_at = now
        copy.sample_key = self._rng.random()
        if any(ref.visited_at for ref in copy.refs):  # untouched lists stay as stored
            copy.refs = [_unvisited(ref) for ref in copy.refs]
        for turn in copy.history or ():
            if any(ref.visited_at for ref in turn.refs):
                turn.refs = [_unvisited(ref) for ref in turn.refs]
        tag = rephrase_tag(original.id)
        others = [t for t in copy.manual_tags if not t.startswith(f"{REPHRASE_GROUP}:")]
        copy.manual_tags = [*others, tag]
        return self._derive.apply_derived_fields(copy)
