"""A new curator's first minutes: empty SQLite store, `n`, then `enter` opens an item."""

from __future__ import annotations

from textual.widgets import DataTable

from gt_tui.domain.models import GroundTruthItem
from gt_tui.repos.sqlite import SqliteGroundTruthRepo
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.queue.screen import QueueScreen
from tests.tui.fixtures import SIZE, make_app, make_services, seed, settle


def unassigned_items(count: int) -> list[GroundTruthItem]:
    return [
        GroundTruthItem(
            id=f"new-{n}",
            dataset_name="support-faq",
            synth_question=f"Question number {n}?",
            answer=f"Answer {n}.",
        )
        for n in range(count)
    ]


def assert_table_ready(screen) -> None:
    table = screen.query_one("#queue-table", DataTable)
    assert table.has_focus
    assert table.row_count > 0
    assert 0 <= table.cursor_row < table.row_count


async def test_n_then_enter_opens_an_item_on_an_empty_sqlite_store(tmp_path):
    repo = SqliteGroundTruthRepo(tmp_path / "gt.db")
    await seed(repo, unassigned_items(5))
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        assert queue.query_one("#queue-empty").display
        await pilot.press("n")
        await settle(pilot)
        assert_table_ready(queue)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is queue
        assert_table_ready(queue)
        await pilot.press("r")
        await settle(pilot)
        assert_table_ready(queue)
        await pilot.press("slash", "n", "e", "w", "enter")
        await settle(pilot)
        assert_table_ready(queue)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
    await repo.close()
