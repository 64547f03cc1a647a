"""The data commands end to end on a SQLite file, through gt_tui.cli.main."""

from __future__ import annotations

import hashlib
import json

import pytest

from gt_tui.cli import main
from gt_tui.domain import GroundTruthItem
from tests.integration.jsonl_helpers import content, doc, jsonl, write


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """main() on one SQLite file, with no .env or GT_* variables from the shell."""
    monkeypatch.chdir(tmp_path)
    for name in ["GT_BACKEND", "GT_SQLITE_PATH", "GT_USER_ID", "GT_SAMPLING_WEIGHTS"]:
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "db" / "gt.sqlite3"
    database.parent.mkdir()

    def run(*argv: str) -> int:
        return main([*argv, "--backend", "sqlite", "--sqlite-path", str(database)])

    return run


def items_in(body: bytes) -> list[GroundTruthItem]:
    return [GroundTruthItem.model_validate(json.loads(line)) for line in body.splitlines()]


def test_import_export_reimport_and_stats_on_a_sqlite_file(cli, tmp_path, capsys):
    source = write(
        tmp_path / "in.jsonl",
        jsonl(
            doc("2", "faq", answer="„zwei“ 😀", status="approved"),
            doc("1", "faq", assignedTo="alice", refs=[{"url": "https://x/ü"}]),
            doc("1", "kb", comment="line\u2028sep \\u00e9 \x01"),
        ),
    )

    assert cli("import", str(source)) == 0
    assert capsys.readouterr().out == f"{source}: imported 3, updated 0, skipped 0, invalid 0\n"

    out = tmp_path / "out.jsonl"
    assert cli("export", "-o", str(out)) == 0
    first_export = out.read_bytes()
    assert [(i.dataset_name, i.id) for i in items_in(first_export)] == [
        ("faq", "1"),
        ("faq", "2"),
        ("kb", "1"),
    ]
    by_key = {(i.dataset_name, i.id): i for i in items_in(first_export)}
    assert by_key[("faq", "2")].answer == "„zwei“ 😀"
    assert by_key[("kb", "1")].comment == "line\u2028sep \\u00e9 \x01"
    assert by_key[("faq", "1")].total_references == 1
    manifest = json.loads((tmp_path / "out.jsonl.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(first_export).hexdigest()
    assert (manifest["items"], manifest["backend"]) == (3, "sqlite")
    assert manifest["counts"]["by_dataset"] == {"faq": 2, "kb": 1}
    assert capsys.readouterr().err == f"exported 3 items to {out}; manifest {out}.manifest.json\n"

    # The export imports back as a no-op: same items, same etags, same bytes.
    assert cli("import", str(out)) == 0
    assert capsys.readouterr().out == f"{out}: imported 0, updated 0, skipped 3, invalid 0\n"
    assert cli("import", str(out), "--update") == 0
    assert capsys.readouterr().out == f"{out}: imported 0, updated 0, skipped 3, invalid 0\n"
    assert cli("export", "-o", str(out)) == 0
    assert out.read_bytes() == first_export
    capsys.readouterr()

    assert cli("export", "--status", "approved") == 0
    assert [i.id for i in items_in(capsys.readouterr().out.encode())] == ["2"]

    assert cli("stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["by_status"] == {"draft": 2, "approved": 1, "skipped": 0, "deleted": 0}
    assert stats["drafts_assigned"] == {"alice": 1}
    assert stats["datasets"]["faq"]["total"] == 2

    assert cli("stats") == 0
    assert "faq          1         1        0        0      2" in capsys.readouterr().out


def test_update_from_a_file_on_sqlite(cli, tmp_path, capsys):
    v1 = write(tmp_path / "v1.jsonl", jsonl(doc("a", answer="old"), doc("b")))
    v2 = write(tmp_path / "v2.jsonl", jsonl(doc("a", answer="new"), doc("b"), "{bad"))
    assert cli("import", str(v1)) == 0

    assert cli("import", str(v2), "--strict", "--update") == 1
    assert cli("import", str(v2), "--update") == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == (f"{v2}: imported 0, updated 1, skipped 1, invalid 1")

    out = tmp_path / "now.jsonl"
    assert cli("export", "-o", str(out), "--dataset", "ds") == 0
    assert [content(i).get("answer") for i in items_in(out.read_bytes())] == ["new", None]
