"""Small host apps for the standalone history and review screens (the item and queue
screens wire them in; these tests need neither), and a store with a known history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.app import App
from textual.screen import Screen

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.revisions import WriteNote
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.curation import CurationService
from gt_tui.services.history import HistoryService
from gt_tui.services.review import ReviewService
from gt_tui.tui.start.themes import load_themes

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SIZE = (120, 36)
LEAD = "lead"


class HostApp(App[None]):
    """Pushes one screen on mount and keeps what it is dismissed with in `results`."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []
        self.notified: list[str] = []

    def on_mount(self) -> None:
        for theme in load_themes():
            self.register_theme(theme)
        self.theme = "gt-dark"
        self.push_screen(self.make_screen(), self.results.append)

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.notified.append(str(message))
        super().notify(message, *args, **kwargs)


def note(op: str, by: str, minutes: int) -> WriteNote:
    return WriteNote(op=op, by=by, at=T0 + timedelta(minutes=minutes))


async def item_with_history() -> tuple[InMemoryGroundTruthRepo, HistoryService]:
    """support/q-1: imported, answered by ann, reworded by bob, approved by bob."""
    repo = InMemoryGroundTruthRepo()
    item = await repo.upsert(
        GroundTruthItem(
            id="q-1",
            dataset_name="support",
            synth_question="How do I reset my password?",
            comment=None,
        ),
        note=note("import", "loader", 0),
    )
    item = await repo.upsert(
        item.model_copy(
            update={"answer": "Open Settings and choose Reset password.", "comment": "from the FAQ"}
        ),
        note=note("save", "ann", 15),
    )
    item = await repo.upsert(
        item.model_copy(
            update={"answer": "Open Account settings, then choose Reset password [now]."}
        ),
        note=note("save", "bob", 42),
    )
    await repo.upsert(
        item.model_copy(
            update={"status": GroundTruthStatus.approved, "reviewed_at": T0 + timedelta(hours=2)}
        ),
        note=note("approve", "bob", 120),
    )
    return repo, HistoryService(repo)


class FixedClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now


async def pending_reviews() -> tuple[InMemoryGroundTruthRepo, ReviewService]:
    """Three approvals waiting for review (ann, bob, ann), the oldest first."""
    repo = InMemoryGroundTruthRepo()
    clock = FixedClock()
    curation = CurationService(repo, clock=clock, review_leads=frozenset({LEAD}))
    for n, curator in enumerate(("ann", "bob", "ann")):
        item = await repo.upsert(
            GroundTruthItem(
                id=f"r-{n}",
                dataset_name="support",
                synth_question=f"Question number {n} about [b]refunds[/b]?",
                answer="Refunds take five days.",
                assigned_to=curator,
            )
        )
        await curation.approve(curator, item)
    return repo, ReviewService(repo, leads=[LEAD], enabled=True, clock=clock)
