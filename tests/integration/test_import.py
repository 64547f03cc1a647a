"""JSONL import on every backend: line-numbered reports, strict, skip/update, no churn."""

from __future__ import annotations

import io
import json

import pytest

from gt_tui.domain import BackendUnavailableError, GroundTruthItem, GroundTruthStatus
from gt_tui.domain.shapes import NEITHER_SHAPE
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.importing import ImportService, LineProblem
from tests.integration.jsonl_helpers import (
    FIXED_NOW,
    doc,
    fixed_clock,
    jsonl,
    snapshot,
    write,
)


async def run_import(repo, path, **options):
    problems: list[str] = []
    importer = ImportService(repo, clock=fixed_clock, batch_size=options.pop("batch_size", 3))
    summary = await importer.import_file(
        path, on_problem=lambda p: problems.append(p.format("data.jsonl")), **options
    )
    return summary, problems


def mixed_file(tmp_path):
    return write(
        tmp_path / "mixed.jsonl",
        jsonl(
            doc("a1", answer="first"),
            "",
            '{"id": "x", "datasetName": "ds" "synthQuestion": "q"}',
            {"id": "m"},
            doc("w", refs="nope"),
            doc("a1", answer="repeated"),
            doc("a2"),
            doc("n", refs=[{"url": "https://ok"}, {"url": ""}]),
            doc("pre", answer="from the file"),
            "   ",
        ),
    )


MIXED_REPORT = [
    "data.jsonl:3: invalid JSON at column 33: Expecting ',' delimiter",
    "data.jsonl:4: datasetName: field required",
    f"data.jsonl:4: synthQuestion: {NEITHER_SHAPE}",
    "data.jsonl:5: refs: input should be a valid list (got string)",
    "data.jsonl:6: id: 'a1' in dataset 'ds' repeats line 1; skipped",
    "data.jsonl:8: refs.1.url: string should have at least 1 character",
]


async def test_mixed_file_reports_every_bad_line_and_imports_only_the_good_ones(repo, tmp_path):
    pre = await repo.upsert(GroundTruthItem(id="pre", dataset_name="ds", synth_question="old"))

    summary, problems = await run_import(repo, mixed_file(tmp_path))

    assert problems == MIXED_REPORT
    assert (summary.imported, summary.updated, summary.skipped, summary.invalid) == (2, 0, 2, 4)
    assert not summary.ok
    assert summary.format().endswith("imported 2, updated 0, skipped 2, invalid 4")
    stored = {item.id: item for item in await repo.list("ds")}
    assert sorted(stored) == ["a1", "a2", "pre"]
    assert stored["a1"].answer == "first"
    assert stored["pre"] == pre


async def test_strict_imports_nothing_when_any_line_is_bad(repo, tmp_path):
    summary, problems = await run_import(repo, mixed_file(tmp_path), strict=True)

    assert problems == [line for line in MIXED_REPORT if "repeats line" not in line]
    assert (summary.imported, summary.invalid, summary.strict_refused) == (0, 4, True)
    assert summary.format().endswith("(--strict: nothing imported)")
    assert await snapshot(repo) == {}


async def test_strict_with_a_clean_file_reads_it_twice_and_imports_everything(repo, tmp_path):
    path = write(tmp_path / "good.jsonl", jsonl(*(doc(f"g{i}") for i in range(5))))
    advanced: list[int] = []

    summary, problems = await run_import(repo, path, strict=True, on_progress=advanced.append)

    assert problems == []
    assert (summary.imported, summary.invalid, summary.ok) == (5, 0, True)
    assert sum(advanced) == 2 * path.stat().st_size
    assert len(await repo.list("ds")) == 5


async def test_second_import_of_the_same_file_changes_nothing(repo, tmp_path):
    # No updatedAt / sampleKey in the file: the store's own values must not churn.
    path = write(
        tmp_path / "items.jsonl",
        jsonl(doc("r1"), doc("r2", refs=[{"url": "u"}]), doc("r3", status="approved")),
    )
    first, _ = await run_import(repo, path)
    before = await snapshot(repo)

    again, problems = await run_import(repo, path)
    again_with_update, _ = await run_import(repo, path, update=True)

    assert first.imported == 3
    assert (again.imported, again.updated, again.skipped, problems) == (0, 0, 3, [])
    assert (again_with_update.updated, again_with_update.skipped) == (0, 3)
    assert await snapshot(repo) == before


