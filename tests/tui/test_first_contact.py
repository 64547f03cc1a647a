"""What a new curator met first in the TUI (issue 28), each as a Pilot test."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.dialogs.confirm import ConfirmScreen
from gt_tui.tui.item.content_lists import ReferenceList
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.queue.screen import QueueScreen
from tests.tui.fixtures import (
    NOW,
    SIZE,
    USER,
    fixture_items,
    make_app,
    make_services,
    notices,
    open_first,
    seed,
    settle,
    type_into,
)


async def make(assigned: int = 4):
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items(assigned))
    return repo, make_app(make_services(repo))


async def tab_to_references(pilot) -> None:
    for _ in range(12):
        if isinstance(pilot.app.screen.focused, ReferenceList):
            return
        await pilot.press("tab")
    raise AssertionError("tab never reached the references list")


async def test_escape_in_a_list_leaves_the_list_and_enter_never_discards():
    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        await type_into(pilot, "#comment", "my unsaved note")
        await tab_to_references(pilot)

        await pilot.press("escape")  # leaves the list, not the item
        await settle(pilot)
        assert app.screen is screen and not isinstance(screen.focused, ReferenceList)

        await pilot.press("escape")  # now Back: asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # habit: enter keeps the edits
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#comment", Input).value == "my unsaved note"

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discarding takes a deliberate y
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


LONG_ID = "docs-approve-on-import-104-0f8fad5b-d9cb-469f-a165"


def row_text(table, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_queue_and_explorer_show_whole_ids_and_the_manual_tags():
    repo = InMemoryGroundTruthRepo()
    items = fixture_items(assigned=2)
    items[0].id = LONG_ID
    await seed(repo, items)
    app = make_app(make_services(repo))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#queue-table")
        rows = [row_text(table, i) for i in range(table.row_count)]
        (long_row,) = [row for row in rows if LONG_ID in row]
        assert long_row[3] == "setup"  # manual tags, not dataset:/len: computed ones
        region = table.columns[table.ordered_columns[0].key]
        assert region.width >= len(LONG_ID)

        await pilot.press("e")
        await settle(pilot)
        explorer = app.screen.query_one("#explorer-table")
        ids = [row_text(explorer, i)[0] for i in range(explorer.row_count)]
        assert LONG_ID in ids
        assert explorer.ordered_columns[0].width >= len(LONG_ID)
        tags = [row_text(explorer, i)[-1] for i in range(explorer.row_count)]
        assert "billing, invoice" in tags and not any("dataset:" in t for t in tags)


async def test_sorting_the_explorer_by_a_field_shows_it_as_a_column():
    _repo, app = await make()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        explorer = app.screen
        table = explorer.query_one("#explorer-table")
        assert [str(c.label) for c in table.ordered_columns][:5] == [
            "id",
            "dataset",
            "status",
            "assigned",
            "question",
        ]
        explorer.query_one("#filter-sort").value = "tag_count:desc"
        await settle(pilot)
        labels = [str(c.label) for c in table.ordered_columns]
        assert labels[4] == "tag count"
        values = [int(str(table.get_row_at(i)[4])) for i in range(table.row_count)]
        assert values == sorted(values, reverse=True) and values[0] == 3 and values[-1] == 2


async def test_at_80x24_the_footer_keeps_quit_and_help_and_progress_bars_do_not_wrap():
    from textual.widgets._footer import FooterKey

    from tests.tui.datasets_fixtures import decisions_this_week

    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items() + decisions_this_week())
    app = make_app(make_services(repo))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [key.key for key in app.screen.query(FooterKey)]
        assert "q" in keys and "question_mark" in keys, keys
        await pilot.press("p")
        await settle(pilot)
        for row in app.screen.query(".dataset-row"):
            assert row.size.height == 2, str(row.render())  # the bar line and the legend
            assert row.size.width <= 80


async def test_help_opens_on_the_section_where_it_was_pressed():
    from gt_tui.tui.dialogs.help import HelpScreen

    _repo, app = await make()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_first(pilot)
        await tab_to_references(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        (section,) = [s for s in app.screen.query(".help-section") if s.name == "Reference list"]
        assert box.scroll_y > 0 and section.region.y == box.content_region.y  # on top
        await pilot.press("escape")
        await settle(pilot)

        screen.set_focus(None)
        await pilot.press("question_mark")
        await settle(pilot)
        (section,) = [s for s in app.screen.query(".help-section") if s.name == "Item"]
        assert section.region.y == app.screen.query_one("#help-box").content_region.y


async def test_o_without_a_browser_says_nothing_opened_offers_a_copy_and_records_nothing():
    _repo, app = await make(assigned=4)
    app.open_url = lambda url, **kw: False  # type: ignore[method-assign]  # SSH, tmux
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        await tab_to_references(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Nothing was opened" in str(app.screen.query_one(".dialog-body").render())
        await pilot.press("y")
        await settle(pilot)
        url = screen.draft.refs[0].url
        assert copied == [url]
        assert screen.draft.refs[0].visited_at is None and not screen.is_dirty()
        assert not any(m.startswith("Opened") for m in notices(app))
        assert any("No visit recorded" in m for m in notices(app))


def test_a_browser_opens_only_where_it_can_show():
    from gt_tui.tui.start.browser import graphical_session

    assert graphical_session({"DISPLAY": ":0"}, "linux")
    assert graphical_session({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not graphical_session({}, "linux")  # a console, or tmux on a server
    assert not graphical_session({"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, "darwin")
    assert graphical_session({}, "darwin") and graphical_session({}, "win32")


async def test_saving_an_approved_items_content_asks_and_records_who_changed_it():
    repo, app = await make()
    before = await repo.get("support-faq", "q-008")
    assert before.status == GroundTruthStatus.approved and before.reviewed_at < NOW
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await type_into(pilot, "#filter-id", "q-008")
        await pilot.press("enter")  # in the id box: apply
        await settle(pilot)
        await pilot.press("enter")  # open the row
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and app.screen.base.id == "q-008"
        await type_into(pilot, "#comment", " checked the numbers")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "is approved" in body and "updatedBy" in body
        await pilot.press("y")
        await settle(pilot)
    stored = await repo.get("support-faq", "q-008")
    assert stored.status == GroundTruthStatus.approved
    assert stored.comment.endswith("checked the numbers")
    assert (stored.updated_by, stored.reviewed_at) == (USER, NOW)


def type_in_one_burst(app, text: str) -> None:
    """Every key of `text` sent before a frame can show (a paste, a scripted terminal)."""
    from textual import events

    names = {"+": "plus", ":": "colon", "/": "slash", ".": "full_stop", "-": "minus"}
    for character in text:
        app.post_message(events.Key(names.get(character, character), character))


async def test_keys_typed_faster_than_a_frame_reach_the_form_and_the_tag_picker():
    from gt_tui.tui.item.reference_form import ReferenceFormScreen
    from gt_tui.tui.item.tag_picker import TagPickerScreen

    _repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        answer_before = screen.query_one("#answer", TextArea).text
        type_in_one_burst(app, "+https://kb.example.org/refunds")
        await settle(pilot)
        assert isinstance(app.screen, ReferenceFormScreen)
        assert app.screen.query_one("#ref-url", Input).value == "https://kb.example.org/refunds"
        await pilot.press("escape")
        await settle(pilot)

        type_in_one_burst(app, "tbill")
        await settle(pilot)
        assert isinstance(app.screen, TagPickerScreen) and app.screen.filter == "bill"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#answer", TextArea).text == answer_before  # nothing landed there


async def test_after_a_decision_from_a_list_u_undoes_it_as_the_notice_says():
    repo, app = await make()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        decided = screen.base.id
        await tab_to_references(pilot)
        await pilot.press("s")  # skip, from the references list
        await settle(pilot)
        assert screen.base.id != decided
        assert any(m.endswith("· u undo") for m in notices(app))
        assert not isinstance(screen.focused, ReferenceList)
        await pilot.press("u")
        await settle(pilot)
        assert screen.base.id == decided  # the decision was undone and the item reopened
        assert (await repo.get(screen.base.dataset_name, decided)).status == "draft"


async def test_a_conversation_reads_at_a_glance():
    from textual.widgets.data_table import ColumnKey

    from gt_tui.tui.item.content_lists import TurnList

    repo = InMemoryGroundTruthRepo()
    items = fixture_items()
    long_answer = "Open Billing, then choose Switch to yearly; " * 12
    items[2].history[3].msg = long_answer
    await seed(repo, items)
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        for index in range(4):
            screen = await open_first(pilot, index)
            if screen.base.id == "q-002":
                break
            await pilot.press("escape")
            await settle(pilot)
        turns = screen.query_one(TurnList)
        message = turns.columns[ColumnKey("message")]
        assert message.width * TurnList.ROW_HEIGHT > 40  # well over 30 characters per turn
        turns.focus()
        await settle(pilot)
        turns.move_cursor(row=3)
        await settle(pilot)
        preview = screen.query_one("#context-preview")
        assert long_answer.strip() in str(preview.render()).replace("\n", " ")
        assert preview.size.height > 9  # the whole turn, not the first lines
