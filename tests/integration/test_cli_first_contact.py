"""What a new curator met first on the command line (issue 28): each defect, as a test."""

from __future__ import annotations

import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from gt_tui.cli import main
from gt_tui.services.edit_journal import EditJournal
from tests.integration.jsonl_helpers import doc, jsonl, write


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No .env or GT_* variables from the developer's shell leak into these runs."""
    monkeypatch.chdir(tmp_path)
    for name in ("GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_SAMPLING_WEIGHTS", "GT_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def test_a_csv_file_shows_a_few_problems_then_says_what_it_looks_like(tmp_path, capsys):
    rows = ["id,datasetName,synthQuestion", *(f"{i},ds,question {i}" for i in range(40))]
    path = write(tmp_path / "items.csv", ("\n".join(rows) + "\n").encode())

    assert main(["import", str(path), "--backend", "memory"]) == 1
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert len(err) == 6, captured.err
    assert err[0] == f"{path}:1: invalid JSON at column 1: Expecting value"
    assert all(line.startswith(f"{path}:{n}: invalid JSON") for n, line in enumerate(err[:5], 1))
    assert err[5] == (
        f"{path}:6: not JSON Lines: looks like CSV; 36 more lines that are not JSON "
        "(between lines 6 and 41) not shown"
    )
    assert captured.out == f"{path}: imported 0, updated 0, skipped 0, invalid 41\n"


def test_field_problems_are_never_summarised_away(tmp_path, capsys):
    body = jsonl(*(doc(f"i{n}", synthQuestion=None) for n in range(8)))
    path = write(tmp_path / "items.jsonl", body)

    assert main(["import", str(path), "--backend", "memory"]) == 1
    assert len(capsys.readouterr().err.splitlines()) == 8


@pytest.mark.parametrize(
    ("body", "empty"),
    [(b"", True), (b"\n  \n", True), (b"[]", True), (jsonl(doc("a")), False)],
)
def test_an_empty_import_file_says_so(tmp_path, capsys, body, empty):
    path = write(tmp_path / "items.jsonl", body)

    assert main(["import", str(path), "--backend", "memory"]) == 0
    said = f"{path}: nothing to import: the file holds no items\n"
    assert (capsys.readouterr().err == said) is empty


def test_nan_and_numbers_beyond_a_double_are_refused_per_line(tmp_path, capsys):
    lines = [
        '{"id": "a", "datasetName": "ds", "synthQuestion": "q", "weight": NaN}',
        '{"id": "b", "datasetName": "ds", "synthQuestion": "q", "weight": 1e400}',
        '{"id": "c", "datasetName": "ds", "synthQuestion": "q", "refs": '
        '[{"url": "https://x.org", "score": -Infinity}]}',
        '{"id": "d", "datasetName": "ds", "synthQuestion": "q", "weight": 1e5}',
    ]
    path = write(tmp_path / "items.jsonl", ("\n".join(lines) + "\n").encode())
    db = tmp_path / "gt.sqlite3"

    assert main(["import", str(path), "--sqlite-path", str(db)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}:1: weight: NaN is not a JSON number",
        f"{path}:2: weight: 1e400 is not a JSON number",
        f"{path}:3: refs.0.score: -Infinity is not a JSON number",
    ]
    assert captured.out == f"{path}: imported 1, updated 0, skipped 0, invalid 3\n"


@pytest.mark.parametrize("fmt", ["jsonl", "json", "gtc-snapshot"])
def test_the_export_manifest_names_the_format_written(tmp_path, capsys, fmt):
    db = tmp_path / "gt.sqlite3"
    assert (
        main(
            ["import", str(write(tmp_path / "in.jsonl", jsonl(doc("a")))), "--sqlite-path", str(db)]
        )
        == 0
    )
    out = tmp_path / "out.json"

    assert main(["export", "-o", str(out), "--format", fmt, "--sqlite-path", str(db)]) == 0
    manifest = json.loads((tmp_path / "out.json.manifest.json").read_text())
    assert manifest["format"] == fmt


class _ClosedPipe(io.TextIOBase):
    """stdout whose reader went away (`gt-tui stats | head -1`)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")


def test_stats_into_a_closed_pipe_ends_quietly(tmp_path, capsys, monkeypatch):
    db = tmp_path / "gt.sqlite3"
    assert (
        main(
            ["import", str(write(tmp_path / "in.jsonl", jsonl(doc("a")))), "--sqlite-path", str(db)]
        )
        == 0
    )
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())

    assert main(["stats", "--sqlite-path", str(db)]) == 141
    assert capsys.readouterr().err == ""


def test_stats_piped_into_head_in_a_shell_ends_quietly(tmp_path):
    db = tmp_path / "gt.sqlite3"
    long = "x" * 200  # few datasets, long names: more than a pipe buffer (64 KiB) of output
    body = jsonl(*(doc(f"i{n}", f"ds-{n:04d}-{long}") for n in range(500)))
    assert main(["import", str(write(tmp_path / "in.jsonl", body)), "--sqlite-path", str(db)]) == 0
    gt_tui = [sys.executable, "-m", "gt_tui"]
    command = f"{shlex.join([*gt_tui, 'stats', '--sqlite-path', str(db)])} | head -1"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GT_")}
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""
    assert done.returncode in (0, 141)


def test_an_unreadable_tags_file_is_a_settings_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GT_TAGS_FILE", str(tmp_path / "missing-tags.json"))

    assert main(["stats", "--backend", "memory"]) == 2
    assert capsys.readouterr().err == (
        f"gt-tui: error: GT_TAGS_FILE: cannot read tags file {tmp_path / 'missing-tags.json'}: "
        "No such file or directory\n"
    )


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("{bad", "GT_SAMPLING_WEIGHTS is not valid JSON: Expecting property name"),
        ('{"faq-": "lots"}', "sampling_weights.faq- (GT_SAMPLING_WEIGHTS): Input should be"),
    ],
)
def test_a_bad_sampling_weights_names_the_variable(capsys, monkeypatch, value, says):
    monkeypatch.setenv("GT_SAMPLING_WEIGHTS", value)

    assert main(["stats", "--backend", "memory"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"gt-tui: error: invalid settings: {says}"), err
    assert "EnvSettingsSource" not in err


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)  # files would be 0644 unless created private
    yield
    os.umask(previous)


def test_every_file_holding_item_text_is_created_for_its_owner_only(tmp_path, usual_umask):
    db = tmp_path / "gt.sqlite3"
    source = write(tmp_path / "in.jsonl", jsonl(doc("a")))
    assert main(["import", str(source), "--sqlite-path", str(db)]) == 0
    out = tmp_path / "out.jsonl"
    assert main(["export", "-o", str(out), "--sqlite-path", str(db)]) == 0

    journal = EditJournal(tmp_path / "state" / "unsaved-edits.sqlite3")
    journal.record("ann", "ds", "a", '"e1"', {"answer": "a private draft"})

    written = [db, out, out.with_name("out.jsonl.manifest.json"), journal.path]
    written += [p for p in tmp_path.glob("*.sqlite3-*")]  # -wal, -shm while open
    assert {p.name: _mode(p) for p in written} == {p.name: 0o600 for p in written}


def test_an_export_over_an_existing_file_keeps_its_mode(tmp_path, capsys):
    db = tmp_path / "gt.sqlite3"
    assert (
        main(
            ["import", str(write(tmp_path / "in.jsonl", jsonl(doc("a")))), "--sqlite-path", str(db)]
        )
        == 0
    )
    out = write(tmp_path / "out.jsonl", b"")
    out.chmod(0o640)

    assert main(["export", "-o", str(out), "--sqlite-path", str(db)]) == 0
    assert _mode(out) == 0o640


def test_import_says_when_it_rewrote_the_files_computed_tags(tmp_path, capsys):
    db = tmp_path / "gt.sqlite3"
    stale = doc("a", answer="x", computedTags=["dataset:ds", "old:rule"])
    source = write(tmp_path / "in.jsonl", jsonl(stale, doc("b", answer="y")))

    assert main(["import", str(source), "--sqlite-path", str(db)]) == 0
    assert capsys.readouterr().out == (
        f"{source}: imported 2, updated 0, skipped 0, invalid 0, computed tags rewritten 1\n"
    )
    exported = tmp_path / "current.jsonl"
    assert main(["export", "-o", str(exported), "--sqlite-path", str(db)]) == 0
    again = tmp_path / "again.sqlite3"
    assert main(["import", str(exported), "--sqlite-path", str(again)]) == 0
    assert capsys.readouterr().out == (f"{exported}: imported 2, updated 0, skipped 0, invalid 0\n")


def test_the_tui_with_an_unreadable_tags_file_is_the_same_settings_error(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("GT_TAGS_FILE", str(tmp_path / "missing-tags.json"))

    assert main(["--backend", "memory"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gt-tui: error: GT_TAGS_FILE: cannot read tags file"), err
    assert "Traceback" not in err
