"""A small deterministic data set and app factory for TUI tests (fixed clock, ids, rng)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from gt_tui.bootstrap import Services, services_for_repo
from gt_tui.config import Settings
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus, HistoryTurn, Reference
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.start.app import GtTuiApp

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
USER = "alice"
SIZE = (120, 36)
HOSTILE_QUESTION = "Why does [@click=app.quit]x[/] clear \x1b[2J the screen?"


def clock() -> datetime:
    return NOW


def _ref(n: int) -> Reference:
    return Reference(
        url=f"https://docs.example.com/page-{n}",
        title=f"Reference page {n}",
        key_excerpt=f"Key excerpt number {n} that supports the answer.",
        content="\n".join(f"Content line {i} of reference {n}." for i in range(1, 9)),
    )


def fixture_items(assigned: int = 4) -> list[GroundTruthItem]:
    """Ten items over two datasets; the first `assigned` are drafts in alice's queue."""
    items = []
    for n in range(10):
        dataset = "support-faq" if n % 2 == 0 else "billing-kb"
        item = GroundTruthItem(
            id=f"q-{n:03d}",
            dataset_name=dataset,
            synth_question=f"How do I configure feature {n} for my account?",
            answer=f"Open settings, choose feature {n}, and press save.",
            refs=[_ref(n), _ref(n + 100)] if n % 3 else [_ref(n)],
            manual_tags=["setup"] if n % 2 == 0 else ["billing", "invoice"],
            computed_tags=[f"len:{'short' if n < 5 else 'long'}"],
            updated_at=NOW - timedelta(days=2, minutes=n),
            updated_by="importer",
            sample_key=(n * 0.0937) % 1.0,
        )
        if n < assigned:
            item.assigned_to = USER
            item.assigned_at = NOW - timedelta(minutes=15 * (n + 1))
        if n == 1:
            item.synth_question = HOSTILE_QUESTION
        if n == 2:
            item.history = [
                HistoryTurn(role="user", msg="I want to change my plan."),
                HistoryTurn(role="assistant", msg="Which plan do you want?", refs=[_ref(7)]),
                HistoryTurn(role="user", msg="The yearly one; how do I switch?"),
                HistoryTurn(role="assistant", msg="Open Billing, then choose Switch to yearly."),
            ]
        if n == 8:
            item.status = GroundTruthStatus.approved
            item.reviewed_at = NOW - timedelta(hours=1)
            item.updated_by = USER
        if n == 9:
            item.assigned_to = "bob"
            item.assigned_at = NOW - timedelta(hours=3)
        items.append(item)
    return items


async def seed(repo: InMemoryGroundTruthRepo, items: list[GroundTruthItem]) -> None:
    for item in items:
        await repo.upsert(item)


def make_services(repo: InMemoryGroundTruthRepo, user: str = USER, **settings_kw) -> Services:
    settings = Settings(backend="memory", user_id=user, health_interval_s=3600, **settings_kw)
    return services_for_repo(repo, settings, clock=clock, rng=random.Random(1234))


def make_app(services: Services, **kwargs) -> GtTuiApp:
    """The app, recording every notice in `app.notified` (toasts expire after a few
    seconds, which a loaded machine can exceed before a test looks)."""
    app = GtTuiApp(services, clock=clock, **kwargs)
    app.notified = []
    notify = app.notify

    def recording_notify(message, *args, **kw):
        app.notified.append(str(message))
        return notify(message, *args, **kw)

    app.notify = recording_notify
    return app


def _waiting_on_a_dialog(app, worker) -> bool:
    """A screen's worker that awaits a dialog (push_screen_wait) is not busy: it waits for
    the test's next key."""
    node = worker.node
    return node is not app and node.screen is not app.screen


async def settle(pilot, limit: int = 2000) -> None:
    """Let workers finish (or reach a dialog) and the screen repaint (no sleeps)."""
    app = pilot.app
    await pilot.pause()
    for _ in range(limit):
        busy = [w for w in app.workers if not w.is_finished and not _waiting_on_a_dialog(app, w)]
        if not busy:
            break
        await pilot.pause()
    else:
        raise AssertionError(f"workers still busy: {busy}")
    await pilot.pause()


async def save_as_other_curator(
    repo: InMemoryGroundTruthRepo, item_id: str, *, by: str = "bob", **changes
) -> GroundTruthItem:
    """Another curator stores a change to an item the test has open (a new etag)."""
    theirs = await repo.get("billing-kb", item_id)
    for name, value in changes.items():
        setattr(theirs, name, value)
    theirs.updated_by = by
    return await repo.upsert(theirs)


def notices(app) -> list[str]:
    """Every notice the app was asked to show (make_app records them: kept even after a
    toast timed out on screen)."""
    return list(getattr(app, "notified", None) or [str(n.message) for n in app._notifications])


def keys_for(text: str) -> list[str]:
    """Pilot key names that type `text`."""
    named = {" ": "space", ".": "full_stop", ",": "comma", "!": "exclamation_mark"}
    return [named.get(ch, ch) for ch in text]


async def type_into(pilot, selector: str, text: str) -> None:
    """Focus the editor `selector` and type `text` at its end, as a curator would."""
    from textual.widgets import TextArea

    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, TextArea):
        widget.move_cursor(widget.document.end)
    else:
        widget.cursor_position = len(widget.value)
    await pilot.press(*keys_for(text))


async def open_first(pilot, index: int = 0) -> ItemDetailScreen:
    """From the queue, open the row `index` (0: the first) and wait for the item screen."""
    await settle(pilot)
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ItemDetailScreen)
    return pilot.app.screen


def pressing(*keys: str, open_row: int | None = None):
    """A snap_compare `run_before`: settle (or open the queue row `open_row` first), then
    press each key and settle after it, so a snapshot is one line of keys."""

    async def run_before(pilot) -> None:
        if open_row is None:
            await settle(pilot)
        else:
            await open_first(pilot, index=open_row)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before
