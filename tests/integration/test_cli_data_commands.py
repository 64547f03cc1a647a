"""`gt-tui import/export/stats` through gt_tui.cli.main: exit codes and one-line errors."""

from __future__ import annotations

import io
import json
import sys
from datetime import UTC, datetime

import pytest

from gt_tui.cli import main
from gt_tui.domain.shapes import NEITHER_SHAPE
from tests.integration.jsonl_helpers import doc, jsonl, write


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No .env or GT_* variables from the developer's shell leak into these runs."""
    monkeypatch.chdir(tmp_path)
    for name in [
        "GT_BACKEND",
        "GT_SQLITE_PATH",
        "GT_USER_ID",
        "GT_SAMPLING_WEIGHTS",
        "GT_DEBUG",
    ]:
        monkeypatch.delenv(name, raising=False)


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_import_of_a_missing_file(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"

    assert main(["import", str(missing), "--backend", "memory"]) == 2
    assert one_error_line(capsys) == (
        f"gt-tui: error: cannot read {missing}: No such file or directory"
    )


def test_import_of_a_directory(tmp_path, capsys):
    assert main(["import", str(tmp_path), "--backend", "memory"]) == 2
    assert one_error_line(capsys) == f"gt-tui: error: cannot read {tmp_path}: Is a directory"


def test_unknown_backend_in_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GT_BACKEND", "bogus")
    path = write(tmp_path / "a.jsonl", jsonl(doc("a")))

    assert main(["import", str(path)]) == 2
    assert one_error_line(capsys) == (
        "gt-tui: error: invalid settings: backend (GT_BACKEND): "
        "Input should be 'sqlite', 'memory' or 'cosmos'"
    )


def test_unparseable_setting_in_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("GT_SAMPLING_WEIGHTS", "{not json")

    assert main(["stats", "--backend", "memory"]) == 2
    assert "GT_SAMPLING_WEIGHTS is not valid JSON" in one_error_line(capsys)


@pytest.mark.parametrize(
    "argv",
    [["stats"], ["export"], ["import", "FILE"], ["healthz"]],
    ids=["stats", "export", "import", "healthz"],
)
def test_unreachable_backend_is_one_line_and_nonzero(tmp_path, capsys, argv):
    not_a_dir = write(tmp_path / "plain-file", b"x")
    data = write(tmp_path / "a.jsonl", jsonl(doc("a")))
    argv = [str(data) if arg == "FILE" else arg for arg in argv]

    code = main([*argv, "--backend", "sqlite", "--sqlite-path", str(not_a_dir / "db.sqlite")])

    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if argv[0] == "healthz":  # healthz reports on stdout by design
        assert code == 1
        assert captured.out.startswith("degraded: sqlite: ")
    elif argv[0] == "import":  # the one command here that may create the database
        assert code == 3
        assert captured.out == ""
        [line] = captured.err.splitlines()
        assert line.startswith("gt-tui: error: sqlite backend unavailable: ")
    else:  # read-only commands never try to create it
        assert code == 2
        [line] = captured.err.splitlines()
        assert "does not exist" in line


def test_export_with_an_unknown_status(capsys):
    assert main(["export", "--status", "done", "--backend", "memory"]) == 2
    assert one_error_line(capsys) == (
        "gt-tui: error: unknown status 'done'; valid statuses: draft, approved, skipped, deleted"
    )


def test_export_into_a_missing_directory(tmp_path, capsys):
    target = tmp_path / "nowhere" / "out.jsonl"

    assert main(["export", "-o", str(target), "--backend", "memory"]) == 2
    assert one_error_line(capsys) == (
        f"gt-tui: error: cannot write {target}: directory {target.parent} does not exist"
    )


def test_import_reports_bad_lines_and_exits_1(tmp_path, capsys):
    path = write(tmp_path / "m.jsonl", jsonl(doc("a"), "{oops", {"id": "b"}, doc("c")))

    assert main(["import", str(path), "--backend", "memory"]) == 1

    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}:2: invalid JSON at column 2: Expecting property name enclosed in double quotes",
        f"{path}:3: datasetName: field required",
        f"{path}:3: synthQuestion: {NEITHER_SHAPE}",
    ]
    assert captured.out == f"{path}: imported 2, updated 0, skipped 0, invalid 2\n"


def test_clean_import_exits_0_and_strict_refusal_exits_1(tmp_path, capsys):
    good = write(tmp_path / "good.jsonl", jsonl(doc("a"), doc("b")))
    bad = write(tmp_path / "bad.jsonl", jsonl(doc("a"), "nope"))

    assert main(["import", str(good), "--backend", "memory"]) == 0
    assert capsys.readouterr().out == f"{good}: imported 2, updated 0, skipped 0, invalid 0\n"

    assert main(["import", str(bad), "--strict", "--backend", "memory"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"{bad}: imported 0, updated 0, skipped 0, invalid 1 (--strict: nothing imported)\n"
    )
    assert captured.err == f"{bad}:2: invalid JSON at column 1: Expecting value\n"


def test_empty_export_to_stdout_and_stats_json(capsys):
    assert main(["export", "--backend", "memory"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "exported 0 items to stdout (no manifest; use -o FILE to get one)\n"

    assert main(["stats", "--json", "--backend", "memory"]) == 0
    stats = json.loads(capsys.readouterr().out)
    decisions = stats.pop("decisions")
    assert decisions["curators"] == {} and len(decisions["days"]) == 7
    assert decisions["days"][-1] == datetime.now(UTC).date().isoformat()
    assert stats == {
        "backend": "memory",
        "total": 0,
        "by_status": {"draft": 0, "approved": 0, "skipped": 0, "deleted": 0},
        "datasets": {},
        "shapes": {
            shape: {"draft": 0, "approved": 0, "skipped": 0, "deleted": 0, "total": 0}
            for shape in ("rag", "agentic")
        },
        "drafts_assigned": {},
    }


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal_stderr_only(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "p.jsonl", jsonl(doc("a"), "bad [red]markup[/red]", doc("b")))
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    assert main(["import", str(path), "--backend", "memory"]) == 1

    drawn = terminal.getvalue()
    assert "importing p.jsonl" in drawn  # the bar's label
    assert f"{path}:2: invalid JSON at column 1: Expecting value" in drawn
    assert capsys.readouterr().out == f"{path}: imported 2, updated 0, skipped 0, invalid 1\n"


def test_export_dash_o_dash_means_stdout(tmp_path, capsys):
    assert main(["export", "-o", "-", "--backend", "memory"]) == 0
    assert capsys.readouterr().err.startswith("exported 0 items to stdout")
    assert not (tmp_path / "-").exists()


def test_unknown_backend_option_is_one_line(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "data.jsonl", "--backend", "bogus"])

    assert exited.value.code == 2
    line = one_error_line(capsys)
    assert line.startswith("gt-tui import: error: argument --backend: invalid choice: 'bogus'")
    assert line.endswith("(see gt-tui import --help)")
