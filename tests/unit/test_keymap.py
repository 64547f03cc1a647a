"""GT_KEYMAP: parsing, unknown ids, key names and conflicts, each one line (exit 2)."""

from __future__ import annotations

import pytest

from gt_tui.cli import main
from gt_tui.tui.keys import binding_scopes
from gt_tui.tui.start.app import GtTuiApp
from gt_tui.tui.start.keymap import KeymapError, check_keymap, load_checked_keymap, parse_keymap


@pytest.fixture(scope="module")
def scopes():
    return binding_scopes(GtTuiApp)


def test_quoted_ids_tables_lists_and_single_characters_become_textual_keys():
    keymap = parse_keymap('"item.approve" = "A"\n[queue]\nget_more = ["m", "ctrl+n"]\n', "f")
    assert keymap == {"item.approve": "A", "queue.get_more": "m,ctrl+n"}
    assert parse_keymap('"queue.help" = "?"', "f") == {"queue.help": "question_mark"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"item.approve" = "ctrl+frob"', "f: item.approve: unknown key 'ctrl+frob'"),
        ('"item.approve" = "hyperr+a"', "f: item.approve: unknown modifier 'hyperr'"),
        ('"item.approve" = 3', "f: item.approve: expected a key or a list of keys"),
        ('"item.approve" = [', "f: not valid TOML"),
    ],
)
def test_bad_values_name_the_file_and_the_id(text, message):
    with pytest.raises(KeymapError) as caught:
        parse_keymap(text, "f")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_unknown_id_suggests_the_closest(scopes):
    with pytest.raises(
        KeymapError, match=r"unknown binding id 'item\.aprove' \(did you mean 'item\.approve'\?\)"
    ):
        check_keymap({"item.aprove": "x"}, scopes, "f")


def test_a_key_two_bindings_of_one_screen_would_share_is_refused(scopes):
    with pytest.raises(
        KeymapError, match=r"key 'd' is bound to both 'item.approve' and 'item.delete' \(Item\)"
    ):
        check_keymap({"item.approve": "d"}, scopes, "f")
    with pytest.raises(KeymapError, match="ctrl\\+q"):
        check_keymap({"queue.refresh": "ctrl+q"}, scopes, "f")  # the app's quit key


def test_swapping_two_keys_and_reusing_a_key_on_another_screen_are_fine(scopes):
    check_keymap({"item.approve": "d", "item.delete": "a"}, scopes, "f")
    check_keymap({"queue.get_more": "a"}, scopes, "f")  # `a` approves only on the item screen


def test_unset_keymap_is_empty_and_a_missing_file_says_so(tmp_path):
    assert load_checked_keymap(None, GtTuiApp) == {}
    with pytest.raises(KeymapError, match=r"GT_KEYMAP .*nope.toml: cannot read: No such file"):
        load_checked_keymap(tmp_path / "nope.toml", GtTuiApp)


def test_cli_refuses_a_bad_keymap_before_starting_with_one_line_and_exit_2(
    tmp_path, monkeypatch, capsys
):
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[item]\napprove = "s"\n', encoding="utf-8")
    monkeypatch.setenv("GT_KEYMAP", str(keymap))
    monkeypatch.setenv("GT_STATE_DIR", str(tmp_path / "state"))
    assert main(["demo"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"gt-tui: error: GT_KEYMAP {keymap}: key 's' is bound to both 'item.approve' and "
        "'item.skip' (Item)\n"
    )
