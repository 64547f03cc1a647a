"""ctrl+e: the focused text field goes to $EDITOR (a fake editor script) and comes back
as an unsaved edit; no field, a dropped edit and no terminal (serve) each say so."""

from __future__ import annotations

import contextlib
import sys

from textual.app import SuspendNotSupported
from textual.widgets import TextArea

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from tests.tui.fixtures import SIZE, fixture_items, make_app, make_services, notices, seed, settle


async def item_app():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    return make_app(make_services(repo))


def fake_editor(tmp_path, monkeypatch, reply: str | int) -> None:
    script = tmp_path / "editor.py"
    if isinstance(reply, int):
        script.write_text(f"import sys\nsys.exit({reply})\n")
    else:
        script.write_text(f"import sys\nopen(sys.argv[1], 'w').write({reply!r})\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")


def terminal_suspends(app, monkeypatch) -> None:
    """The headless test driver cannot suspend; a terminal can: stand in for it."""
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)


async def open_first_item_answer(pilot):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    answer = next(area for area in pilot.app.screen.query(TextArea) if "answer" in (area.id or ""))
    answer.focus()
    await settle(pilot)
    return answer


async def test_the_focused_field_comes_back_from_the_editor_as_an_edit(tmp_path, monkeypatch):
    fake_editor(tmp_path, monkeypatch, "An answer written in my own editor.\n")
    app = await item_app()
    async with app.run_test(size=SIZE) as pilot:
        answer = await open_first_item_answer(pilot)
        terminal_suspends(app, monkeypatch)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert answer.text == "An answer written in my own editor."
        assert app.screen.draft.changed  # an unsaved edit, like typing it


async def test_a_failing_editor_drops_the_edit_and_says_so(tmp_path, monkeypatch):
    fake_editor(tmp_path, monkeypatch, 3)
    app = await item_app()
    async with app.run_test(size=SIZE) as pilot:
        answer = await open_first_item_answer(pilot)
        before = answer.text
        terminal_suspends(app, monkeypatch)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert answer.text == before
        assert "Edit dropped: the editor exited with status 3." in notices(app)


async def test_without_a_terminal_or_a_field_the_key_says_so(tmp_path, monkeypatch):
    fake_editor(tmp_path, monkeypatch, "never used")
    app = await item_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")  # the queue's table has focus
        await settle(pilot)
        assert any("focus a text field first" in n for n in notices(app))
        await open_first_item_answer(pilot)

        def no_terminal():
            raise SuspendNotSupported("headless")

        monkeypatch.setattr(app, "suspend", no_terminal)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert any("No terminal to hand over here (gt-tui serve)" in n for n in notices(app))
