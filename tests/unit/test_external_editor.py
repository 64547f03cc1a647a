"""$EDITOR hand-off with a fake editor script: what it saw, what it wrote back, checked."""

from __future__ import annotations

import json

import pytest

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.external_editor import (
    PROBLEM_MARK,
    EditKind,
    edit,
    editor_command,
)
from tests.scripted_editor import ScriptedEditor


@pytest.fixture
def fake_editor(tmp_path):
    """(environ, replies setter, what the editor saw): each run writes the next reply
    (a string) into the file, or exits with it (an int)."""
    editor = ScriptedEditor(tmp_path)
    return {"EDITOR": editor.command}, editor.replies, editor.seen


def test_editor_command_prefers_visual_then_editor_then_vi():
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": " ", "EDITOR": "nano -w"}) == ["nano", "-w"]
    assert editor_command({}) == ["vi"]


def test_text_comes_back_without_the_editors_last_newline(fake_editor):
    environ, replies, seen = fake_editor
    replies("Why was I charged twice?\n")
    outcome = edit("Why was I charged?", EditKind.text, environ=environ)
    assert outcome.value == "Why was I charged twice?" and not outcome.dropped
    assert seen() == ["Why was I charged?"]


def test_invalid_json_reopens_with_the_problem_on_the_first_line(fake_editor):
    environ, replies, seen = fake_editor
    replies('{"msisdn": "x",}\n', '{"msisdn": "x"}\n')
    outcome = edit({"msisdn": "y"}, EditKind.json, environ=environ)
    assert outcome.value == {"msisdn": "x"}
    first, second = seen()
    assert first == '{\n  "msisdn": "y"\n}\n'
    problem_line, rest = second.split("\n", 1)
    assert problem_line.startswith(f"{PROBLEM_MARK}invalid JSON at line 1, column 16")
    assert rest == '{"msisdn": "x",}\n'  # what they wrote, to fix


def test_an_empty_file_or_a_failing_editor_drops_the_edit(fake_editor):
    environ, replies, _ = fake_editor
    replies("not json", "\n")
    outcome = edit({"a": 1}, EditKind.json, environ=environ)
    assert outcome.dropped and outcome.reason == "the file was left empty"
    replies(1)
    outcome = edit("x", EditKind.text, environ=environ)
    assert outcome.dropped and "exited with status 1" in outcome.reason


def test_a_whole_item_passes_through_the_import_rules(fake_editor):
    environ, replies, seen = fake_editor
    item = GroundTruthItem(id="i1", dataset_name="ds", synth_question="q?", answer="a")
    doc = item.to_doc()
    doc["answer"] = "a better answer"
    bad = dict(doc, assignedTo="no body")
    replies(json.dumps(bad), json.dumps(doc))
    outcome = edit(item, EditKind.item, environ=environ)
    assert isinstance(outcome.value, GroundTruthItem)
    assert outcome.value.answer == "a better answer" and outcome.changed
    assert seen()[1].startswith(f"{PROBLEM_MARK}assignedTo: ")


def test_an_editor_that_never_gets_it_right_is_given_up_on(fake_editor):
    environ, replies, _ = fake_editor
    replies("[", "[", "[")
    outcome = edit([], EditKind.json, environ=environ, max_rounds=3)
    assert outcome.dropped and outcome.reason.startswith("still invalid after 3 tries")


def test_a_missing_editor_drops_the_edit():
    outcome = edit("x", EditKind.text, environ={"EDITOR": "/nonexistent/editor-gt"})
    assert outcome.dropped and "127" in outcome.reason
