"""One visible-text function for the TUI and every CLI line: C0, C1 and format characters
(bidi overrides and isolates, zero-width characters, BOM) never reach a terminal as
themselves, and the editor round trip keeps every character the curator did not touch."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from gt_tui.domain.text import from_editor, one_line, to_editor, visible

FORMAT_CHARACTERS = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200d", "\ufeff"]
C1 = ["\x85", "\x90", "\x9b", "\x9d"]


def dangerous(text: str) -> list[str]:
    return [ch for ch in text if ch not in "\n\t" and unicodedata.category(ch) in {"Cc", "Cf"}]


@pytest.mark.parametrize("ch", FORMAT_CHARACTERS + C1 + ["\x1b", "\x00", "\x7f"])
def test_every_control_and_format_character_is_shown_visibly(ch):
    shown = visible(f"a{ch}b")
    assert dangerous(shown) == []
    assert shown != "ab" and shown.startswith("a") and shown.endswith("b")
    assert f"U+{ord(ch):04X}" in shown or len(shown) == 3  # C0 -> one control picture


def test_all_format_characters_of_this_unicode_database_are_covered():
    every = "".join(
        chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
    )
    assert dangerous(visible(every)) == []


def test_editor_round_trip_is_lossless_for_c1_and_format_characters():
    raw = "nel\x85 dcs\x90 rlo\u202e iso\u2066x\u2069 zw\u200b\u200d bom\ufeff esc\x1b[1m"
    raw += " é 漢 👨\u200d👩"
    loaded = to_editor(raw)
    assert dangerous(loaded) == [] and "\ufffd" not in loaded
    assert from_editor(loaded) == raw


def test_one_line_keeps_tags_visible():
    assert one_line("x\u202ey\nz") == "x\u2039U+202E\u203ay z"
