"""ctrl+e with no text field focused on the item screen: the whole item as JSON in a fake
editor script; what comes back becomes unsaved edits, a refused item reopens the editor
with the problem on the first line, and an emptied file drops the edit."""

from __future__ import annotations

import contextlib
import json

from textual.app import SuspendNotSupported
from textual.widgets import Input, TextArea

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.external_editor import PROBLEM_MARK
from tests.scripted_editor import ScriptedEditor
from tests.tui.fixtures import (
    SIZE,
    fixture_items,
    make_app,
    make_services,
    notices,
    open_first,
    seed,
    settle,
)


def scripted_editor(tmp_path, monkeypatch, *replies: str | dict):
    """$VISUAL answers one reply per round; returns a function giving what each round saw."""
    editor = ScriptedEditor(tmp_path)
    editor.replies(*replies)
    monkeypatch.setenv("VISUAL", editor.command)
    return editor.seen


async def item_app():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    return repo, make_app(make_services(repo))


async def test_the_whole_item_comes_back_from_the_editor_as_unsaved_edits(tmp_path, monkeypatch):
    seen = scripted_editor(
        tmp_path, monkeypatch, {"set": {"answer": "From my editor.", "manualTags": ["vat"]}}
    )
    repo, app = await item_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        stored = screen.base
        screen.query_one("#comment", Input).value = "typed on screen first"
        screen.set_focus(None)  # no text field: ctrl+e takes the whole item
        await settle(pilot)
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # a terminal
        await pilot.press("ctrl+e")
        await settle(pilot)
        (opened,) = seen()
        doc = json.loads(opened)
        assert (doc["id"], doc["datasetName"]) == (stored.id, stored.dataset_name)
        assert doc["comment"] == "typed on screen first"  # the edits on screen go along
        assert screen.query_one("#answer", TextArea).text == "From my editor."
        assert set(screen.draft.changed_names()) == {"answer", "manual_tags", "comment"}
        assert any(
            "From the editor, as unsaved edits: answer, manual tags" in n for n in notices(app)
        )
        assert (await repo.get(stored.dataset_name, stored.id)).answer == stored.answer  # no save
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = await repo.get(stored.dataset_name, stored.id)
    assert (saved.answer, saved.manual_tags, saved.comment) == (
        "From my editor.",
        ["vat"],
        "typed on screen first",
    )


async def test_a_refused_item_reopens_with_the_problem_and_an_empty_file_drops_it(
    tmp_path, monkeypatch
):
    seen = scripted_editor(
        tmp_path,
        monkeypatch,
        {"set": {"status": "approved", "answer": "Sneaky."}},
        {"set": {"id": "another-id"}},
        "{not json",
        "",
    )
    repo, app = await item_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        stored = screen.base
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await pilot.press("ctrl+e")
        await settle(pilot)
        rounds = seen()
        assert len(rounds) == 4
        assert rounds[1].startswith(f"{PROBLEM_MARK}only editedQuestion, answer")
        assert "put back status" in rounds[1].splitlines()[0]
        assert rounds[2].startswith(f"{PROBLEM_MARK}id cannot change here")
        assert rounds[3].startswith(f"{PROBLEM_MARK}invalid JSON at line 1")
        assert "Edit dropped: the file was left empty." in notices(app)
        assert not screen.draft.dirty
        assert screen.query_one("#answer", TextArea).text == stored.answer
    assert (await repo.get(stored.dataset_name, stored.id)).status == stored.status


async def test_without_a_terminal_the_whole_item_key_says_so(tmp_path, monkeypatch):
    seen = scripted_editor(tmp_path, monkeypatch, {"set": {"answer": "never"}})
    _repo, app = await item_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)

        def no_terminal():
            raise SuspendNotSupported("gt-tui serve")

        monkeypatch.setattr(app, "suspend", no_terminal)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert any("No terminal to hand over here (gt-tui serve)" in n for n in notices(app))
        assert seen() == [] and not screen.draft.dirty
