"""The history pane (gt_tui/tui/history) on a host app: revisions newest first with who,
when and what; per-field differences, word by word for text; enter brings the checked
fields back as they were before the highlighted change."""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList

from gt_tui.tui.history import HistoryScreen
from gt_tui.tui.history.word_diff import ADDED, REMOVED, word_diff
from tests.tui.history_hosts import SIZE, HostApp, item_with_history


async def settle(pilot) -> None:
    for _ in range(20):
        await pilot.pause()
        if not [w for w in pilot.app.workers if not w.is_finished]:
            break
    await pilot.pause()


def host(history) -> HostApp:
    return HostApp(lambda: HistoryScreen(history, "support", "q-1"))


def test_word_diff_marks_only_the_words_that_changed():
    shown = word_diff("Open Settings and choose Reset.", "Open Account settings and choose Reset.")
    assert shown.plain == "Open Settings Account settings and choose Reset."
    styled = {shown.plain[span.start : span.end]: str(span.style) for span in shown.spans}
    assert styled == {"Settings ": REMOVED, "Account settings ": ADDED}
    last = word_diff("Reset password.", "Reset password [now].")
    assert last.plain == "Reset password. password [now]."


async def test_revisions_newest_first_and_enter_brings_back_the_old_answer():
    _repo, history = await item_with_history()
    app = host(history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = app.screen.query_one("#history-revisions", OptionList)
        texts = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert [t.split()[0] for t in texts] == ["#4", "#3", "#2", "#1"]
        assert "bob  approve" in texts[0] and "ann  save" in texts[2]
        await pilot.press("down")  # #3: bob reworded the answer
        await settle(pilot)
        fields = app.screen.query_one("#history-fields", OptionList)
        answer = str(fields.get_option_at_index(0).prompt)
        assert answer == (
            "[x] answer\nOpen Settings and Account settings, then choose Reset "
            "password. password [now]."
        )
        await pilot.press("enter")
        await settle(pilot)
    assert app.results == [{"answer": "Open Settings and choose Reset password."}]


async def test_space_leaves_a_field_out_and_decisions_never_come_back():
    _repo, history = await item_with_history()
    app = host(history)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # #2: ann's answer and comment
        await settle(pilot)
        assert app.screen.chosen() == {"answer": None, "comment": None}
        await pilot.press("tab")  # into the fields
        await pilot.press("space")  # answer off
        await settle(pilot)
        assert app.screen.chosen() == {"comment": None}
        await pilot.press("shift+tab", "up", "up")  # #4: the approval
        await settle(pilot)
        assert app.screen.chosen() == {}
        await pilot.press("enter")  # nothing to bring back: stays open
        await settle(pilot)
        assert app.results == [] and "nothing to bring back" in app.notified[-1]
        await pilot.press("escape")
        await settle(pilot)
    assert app.results == [None]


def test_history_pane_snapshot(snap_compare):
    _repo, history = asyncio.run(item_with_history())

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)

    assert snap_compare(host(history), terminal_size=SIZE, run_before=run_before)