async def test_update_writes_changed_items_with_the_stored_etag(repo, tmp_path):
    path = write(tmp_path / "v1.jsonl", jsonl(doc("u1", answer="old"), doc("u2")))
    await run_import(repo, path)
    before = await repo.get("ds", "u1")
    changed = write(
        tmp_path / "v2.jsonl",
        jsonl(doc("u1", answer="new", _etag='"forged"'), doc("u2"), doc("u3")),
    )

    without, _ = await run_import(repo, changed)
    assert (without.imported, without.updated, without.skipped) == (1, 0, 2)
    assert (await repo.get("ds", "u1")).answer == "old"

    summary, problems = await run_import(repo, changed, update=True)
    after = await repo.get("ds", "u1")

    assert problems == []
    assert (summary.imported, summary.updated, summary.skipped) == (0, 1, 2)
    assert after.answer == "new"
    assert after.etag not in (before.etag, '"forged"')
    assert after.updated_at == FIXED_NOW
    assert after.sample_key == before.sample_key


async def test_incoming_etag_and_total_references_are_not_trusted(repo, tmp_path):
    line = doc(
        "e1",
        _etag='"forged"',
        totalReferences=99,
        refs=[{"url": "a"}],
        history=[
            {"role": "user", "msg": "hi", "refs": [{"url": "h1"}, {"url": "h2"}]},
            {"role": "assistant", "msg": "yo"},
        ],
    )
    summary, _ = await run_import(repo, write(tmp_path / "e.jsonl", jsonl(line)))

    stored = await repo.get("ds", "e1")
    assert summary.imported == 1
    assert stored.etag != '"forged"'
    assert stored.total_references == 2


async def test_dataset_option_fills_only_missing_dataset_names(repo, tmp_path):
    body = jsonl(
        {"id": "d1", "synthQuestion": "q"},
        {"id": "d2", "datasetName": None, "synthQuestion": "q"},
        doc("d3", dataset="own"),
    )
    path = write(tmp_path / "d.jsonl", body)

    without, problems = await run_import(repo, path)
    assert problems == [
        "data.jsonl:1: datasetName: field required",
        "data.jsonl:2: datasetName: input should be a valid string (got null)",
    ]
    assert without.imported == 1

    summary, problems = await run_import(repo, path, dataset="filled")
    assert problems == []
    assert (summary.imported, summary.skipped) == (2, 1)
    assert [item.id for item in await repo.list("filled")] == ["d1", "d2"]
    assert [item.id for item in await repo.list("own")] == ["d3"]


async def test_encoding_problems_bom_crlf_and_blank_lines(repo, tmp_path):
    body = (
        b"\xef\xbb\xbf"
        + json.dumps(doc("b1")).encode()
        + b"\r\n\r\n"
        + b'{"id": "bad", "datasetName": "ds", "synthQuestion": "caf\xe9"}\r\n'
        + json.dumps(doc("b2", synthQuestion="café ✓"), ensure_ascii=False).encode()
        + b"\r\n"
    )
    summary, problems = await run_import(repo, write(tmp_path / "enc.jsonl", body))

    assert problems == ["data.jsonl:3: not valid UTF-8 at byte 57"]
    assert (summary.imported, summary.invalid) == (2, 1)
    assert (await repo.get("ds", "b2")).synth_question == "café ✓"


