"""Settings -> repo -> services. Never raises because a backend is down."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gt_tui.config import Settings
from gt_tui.repos.base import GroundTruthRepo
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.reconnecting import ReconnectingRepo
from gt_tui.services.approval import ApprovalGate
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.browse import BrowseService
from gt_tui.services.clock import Clock
from gt_tui.services.curation import CurationService
from gt_tui.services.health import HealthService
from gt_tui.services.sampling import AssignmentSamplingService
from gt_tui.services.tag_vocabulary import default_vocabulary, load_vocabulary
from gt_tui.services.tagging import TagService

if TYPE_CHECKING:
    from gt_tui.services.content_checks import ContentCheckService
    from gt_tui.services.history import HistoryService
    from gt_tui.services.instructions import InstructionsService
    from gt_tui.services.progress import ProgressService
    from gt_tui.services.rephrase import RephraseService
    from gt_tui.services.review import ReviewService
    from gt_tui.services.undo import DecisionService


@dataclass
class Services:
    """The services over one repo. The ones no first screen needs (instructions, progress,
    rephrase, undo, content checks) are built, and their modules imported, on first use:
    start-up to the first frame does not pay for them (#11)."""

    repo: GroundTruthRepo
    assignments: AssignmentService
    curation: CurationService
    health: HealthService
    settings: Settings
    sampler: AssignmentSamplingService
    tags: TagService = field(default=None)  # type: ignore[assignment]
    """Vocabulary, GT_TAG_POLICY and the global tag registry."""
    clock: Clock | None = None
    """The clock the lazily built services get (None: the system clock)."""
    rng: random.Random | None = None
    """The random source rephrase ids get (None: a fresh one)."""
    browse: BrowseService = field(init=False)
    """Read-side queries for the TUI (pages, one item, counts) over the same repo."""

    def __post_init__(self) -> None:
        self.browse = BrowseService(self.repo)
        if self.tags is None:
            self.tags = TagService(self.repo, default_vocabulary(), self.settings.tag_policy)

    @functools.cached_property
    def instructions(self) -> InstructionsService:
        """Per-dataset curation instructions."""
        from gt_tui.services.instructions import InstructionsService

        return InstructionsService(self.repo, clock=self.clock)

    @functools.cached_property
    def progress(self) -> ProgressService:
        """The progress screen's numbers (bounded grouped counts)."""
        from gt_tui.services.progress import ProgressService

        return ProgressService(self.repo, clock=self.clock, review=self.review)

    @functools.cached_property
    def rephrase(self) -> RephraseService:
        """Rephrase duplicates of an item (oversight)."""
        from gt_tui.services.rephrase import RephraseService

        return RephraseService(self.repo, clock=self.clock, tags=self.tags, rng=self.rng)

    @functools.cached_property
    def review(self) -> ReviewService:
        """The review stage (GT_REVIEW=leads, GT_LEADS review): queue, accept, send back."""
        from gt_tui.services.review import ReviewService

        return ReviewService(
            self.repo,
            leads=self.settings.leads,
            enabled=self.settings.review == "leads",
            clock=self.clock,
        )

    @functools.cached_property
    def history(self) -> HistoryService:
        """Item history: revisions, the store as of an instant, diffs."""
        from gt_tui.services.history import HistoryService

        return HistoryService(self.repo)

    @functools.cached_property
    def decisions(self) -> DecisionService:
        """Approve / skip / delete with the undo stack (since the app started)."""
        from gt_tui.services.undo import DecisionService

        return DecisionService(self.curation)

    @functools.cached_property
    def content_checks(self) -> ContentCheckService:
        """Personal-data and duplicate-question warnings (GT_PII_DETECTION, ...)."""
        from gt_tui.services.content_checks import ContentCheckService

        return ContentCheckService(
            self.repo,
            pii=self.settings.pii_detection,
            duplicates=self.settings.duplicate_detection,
        )

    async def close(self) -> None:
        await self.repo.close()


async def open_repo(settings: Settings) -> GroundTruthRepo:
    """Open the configured backend, raising whatever stops it (bootstrap catches)."""
    if settings.backend == "memory":
        return InMemoryGroundTruthRepo()
    if settings.backend == "sqlite":
        from gt_tui.repos.sqlite import SqliteGroundTruthRepo

        repo = SqliteGroundTruthRepo(settings.sqlite_path)
        try:
            await repo.health()
        except BaseException:
            await repo.close()  # release its worker thread before a retry opens another
            raise
        return repo
    if settings.backend == "cosmos":
        from gt_tui.repos.cosmos_factory import open_cosmos_repo

        return await open_cosmos_repo(settings)
    raise ValueError(f"unknown backend {settings.backend!r}")


def services_for_repo(
    repo: GroundTruthRepo,
    settings: Settings,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
    backend_name: str | None = None,
) -> Services:
    """Wire services around an already-open repo (tests and the demo use this)."""
    sampler = AssignmentSamplingService(repo, weights=settings.sampling_weights, rng=rng)
    tags = TagService(repo, load_vocabulary(settings.tags_file), settings.tag_policy)
    return Services(
        repo=repo,
        assignments=AssignmentService(repo, sampler=sampler, clock=clock, leads=settings.leads),
        tags=tags,
        curation=CurationService(
            repo,
            clock=clock,
            tags=tags,
            gate=ApprovalGate(
                require_reference_visit=settings.require_reference_visit,
                min_key_excerpt=settings.min_key_excerpt,
            ),
            review_leads=frozenset(settings.leads) if settings.review == "leads" else None,
        ),
        health=HealthService(repo, backend=backend_name or settings.backend, clock=clock),
        settings=settings,
        sampler=sampler,
        clock=clock,
        rng=rng,
    )


async def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
) -> Services:
    """Open the backend once; if that fails, return degraded services that reconnect."""
    repo = ReconnectingRepo(lambda: open_repo(settings), settings.backend)
    if not await repo.connect_once():
        repo.start_reconnecting()
    return services_for_repo(repo, settings, clock=clock, rng=rng)
