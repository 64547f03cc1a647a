"""Explorer: find by id prefix, reference URL part and history phrase; sort picker;
dataset picker with counts; filters and position kept; restore of a deleted item."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Select

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.queries import SortField
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.explorer.dataset_picker import DatasetPickerScreen
from gt_tui.tui.explorer.screen import ExplorerScreen
from tests.tui.fixtures import SIZE, fixture_items, make_app, make_services, seed, settle


async def _app(items=None):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, items if items is not None else fixture_items())
    return repo, make_app(make_services(repo))


def ids(screen) -> list[str]:
    return [item.id for item in screen.rows]


async def _filter(pilot, screen, widget_id: str, value: str) -> None:
    screen.query_one(widget_id, Input).value = value
    screen.apply_filters()
    await settle(pilot)


async def test_find_by_id_prefix_url_part_and_a_phrase_only_in_history():
    _repo, app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        await _filter(pilot, screen, "#filter-id", "q-00")
        assert len(ids(screen)) == 10
        await _filter(pilot, screen, "#filter-id", "q-007")
        assert ids(screen) == ["q-007"]
        await _filter(pilot, screen, "#filter-id", "")
        await _filter(pilot, screen, "#filter-url", "docs.example.com/page-10")  # 100..109
        assert ids(screen) == ["q-001", "q-002", "q-004", "q-005", "q-007", "q-008"]
        await _filter(pilot, screen, "#filter-url", "")
        await _filter(pilot, screen, "#filter-text", "switch to yearly")  # only in a turn
        assert ids(screen) == ["q-002"]


async def test_sort_picker_offers_every_field_both_ways_and_sorts():
    _repo, app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        sort = screen.query_one("#filter-sort", Select)
        values = [value for _label, value in sort._options if isinstance(value, str)]
        assert values == [f"{field.value}:{way}" for field in SortField for way in ("asc", "desc")]
        sort.value = "id:desc"
        await settle(pilot)
        assert ids(screen)[:3] == ["q-009", "q-008", "q-007"]
        sort.value = "updated_at:asc"  # q-009 is the oldest change
        await settle(pilot)
        assert ids(screen)[0] == "q-009"


async def test_filters_and_position_are_kept_when_leaving_and_coming_back():
    _repo, app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#filter-sort", Select).value = "id:desc"
        await _filter(pilot, screen, "#filter-dataset", "support-faq")
        await pilot.press("down", "down")
        await pilot.press("escape")  # back to the queue
        await settle(pilot)
        assert not isinstance(app.screen, ExplorerScreen)
        await pilot.press("e")
        await settle(pilot)
        again = app.screen
        assert again is not screen
        assert again.query_one("#filter-dataset", Input).value == "support-faq"
        assert again.query_one("#filter-sort", Select).value == "id:desc"
        assert ids(again) == ["q-008", "q-006", "q-004", "q-002", "q-000"]
        assert again.query_one("#explorer-table", DataTable).cursor_row == 2
        assert again.highlighted().id == "q-004"


async def test_position_beyond_the_first_page_is_loaded_back():
    _repo, app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=3))
        await settle(pilot)
        for _ in range(7):
            await pilot.press("down")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await app.push_screen(ExplorerScreen(page_size=3))
        await settle(pilot)
        assert app.screen.highlighted().id == "q-007"


async def test_dataset_picker_lists_datasets_with_counts_and_filters():
    _repo, app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        explorer = app.screen
        await pilot.press("D")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, DatasetPickerScreen)
        assert picker.datasets == [("billing-kb", 5), ("support-faq", 5)]
        options = picker.query_one(OptionList)
        assert "all datasets" in str(options.get_option_at_index(0).prompt)
        assert "10" in str(options.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen is explorer
        assert explorer.query_one("#filter-dataset", Input).value == "billing-kb"
        assert ids(explorer) == ["q-001", "q-003", "q-005", "q-007", "q-009"]


async def test_restore_a_deleted_item_after_a_confirmation():
    items = fixture_items()
    items[5].status = GroundTruthStatus.deleted
    repo, app = await _app(items)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#filter-status", Select).value = "deleted"
        await settle(pilot)
        assert ids(screen) == ["q-005"]
        await pilot.press("b", "n")  # asked, and cancelled: nothing written
        await settle(pilot)
        assert (await repo.get("billing-kb", "q-005")).status == GroundTruthStatus.deleted
        await pilot.press("b", "y")
        await settle(pilot)
        stored = await repo.get("billing-kb", "q-005")
        assert stored.status == GroundTruthStatus.draft and stored.updated_by == "alice"
        assert screen.rows[0].status == GroundTruthStatus.draft
        await pilot.press("b")  # a draft is not restored again
        await settle(pilot)
        assert app.screen is screen
