"""GT_MAX_LINE_BYTES: a line (or array item) over the cap is one FILE:LINE problem, read
past in chunks and never held whole; the lines around it are imported."""

from __future__ import annotations

import io
import json

from gt_tui.cli import main
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.importing import ImportService
from tests.integration.jsonl_helpers import doc, jsonl, write


class RecordingReader(io.BytesIO):
    """Records the longest single read, to show the huge line is never read whole."""

    longest = 0

    def readline(self, size=-1):
        line = super().readline(size)
        self.longest = max(self.longest, len(line))
        return line


def huge_doc(item_id: str, size: int) -> dict:
    return doc(item_id, answer="x" * size)


async def test_a_line_over_the_cap_is_reported_and_the_rest_imported():
    repo = InMemoryGroundTruthRepo()
    body = jsonl(doc("a"), huge_doc("big", 5 * 1024 * 1024), doc("b"))
    handle = RecordingReader(body)
    problems: list[str] = []

    summary = await ImportService(repo, max_line_bytes=64 * 1024).import_handle(
        handle, source="f", on_problem=lambda p: problems.append(p.format("f"))
    )

    size = len(json.dumps(huge_doc("big", 5 * 1024 * 1024)))
    assert problems == [
        f"f:2: line is {size:,} bytes, longer than GT_MAX_LINE_BYTES (65,536); skipped "
        "(raise GT_MAX_LINE_BYTES to import it)"
    ]
    assert (summary.imported, summary.invalid) == (2, 1)
    assert handle.longest <= 1024 * 1024 + 2
    assert sorted(item.id for item in await repo.list("ds")) == ["a", "b"]


async def test_an_array_item_over_the_cap_names_its_position():
    repo = InMemoryGroundTruthRepo()
    body = json.dumps([doc("a"), huge_doc("big", 4000), doc("b")], indent=1).encode()
    problems: list[str] = []

    summary = await ImportService(repo, max_line_bytes=2048).import_handle(
        io.BytesIO(body), source="f", on_problem=lambda p: problems.append(p.format("f"))
    )

    assert len(problems) == 1 and problems[0].startswith("f:2: line is ")
    assert (summary.imported, summary.invalid) == (2, 1)


def test_the_cap_comes_from_gt_max_line_bytes(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GT_MAX_LINE_BYTES", "2048")
    source = write(tmp_path / "in.jsonl", jsonl(doc("a"), huge_doc("big", 3000)))

    code = main(["import", "--backend", "memory", str(source)])

    captured = capsys.readouterr()
    assert code == 1
    assert f"{source}:2: line is " in captured.err
    assert "longer than GT_MAX_LINE_BYTES (2,048)" in captured.err
    assert "imported 1, updated 0, skipped 0, invalid 1" in captured.out
