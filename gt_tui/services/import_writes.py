"""The write half of an import: batched creates, then compare-and-set updates.

New items go to the repo in batches (`repos.batching.create_many`: one SQLite transaction
per batch, bounded concurrent creates on Cosmos), each still its own compare-and-set, so
a curator who creates or edits the same item meanwhile is never overwritten. Items that
exist are skipped, or with `update` rewritten under the stored etag when their content
differs. Every outcome is per item: one item the backend refuses fails alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from gt_tui.domain.errors import BackendUnavailableError, ConcurrencyError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos import batching
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.clock import Clock
from gt_tui.services.derivations import GroundTruthDerivationsService

Outcome = str | Exception
"""`imported`, `updated` or `skipped` (the summary counter to bump), or the error met."""


def _content(item: GroundTruthItem) -> dict[str, Any]:
    return item.model_dump(mode="json", exclude={"etag"})


class ImportWriter:
    def __init__(
        self,
        repo: GroundTruthRepo,
        derivations: GroundTruthDerivationsService,
        clock: Clock,
        user_id: str | None = None,
    ) -> None:
        self._repo = repo
        self._derivations = derivations
        self._clock = clock
        self._user_id = user_id
        """Who imports (the revisions' author); None: each item's updatedBy."""

    def _note(self) -> WriteNote:
        return WriteNote(op="import", by=self._user_id, at=self._clock())

    async def write(
        self, entries: Sequence[tuple[GroundTruthItem, frozenset[str]]], *, update: bool
    ) -> list[Outcome]:
        """One outcome per (item, fields the line set), in order. The items belong to the
        import alone, so they are derived in place."""
        items = []
        for item, _ in entries:
            incoming = self._derivations.apply_derived_fields(item)
            incoming.etag = None
            items.append(incoming)
        created = await self._create(items)
        outcomes: list[Outcome] = []
        existing: list[int] = []
        for index, result in enumerate(created):
            if result is None:
                outcomes.append("imported")
            elif isinstance(result, ConcurrencyError) and not update:
                outcomes.append("skipped")
            elif isinstance(result, ConcurrencyError):
                outcomes.append("skipped")
                existing.append(index)
            else:
                outcomes.append(result)
        updates = await asyncio.gather(
            *(self._update(items[i], entries[i][1], created[i]) for i in existing),
            return_exceptions=True,
        )
        for index, result in zip(existing, updates, strict=True):
            if isinstance(result, BaseException) and not isinstance(result, Exception):
                raise result
            outcomes[index] = result
        return outcomes

    async def _create(self, items: list[GroundTruthItem]) -> list[Exception | None]:
        """Per item None (created) or its error. When a whole batch fails for a reason
        other than the backend going away, the items are tried one by one, so the error
        lands on the item that caused it."""
        try:
            return await batching.create_many(self._repo, items, note=self._note())
        except BackendUnavailableError:
            raise
        except Exception as exc:  # noqa: BLE001 - the per-item retry below names the culprit
            if len(items) == 1:
                return [exc]
        results: list[Exception | None] = []
        for item in items:
            try:
                await self._repo.upsert(item, note=self._note())
            except BackendUnavailableError:
                raise
            except Exception as exc:  # noqa: BLE001 - reported on its line
                results.append(exc)
            else:
                results.append(None)
        return results

    async def _update(
        self, incoming: GroundTruthItem, fields_set: frozenset[str], conflict: Any
    ) -> Outcome:
        stored = getattr(conflict, "current", None) or await self._repo.get(
            incoming.dataset_name, incoming.id
        )
        if stored is None:
            raise ConcurrencyError("deleted by someone else during the import")
        # Fields the file leaves out keep their stored values for the comparison, so a
        # second run of the same file is a no-op (no new etag, no new updated_at).
        keep: dict[str, Any] = {"etag": stored.etag}
        if "sample_key" not in fields_set:
            keep["sample_key"] = stored.sample_key
        if "bucket" not in fields_set and stored.bucket is not None:
            keep["bucket"] = stored.bucket  # given by a hierarchical (GTC) container
        if "updated_at" not in fields_set:
            keep["updated_at"] = stored.updated_at
        candidate = incoming.model_copy(update=keep)
        if _content(candidate) == _content(stored):
            return "skipped"
        if "updated_at" not in fields_set:
            candidate.updated_at = self._clock()
        await self._repo.upsert(candidate, note=self._note())
        return "updated"