async def test_other_line_problems_name_the_field(repo, tmp_path):
    body = jsonl(
        "[1, 2]",
        doc("s", status="done"),
        doc("h", history=[{"role": "user", "msg": 7}]),
        doc("t", assignedAt="yesterday"),
        doc("u", assignedTo="bad user!"),
    )
    summary, problems = await run_import(repo, write(tmp_path / "o.jsonl", body))

    assert problems == [
        "data.jsonl:1: expected a JSON object, got array",
        "data.jsonl:2: status: input should be 'draft', 'approved', 'skipped' or 'deleted'",
        "data.jsonl:3: history.0.msg: input should be a valid string (got number)",
        "data.jsonl:4: assignedAt: input should be a valid datetime or date, input is too short",
        "data.jsonl:5: assignedTo: invalid user id 'bad user!': "
        "use 1..128 characters of A-Z a-z 0-9 @ . _ -",
    ]
    assert (summary.imported, summary.invalid) == (0, 5)


async def test_import_streams_the_file_instead_of_reading_it_whole():
    """The first line is handled long before the last one has been read (a property of
    the service, so one backend is enough)."""

    class LazyJsonl(io.RawIOBase):
        def __init__(self, count: int) -> None:
            self.produced = 0
            self._lines = (json.dumps(doc(f"s{i:05d}")).encode() + b"\n" for i in range(count))
            self._pending = b""

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            while len(self._pending) < len(buffer):
                line = next(self._lines, None)
                if line is None:
                    break
                self._pending += line
            size = min(len(buffer), len(self._pending))
            buffer[:size] = self._pending[:size]
            self._pending = self._pending[size:]
            self.produced += size
            return size

        def readall(self) -> bytes:
            raise AssertionError("the importer read the whole file at once")

    raw = LazyJsonl(400)
    produced_at_first_line: list[int] = []

    def on_progress(advanced: int) -> None:
        if not produced_at_first_line:
            produced_at_first_line.append(raw.produced)

    summary = await ImportService(InMemoryGroundTruthRepo(), batch_size=64).import_handle(
        io.BufferedReader(raw, buffer_size=4096), source="lazy", on_progress=on_progress
    )

    assert summary.imported == 400
    assert produced_at_first_line[0] <= 4096 < raw.produced


def test_line_problem_format():
    assert LineProblem(7, "refs.0.url", "field required").format("f.jsonl") == (
        "f.jsonl:7: refs.0.url: field required"
    )
    assert LineProblem(2, "", "not valid UTF-8 at byte 3").format("f") == (
        "f:2: not valid UTF-8 at byte 3"
    )


async def test_imported_status_and_timestamps_are_kept(repo, tmp_path):
    line = doc("k1", status="approved", updatedAt="2024-05-06T07:08:09.123456Z", updatedBy="alice")
    await run_import(repo, write(tmp_path / "k.jsonl", jsonl(line)))

    stored = await repo.get("ds", "k1")
    assert stored.status == GroundTruthStatus.approved
    assert stored.updated_by == "alice"
    assert stored.to_doc()["updatedAt"] == "2024-05-06T07:08:09.123456Z"


class FailingAfterWrites:
    """A repo that goes down after `allowed` writes: the backend lost mid-import."""

    def __init__(self, inner, allowed: int) -> None:
        self._inner = inner
        self._allowed = allowed

    async def get(self, dataset_name, item_id):
        return await self._inner.get(dataset_name, item_id)

    async def upsert(self, item, *, note=None):
        if self._allowed <= 0:
            raise BackendUnavailableError("connection lost")
        self._allowed -= 1
        return await self._inner.upsert(item, note=note)

    async def tag_registry(self):
        return await self._inner.tag_registry()

    async def add_to_tag_registry(self, tags):
        return await self._inner.add_to_tag_registry(tags)


async def test_backend_lost_mid_import_stops_the_import(tmp_path):
    inner = InMemoryGroundTruthRepo()
    path = write(tmp_path / "l.jsonl", jsonl(*(doc(f"l{i}") for i in range(7)), "bad"))
    problems: list[LineProblem] = []

    with pytest.raises(BackendUnavailableError, match="connection lost"):
        await ImportService(FailingAfterWrites(inner, 4), batch_size=2).import_file(
            path, on_problem=problems.append
        )

    assert [item.id for item in await inner.list("ds")] == ["l0", "l1", "l2", "l3"]
    assert problems == []  # nothing after the failing batch was read or reported
