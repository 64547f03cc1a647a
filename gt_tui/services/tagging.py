"""Manual tags against the vocabulary, and the global tag registry kept current.

The registry holds every tag in use: it is seeded from the vocabulary and every write path
adds the written item's tags. Recording is best effort after the item is stored: a registry
that cannot be written is logged, never a lost item write.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from gt_tui.domain.errors import BackendUnavailableError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.services.computed_tags import is_computed
from gt_tui.services.tag_vocabulary import (
    TagPolicy,
    TagVocabulary,
    default_vocabulary,
    normalize_tags,
)

log = logging.getLogger(__name__)


class TagPolicyError(GroundTruthError):
    """Manual tags break the vocabulary and GT_TAG_POLICY=reject: nothing was written."""


class TagService:
    def __init__(
        self,
        repo: GroundTruthRepo,
        vocabulary: TagVocabulary | None = None,
        policy: TagPolicy = "warn",
    ) -> None:
        self._repo = repo
        self.vocabulary = vocabulary or default_vocabulary()
        self.policy: TagPolicy = policy
        self._known: set[str] = set()
        self._primed = False

    def problems(self, manual_tags: Iterable[str]) -> list[str]:
        """Problems of manual tags as a curator typed them (computed groups are dropped)."""
        tags = [t for t in normalize_tags(manual_tags) if not is_computed(t)]
        return self.vocabulary.problems(tags)

    def check(self, item: GroundTruthItem) -> None:
        """Raise TagPolicyError under `reject` when the item's manual tags have problems."""
        if self.policy != "reject":
            return
        problems = self.problems(item.manual_tags)
        if problems:
            raise TagPolicyError(
                f"item {item.dataset_name}/{item.id}: manualTags: {'; '.join(problems)}"
            )

    async def registry(self) -> list[str]:
        """Every tag in use plus the vocabulary (seeding the registry on first use)."""
        stored = await self._repo.tag_registry()
        missing = set(self.vocabulary.all_tags()) - set(stored)
        if missing:
            stored = await self._repo.add_to_tag_registry(missing)
        self._known.update(stored)
        self._primed = True
        return stored

    async def record(self, tags: Iterable[str]) -> None:
        """Add tags not yet known to the registry; one write only when something is new."""
        new = set(tags) - self._known
        if not new:
            return
        try:
            if not self._primed:  # one read per process: then only truly new tags write
                self._known.update(await self._repo.tag_registry())
                self._primed = True
                new = (new | set(self.vocabulary.all_tags())) - self._known
                if not new:
                    return
            self._known.update(await self._repo.add_to_tag_registry(new))
        except (GroundTruthError, BackendUnavailableError) as exc:
            # Not retried on every write: one warning, and these tags count as seen.
            log.warning("tag registry not updated: %s", exc)
            self._known.update(new)
            self._primed = True
