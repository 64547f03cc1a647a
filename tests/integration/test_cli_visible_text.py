"""CLI lines built from stored text (stats, import reports, errors) carry no escape
sequence, C1 control or bidi override: the same visible() as the TUI."""

from __future__ import annotations

import unicodedata

from gt_tui.cli import main
from tests.integration.jsonl_helpers import doc, jsonl, write

HOSTILE_DATASET = "ds\x1b[2J\x1b]0;owned\x07\x9b31m\u202etxt.exe"


def raw_controls(text: str) -> list[str]:
    return [ch for ch in text if ch not in "\n\t" and unicodedata.category(ch) in {"Cc", "Cf"}]


def test_stats_and_import_show_hostile_dataset_names_visibly(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "gt.sqlite3")
    source = write(tmp_path / "in.jsonl", jsonl(doc("a", dataset=HOSTILE_DATASET)))
    assert main(["import", "--sqlite-path", db, str(source)]) == 0
    assert main(["stats", "--sqlite-path", db]) == 0
    captured = capsys.readouterr()
    assert raw_controls(captured.out + captured.err) == []
    assert "ds␛[2J␛]0;owned␇\u2039U+009B\u203a31m\u2039U+202E\u203atxt.exe" in captured.out


def test_error_lines_show_hostile_text_visibly(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "no\x1b[2Jfile\u202e.jsonl"
    assert main(["import", "--backend", "memory", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and raw_controls(err) == [] and "␛[2J" in err
