"""Pure helpers behind the TUI: inert text, edit tracking and the keep-mine merge."""

from __future__ import annotations

from rich.text import Text

from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.item_draft import ItemDraft
from gt_tui.tui.text import from_editor, one_line, parse_tags, plain, to_editor, visible


def item(**fields) -> GroundTruthItem:
    base = {"id": "x1", "dataset_name": "ds", "synth_question": "q?", "answer": "a"}
    return GroundTruthItem(**{**base, **fields})


def test_control_characters_become_visible_and_markup_stays_text():
    shown = plain("[@click=app.quit]x[/] \x1b[2J \x07 \x9b tab\tnl\n")
    assert isinstance(shown, Text)
    assert shown.plain == "[@click=app.quit]x[/] ␛[2J ␇ \u2039U+009B\u203a tab\tnl\n"
    assert not shown.spans  # no style came from the text itself
    assert one_line("a\nb\r\nc", limit=4) == "a b…"


def test_editor_round_trip_restores_control_characters():
    raw = "esc \x1b[1m bell \x07 del \x7f"
    assert "\x1b" not in to_editor(raw)
    assert from_editor(to_editor(raw)) == raw
    assert visible(None) == ""


def test_parse_tags_trims_drops_blanks_and_duplicates():
    assert parse_tags(" a, b ,, a,c ") == ["a", "b", "c"]
    assert parse_tags("") == []


def test_changed_fields_treat_empty_text_as_none():
    base = item(comment=None)
    draft = ItemDraft.of(base)
    draft.comment = ""
    assert draft.changed_names() == []
    draft.answer = "b"
    assert draft.changed_names() == ["answer"]
    assert draft.apply().answer == "b"
    assert base.answer == "a"


def test_keep_mine_keeps_their_other_changes_and_reports_clashes():
    base = item(answer="old", comment="c0", manual_tags=["t"])
    theirs = base.model_copy(deep=True)
    theirs.comment = "their comment"
    theirs.answer = "their answer"
    theirs.etag = '"theirs"'
    mine = ItemDraft.of(base)
    mine.answer = "my answer"
    mine.manual_tags = ["t", "u"]
    result = mine.merge_onto(theirs)
    merged = result.merged
    assert merged.answer == "my answer"
    assert merged.manual_tags == ["t", "u"]
    assert merged.comment == "their comment"
    assert merged.etag == '"theirs"'
    assert [row.field.name for row in result.clashes] == ["answer"]
    assert [row.field.name for row in result.rows if row.theirs_changed] == ["answer", "comment"]


def test_empty_queue_says_what_to_do_next():
    from gt_tui.services.browse import QueueCounts
    from gt_tui.tui.queue.screen import empty_state

    with_pool = empty_state(QueueCounts(in_queue=0, approved_today=0, pool_left=3)).plain
    assert "Press n to get items" in with_pool and "import" not in with_pool
    no_pool = empty_state(QueueCounts(in_queue=0, approved_today=0, pool_left=0)).plain
    assert "gt-tui import FILE.jsonl" in no_pool
