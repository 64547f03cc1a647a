"""`stats --json` keeps the raw stored text: JSON escapes make it inert on a terminal, and
parsing gives back exactly what is stored (visible() is only for human output)."""

from __future__ import annotations

import json

from gt_tui.cli import main
from tests.integration.jsonl_helpers import doc, jsonl, write
from tests.integration.test_cli_visible_text import HOSTILE_DATASET, raw_controls

WIDE = HOSTILE_DATASET + "\u200b\U000e0001 é✓"


def test_stats_json_escapes_controls_and_parses_back_to_the_stored_name(tmp_path, capsys):
    db = str(tmp_path / "gt.sqlite3")
    source = write(tmp_path / "in.jsonl", jsonl(doc("a", dataset=WIDE)))
    assert main(["import", "--sqlite-path", db, str(source)]) == 0
    capsys.readouterr()

    assert main(["stats", "--json", "--sqlite-path", db]) == 0

    out = capsys.readouterr().out
    assert raw_controls(out) == []
    assert "\\u009b31m\\u202etxt" in out and "é✓" in out  # escaped, not made visible
    assert "\u2039U+" not in out
    assert list(json.loads(out)["datasets"]) == [WIDE]
