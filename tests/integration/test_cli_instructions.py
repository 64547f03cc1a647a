"""`gt-tui instructions get|set` through gt_tui.cli.main: the read-then-write rule."""

from __future__ import annotations

import json

import pytest

from gt_tui.cli import main


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_DEBUG"]:
        monkeypatch.delenv(name, raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["instructions", *argv, "--sqlite-path", "gt.sqlite3", "--user", "lead"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_set_get_and_a_stale_etag_is_refused(tmp_path, capsys):
    (tmp_path / "a.md").write_text("# Rules\n\nCite the *page*.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Rules v2\n", encoding="utf-8")
    assert run(capsys, "set", "ds", "a.md")[0] == 0
    code, out, _ = run(capsys, "get", "ds")
    assert (code, out) == (0, "# Rules\n\nCite the *page*.\n")
    code, out, _ = run(capsys, "get", "ds", "--json")
    read = json.loads(out)
    assert read["id"] == "curation-instructions|ds"
    assert read["docType"] == "curation-instructions"
    assert read["updatedBy"] == "lead"

    assert run(capsys, "set", "ds", "b.md", "--etag", read["_etag"])[0] == 0
    code, _, err = run(capsys, "set", "ds", "a.md", "--etag", read["_etag"])
    assert code == 1
    assert "changed since they were read" in err and "updated by lead" in err
    assert "--force" in err and len(err.splitlines()) == 1
    assert run(capsys, "get", "ds")[1] == "# Rules v2\n"


def test_set_without_etag_over_existing_instructions_needs_force(tmp_path, capsys):
    (tmp_path / "a.md").write_text("one\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("two\n", encoding="utf-8")
    run(capsys, "set", "ds", "a.md")
    code, _, err = run(capsys, "set", "ds", "b.md")
    assert code == 1 and "exist already" in err and "--json" in err
    assert run(capsys, "set", "ds", "b.md", "--force")[0] == 0
    assert run(capsys, "get", "ds")[1] == "two\n"


def test_get_of_a_dataset_without_instructions(tmp_path, capsys):
    (tmp_path / "a.md").write_text("one\n", encoding="utf-8")
    run(capsys, "set", "ds", "a.md")
    code, out, err = run(capsys, "get", "other")
    assert (code, out) == (1, "")
    assert err.strip() == "gt-tui: error: dataset other has no curation instructions"


def test_set_from_a_file_that_is_not_utf8_names_the_line(tmp_path, capsys):
    (tmp_path / "bad.md").write_bytes(b"fine\n\xff\n")
    code, _, err = run(capsys, "set", "ds", "bad.md")
    assert code == 2 and err.strip() == "gt-tui: error: bad.md:2: not UTF-8 (byte 5)"
    assert not (tmp_path / "gt.sqlite3").exists() or run(capsys, "get", "ds")[0] == 1
