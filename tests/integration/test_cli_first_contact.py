"""What a new curator met first on the command line (issue 28): each defect, as a test."""

from __future__ import annotations

import pytest

from gt_tui.cli import main
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
